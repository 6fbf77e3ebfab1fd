/**
 * Type-level reading of the schemas a tool or prompt is registered with: what
 * the handler's arguments are, and what its `structuredContent` must be.
 *
 * A Standard Schema (zod, Valibot through `toStandardJsonSchema`, ArkType)
 * states its types itself. A plain JSON Schema only has types when it is
 * written `as const` (or inline in `registerTool`'s config): then
 * {@link FromJsonSchema} reads the keywords realistic tool schemas use. Nothing
 * here exists at run time; the schema engine still validates every value.
 */

/** The `~standard` output type of a Standard Schema, or `Fallback` for anything else. */
type StandardOutput<S, Fallback> = S extends { readonly '~standard': { readonly types?: infer T } }
  ? NonNullable<T> extends { readonly output: infer O }
    ? O
    : Fallback
  : Fallback;

/** Flattens an intersection into one object type, so editors and errors show plain fields. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The type of one JSON Schema `type` name. */
type TypeOfName<Name, S> = Name extends 'string'
  ? string
  : Name extends 'number' | 'integer'
    ? number
    : Name extends 'boolean'
      ? boolean
      : Name extends 'null'
        ? null
        : Name extends 'array'
          ? ArrayOf<S>
          : Name extends 'object'
            ? ObjectOf<S>
            : unknown;

/** `items` (one schema for every element) or `prefixItems` (a tuple); `unknown[]` otherwise. */
type ArrayOf<S> = S extends { readonly prefixItems: infer P extends readonly unknown[] }
  ? { -readonly [I in keyof P]: FromJsonSchema<P[I]> }
  : S extends { readonly items: infer I }
    ? FromJsonSchema<I>[]
    : unknown[];

/** The names in `required`, when they are known literally (`as const`); none otherwise. */
type RequiredNames<S> = S extends { readonly required: readonly (infer R)[] }
  ? string extends R
    ? never
    : R
  : never;

/** What `additionalProperties` adds: an index signature when it is a schema object, nothing otherwise. */
type ExtraProperties<S> = S extends { readonly additionalProperties: infer A }
  ? A extends boolean
    ? unknown
    : { [key: string]: FromJsonSchema<A> }
  : unknown;

/** An object schema: `properties` (required ones plain, others optional) and `additionalProperties`. */
type ObjectOf<S> = S extends { readonly properties: infer P }
  ? Flatten<
      {
        -readonly [K in keyof P as K extends RequiredNames<S> ? K : never]: FromJsonSchema<P[K]>;
      } & {
        -readonly [K in keyof P as K extends RequiredNames<S> ? never : K]?: FromJsonSchema<P[K]>;
      } & ExtraProperties<S>
    >
  : S extends { readonly additionalProperties: infer A extends object }
    ? { [key: string]: FromJsonSchema<A> }
    : { [key: string]: unknown };

/** One type per member schema of `anyOf`/`oneOf`, joined into a union. */
type UnionOf<L> = L extends readonly unknown[] ? FromJsonSchema<L[number]> : unknown;

/**
 * The TypeScript type a JSON Schema describes, for a schema written `as const`.
 * It reads `const`, `enum`, `anyOf`/`oneOf`, `type` (one name or a list),
 * `properties` with `required`, `additionalProperties`, `items` and
 * `prefixItems`. Keywords it does not read (formats, bounds, patterns) narrow
 * nothing; a schema it cannot read at all, or one whose literal types were
 * widened (written without `as const`), gives `unknown`.
 *
 * @example
 * const input = {
 *   type: 'object',
 *   properties: { city: { type: 'string' }, units: { enum: ['C', 'F'] } },
 *   required: ['city'],
 * } as const;
 * type Args = FromJsonSchema<typeof input>; // { city: string; units?: 'C' | 'F' }
 */
export type FromJsonSchema<S> = S extends true
  ? unknown
  : S extends false
    ? never
    : S extends { readonly const: infer C }
      ? C
      : S extends { readonly enum: readonly (infer E)[] }
        ? E
        : S extends { readonly anyOf: infer L }
          ? UnionOf<L>
          : S extends { readonly oneOf: infer L }
            ? UnionOf<L>
            : S extends { readonly type: infer T }
              ? T extends readonly (infer Name)[]
                ? Name extends unknown
                  ? TypeOfName<Name, S>
                  : never
                : string extends T
                  ? unknown
                  : TypeOfName<T, S>
              : S extends { readonly properties: unknown }
                ? ObjectOf<S>
                : unknown;

/**
 * The value type a schema describes: a Standard Schema's output type, or what
 * {@link FromJsonSchema} reads from a plain JSON Schema (`unknown` when it
 * reads nothing).
 *
 * @example
 * type Out = InferSchemaType<typeof weatherOutput>; // { tempC: number }
 */
export type InferSchemaType<S> = S extends { readonly '~standard': unknown }
  ? StandardOutput<S, unknown>
  : FromJsonSchema<S>;

/**
 * The arguments type a tool or prompt handler receives for a schema: the
 * Standard Schema's output type, or the type of a plain JSON Schema written
 * `as const`. A JSON Schema whose shape is not known to the compiler (not
 * `as const`, or built at run time) gives `Record<string, unknown>`.
 *
 * @example
 * const input = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } as const;
 * type Args = InferArgs<typeof input>; // { city: string }
 * type FromZod = InferArgs<typeof zodInput>; // z.output<typeof zodInput>
 */
export type InferArgs<S> = S extends { readonly '~standard': unknown }
  ? StandardOutput<S, Record<string, unknown>>
  : unknown extends FromJsonSchema<S>
    ? Record<string, unknown>
    : FromJsonSchema<S>;

/**
 * The `structuredContent` type a tool's handler must return for its
 * `outputSchema`: the schema's type ({@link InferSchemaType}), or `unknown`
 * when the tool declares none or its shape is not known to the compiler.
 *
 * @example
 * const output = { type: 'object', properties: { tempC: { type: 'number' } }, required: ['tempC'] } as const;
 * type Structured = InferStructuredContent<typeof output>; // { tempC: number }
 */
export type InferStructuredContent<S> = [S] extends [undefined] ? unknown : InferSchemaType<S>;
