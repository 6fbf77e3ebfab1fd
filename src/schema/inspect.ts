/**
 * One pass over a JSON Schema document before any engine sees it: bounds its size and depth,
 * makes sure it is plain JSON, and rejects every `$ref` that leaves the document. Doing this
 * ourselves gives the same deterministic errors whatever engine validates afterwards, and
 * guarantees no engine is ever asked to resolve (let alone fetch) a remote schema.
 */
import { SchemaCompileError } from './errors.js';
import { describeValue, type JsonSchema, standardProps } from './schema-source.js';

/**
 * Deepest subschema nesting accepted by default. The root schema is depth 1, each subschema
 * one more (`properties.a` is 2, `properties.a.items` is 3, `allOf[0]` is 2). JSON values
 * inside `enum`, `const`, `default` and `examples` count one level per object or array.
 *
 * @example
 * compileSchema(schema, { maxDepth: DEFAULT_MAX_SCHEMA_DEPTH * 2 });
 */
export const DEFAULT_MAX_SCHEMA_DEPTH = 64;

/**
 * Most subschemas (schema objects and boolean schemas, the root included) accepted by default
 * in one schema document.
 *
 * @example
 * compileSchema(schema, { maxNodes: 50_000 });
 */
export const DEFAULT_MAX_SCHEMA_NODES = 10_000;

/**
 * The bounds a schema document must stay within.
 *
 * @example
 * const limits: SchemaLimits = { maxDepth: DEFAULT_MAX_SCHEMA_DEPTH, maxNodes: DEFAULT_MAX_SCHEMA_NODES };
 */
export interface SchemaLimits {
  /** Deepest subschema nesting; see {@link DEFAULT_MAX_SCHEMA_DEPTH}. */
  readonly maxDepth: number;
  /** Most subschemas in the document; see {@link DEFAULT_MAX_SCHEMA_NODES}. */
  readonly maxNodes: number;
}

/** Keywords whose value is one subschema (or, for the array forms, a list of them). */
const SUBSCHEMA = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'items',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
]);
/** Keywords whose value is a list of subschemas. */
const SUBSCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value maps names to subschemas. */
const SUBSCHEMA_MAP = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
]);
/** Keywords whose value is instance data: a `$ref` in there is data, not a reference. */
const DATA = new Set(['enum', 'const', 'default', 'examples']);
/** Keywords that reference another schema by URI. */
const REFERENCE = ['$ref', '$dynamicRef', '$recursiveRef'] as const;

/**
 * The base URI of a document without `$id`. Hierarchical, so relative references resolve
 * against it the way they would against a real document URI, and private, so nothing outside
 * the document can be mistaken for part of it.
 */
const LOCAL_BASE = 'mcpkit-local://schema/root.json';

interface Reference {
  readonly keyword: string;
  readonly value: string;
  readonly resource: string;
  readonly href: string;
  readonly pointer: string;
}

class Walk {
  nodes = 0;
  readonly resources = new Set<string>();
  readonly references: Reference[] = [];
  constructor(readonly limits: SchemaLimits) {}

  schema(node: unknown, depth: number, base: string, pointer: string): void {
    if (typeof node === 'boolean') {
      this.count(pointer);
      return;
    }
    if (!isPlainObject(node)) {
      // Not a schema; the engine's meta-schema check reports it. Still bounded and JSON-checked.
      this.data(node, depth, pointer);
      return;
    }
    this.enter(depth, pointer);
    this.count(pointer);
    // Only an enumerable `~standard` is a problem: zod tags the JSON Schema it emits with a
    // non-enumerable one, which serialization drops.
    if (Object.prototype.propertyIsEnumerable.call(node, '~standard')) throw holdsStandardSchema(pointer);
    let here = base;
    const id = node.$id;
    if (typeof id === 'string') {
      here = stripFragment(resolveUri(id, base, '$id', pointer));
      this.resources.add(here);
    }
    for (const keyword of REFERENCE) {
      const value = node[keyword];
      if (typeof value !== 'string') continue;
      const href = resolveUri(value, here, keyword, pointer);
      this.references.push({ keyword, value, href, resource: stripFragment(href), pointer });
    }
    for (const keyword of Object.keys(node)) {
      const value = node[keyword];
      const at = `${pointer}/${escapePointer(keyword)}`;
      if (SUBSCHEMA.has(keyword)) {
        if (Array.isArray(value)) this.list(value, depth, here, at);
        else this.schema(value, depth + 1, here, at);
      } else if (SUBSCHEMA_LIST.has(keyword)) {
        if (Array.isArray(value)) this.list(value, depth, here, at);
        else this.data(value, depth + 1, at);
      } else if (SUBSCHEMA_MAP.has(keyword)) {
        if (isPlainObject(value)) {
          for (const name of Object.keys(value)) {
            this.schema(value[name], depth + 1, here, `${at}/${escapePointer(name)}`);
          }
        } else {
          this.data(value, depth + 1, at);
        }
      } else if (DATA.has(keyword)) {
        this.data(value, depth + 1, at);
      } else {
        this.unknown(value, depth + 1, here, at);
      }
    }
  }

  /** A list of subschemas: each element is one level below the schema holding the list. */
  private list(values: readonly unknown[], depth: number, base: string, pointer: string): void {
    for (let i = 0; i < values.length; i++) this.schema(values[i], depth + 1, base, `${pointer}/${i}`);
  }

  /**
   * An unknown keyword. Engines may still reach objects under it through a JSON-pointer
   * `$ref`, so objects there are checked as schemas: a remote `$ref` hidden under
   * `x-anything` is rejected like any other.
   */
  private unknown(value: unknown, depth: number, base: string, pointer: string): void {
    if (Array.isArray(value)) {
      this.enter(depth, pointer);
      for (let i = 0; i < value.length; i++) this.unknown(value[i], depth + 1, base, `${pointer}/${i}`);
    } else if (isPlainObject(value)) {
      this.schema(value, depth, base, pointer);
    } else {
      this.data(value, depth, pointer);
    }
  }

  /** Instance data: only its depth and its JSON-ness matter. */
  private data(value: unknown, depth: number, pointer: string): void {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
        throw standardProps(value) === undefined ? notJson(value, pointer) : holdsStandardSchema(pointer);
      }
      return;
    }
    this.enter(depth, pointer);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.data(value[i], depth + 1, `${pointer}/${i}`);
      return;
    }
    if (!isPlainObject(value)) {
      throw standardProps(value) === undefined ? notJson(value, pointer) : holdsStandardSchema(pointer);
    }
    if (Object.prototype.propertyIsEnumerable.call(value, '~standard')) throw holdsStandardSchema(pointer);
    for (const key of Object.keys(value))
      this.data(value[key], depth + 1, `${pointer}/${escapePointer(key)}`);
  }

  private enter(depth: number, pointer: string): void {
    if (depth > this.limits.maxDepth) {
      throw new SchemaCompileError(
        'too-deep',
        `The schema nests deeper than ${this.limits.maxDepth} levels (at ${pointerText(pointer)}); ` +
          'flatten it with $defs and $ref, or raise the maxDepth option',
      );
    }
  }

  private count(pointer: string): void {
    if (++this.nodes > this.limits.maxNodes) {
      throw new SchemaCompileError(
        'too-large',
        `The schema has more than ${this.limits.maxNodes} subschemas (the limit was reached at ${pointerText(pointer)}); ` +
          'split the tool, or raise the maxNodes option',
      );
    }
  }
}

/**
 * Checks a JSON Schema document before compiling it: throws {@link SchemaCompileError} when
 * it is deeper or larger than `limits`, holds non-JSON values, or has a `$ref`,
 * `$dynamicRef` or `$recursiveRef` that resolves outside the document. References resolve
 * against `$id` the usual way; a reference is local when it lands on the document itself or
 * on a resource the document embeds with `$id`. Nothing is ever fetched.
 *
 * @example
 * inspectSchema({ $ref: 'https://example.com/p.json' }, { maxDepth: 64, maxNodes: 10_000 });
 * // throws SchemaCompileError (reason 'remote-ref')
 */
export function inspectSchema(schema: JsonSchema, limits: SchemaLimits): void {
  const walk = new Walk(limits);
  let base = LOCAL_BASE;
  if (isPlainObject(schema) && typeof schema.$id === 'string') {
    base = stripFragment(resolveUri(schema.$id, LOCAL_BASE, '$id', ''));
  }
  walk.resources.add(base);
  walk.schema(schema, 1, base, '');
  for (const reference of walk.references) {
    if (walk.resources.has(reference.resource)) continue;
    const where = `${reference.keyword} "${reference.value}" at ${pointerText(reference.pointer)}`;
    if (/^https?:/i.test(reference.href)) {
      throw new SchemaCompileError(
        'remote-ref',
        `The schema's ${where} points to ${reference.href}, which this schema does not define. ` +
          'mcpkit never fetches schemas from the network: copy the referenced schema under $defs and reference it as "#/$defs/<name>"',
      );
    }
    throw new SchemaCompileError(
      'unresolved-ref',
      `The schema's ${where} points outside this schema document, and external references are not resolved: ` +
        'copy the referenced schema under $defs and reference it as "#/$defs/<name>"',
    );
  }
}

function resolveUri(reference: string, base: string, keyword: string, pointer: string): string {
  try {
    return new URL(reference, base).href;
  } catch {
    throw new SchemaCompileError(
      keyword === '$id' ? 'invalid-schema' : 'unresolved-ref',
      `The schema's ${keyword} "${reference}" at ${pointerText(pointer)} is not a URI reference that can be resolved`,
    );
  }
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash === -1 ? uri : uri.slice(0, hash);
}

function isPlainObject(value: unknown): value is { readonly [key: string]: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function holdsStandardSchema(pointer: string): SchemaCompileError {
  return new SchemaCompileError(
    'not-json',
    `The JSON Schema holds a Standard Schema (a zod, Valibot or ArkType schema) at ${pointerText(pointer)}. ` +
      'A raw shape such as { city: z.string() } is not a schema: wrap it, for example z.object({ city: z.string() })',
  );
}

function notJson(value: unknown, pointer: string): SchemaCompileError {
  return new SchemaCompileError(
    'not-json',
    `The schema holds ${describeValue(value)} at ${pointerText(pointer)}; a JSON Schema must be plain JSON data`,
  );
}

/** Escapes one JSON Pointer reference token (RFC 6901). */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function pointerText(pointer: string): string {
  return pointer === '' ? 'the root' : pointer;
}
