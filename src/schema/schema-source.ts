/**
 * What a tool author may hand us as a schema, and how it becomes the JSON Schema we list.
 *
 * The Standard Schema shapes are restated here structurally instead of imported from
 * `@standard-schema/spec`: that package is a dev dependency, and our published declaration
 * files must not name it. `schema-source.test.ts` proves the two stay assignable.
 */
import { SchemaCompileError } from './errors.js';

/**
 * A JSON Schema object: any keywords, kept exactly as written.
 *
 * @example
 * const schema: JsonSchemaObject = { type: 'object', properties: { city: { type: 'string' } } };
 */
export type JsonSchemaObject = { readonly [keyword: string]: unknown };

/**
 * A JSON Schema: an object, or the boolean schemas `true` (anything) and `false` (nothing).
 *
 * @example
 * const anything: JsonSchema = true;
 */
export type JsonSchema = boolean | JsonSchemaObject;

/**
 * Which side of a transforming schema to describe: `'input'` (what callers send, used for a
 * tool's `inputSchema`) or `'output'` (what validation produces, used for `outputSchema`).
 *
 * @example
 * const io: SchemaIo = 'output';
 */
export type SchemaIo = 'input' | 'output';

/**
 * One problem reported by a Standard Schema (`StandardSchemaV1.Issue`).
 *
 * @example
 * const issue: StandardIssueLike = { message: 'Expected string', path: ['city'] };
 */
export interface StandardIssueLike {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * What `~standard.validate` returns (`StandardSchemaV1.Result`): a value, or issues.
 *
 * @example
 * const ok: StandardResultLike<number> = { value: 3 };
 */
export type StandardResultLike<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssueLike> };

/**
 * Options of the Standard JSON Schema converter (`StandardJSONSchemaV1.Options`).
 *
 * @example
 * const options: StandardJsonSchemaOptionsLike = { target: 'draft-2020-12' };
 */
export interface StandardJsonSchemaOptionsLike {
  readonly target: string;
  readonly libraryOptions?: Record<string, unknown> | undefined;
}

/**
 * A Standard Schema that can emit JSON Schema: it has `~standard.jsonSchema.input/output`
 * (Standard JSON Schema) and usually `~standard.validate` (Standard Schema). zod 4.2+ and
 * ArkType schemas are such values as they are; a Valibot schema becomes one through
 * `toStandardJsonSchema(schema)` from `@valibot/to-json-schema`.
 *
 * When `validate` is absent, values are validated against the emitted JSON Schema instead.
 *
 * @example
 * import { z } from 'zod';
 * const source: StandardSchemaSource<{ city: string }> = z.object({ city: z.string() });
 */
export interface StandardSchemaSource<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
    readonly validate?: (
      value: unknown,
      options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined,
    ) => StandardResultLike<Output> | Promise<StandardResultLike<Output>>;
    readonly jsonSchema: {
      readonly input: (options: StandardJsonSchemaOptionsLike) => Record<string, unknown>;
      readonly output: (options: StandardJsonSchemaOptionsLike) => Record<string, unknown>;
    };
  };
}

/**
 * Anything a tool's `inputSchema` or `outputSchema` may be: plain JSON Schema (listed
 * unchanged, validated by the JSON Schema engine) or a Standard Schema that can emit JSON
 * Schema (listed as it emits, validated by its own library).
 *
 * @example
 * const plain: SchemaSource = { type: 'object', properties: { city: { type: 'string' } } };
 * const zod: SchemaSource = z.object({ city: z.string() });
 */
export type SchemaSource = JsonSchema | StandardSchemaSource;

/**
 * The type a schema validates to: the Standard Schema's output type, `unknown` for plain
 * JSON Schema.
 *
 * @example
 * type Args = InferSchemaOutput<typeof forecastInput>; // { city: string }
 */
export type InferSchemaOutput<S> = S extends { readonly '~standard': { readonly types?: infer T } }
  ? NonNullable<T> extends { readonly output: infer O }
    ? O
    : unknown
  : unknown;

/** The `~standard` property as we read it, before we know which parts are present. */
interface StandardProps {
  readonly vendor?: unknown;
  readonly validate?: unknown;
  readonly jsonSchema?: unknown;
}

/** The JSON Schema target we ask Standard JSON Schema converters for. */
const TARGET = 'draft-2020-12';

/**
 * The `~standard` property of `value` when it is a Standard Schema or Standard JSON Schema
 * (objects and functions both: an ArkType type is a function), else `undefined`.
 */
export function standardProps(value: unknown): StandardProps | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const props = (value as { readonly '~standard'?: unknown })['~standard'];
  return typeof props === 'object' && props !== null ? (props as StandardProps) : undefined;
}

/**
 * Whether `value` is a Standard Schema (has `~standard.validate`), whatever its library.
 * Detection is structural; mcpkit never imports zod, Valibot or ArkType.
 *
 * @example
 * isStandardSchema(z.string()); // true
 * isStandardSchema({ type: 'string' }); // false
 */
export function isStandardSchema(value: unknown): value is StandardSchemaSource {
  return typeof standardProps(value)?.validate === 'function';
}

/**
 * Whether `value` can emit JSON Schema through Standard JSON Schema
 * (`~standard.jsonSchema.input` and `.output`).
 *
 * @example
 * isStandardJsonSchema(z.string()); // true (zod 4.2+)
 * isStandardJsonSchema(v.string()); // false: wrap it with toStandardJsonSchema first
 */
export function isStandardJsonSchema(value: unknown): value is StandardSchemaSource {
  const converter = standardProps(value)?.jsonSchema as { input?: unknown; output?: unknown } | undefined;
  return (
    typeof converter === 'object' &&
    converter !== null &&
    typeof converter.input === 'function' &&
    typeof converter.output === 'function'
  );
}

// Converting is not free (zod builds a fresh object each call) and listing must be stable,
// so each source's JSON Schema is built once per side.
const converted = new WeakMap<object, { input?: JsonSchemaObject; output?: JsonSchemaObject }>();

/**
 * The JSON Schema to list for `source`.
 *
 * - Plain JSON Schema (an object or a boolean) is returned as is: the same object, no keyword
 *   added, removed or reordered (`$schema`, `$defs`, `$ref`, `$anchor`, compositions,
 *   `if`/`then`/`else`, `additionalProperties` and unknown keywords all survive).
 * - A Standard Schema is asked for `~standard.jsonSchema[io]({ target: 'draft-2020-12' })`,
 *   once per source and side; later calls return the same object.
 *
 * Throws {@link SchemaCompileError} when `source` is not a schema, or is a Standard Schema
 * that cannot emit JSON Schema (with what to do about it).
 *
 * @example
 * toJsonSchema({ type: 'string' }, 'output'); // { type: 'string' }, the very same object
 * toJsonSchema(z.object({ city: z.string() }), 'input');
 * // { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
 */
export function toJsonSchema(source: SchemaSource, io: SchemaIo): JsonSchema {
  if (typeof source === 'boolean') return source;
  const props = standardProps(source);
  if (props === undefined) {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) {
      throw new SchemaCompileError(
        'not-a-schema',
        `A schema must be a JSON Schema object, a boolean, or a Standard Schema; got ${describeValue(source)}`,
      );
    }
    return source as JsonSchemaObject;
  }
  const key = source as object;
  let entry = converted.get(key);
  const cached = entry?.[io];
  if (cached !== undefined) return cached;
  const schema = convertStandard(source, props, io);
  if (entry === undefined) {
    entry = {};
    converted.set(key, entry);
  }
  entry[io] = schema;
  return schema;
}

function convertStandard(source: unknown, props: StandardProps, io: SchemaIo): JsonSchemaObject {
  const vendor = typeof props.vendor === 'string' ? props.vendor : 'unknown';
  if (!isStandardJsonSchema(source)) throw noJsonSchemaError(vendor, typeof props.validate === 'function');
  let schema: unknown;
  try {
    schema = source['~standard'].jsonSchema[io]({ target: TARGET });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const hint =
      io === 'output'
        ? ' A schema that transforms values may have no JSON Schema for its output; declare the output with a schema that does not transform, or with plain JSON Schema.'
        : ' Give this tool plain JSON Schema instead, or remove the parts JSON Schema cannot express.';
    throw new SchemaCompileError(
      'conversion-failed',
      `The ${vendor} schema could not be converted to JSON Schema (${TARGET}, ${io} side): ${detail}.${hint}`,
      { cause: error },
    );
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new SchemaCompileError(
      'conversion-failed',
      `The ${vendor} schema's ~standard.jsonSchema.${io}() returned ${describeValue(schema)}, not a JSON Schema object`,
    );
  }
  return schema as JsonSchemaObject;
}

function noJsonSchemaError(vendor: string, hasValidate: boolean): SchemaCompileError {
  let advice: string;
  if (vendor === 'valibot') {
    advice =
      "Valibot schemas do not emit JSON Schema themselves: wrap the schema with toStandardJsonSchema(schema) from '@valibot/to-json-schema' and pass the result";
  } else if (vendor === 'zod') {
    advice =
      'This zod schema does not implement Standard JSON Schema: use zod 4.2 or later (zod 3 and older zod 4 releases cannot emit JSON Schema through ~standard), or pass plain JSON Schema';
  } else {
    advice = `Use a release of ${vendor} that implements Standard JSON Schema (~standard.jsonSchema), or pass plain JSON Schema`;
  }
  const what = hasValidate
    ? 'a Standard Schema without ~standard.jsonSchema'
    : 'not a usable Standard Schema';
  return new SchemaCompileError('no-json-schema', `The ${vendor} schema is ${what}. ${advice}.`);
}

/** A short description of a value's kind for error messages (never its content). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor
      ?.name;
    return name && name !== 'Object' ? `an instance of ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}
