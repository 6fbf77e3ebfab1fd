import { McpkitLocalError } from '../protocol/errors.js';

/**
 * Why a schema could not be compiled:
 * - `not-a-schema`: the value is neither JSON Schema nor a Standard Schema.
 * - `no-json-schema`: a Standard Schema that cannot emit JSON Schema (for example an unwrapped Valibot schema).
 * - `conversion-failed`: the schema library threw while emitting JSON Schema.
 * - `not-json`: the JSON Schema holds something JSON cannot carry (a function, a class instance, a Standard Schema).
 * - `too-deep` / `too-large`: the schema is past `maxDepth` / `maxNodes`.
 * - `remote-ref`: a `$ref` points at an `http(s)` URI that the document does not define (never fetched).
 * - `unresolved-ref`: a `$ref` points outside the document, or at nothing inside it.
 * - `unsupported-dialect`: `$schema` names a dialect mcpkit does not validate.
 * - `invalid-schema`: the engine rejected the schema (for example `type: "strng"`).
 */
export type SchemaCompileErrorReason =
  | 'not-a-schema'
  | 'no-json-schema'
  | 'conversion-failed'
  | 'not-json'
  | 'too-deep'
  | 'too-large'
  | 'remote-ref'
  | 'unresolved-ref'
  | 'unsupported-dialect'
  | 'invalid-schema';

/**
 * A schema could not be compiled. Thrown by `compileSchema` and `toJsonSchema`, once, when
 * the schema is first seen (tool registration on a server, `tools/list` on a client); never
 * while validating a value.
 *
 * @example
 * try {
 *   compileSchema({ $ref: 'https://example.com/person.json' });
 * } catch (error) {
 *   if (error instanceof SchemaCompileError && error.reason === 'remote-ref') {
 *     console.error(error.message); // says to inline the referenced schema under $defs
 *   }
 * }
 */
export class SchemaCompileError extends McpkitLocalError {
  override name = 'SchemaCompileError';
  constructor(
    readonly reason: SchemaCompileErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * `validate()` (the synchronous one) met a Standard Schema whose `~standard.validate` returned
 * a Promise, for example a zod schema with an async refinement. Call `validateAsync()` instead;
 * it handles synchronous and asynchronous schemas alike.
 *
 * @example
 * const compiled = compileSchema(z.string().refine(async (s) => s.length > 0));
 * await compiled.validateAsync('x'); // fine
 * compiled.validate('x'); // throws AsyncSchemaError
 */
export class AsyncSchemaError extends McpkitLocalError {
  override name = 'AsyncSchemaError';
  constructor(readonly vendor: string) {
    super(
      `The ${vendor} schema validates asynchronously (its ~standard.validate returned a Promise); ` +
        'call validateAsync() instead of validate()',
    );
  }
}
