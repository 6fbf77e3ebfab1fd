/**
 * What the built-in engine leaves to Ajv: every keyword Ajv acts on that the subset lacks,
 * and every keyword value the dialect's meta-schema rejects. Through `compileSchema`, such a
 * schema behaves exactly as it did with Ajv alone: the same compile error, or the same issues.
 */
import { describe, expect, it } from 'vitest';
import {
  ajvEngine,
  type CompiledSchema,
  compileSchema,
  type JsonSchemaObject,
  SchemaCompileError,
} from '../../src/schema/index.js';
import { compileSubset } from '../../src/schema/subset-engine.js';

/** The outcome of compiling with an engine: its error, or its verdicts on a few values. */
function outcome(schema: JsonSchemaObject, engine?: typeof ajvEngine) {
  let compiled: CompiledSchema;
  try {
    compiled = compileSchema(schema, engine === undefined ? {} : { engine });
  } catch (error) {
    if (!(error instanceof SchemaCompileError)) throw error;
    return { reason: error.reason, message: error.message };
  }
  const values = [null, 1, 'a', [1, 1], { a: 1, k: 'x' }, {}];
  return { results: values.map((value) => compiled.validate(value)) };
}

const OUTSIDE_THE_SUBSET: Record<string, JsonSchemaObject> = {
  $ref: { $ref: '#/$defs/a', $defs: { a: { type: 'string' } } },
  $defs: { $defs: { a: { type: 'string' } }, type: 'string' },
  definitions: { definitions: { a: {} } },
  $id: { $id: 'https://example.com/tool.json', type: 'object' },
  id: { id: 'tool' },
  $anchor: { $anchor: 'here', type: 'string' },
  $dynamicAnchor: { $dynamicAnchor: 'meta' },
  $dynamicRef: { $dynamicAnchor: 'meta', items: { $dynamicRef: '#meta' } },
  $recursiveAnchor: { $recursiveAnchor: true },
  $vocabulary: { $vocabulary: {} },
  $async: { $async: true },
  // Parsed, as a peer's schema would be: an object literal with `then` reads as a thenable.
  'if/then/else': JSON.parse(
    '{"if": {"type": "string"}, "then": {"minLength": 1}, "else": {"type": "number"}}',
  ),
  'then alone': JSON.parse('{"then": {"minLength": 1}}'),
  prefixItems: { prefixItems: [{ type: 'number' }] },
  additionalItems: { additionalItems: false },
  contains: { contains: { type: 'number' } },
  minContains: { contains: {}, minContains: 2 },
  maxContains: { maxContains: 1 },
  patternProperties: { patternProperties: { '^k': { type: 'number' } } },
  propertyNames: { propertyNames: { maxLength: 1 } },
  dependencies: { dependencies: { a: ['k'] } },
  dependentRequired: { dependentRequired: { a: ['z'] } },
  dependentSchemas: { dependentSchemas: { a: { required: ['z'] } } },
  unevaluatedProperties: { properties: { a: {} }, unevaluatedProperties: false },
  unevaluatedItems: { unevaluatedItems: false },
  contentSchema: { contentMediaType: 'application/json', contentSchema: { type: 'object' } },
  nullable: { type: 'string', nullable: true },
  'nullable without type': { nullable: true },
  discriminator: { discriminator: { propertyName: 'kind' }, oneOf: [{}] },
  'a keyword deep inside': {
    type: 'object',
    properties: { a: { anyOf: [{ type: 'string' }, { type: 'array', items: { propertyNames: {} } }] } },
  },
  'a nested $schema': { properties: { a: { $schema: 'https://json-schema.org/draft/2020-12/schema' } } },
  'a property named __proto__': JSON.parse('{"properties": {"__proto__": {"type": "string"}}}'),
  // Draft-07's meta-schema rejects repeated enum entries; 2020-12 accepts them, and Ajv validates.
  'repeated enum entries': { enum: [1, 'a', 1] },
  'repeated structured enum entries': { enum: [{ a: [1] }, 2, { a: [1] }] },
};

const MALFORMED: Record<string, JsonSchemaObject> = {
  'negative minLength': { minLength: -1 },
  'fractional maxItems': { maxItems: 1.5 },
  'string minProperties': { minProperties: '1' },
  'null maxLength': { maxLength: null },
  'required with duplicates': { required: ['a', 'a'] },
  'required with a number': { required: [1] },
  'required as a string': { required: 'a' },
  'empty enum': { enum: [] },
  'enum not a list': { enum: 'a' },
  'empty anyOf': { anyOf: [] },
  'oneOf not a list': { oneOf: {} },
  'allOf with a number': { allOf: [5] },
  'unknown type': { type: 'strnig' },
  'duplicate types': { type: ['string', 'string'] },
  'empty type list': { type: [] },
  'type as a number': { type: 1 },
  'pattern that does not compile': { pattern: '(' },
  'pattern that only compiles without the u flag': { pattern: '\\-' },
  'pattern as a number': { pattern: 5 },
  'multipleOf zero': { multipleOf: 0 },
  'negative multipleOf': { multipleOf: -2 },
  'minimum as a string': { minimum: '1' },
  'draft-04 exclusiveMinimum': { minimum: 1, exclusiveMinimum: true },
  '$data limit': { maximum: { $data: '1/limit' } },
  'property schema a number': { properties: { a: 5 } },
  'properties a list': { properties: [{}] },
  'not a string': { not: 'x' },
  'items a number': { items: 5 },
  'additionalProperties a string': { additionalProperties: 'no' },
  'uniqueItems a string': { uniqueItems: 'yes' },
  'title a number': { title: 5 },
  'description a list': { description: ['a'] },
  'deprecated a string': { deprecated: 'yes' },
  'readOnly a number': { readOnly: 1 },
  'examples not a list': { examples: 'x' },
  '$comment a number': { $comment: 1 },
  'format a number': { format: 5 },
  'contentEncoding a boolean': { contentEncoding: true },
  'a malformed keyword deep inside': { properties: { a: { items: { minLength: -1 } } } },
  'draft-07 enum with a repeated entry': {
    $schema: 'http://json-schema.org/draft-07/schema#',
    enum: [0, -0],
  },
};

describe('the built-in engine declines what it does not implement', () => {
  for (const [name, schema] of Object.entries(OUTSIDE_THE_SUBSET)) {
    it(`${name}: goes to Ajv, with Ajv's outcome`, () => {
      expect(compileSubset(schema)).toBeUndefined();
      expect(outcome(schema)).toEqual(outcome(schema, ajvEngine));
    });
  }

  it('declines the tuple form of items, which draft-07 and 2019-09 validate and 2020-12 rejects', () => {
    const tuple = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      items: [{ type: 'number' }, { type: 'string' }],
    };
    expect(compileSubset(tuple)).toBeUndefined();
    expect(compileSchema(tuple).validate(['x', 'y'])).toEqual({
      ok: false,
      issues: [{ path: '/0', message: 'must be number', keyword: 'type' }],
    });
    expect(compileSubset({ items: [{}] })).toBeUndefined();
    expect(outcome({ items: [{}] })).toEqual(outcome({ items: [{}] }, ajvEngine));
  });
});

describe('the built-in engine declines malformed keyword values, so Ajv reports them', () => {
  for (const [name, schema] of Object.entries(MALFORMED)) {
    it(`${name}: the same compile error as with Ajv alone`, () => {
      expect(compileSubset(schema)).toBeUndefined();
      const viaDefault = outcome(schema);
      expect(viaDefault).toEqual(outcome(schema, ajvEngine));
      expect(viaDefault).toMatchObject({ reason: 'invalid-schema' });
    });
  }
});

describe('the built-in engine accepts what Ajv ignores', () => {
  it('compiles unknown keywords, annotations and x- extensions itself', () => {
    const schema = {
      type: 'object',
      title: 'Forecast',
      'x-mcp-header': 'X-City',
      properties: {
        city: { type: 'string', enumNames: ['Oslo'], enum: ['oslo'], 'x-order': 1, examples: ['oslo'] },
        when: { type: 'string', format: 'date', description: 'the day', deprecated: false },
        // An unknown keyword's value is never looked at, even when it holds keywords Ajv knows.
        note: { 'x-schema': { $ref: '#/nowhere', minLength: -1 } },
      },
      $comment: 'generated',
    };
    const check = compileSubset(schema);
    expect(check).toBeDefined();
    expect(check!({ city: 'bergen', when: 'not a date', note: 1 })).toEqual([
      { path: '/city', message: 'must be equal to one of the allowed values', keyword: 'enum' },
    ]);
  });
});
