/**
 * JSON Schema for tool `inputSchema` / `outputSchema` (and anything else that carries a
 * schema), compiled once per process.
 *
 * - A schema source is plain JSON Schema (listed byte-for-byte as given) or a Standard Schema
 *   that emits JSON Schema: zod 4.2+ and ArkType as they are, Valibot wrapped with
 *   `toStandardJsonSchema` from `@valibot/to-json-schema`. Libraries are recognised by their
 *   `~standard` property; mcpkit depends on none of them.
 * - Dialects: 2020-12 (the default when `$schema` is absent), 2019-09 and draft-07. Others
 *   are rejected with `reason: 'unsupported-dialect'`.
 * - Safe by default: no `$ref` is ever fetched; one that leaves the document fails compilation.
 *   Depth and size are bounded ({@link DEFAULT_MAX_SCHEMA_DEPTH}, {@link DEFAULT_MAX_SCHEMA_NODES}).
 *
 * @example
 * // Inside mcpkit (the schema layer is not a package entry; McpServer compiles tool schemas itself):
 * import { compileSchema, describeSchemaIssues } from '../schema/index.js';
 * const input = compileSchema(z.object({ city: z.string().min(1) }));
 * const result = input.validate(args);
 * if (!result.ok) throw new InvalidParamsError(`Input validation error: ${describeSchemaIssues(result.issues)}`);
 *
 * @packageDocumentation
 */
export {
  type CompiledSchema,
  type CompileSchemaOptions,
  compileCount,
  compileSchema,
  type SchemaValidationResult,
} from './compile.js';
export { DIALECT_URIS, type JsonSchemaDialect, schemaDialect } from './dialect.js';
export { ajvEngine, defaultEngine, type JsonSchemaEngine } from './engine.js';
export { AsyncSchemaError, SchemaCompileError, type SchemaCompileErrorReason } from './errors.js';
export {
  DEFAULT_MAX_SCHEMA_DEPTH,
  DEFAULT_MAX_SCHEMA_NODES,
  inspectSchema,
  type SchemaLimits,
} from './inspect.js';
export { describeSchemaIssues, type JsonSchemaCheck, type SchemaIssue } from './issues.js';
export {
  type InferSchemaOutput,
  isStandardJsonSchema,
  isStandardSchema,
  type JsonSchema,
  type JsonSchemaObject,
  type SchemaIo,
  type SchemaSource,
  type StandardIssueLike,
  type StandardJsonSchemaOptionsLike,
  type StandardResultLike,
  type StandardSchemaSource,
  toJsonSchema,
} from './schema-source.js';
