/**
 * The built-in engine against Ajv: for every schema inside the subset, both engines must give
 * the same issues (path, message, keyword) in the same order, for every value. Hand-written
 * cases cover each keyword and the orderings Ajv has; a seeded generator adds a few thousand
 * schema/value pairs nobody thought of.
 */
import { describe, expect, it } from 'vitest';
import {
  ajvEngine,
  compileSchema,
  type JsonSchemaDialect,
  type JsonSchemaObject,
  type SchemaIssue,
} from '../../src/schema/index.js';
import { jsonEqual } from '../../src/schema/json-equal.js';
import { compileSubset } from '../../src/schema/subset-engine.js';

/** Both engines' issues for each value; the built-in engine must accept the schema. */
function compare(
  schema: JsonSchemaObject,
  values: readonly unknown[],
  dialect: JsonSchemaDialect = '2020-12',
) {
  const builtIn = compileSubset(schema);
  if (builtIn === undefined) throw new Error(`the built-in engine declined ${JSON.stringify(schema)}`);
  const ajv = ajvEngine.compile(schema, dialect);
  return values.map((value) => ({ value, builtIn: builtIn(value), ajv: ajv(value) }));
}

function expectSame(schema: JsonSchemaObject, values: readonly unknown[], dialect?: JsonSchemaDialect): void {
  for (const { value, builtIn, ajv } of compare(schema, values, dialect)) {
    expect({ value, issues: builtIn }).toEqual({ value, issues: ajv });
  }
}

/** Issues as `path keyword: message` lines, to state expectations readably. */
function lines(issues: readonly SchemaIssue[]): string[] {
  return issues.map((issue) => `${issue.path} ${issue.keyword}: ${issue.message}`);
}

const SCALARS = [null, true, false, 0, -0, 1, 1.0, 1.5, -7, 0.3, 1e21, 2 ** 53, '', 'a', 'abc', '😀'];
const ODD_NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const STRUCTURED = [[], [1], [1, 1], ['a', 'b'], {}, { a: 1 }, { a: 'x', b: [1] }];
const EVERYTHING = [...SCALARS, ...ODD_NUMBERS, ...STRUCTURED, undefined];

describe('the built-in engine reports what Ajv reports', () => {
  it('type: each name, lists of names, integer against number, NaN and Infinity', () => {
    for (const type of ['null', 'boolean', 'string', 'number', 'integer', 'array', 'object']) {
      expectSame({ type }, EVERYTHING);
    }
    expectSame({ type: ['string', 'null'] }, EVERYTHING);
    expectSame({ type: ['integer', 'number'] }, EVERYTHING);
    expectSame({ type: ['array', 'object'] }, EVERYTHING);
    expectSame({ type: ['object', 'array', 'null', 'boolean'] }, EVERYTHING);
    expect(lines(compare({ type: 'integer' }, [1.0])[0]!.builtIn)).toEqual([]);
    expect(lines(compare({ type: ['string', 'null'] }, [5])[0]!.builtIn)).toEqual([
      ' type: must be string,null',
    ]);
  });

  it('orders the type issue first, or in its group when the single type has keywords there', () => {
    expectSame({ type: 'string', enum: ['a', 'b'] }, [5, 'c', 'a']);
    expectSame({ type: 'string', minLength: 2, enum: ['ab'] }, [5, 'c', 'ab']);
    expectSame({ type: 'string', format: 'email', enum: ['a'] }, [5, 'b']);
    expectSame({ type: 'number', format: 'int32', const: 3 }, ['x', 4]);
    expectSame({ type: 'integer', maximum: 1, const: 0 }, [1.5, 2, 'x']);
    expectSame({ type: 'object', uniqueItems: false, required: ['a'], const: {} }, [[], {}, { a: 1 }]);
    expectSame({ type: 'array', additionalProperties: true, items: true, not: { maxItems: 0 } }, [
      {},
      [],
      [1],
    ]);
    expectSame({ type: ['string'], maxLength: 1, enum: ['a'] }, [5, 'bb']);
    // Ajv's order, for the record: enum before the type issue when minLength moves it.
    expect(lines(compare({ type: 'string', minLength: 2, enum: ['ab'] }, [5])[0]!.ajv)).toEqual([
      ' enum: must be equal to one of the allowed values',
      ' type: must be string',
    ]);
  });

  it('const and enum: deep equality, 0 and -0, NaN, objects with the same keys in another order', () => {
    expectSame({ const: 0 }, [0, -0, false, '0', Number.NaN]);
    expectSame({ const: null }, [null, undefined, 0, {}]);
    expectSame({ const: { a: [1, { b: 2 }], c: 'x' } }, [
      { c: 'x', a: [1, { b: 2 }] },
      { a: [1, { b: 2 }] },
      { a: [1, { b: 3 }], c: 'x' },
      [1],
      new Date(0),
    ]);
    expectSame({ enum: [1, 'a', null, [1, 2], { k: true }] }, [
      1,
      1.0,
      'a',
      null,
      [1, 2],
      [2, 1],
      { k: true },
      { k: 1 },
      2,
    ]);
    expectSame({ enum: [[]] }, [[], {}, '']);
    const many = Array.from({ length: 250 }, (_, i) => (i % 2 === 0 ? i : `s${i}`));
    expectSame({ enum: many }, [0, 248, 's1', 's2', 1, Number.NaN, [0]]);
  });

  it('numbers: each limit, multipleOf with fractions and huge quotients, NaN and Infinity', () => {
    const numbers = [0, -0, 1, 2, 2.5, 3, -3, 0.3, 0.7, 1e-7, 1e21, 1e300, -1e300, ...ODD_NUMBERS, 'x'];
    expectSame({ maximum: 2, minimum: -2 }, numbers);
    expectSame({ exclusiveMaximum: 2, exclusiveMinimum: -2 }, numbers);
    expectSame({ maximum: 1e21, minimum: 1e-7, exclusiveMaximum: 0.5, exclusiveMinimum: -0.5 }, numbers);
    for (const multipleOf of [0.1, 0.01, 0.3, 1, 2, 1e-8, 3.3, 7]) {
      expectSame({ multipleOf }, [...numbers, 0.2, 0.9, 1.1, 9.9, 0.0001, 33, 4.4, 1e20, 123456789.12]);
    }
    expectSame({ type: 'integer', multipleOf: 2, maximum: 10 }, numbers);
  });

  it('strings: lengths in code points, surrogate pairs and lone surrogates, patterns with unicode', () => {
    const strings = [
      '',
      'a',
      'ab',
      'abc',
      '😀',
      '😀😀',
      'a😀',
      '\ud83d',
      '\ude00\ud83d',
      'éé',
      'x'.repeat(40),
      5,
    ];
    expectSame({ minLength: 2, maxLength: 3 }, strings);
    expectSame({ minLength: 0, maxLength: 0 }, strings);
    expectSame({ minLength: 3 }, strings);
    expectSame({ pattern: '^\\p{L}+$' }, strings);
    expectSame({ pattern: '^.$' }, strings);
    expectSame({ pattern: 'a"b\\\\d\'`$' }, ['a"b\\d\'`$', 'ab']);
    expectSame({ type: 'string', pattern: '^[a-z]+$', minLength: 2, maxLength: 4 }, [
      'abcde',
      'A',
      'Ab1234',
      3,
    ]);
  });

  it('arrays: limits, items (object and boolean), uniqueItems on scalars and on structures', () => {
    const arrays = [
      [],
      [1],
      [1, 2],
      [1, 1],
      [1, 2, 1, 2],
      ['a', 'b', 'a'],
      [{ a: 1 }, { a: 1 }],
      [[1], [1]],
      'x',
    ];
    expectSame({ minItems: 1, maxItems: 2 }, arrays);
    expectSame({ items: { type: 'integer' } }, arrays);
    expectSame({ items: false }, arrays);
    expectSame({ items: true, uniqueItems: true }, arrays);
    expectSame({ uniqueItems: true }, arrays);
    expectSame({ uniqueItems: false }, arrays);
    expectSame({ items: { type: 'string' }, uniqueItems: true }, [...arrays, ['a', 'b', 'a', 'b']]);
    expectSame({ items: { type: ['string', 'number'] }, uniqueItems: true }, [
      [1, '1'],
      [1, '1', 1],
      ['x', true, 'x'],
      [Number.NaN, Number.NaN],
      [0, -0],
      [1.5, 2, 1.5],
    ]);
    expectSame({ items: { type: 'integer' }, uniqueItems: true }, [
      [1.5, 1.5],
      [1, 2.5, 1],
    ]);
    expectSame({ items: { type: ['boolean', 'null'] }, uniqueItems: true }, [[true, null, 'null', null]]);
    // Past the pairwise limit the scalar search uses a map: the same pair must come out.
    const long = Array.from({ length: 100 }, (_, i) => i);
    expectSame({ items: { type: 'number' }, uniqueItems: true }, [
      long,
      [...long, 50],
      [...long, 99, 3],
      [3, ...long],
    ]);
    expectSame({ uniqueItems: true }, [long, [...long, 50]]);
    expectSame({ items: { type: 'object', required: ['id'] }, minItems: 2, uniqueItems: true }, [
      [{ id: 1 }, {}, { id: 1 }],
      [1, 2],
    ]);
  });

  it('objects: required, properties, additionalProperties, limits, and pointer escaping of keys', () => {
    const schema = {
      type: 'object',
      properties: { 'a/b~c': { type: 'string' }, n: { type: 'integer', minimum: 0 }, free: {} },
      required: ['n', 'a/b~c', 'missing'],
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 3,
    };
    expectSame(schema, [
      {},
      { 'a/b~c': 1, n: -1.5, 'x~/y': 2, other: null },
      { n: 1, 'a/b~c': 'ok', missing: 0 },
      { n: undefined, missing: undefined },
      [],
      'x',
    ]);
    expectSame({ additionalProperties: { type: 'number' } }, [{ a: 1, 'b/~': 'x', c: 'y' }, { a: 1 }]);
    expectSame({ properties: { a: { type: 'string' } }, additionalProperties: { type: 'number' } }, [
      { a: 1, b: 'x' },
    ]);
    expectSame({ properties: { a: false, b: true } }, [{ a: 1, b: 1 }, { b: 1 }]);
    expectSame({ required: ['a"b', 'x\u2028y', '`$' + '{q}`', 'toString'] }, [{}, { 'a"b': 1 }]);
    expectSame({ properties: { toString: { type: 'string' } } }, [{}, { toString: 'x' }]);
    expectSame({ additionalProperties: false, properties: { a: {} } }, [
      JSON.parse('{"__proto__": 1, "a": 2}'),
    ]);
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`p${i}`, { type: 'number' }]));
    expectSame({ properties: nine, additionalProperties: false }, [{ p0: 1, p8: 'x', q: 1 }]);
    expectSame({ minProperties: 2 }, [{ a: 1 }, { a: 1, b: 2 }, []]);
  });

  it('nested paths through properties, items and additionalProperties', () => {
    const schema = {
      type: 'object',
      properties: {
        list: {
          type: 'array',
          items: { type: 'object', properties: { 'k/1': { type: 'array', items: { enum: [1, 2] } } } },
        },
      },
      additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
    };
    expectSame(schema, [
      { list: [{ 'k/1': [1, 3, 'x'] }, 5, { 'k/1': 'no' }], extra: { 'a~b': 1, ok: 'y' }, bad: 1 },
      { list: [] },
    ]);
  });

  it('not, anyOf, oneOf and allOf, nested, with booleans among the branches', () => {
    const values = [...EVERYTHING, 'abcdef', 12, { a: 'x' }];
    expectSame({ not: { type: 'string' } }, values);
    expectSame({ not: {} }, values);
    expectSame({ not: false }, values);
    expectSame(
      {
        anyOf: [
          { type: 'string', minLength: 3 },
          { type: 'number', maximum: 10 },
        ],
      },
      values,
    );
    expectSame({ anyOf: [false, { type: 'null' }] }, values);
    expectSame({ anyOf: [true, { type: 'null' }] }, values);
    expectSame({ oneOf: [{ type: 'number' }, { type: 'integer' }, { type: 'string' }] }, values);
    expectSame({ oneOf: [{ type: 'number' }, { minimum: 0 }, { maximum: 10 }, { type: 'string' }] }, values);
    expectSame(
      { oneOf: [{ type: 'string' }, { minimum: 0 }, { type: 'null' }, { maximum: 10 }, { type: 'boolean' }] },
      [5, -5, 50, 'x'],
    );
    expectSame({ oneOf: [true, true, true] }, values);
    expectSame({ allOf: [{ type: 'number' }, { minimum: 3 }, { not: { const: 5 } }] }, values);
    expectSame(
      {
        type: 'object',
        anyOf: [{ required: ['a'] }, { oneOf: [{ required: ['b'] }, { not: { required: ['c'] } }] }],
        allOf: [
          {
            properties: {
              a: { anyOf: [{ type: 'string' }, { type: 'array', items: { not: { type: 'null' } } }] },
            },
          },
        ],
        not: { required: ['z'] },
      },
      [{}, { a: 1 }, { a: [null, 1] }, { b: 1 }, { b: 1, c: 1 }, { c: 1 }, { z: 1, a: 'x' }],
    );
  });

  it('ignores annotations and keywords Ajv does not know', () => {
    expectSame(
      {
        title: 'T',
        description: 'D',
        $comment: 'c',
        default: { x: 1 },
        examples: [1],
        deprecated: true,
        readOnly: false,
        writeOnly: false,
        format: 'date-time',
        contentEncoding: 'base64',
        contentMediaType: 'text/plain',
        'x-mcp-header': 'X-Thing',
        enumNames: ['A'],
        type: 'string',
        enum: ['a'],
      },
      ['a', 'not-a-date', 5],
    );
  });

  it('is the same in draft-07 and 2019-09', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'array', items: { type: 'integer' }, uniqueItems: true } },
    };
    for (const dialect of ['draft-07', '2019-09'] as const) {
      expectSame(schema, [{ a: [1, 1.5, 1] }, { a: 'x' }], dialect);
      expectSame({ anyOf: [{ type: 'string' }, { const: 1 }] }, [1, 2, 'x'], dialect);
    }
  });

  it('reports a duplicate "__proto__" string, which Ajv misses (the one deliberate difference)', () => {
    const schema = { items: { type: 'string' }, uniqueItems: true };
    const [result] = compare(schema, [['__proto__', '__proto__']]);
    expect(result!.ajv).toEqual([]);
    expect(lines(result!.builtIn)).toEqual([
      ' uniqueItems: must NOT have duplicate items (items ## 1 and 0 are identical)',
    ]);
  });

  it('answers input nested beyond the stack with the issue Ajv gives, without throwing', () => {
    // Only comparing two values of the input with each other (uniqueItems) goes that deep:
    // everything else stops where the schema, which is bounded, stops.
    const nested = () => {
      let deep: unknown = 1;
      for (let i = 0; i < 200_000; i++) deep = [deep];
      return deep;
    };
    const pair = [nested(), nested()];
    const [result] = compare({ type: 'array', uniqueItems: true }, [pair]);
    expect(result!.builtIn).toEqual([{ path: '', message: 'is nested too deeply to validate' }]);
    expect(result!.builtIn).toEqual(result!.ajv);
    expect(compileSchema({ items: { const: [[2]] }, uniqueItems: true }).validate(pair)).toEqual({
      ok: false,
      issues: [{ path: '', message: 'is nested too deeply to validate' }],
    });
  });
});

// ---------------------------------------------------------------------------------------
// Generated cases.

/** mulberry32: a small, fast, seedable generator; the seed fixes every case. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const chance = (p: number) => next() < p;
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, chance, pick };
}

type Random = ReturnType<typeof generator>;

const KEYS = ['a', 'b', 'c', 'id', 'a/b', 'x~y', 'név'];
const TYPES = ['null', 'boolean', 'string', 'number', 'integer', 'array', 'object'];
const LEAVES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  2,
  2.5,
  -3,
  0.1,
  0.3,
  10,
  1e21,
  '',
  'a',
  'ab',
  'abc',
  '😀x',
  'a~/',
];
const PATTERNS = ['^a', 'b$', '^[a-c]*$', '\\d', '^.{2}$', '^\\p{Lu}'];

function randomJson(random: Random, depth: number): unknown {
  if (depth > 1 || random.chance(0.7)) return random.pick(LEAVES);
  if (random.chance(0.5)) return Array.from({ length: random.int(3) }, () => randomJson(random, depth + 1));
  return Object.fromEntries(
    Array.from({ length: random.int(3) }, () => [random.pick(KEYS), randomJson(random, depth + 1)]),
  );
}

function randomSchema(random: Random, depth: number): unknown {
  if (random.chance(0.05)) return random.chance(0.5);
  const schema: Record<string, unknown> = {};
  const leaf = depth >= 3;
  const type = random.pick([...TYPES, 'none', 'list']);
  if (type === 'list') {
    const names = TYPES.filter(() => random.chance(0.3));
    schema.type = names.length > 0 ? names : ['string', 'null'];
  } else if (type !== 'none') {
    schema.type = type;
  }
  const wants = (group: string) => type === group || random.chance(0.15);
  if (wants('number') || type === 'integer') {
    if (random.chance(0.4)) schema.minimum = random.pick([-1, 0, 1, 2.5]);
    if (random.chance(0.4)) schema.maximum = random.pick([0, 2, 10, 1e21]);
    if (random.chance(0.2)) schema.exclusiveMinimum = random.pick([-1, 0, 0.5]);
    if (random.chance(0.2)) schema.exclusiveMaximum = random.pick([1, 3, 100]);
    if (random.chance(0.3)) schema.multipleOf = random.pick([0.1, 0.5, 1, 2, 3, 0.01]);
  }
  if (wants('string')) {
    if (random.chance(0.4)) schema.minLength = random.int(3);
    if (random.chance(0.4)) schema.maxLength = random.int(4);
    if (random.chance(0.3)) schema.pattern = random.pick(PATTERNS);
  }
  if (random.chance(0.1)) schema.format = random.pick(['email', 'uri', 'int32']);
  if (wants('array')) {
    if (random.chance(0.3)) schema.minItems = random.int(3);
    if (random.chance(0.3)) schema.maxItems = random.int(4);
    if (random.chance(0.6))
      schema.items = leaf ? { type: random.pick(TYPES) } : randomSchema(random, depth + 1);
    if (random.chance(0.4)) schema.uniqueItems = random.chance(0.8);
  }
  if (wants('object')) {
    if (random.chance(0.7) && !leaf) {
      const properties: Record<string, unknown> = {};
      for (const key of KEYS) if (random.chance(0.3)) properties[key] = randomSchema(random, depth + 1);
      schema.properties = properties;
    }
    if (random.chance(0.5)) schema.required = KEYS.filter(() => random.chance(0.25));
    if (random.chance(0.4)) {
      schema.additionalProperties =
        leaf || random.chance(0.6) ? !random.chance(0.7) : randomSchema(random, depth + 1);
    }
    if (random.chance(0.15)) schema.minProperties = random.int(3);
    if (random.chance(0.15)) schema.maxProperties = random.int(3);
  }
  if (random.chance(0.15)) {
    const entries = Array.from({ length: 1 + random.int(3) }, () => randomJson(random, 1));
    // Unique, as draft-07's meta-schema requires (a repeated entry would go to Ajv).
    schema.enum = entries.filter(
      (entry, i) => !entries.slice(0, i).some((earlier) => jsonEqual(earlier, entry)),
    );
  }
  if (random.chance(0.08)) schema.const = randomJson(random, 1);
  if (!leaf) {
    const branches = () => Array.from({ length: 1 + random.int(3) }, () => randomSchema(random, depth + 1));
    if (random.chance(0.12)) schema.anyOf = branches();
    if (random.chance(0.12)) schema.oneOf = branches();
    if (random.chance(0.1)) schema.allOf = branches();
    if (random.chance(0.1)) schema.not = randomSchema(random, depth + 1);
  }
  if (random.chance(0.1)) schema.description = 'generated';
  if (random.chance(0.05)) schema['x-note'] = { type: 'ignored' };
  return schema;
}

/** A value shaped after the schema (often valid), then sometimes broken. */
function valueFor(random: Random, schema: unknown, depth: number): unknown {
  if (depth > 4 || typeof schema !== 'object' || schema === null || random.chance(0.15)) {
    return random.chance(0.1)
      ? random.pick([Number.NaN, Number.POSITIVE_INFINITY, undefined])
      : randomJson(random, 1);
  }
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum) && random.chance(0.5)) return random.pick(s.enum);
  if (s.const !== undefined && random.chance(0.5)) return s.const;
  const type = Array.isArray(s.type) ? random.pick(s.type as string[]) : (s.type as string | undefined);
  switch (type ?? random.pick(TYPES)) {
    case 'object': {
      const value: Record<string, unknown> = {};
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      for (const key of KEYS) {
        if (key in properties ? random.chance(0.7) : random.chance(0.15)) {
          value[key] = valueFor(random, properties[key] ?? s.additionalProperties, depth + 1);
        }
      }
      return value;
    }
    case 'array':
      return Array.from({ length: random.int(4) }, () => valueFor(random, s.items, depth + 1));
    case 'string':
      return random.pick(['', 'a', 'ab', 'abc', 'B', 'a1', '😀😀', 'aaaa', 'bbb']);
    case 'integer':
      return random.pick([0, 1, 2, 3, -1, 10, 4, 1e21]);
    case 'number':
      return random.pick([0, 0.5, 0.3, 0.2, 2.5, 1.1, -0.5, 10.01, 99, Number.NaN]);
    case 'boolean':
      return random.chance(0.5);
    default:
      return null;
  }
}

describe('generated schemas and values', () => {
  // Seeded, so every run checks the same cases; most in the default dialect.
  const plan = [
    ['2020-12', 600, 20260728],
    ['draft-07', 150, 7],
    ['2019-09', 150, 2019],
  ] as const;
  for (const [dialect, schemas, seed] of plan) {
    it(`agree on ${schemas} ${dialect} schemas with 8 values each (seed ${seed})`, () => {
      const random = generator(seed);
      let failing = 0;
      let cases = 0;
      for (let n = 0; n < schemas; n++) {
        let schema = randomSchema(random, 1);
        if (typeof schema === 'boolean') schema = { not: schema };
        const values = Array.from({ length: 8 }, () => valueFor(random, schema, 1));
        for (const { value, builtIn, ajv } of compare(schema as JsonSchemaObject, values, dialect)) {
          cases++;
          if (ajv.length > 0) failing++;
          expect({ schema, value, issues: builtIn }).toEqual({ schema, value, issues: ajv });
        }
      }
      expect(cases).toBe(schemas * 8);
      // Both outcomes are exercised, not just one.
      expect(failing).toBeGreaterThan(cases / 5);
      expect(failing).toBeLessThan(cases - cases / 5);
    });
  }
});
