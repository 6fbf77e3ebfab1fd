import { SchemaCompileError } from './errors.js';
import type { JsonSchema } from './schema-source.js';

/**
 * The JSON Schema dialects mcpkit validates. A schema without `$schema` is `'2020-12'`, as
 * MCP requires; `'2019-09'` and `'draft-07'` are supported when a schema declares them.
 * Draft 04 and 06 and unknown dialects are rejected with `reason: 'unsupported-dialect'`.
 *
 * @example
 * const dialect: JsonSchemaDialect = schemaDialect({ type: 'string' }); // '2020-12'
 */
export type JsonSchemaDialect = '2020-12' | '2019-09' | 'draft-07';

/**
 * The canonical `$schema` URI of each supported dialect.
 *
 * @example
 * const schema = { $schema: DIALECT_URIS['2020-12'], type: 'string' };
 */
export const DIALECT_URIS: Readonly<Record<JsonSchemaDialect, string>> = {
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
};

// Keyed without scheme and trailing '#', so `http:`/`https:` and `schema#`/`schema` spellings all match.
const BY_KEY = new Map<string, JsonSchemaDialect>([
  ['json-schema.org/draft/2020-12/schema', '2020-12'],
  ['json-schema.org/draft/2019-09/schema', '2019-09'],
  ['json-schema.org/draft-07/schema', 'draft-07'],
]);

/**
 * The dialect a schema declares with `$schema`, `'2020-12'` when it declares none. Throws
 * {@link SchemaCompileError} (`reason: 'unsupported-dialect'`) for any other `$schema`.
 *
 * @example
 * schemaDialect({ $schema: 'http://json-schema.org/draft-07/schema#' }); // 'draft-07'
 * schemaDialect({ $schema: 'http://json-schema.org/draft-04/schema#' }); // throws
 */
export function schemaDialect(schema: JsonSchema): JsonSchemaDialect {
  if (typeof schema === 'boolean' || schema.$schema === undefined) return '2020-12';
  const declared = schema.$schema;
  const key =
    typeof declared === 'string' ? declared.replace(/^https?:\/\//i, '').replace(/#$/, '') : undefined;
  const dialect = key === undefined ? undefined : BY_KEY.get(key);
  if (dialect === undefined) {
    throw new SchemaCompileError(
      'unsupported-dialect',
      `The schema's $schema ${JSON.stringify(declared)?.slice(0, 200)} names a JSON Schema dialect mcpkit does not support; ` +
        `supported: ${Object.values(DIALECT_URIS).join(', ')} (the default when $schema is absent is 2020-12)`,
    );
  }
  return dialect;
}
