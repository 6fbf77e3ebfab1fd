/**
 * `compileSchema`: one schema source in, one reusable validator out, built once per process.
 *
 * Compiled schemas are cached in a WeakMap keyed by the source object, so registering a tool,
 * listing it and validating every call share one compilation, and a schema nobody holds any
 * more is collected with its validator. Sources are treated as immutable once compiled.
 */
import { schemaDialect } from './dialect.js';
import { defaultEngine, type JsonSchemaEngine } from './engine.js';
import { AsyncSchemaError, SchemaCompileError } from './errors.js';
import {
  DEFAULT_MAX_SCHEMA_DEPTH,
  DEFAULT_MAX_SCHEMA_NODES,
  inspectSchema,
  type SchemaLimits,
} from './inspect.js';
import { fromStandardIssues, type JsonSchemaCheck, type SchemaIssue } from './issues.js';
import {
  describeValue,
  type InferSchemaOutput,
  isStandardSchema,
  type JsonSchema,
  type SchemaIo,
  type SchemaSource,
  type StandardResultLike,
  type StandardSchemaSource,
  standardProps,
  toJsonSchema,
} from './schema-source.js';

/**
 * The outcome of validating a value: the (possibly transformed) value, or why it failed.
 *
 * @example
 * const result: SchemaValidationResult<{ city: string }> = compiled.validate(args);
 * if (!result.ok) throw new InvalidParamsError(describeSchemaIssues(result.issues));
 */
export type SchemaValidationResult<Output = unknown> =
  | { readonly ok: true; readonly value: Output }
  | { readonly ok: false; readonly issues: readonly SchemaIssue[] };

/**
 * Options of {@link compileSchema}. Each distinct combination compiles (and caches) separately.
 *
 * @example
 * compileSchema(outputSchema, { io: 'output', maxDepth: 32 });
 */
export interface CompileSchemaOptions {
  /** Which JSON Schema a transforming Standard Schema lists; `'input'` by default. Use `'output'` for a tool's `outputSchema`. */
  readonly io?: SchemaIo;
  /** Deepest subschema nesting accepted; {@link DEFAULT_MAX_SCHEMA_DEPTH} (64) by default. */
  readonly maxDepth?: number;
  /** Most subschemas accepted; {@link DEFAULT_MAX_SCHEMA_NODES} (10 000) by default. */
  readonly maxNodes?: number;
  /**
   * The engine for plain JSON Schema; {@link defaultEngine} by default: built-in for the
   * common keywords, Ajv for the rest. Pass {@link ajvEngine} for Ajv on every schema.
   */
  readonly engine?: JsonSchemaEngine;
}

/**
 * A schema ready to validate many values.
 *
 * @example
 * const compiled = compileSchema({ type: 'array', items: { type: 'number' } });
 * compiled.validate([1, 2]); // { ok: true, value: [1, 2] }
 * compiled.jsonSchema; // the schema to list on the wire, unchanged
 */
export interface CompiledSchema<Output = unknown> {
  /** The JSON Schema to list (`inputSchema` / `outputSchema`). For plain JSON Schema, the very object given. */
  readonly jsonSchema: JsonSchema;
  /** `'json-schema'` when the JSON Schema engine validates, `'standard-schema'` when the schema's library does. */
  readonly kind: 'json-schema' | 'standard-schema';
  /** The Standard Schema vendor (`'zod'`, `'valibot'`, `'arktype'`, …), absent for plain JSON Schema. */
  readonly vendor?: string;
  /**
   * Validates synchronously. Returns the validated value, which a Standard Schema may have
   * transformed (zod `.transform`, defaults); plain JSON Schema returns the value as given.
   * Throws {@link AsyncSchemaError} if the schema validates asynchronously.
   */
  validate(value: unknown): SchemaValidationResult<Output>;
  /** Validates any schema, synchronous or asynchronous (zod async refinements). Prefer it in request handling. */
  validateAsync(value: unknown): Promise<SchemaValidationResult<Output>>;
}

const cache = new WeakMap<object, Map<string, CompiledSchema>>();
const booleanCache = new Map<string, CompiledSchema>();
const engineIds = new WeakMap<JsonSchemaEngine, number>();
let engines = 0;
let compilations = 0;

/**
 * How many schemas this process has compiled (cache misses of {@link compileSchema}). Two
 * calls with the same source object and options compile once, however many values are
 * validated in between.
 *
 * @example
 * const before = compileCount();
 * compileSchema(schema);
 * compileSchema(schema);
 * compileCount() - before; // 1
 */
export function compileCount(): number {
  return compilations;
}

/**
 * Compiles a schema source once and returns the cached validator on every later call with
 * the same source object (and the same options).
 *
 * - Plain JSON Schema (default dialect 2020-12; 2019-09 and draft-07 when `$schema` says so)
 *   is checked (size, depth, local `$ref` only) and compiled by the engine: by default the
 *   built-in one for the common keywords, loading Ajv only for schemas that need more.
 *   `jsonSchema` is the object given, unchanged.
 * - A Standard Schema is converted to JSON Schema 2020-12 for listing (checked the same way)
 *   and validated by its own `~standard.validate`, so refinements and transforms apply.
 *
 * Throws {@link SchemaCompileError} with a `reason` and a message saying what to do.
 *
 * @example
 * const input = compileSchema({
 *   type: 'object',
 *   properties: { city: { type: 'string' } },
 *   required: ['city'],
 *   additionalProperties: false,
 * });
 * const result = input.validate({ city: 42 });
 * if (!result.ok) console.log(describeSchemaIssues(result.issues)); // "/city: must be string"
 */
export function compileSchema<S extends SchemaSource>(
  source: S,
  options: CompileSchemaOptions = {},
): CompiledSchema<InferSchemaOutput<S>> {
  const io = options.io ?? 'input';
  const limits: SchemaLimits = {
    maxDepth: positiveInteger(options.maxDepth, DEFAULT_MAX_SCHEMA_DEPTH, 'maxDepth'),
    maxNodes: positiveInteger(options.maxNodes, DEFAULT_MAX_SCHEMA_NODES, 'maxNodes'),
  };
  const engine = options.engine ?? defaultEngine;
  const key = `${io}|${limits.maxDepth}|${limits.maxNodes}|${engineId(engine)}`;

  if (typeof source === 'boolean') {
    const booleanKey = `${source}|${key}`;
    let compiled = booleanCache.get(booleanKey);
    if (compiled === undefined) {
      compiled = build(source, io, limits, engine);
      booleanCache.set(booleanKey, compiled);
    }
    return compiled as CompiledSchema<InferSchemaOutput<S>>;
  }
  if ((typeof source !== 'object' && typeof source !== 'function') || source === null) {
    throw new SchemaCompileError(
      'not-a-schema',
      `A schema must be a JSON Schema object, a boolean, or a Standard Schema; got ${describeValue(source)}`,
    );
  }
  let bySource = cache.get(source);
  let compiled = bySource?.get(key);
  if (compiled === undefined) {
    compiled = build(source, io, limits, engine);
    if (bySource === undefined) {
      bySource = new Map();
      cache.set(source, bySource);
    }
    bySource.set(key, compiled);
  }
  return compiled as CompiledSchema<InferSchemaOutput<S>>;
}

function build(
  source: SchemaSource,
  io: SchemaIo,
  limits: SchemaLimits,
  engine: JsonSchemaEngine,
): CompiledSchema {
  const jsonSchema = toJsonSchema(source, io);
  inspectSchema(jsonSchema, limits);
  let compiled: CompiledSchema;
  if (isStandardSchema(source)) {
    compiled = fromStandard(source, jsonSchema);
  } else {
    // A Standard JSON Schema without `validate` is validated against what it emits.
    const check = compileJsonSchema(jsonSchema, engine);
    const vendor = standardProps(source)?.vendor;
    compiled = fromCheck(jsonSchema, check, typeof vendor === 'string' ? vendor : undefined);
  }
  compilations++;
  return compiled;
}

function compileJsonSchema(schema: JsonSchema, engine: JsonSchemaEngine): JsonSchemaCheck {
  if (schema === true) return () => NO_ISSUES;
  if (schema === false) return () => NOTHING_ALLOWED;
  const dialect = schemaDialect(schema);
  try {
    return engine.compile(schema, dialect);
  } catch (error) {
    if (error instanceof SchemaCompileError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SchemaCompileError(
      'invalid-schema',
      `The ${engine.name} engine rejected the schema: ${detail}`,
      {
        cause: error,
      },
    );
  }
}

const NO_ISSUES: readonly SchemaIssue[] = Object.freeze([]);
const NOTHING_ALLOWED: readonly SchemaIssue[] = Object.freeze([
  { path: '', message: 'is not allowed: the schema is false' },
]);

function fromCheck(
  jsonSchema: JsonSchema,
  check: JsonSchemaCheck,
  vendor: string | undefined,
): CompiledSchema {
  const validate = (value: unknown): SchemaValidationResult => {
    const issues = check(value);
    return issues.length === 0 ? { ok: true, value } : { ok: false, issues };
  };
  return {
    jsonSchema,
    kind: 'json-schema',
    vendor,
    validate,
    validateAsync: async (value) => validate(value),
  };
}

function fromStandard(source: StandardSchemaSource, jsonSchema: JsonSchema): CompiledSchema {
  const props = source['~standard'];
  const vendor = props.vendor;
  const run = props.validate!;
  return {
    jsonSchema,
    kind: 'standard-schema',
    vendor,
    validate(value) {
      const result = run(value);
      if (isPromiseLike(result)) {
        // Nobody will await it; keep a rejection from surfacing as unhandled.
        Promise.resolve(result).catch(() => {});
        throw new AsyncSchemaError(vendor);
      }
      return fromStandardResult(result);
    },
    async validateAsync(value) {
      return fromStandardResult(await run(value));
    },
  };
}

function fromStandardResult(result: StandardResultLike<unknown>): SchemaValidationResult {
  if (result.issues) return { ok: false, issues: fromStandardIssues(result.issues) };
  return { ok: true, value: result.value };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function engineId(engine: JsonSchemaEngine): number {
  let id = engineIds.get(engine);
  if (id === undefined) {
    id = engines++;
    engineIds.set(engine, id);
  }
  return id;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`The ${name} option must be a positive integer; got ${String(value)}`);
  }
  return value;
}
