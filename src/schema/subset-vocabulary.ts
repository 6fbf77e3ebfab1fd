/**
 * Which JSON Schema keywords the built-in engine may meet. It implements the validation
 * keywords most tool schemas use (subset-engine.ts); this file names the two other kinds:
 * keywords Ajv acts on that the built-in engine does not (any of them sends the whole schema
 * to Ajv), and annotations, which validate nothing but whose values Ajv's meta-schema check
 * still constrains. Every other keyword is unknown to Ajv, which with `strict: false`
 * ignores it, and so does the built-in engine (`x-*`, `enumNames`, ...).
 */

/**
 * Keywords that any Ajv build (draft-07, 2019-09, 2020-12) validates, resolves or rejects,
 * and the built-in engine does not implement. Listed for all dialects at once: a keyword
 * another dialect's Ajv would ignore still goes to Ajv, which then ignores it as before.
 */
export const AJV_ONLY_KEYWORDS: ReadonlySet<string> = new Set([
  // References and identifiers: resolution needs Ajv's URI handling.
  '$ref',
  '$id',
  'id',
  '$anchor',
  '$dynamicRef',
  '$dynamicAnchor',
  '$recursiveRef',
  '$recursiveAnchor',
  '$defs',
  'definitions',
  '$vocabulary',
  '$async',
  // Applicators and assertions outside the subset.
  'if',
  'then',
  'else',
  'prefixItems',
  'additionalItems',
  'contains',
  'minContains',
  'maxContains',
  'patternProperties',
  'propertyNames',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contentSchema',
  // OpenAPI vocabulary some Ajv options enable; Ajv rejects `nullable` without `type`.
  'nullable',
  'discriminator',
]);

/** `true` when an annotation's value is one the dialect's meta-schema accepts. */
type ValueCheck = (value: unknown) => boolean;

const isString: ValueCheck = (value) => typeof value === 'string';
const isBoolean: ValueCheck = (value) => typeof value === 'boolean';
const isAnything: ValueCheck = () => true;

/**
 * Annotations: Ajv (with formats off) validates nothing with them, but its meta-schema check
 * rejects a malformed value, so a malformed one sends the schema to Ajv for that error.
 * The checks are the strictest of the three dialects: draft-07 does not constrain
 * `deprecated`, but a non-boolean one there only costs loading Ajv.
 */
export const ANNOTATIONS: ReadonlyMap<string, ValueCheck> = new Map([
  ['title', isString],
  ['description', isString],
  ['$comment', isString],
  // Formats are annotations: mcpkit configures Ajv with `validateFormats: false`.
  ['format', isString],
  ['contentEncoding', isString],
  ['contentMediaType', isString],
  ['default', isAnything],
  ['examples', Array.isArray as ValueCheck],
  ['deprecated', isBoolean],
  ['readOnly', isBoolean],
  ['writeOnly', isBoolean],
]);
