/**
 * The JSON Schema engine seam, and its default: the built-in engine for the keywords most
 * tool schemas use (subset-engine.ts), with Ajv for every other schema.
 *
 * Ajv generates code with `new Function`, which some runtimes forbid (Cloudflare Workers,
 * pages with a strict CSP); there, pass an engine built on an interpreter instead. Whatever
 * the engine, `compileSchema` has already bounded the document and rejected external `$ref`s.
 */
import type {
  Ajv as AjvDraft07,
  MissingRefError as AjvMissingRefError,
  ErrorObject,
  ValidateFunction,
} from 'ajv';
import type { Ajv2019 as Ajv2019Class } from 'ajv/dist/2019.js';
import type { Ajv2020 as Ajv2020Class } from 'ajv/dist/2020.js';
import { loadAjvModule } from './ajv-loader.js';
import { DIALECT_URIS, type JsonSchemaDialect } from './dialect.js';
import { SchemaCompileError } from './errors.js';
import type { JsonSchemaCheck, SchemaIssue } from './issues.js';
import type { JsonSchemaObject } from './schema-source.js';
import { compileSubset } from './subset-engine.js';

/**
 * A JSON Schema validator mcpkit can use in place of Ajv. `compile` is called once per schema
 * object (results are cached by `compileSchema`); it throws when the schema is invalid. Boolean
 * schemas never reach it. The schema it gets has passed `inspectSchema`: bounded, plain JSON,
 * no `$ref` leaving the document; the engine must never fetch anything.
 *
 * @example
 * import { Validator } from '@cfworker/json-schema';
 * const cfworkerEngine: JsonSchemaEngine = {
 *   name: 'cfworker',
 *   compile(schema) {
 *     const validator = new Validator(schema, '2020-12', false);
 *     return (value) => validator.validate(value).errors.map((e) => ({ path: e.instanceLocation.slice(1), message: e.error }));
 *   },
 * };
 * compileSchema(schema, { engine: cfworkerEngine });
 */
export interface JsonSchemaEngine {
  /** For messages and debugging. */
  readonly name: string;
  compile(schema: JsonSchemaObject, dialect: JsonSchemaDialect): JsonSchemaCheck;
}

type AjvInstance = AjvDraft07 | Ajv2019Class | Ajv2020Class;

const instances = new Map<JsonSchemaDialect, AjvInstance>();

function ajvFor(dialect: JsonSchemaDialect): AjvInstance {
  let ajv = instances.get(dialect);
  if (ajv === undefined) {
    const options = {
      // MCP schemas carry vocabulary Ajv does not know (x-*, enumNames); ignore it quietly.
      strict: false,
      allErrors: true,
      // 2020-12 treats `format` as an annotation; ajv-formats is not a dependency.
      validateFormats: false,
      // Peer-supplied schemas must not be able to write to our console.
      logger: false as const,
    };
    // Only the dialect's own Ajv build is loaded, on the first schema that needs it.
    if (dialect === '2020-12') {
      const { Ajv2020 } = loadAjvModule<{ Ajv2020: typeof Ajv2020Class }>('ajv/dist/2020.js');
      ajv = new Ajv2020(options);
    } else if (dialect === '2019-09') {
      const { Ajv2019 } = loadAjvModule<{ Ajv2019: typeof Ajv2019Class }>('ajv/dist/2019.js');
      ajv = new Ajv2019(options);
    } else {
      const { Ajv } = loadAjvModule<{ Ajv: typeof AjvDraft07 }>('ajv');
      ajv = new Ajv(options);
    }
    instances.set(dialect, ajv);
  }
  return ajv;
}

/**
 * Ajv 8 (`Ajv2020`, `Ajv2019` or draft-07 `Ajv` by dialect) with
 * `strict: false`, `allErrors: true`, formats as annotations only, no remote loading
 * (no `loadSchema`), and schemas checked against their dialect's meta-schema.
 *
 * One Ajv instance per dialect is shared; after each compile, everything the schema
 * registered in it (`$id`s, anchors) is removed again, so two tools may use the same `$id`
 * without clashing and one tool's schema can never resolve a `$ref` into another's.
 *
 * Ajv is loaded on the first compile, by a module name computed at run time: a bundler does
 * not see it. A bundled application must mark `ajv` as external and ship `node_modules/ajv`
 * where Node resolves it from the bundle (docs/performance.md, "Bundled applications"); a
 * `compileSchema` caller inside mcpkit may pass another `engine` instead.
 *
 * The default engine ({@link defaultEngine}) hands Ajv only the schemas outside its subset;
 * pass `ajvEngine` to have Ajv compile every schema.
 *
 * @example
 * compileSchema(schema, { engine: ajvEngine }); // Ajv even for { type: 'string' }
 */
export const ajvEngine: JsonSchemaEngine = {
  name: 'ajv',
  compile(schema, dialect) {
    const ajv = ajvFor(dialect);
    // Ajv finds the meta-schema by its exact URI; hand it the canonical spelling when the
    // author used another one (http for https, a trailing '#'). The listed schema is untouched.
    const canonical = DIALECT_URIS[dialect];
    const input =
      typeof schema.$schema === 'string' && schema.$schema !== canonical
        ? { ...schema, $schema: canonical }
        : schema;
    const before = new Set(Object.keys(ajv.refs));
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(input);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new SchemaCompileError(
        isMissingRefError(error) ? 'unresolved-ref' : 'invalid-schema',
        `The JSON Schema is not valid ${dialect} JSON Schema: ${detail}`,
        { cause: error },
      );
    } finally {
      ajv.removeSchema(input);
      for (const ref of Object.keys(ajv.refs)) if (!before.has(ref)) delete ajv.refs[ref];
    }
    return (value) => {
      try {
        if (validate(value)) return NO_ISSUES;
      } catch (error) {
        // A recursive schema walking absurdly nested input runs out of stack.
        if (error instanceof RangeError) return TOO_DEEP;
        throw error;
      }
      return (validate.errors ?? []).map(toIssue);
    };
  },
};

/**
 * The default engine. A schema whose every keyword is in the built-in subset (`type`,
 * `enum`, `const`, `properties`, `required`, `additionalProperties`, `items`, the length,
 * size and range limits, `pattern`, `multipleOf`, `uniqueItems`, `anyOf`, `oneOf`, `allOf`,
 * `not`, annotations, unknown `x-*` keywords) is compiled into plain closures, and Ajv is
 * never loaded for it; any other schema (`$ref`, `if`, `patternProperties`, a malformed
 * keyword value, ...) goes to {@link ajvEngine}. Either way, the same values pass and fail
 * with the same issues, in the same order (one deliberate exception, a duplicate
 * `"__proto__"` string under `uniqueItems`, which Ajv misses; see subset-engine.ts), and a
 * schema Ajv rejects is rejected with Ajv's error. Being an interpreter, the built-in half
 * also runs where `new Function` is forbidden.
 *
 * @example
 * compileSchema(schema, { engine: defaultEngine }); // the same as leaving `engine` out
 */
export const defaultEngine: JsonSchemaEngine = {
  name: 'mcpkit',
  compile(schema, dialect) {
    return compileSubset(schema) ?? ajvEngine.compile(schema, dialect);
  },
};

/** Ajv's MissingRefError, from the module every Ajv build shares (so no other build is loaded for it). */
function isMissingRefError(error: unknown): boolean {
  const { default: MissingRefError } = loadAjvModule<{ default: typeof AjvMissingRefError }>(
    'ajv/dist/compile/ref_error.js',
  );
  return error instanceof MissingRefError;
}

const NO_ISSUES: readonly SchemaIssue[] = Object.freeze([]);
const TOO_DEEP: readonly SchemaIssue[] = Object.freeze([
  { path: '', message: 'is nested too deeply to validate' },
]);

function toIssue(error: ErrorObject): SchemaIssue {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? `fails the ${error.keyword} keyword`;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    message = `must not have the property '${params.additionalProperty}'`;
  } else if (error.keyword === 'unevaluatedProperties' && typeof params.unevaluatedProperty === 'string') {
    message = `must not have the unevaluated property '${params.unevaluatedProperty}'`;
  }
  return { path: error.instancePath, message, keyword: error.keyword };
}
