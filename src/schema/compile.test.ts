import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { compileCount, compileSchema } from './compile.js';
import type { JsonSchemaEngine } from './engine.js';
import { AsyncSchemaError, SchemaCompileError } from './errors.js';
import { describeSchemaIssues } from './issues.js';

/** A 2020-12 schema using the keywords MCP requires to survive end to end. */
function contactSchema() {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    $defs: {
      address: {
        $anchor: 'postal',
        type: 'object',
        properties: { street: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
        required: ['street', 'zip'],
        additionalProperties: false,
      },
      label: { type: 'string', minLength: 1 },
    },
    properties: {
      name: { $ref: '#/$defs/label' },
      home: { $ref: '#postal' },
      via: { enum: ['phone', 'email'] },
      phone: { type: 'string' },
      email: { type: 'string', format: 'email' },
      code: { oneOf: [{ type: 'integer' }, { type: 'string', maxLength: 3 }] },
    },
    required: ['name'],
    allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
    if: { properties: { via: { const: 'phone' } }, required: ['via'] },
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, not a thenable
    then: { required: ['phone'] },
    else: { not: { required: ['phone'] } },
    additionalProperties: false,
    'x-vendor-note': { reviewed: true },
  } as const;
}

describe('compileSchema with plain JSON Schema 2020-12', () => {
  it('lists the schema unchanged: the same object, structurally identical to a fresh copy', () => {
    const schema = contactSchema();
    const compiled = compileSchema(schema);
    expect(compiled.jsonSchema).toBe(schema);
    expect(compiled.jsonSchema).toStrictEqual(contactSchema());
    expect(Object.keys(compiled.jsonSchema)).toEqual(Object.keys(contactSchema()));
    expect(compiled.kind).toBe('json-schema');
  });

  it('validates $defs/$ref, $anchor, oneOf, if/then/else, allOf/anyOf and additionalProperties:false', () => {
    const compiled = compileSchema(contactSchema());
    const good = { name: 'Ada', via: 'phone', phone: '123', home: { street: 'Main', zip: '12345' }, code: 7 };
    expect(compiled.validate(good)).toEqual({ ok: true, value: good });
    expect(compiled.validate({ name: 'Ada', email: 'a@b.c' }).ok).toBe(true);

    const cases: Array<[unknown, string]> = [
      [{ name: '', email: 'a@b.c' }, '/name'], // $defs label via $ref
      [{ name: 'Ada', email: 'a@b.c', home: { street: 'Main', zip: 'abc' } }, '/home/zip'], // $anchor
      [{ name: 'Ada', email: 'a@b.c', home: { street: 'Main', zip: '12345', x: 1 } }, '/home'], // nested closed object
      [{ name: 'Ada', email: 'a@b.c', code: 'long' }, '/code'], // oneOf
      [{ name: 'Ada', via: 'phone', email: 'a@b.c' }, ''], // if/then
      [{ name: 'Ada', via: 'email', phone: '1' }, ''], // else
      [{ name: 'Ada' }, ''], // allOf/anyOf
      [{ name: 'Ada', email: 'a@b.c', extra: true }, ''], // additionalProperties:false
    ];
    for (const [value, path] of cases) {
      const result = compiled.validate(value);
      expect(result.ok, JSON.stringify(value)).toBe(false);
      if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
    }
  });

  it('reports issues with JSON-pointer paths and readable messages', () => {
    const compiled = compileSchema({
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer', maximum: 7 } },
      required: ['city'],
      additionalProperties: false,
    });
    const result = compiled.validate({ days: 9, extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ path: '/days', message: 'must be <= 7', keyword: 'maximum' });
    expect(result.issues).toContainEqual({
      path: '',
      message: "must not have the property 'extra'",
      keyword: 'additionalProperties',
    });
    const text = describeSchemaIssues(result.issues);
    expect(text).toContain("(root): must have required property 'city'");
    expect(text).toContain('/days: must be <= 7');
  });

  it('accepts non-object roots (SEP-2106 output schemas)', () => {
    const list = compileSchema({
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    });
    expect(list.validate([{ id: 'a' }, { id: 'b' }]).ok).toBe(true);
    const bad = list.validate([{ id: 'a' }, {}]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.path).toBe('/1');

    const text = compileSchema({ type: 'string', maxLength: 5 });
    expect(text.validate('short').ok).toBe(true);
    expect(text.validate('far too long').ok).toBe(false);
    expect(text.validate({}).ok).toBe(false);

    const nullable = compileSchema({ anyOf: [{ type: 'null' }, { type: 'number' }] });
    expect(nullable.validate(null).ok).toBe(true);
    expect(nullable.validate('1').ok).toBe(false);
  });

  it('supports the boolean schemas', () => {
    expect(compileSchema(true).validate({ any: 'thing' })).toEqual({ ok: true, value: { any: 'thing' } });
    expect(compileSchema(false).validate(1).ok).toBe(false);
    expect(compileSchema(true).jsonSchema).toBe(true);
  });

  it('ignores unknown formats and keywords instead of throwing', () => {
    const compiled = compileSchema({
      type: 'object',
      properties: {
        when: { type: 'string', format: 'no-such-format' },
        mail: { type: 'string', format: 'email' },
      },
      'x-mcp-header': 'X-Thing',
      enumNames: ['a'],
    });
    expect(compiled.validate({ when: 'whenever', mail: 'not an email' }).ok).toBe(true);
  });

  it('never mutates the validated value', () => {
    const compiled = compileSchema({ type: 'object', properties: { n: { type: 'number', default: 5 } } });
    const value = {};
    const result = compiled.validate(value);
    expect(result).toEqual({ ok: true, value: {} });
    if (result.ok) expect(result.value).toBe(value);
  });

  it('validates other dialects by their own rules and rejects unsupported ones', () => {
    // In draft-07, `items` as an array is a tuple; in 2020-12 that is `prefixItems`.
    const tuple07 = compileSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'array',
      items: [{ type: 'string' }, { type: 'number' }],
      additionalItems: false,
    });
    expect(tuple07.validate(['a', 1]).ok).toBe(true);
    expect(tuple07.validate(['a', 1, 2]).ok).toBe(false);
    expect(tuple07.jsonSchema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#' });

    const s2019 = compileSchema({ $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'integer' });
    expect(s2019.validate(1).ok).toBe(true);
    expect(s2019.validate(1.5).ok).toBe(false);

    // An http spelling of the 2020-12 URI is still 2020-12; the listed schema keeps the author's spelling.
    const httpSpelling = {
      $schema: 'http://json-schema.org/draft/2020-12/schema',
      prefixItems: [{ type: 'string' }],
    };
    const compiled = compileSchema(httpSpelling);
    expect(compiled.validate([1]).ok).toBe(false);
    expect(compiled.jsonSchema).toBe(httpSpelling);

    expect(() =>
      compileSchema({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'string' }),
    ).toThrow(expect.objectContaining({ reason: 'unsupported-dialect' }));
  });

  it('rejects invalid schemas with a clear error', () => {
    expect(() => compileSchema({ type: 'strng' })).toThrow(SchemaCompileError);
    expect(() => compileSchema({ type: 'strng' })).toThrow(/not valid 2020-12 JSON Schema/);
    expect(() => compileSchema({ $ref: '#/$defs/missing' })).toThrow(
      expect.objectContaining({ reason: 'unresolved-ref' }),
    );
    expect(() => compileSchema(null as never)).toThrow(expect.objectContaining({ reason: 'not-a-schema' }));
    expect(() => compileSchema([] as never)).toThrow(expect.objectContaining({ reason: 'not-a-schema' }));
  });

  it('rejects a zod raw shape instead of treating it as a permissive schema', () => {
    expect(() => compileSchema({ city: z.string() } as never)).toThrow(/wrap it, for example z\.object/);
    expect(() => compileSchema({ city: type('string') } as never)).toThrow(/raw shape/);
  });

  it('lets two schemas share an $id without clashing or seeing each other', () => {
    const first = compileSchema({ $id: 'https://example.com/thing.json', type: 'string' });
    const second = compileSchema({ $id: 'https://example.com/thing.json', type: 'number' });
    expect(first.validate('a').ok).toBe(true);
    expect(second.validate(1).ok).toBe(true);
    expect(second.validate('a').ok).toBe(false);
    // An embedded resource of one schema is not resolvable from another one.
    compileSchema({ $defs: { item: { $id: 'https://example.com/item.json', type: 'string' } } });
    expect(() => compileSchema({ $ref: 'https://example.com/item.json' })).toThrow(
      expect.objectContaining({ reason: 'remote-ref' }),
    );
  });

  it('turns a stack overflow on absurdly nested input into an issue', () => {
    const tree = compileSchema({ type: 'object', properties: { child: { $ref: '#' } } });
    let value: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) value = { child: value };
    const result = tree.validate(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/nested too deeply/);
  });
});

describe('compileSchema compiles once', () => {
  it('compiles a source object once, across many validations and many compileSchema calls', () => {
    const schema = { type: 'object', properties: { n: { type: 'number' } } };
    const zodSchema = z.object({ n: z.number() });
    const before = compileCount();
    const first = compileSchema(schema);
    const firstZod = compileSchema(zodSchema);
    expect(compileCount() - before).toBe(2);
    for (let i = 0; i < 1000; i++) {
      expect(compileSchema(schema)).toBe(first);
      expect(compileSchema(zodSchema)).toBe(firstZod);
      expect(compileSchema(schema).validate({ n: i }).ok).toBe(true);
      expect(compileSchema(zodSchema).validate({ n: i }).ok).toBe(true);
    }
    expect(compileCount() - before).toBe(2);
  });

  it('compiles a structurally equal but distinct object separately', () => {
    const before = compileCount();
    compileSchema({ type: 'string' });
    compileSchema({ type: 'string' });
    expect(compileCount() - before).toBe(2);
  });

  it('compiles again when options that change the result differ, and caches each combination', () => {
    const source = z.object({ n: z.number() });
    const before = compileCount();
    const input = compileSchema(source, { io: 'input' });
    const output = compileSchema(source, { io: 'output' });
    const bounded = compileSchema(source, { maxDepth: 10 });
    expect(new Set([input, output, bounded]).size).toBe(3);
    expect(compileSchema(source, { io: 'output' })).toBe(output);
    expect(compileSchema(source, { maxDepth: 10 })).toBe(bounded);
    expect(compileCount() - before).toBe(3);
  });

  it('does not count (or cache) a failed compilation', () => {
    const bad = { $ref: 'https://example.com/x.json' };
    const before = compileCount();
    expect(() => compileSchema(bad)).toThrow(SchemaCompileError);
    expect(() => compileSchema(bad)).toThrow(SchemaCompileError);
    expect(compileCount()).toBe(before);
  });
});

describe('compileSchema with Standard Schemas', () => {
  it('zod 4: lists 2020-12 JSON Schema and validates with zod, refinements and transforms included', () => {
    const source = z.object({
      city: z.string().transform((s) => s.trim().toUpperCase()),
      days: z
        .number()
        .int()
        .refine((n) => n % 2 === 0, { message: 'days must be even' }),
    });
    const compiled = compileSchema(source);
    expect(compiled.kind).toBe('standard-schema');
    expect(compiled.vendor).toBe('zod');
    expect(compiled.jsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city', 'days'],
    });

    expect(compiled.validate({ city: ' paris ', days: 2 })).toEqual({
      ok: true,
      value: { city: 'PARIS', days: 2 },
    });
    expectTypeOf(compiled.validate).returns.toEqualTypeOf<
      | { readonly ok: true; readonly value: { city: string; days: number } }
      | { readonly ok: false; readonly issues: readonly import('./issues.js').SchemaIssue[] }
    >();

    const refused = compiled.validate({ city: 'paris', days: 3 });
    expect(refused).toEqual({ ok: false, issues: [{ path: '/days', message: 'days must be even' }] });
    const wrongType = compiled.validate({ city: 1, days: 2 });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.issues[0]?.path).toBe('/city');
  });

  it('zod 4: a transforming schema cannot list its output side, and says what to do', () => {
    const source = z.object({ n: z.string().transform((s) => s.length) });
    expect(compileSchema(source).jsonSchema).toMatchObject({ properties: { n: { type: 'string' } } });
    expect(() => compileSchema(source, { io: 'output' })).toThrow(
      expect.objectContaining({ reason: 'conversion-failed', message: expect.stringMatching(/output side/) }),
    );
  });

  it('zod 4: async refinements need validateAsync', async () => {
    const source = z.object({ name: z.string().refine(async (s) => s !== 'taken', 'name is taken') });
    const compiled = compileSchema(source);
    expect(() => compiled.validate({ name: 'free' })).toThrow(AsyncSchemaError);
    expect(await compiled.validateAsync({ name: 'free' })).toEqual({ ok: true, value: { name: 'free' } });
    expect(await compiled.validateAsync({ name: 'taken' })).toEqual({
      ok: false,
      issues: [{ path: '/name', message: 'name is taken' }],
    });
  });

  it('zod 4: non-object roots work for output schemas', () => {
    const compiled = compileSchema(z.array(z.object({ id: z.string() })), { io: 'output' });
    expect(compiled.jsonSchema).toMatchObject({ type: 'array', items: { type: 'object' } });
    expect(compiled.validate([{ id: 'x' }]).ok).toBe(true);
    expect(compiled.validate([{ id: 1 }]).ok).toBe(false);
  });

  it('zod 4: recursive schemas emit local $ref and pass the $ref rules', () => {
    const node: z.ZodType<{ name: string; children: unknown[] }> = z.object({
      name: z.string(),
      get children() {
        return z.array(node);
      },
    });
    const compiled = compileSchema(node);
    expect(JSON.stringify(compiled.jsonSchema)).toContain('"$ref"');
    expect(compiled.validate({ name: 'a', children: [{ name: 'b', children: [] }] }).ok).toBe(true);
    expect(compiled.validate({ name: 'a', children: [{ name: 2, children: [] }] }).ok).toBe(false);
  });

  it('valibot (wrapped with toStandardJsonSchema): lists JSON Schema and validates with valibot', () => {
    const source = toStandardJsonSchema(
      v.object({
        city: v.pipe(v.string(), v.minLength(2)),
        units: v.optional(v.picklist(['metric', 'imperial'])),
      }),
    );
    const compiled = compileSchema(source);
    expect(compiled.vendor).toBe('valibot');
    expect(compiled.jsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { city: { type: 'string', minLength: 2 }, units: { enum: ['metric', 'imperial'] } },
      required: ['city'],
    });
    expect(compiled.validate({ city: 'Oslo' })).toEqual({ ok: true, value: { city: 'Oslo' } });
    const refused = compiled.validate({ city: 'O', units: 'kelvin' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues.map((i) => i.path).sort()).toEqual(['/city', '/units']);
  });

  it('valibot: transforms apply to the validated value', () => {
    const compiled = compileSchema(
      toStandardJsonSchema(
        v.object({
          tag: v.pipe(
            v.string(),
            v.transform((s) => s.toLowerCase()),
          ),
        }),
      ),
    );
    expect(compiled.validate({ tag: 'LOUD' })).toEqual({ ok: true, value: { tag: 'loud' } });
  });

  it('valibot without the wrapper: a clear error naming toStandardJsonSchema', () => {
    expect(() => compileSchema(v.object({ city: v.string() }) as never)).toThrow(
      /toStandardJsonSchema\(schema\) from '@valibot\/to-json-schema'/,
    );
  });

  it('arktype: lists JSON Schema and validates with arktype (a function with ~standard)', () => {
    const source = type({ city: 'string', days: '1 <= number.integer <= 7' });
    expect(typeof source).toBe('function');
    const compiled = compileSchema(source);
    expect(compiled.vendor).toBe('arktype');
    expect(compiled.jsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } },
    });
    expect(compiled.validate({ city: 'Rome', days: 3 })).toEqual({
      ok: true,
      value: { city: 'Rome', days: 3 },
    });
    const refused = compiled.validate({ city: 'Rome', days: 9 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]?.path).toBe('/days');
    expect(compileSchema(source)).toBe(compiled);
  });

  it('arktype: non-object roots work', () => {
    const compiled = compileSchema(type('string[]'), { io: 'output' });
    expect(compiled.jsonSchema).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(compiled.validate(['a']).ok).toBe(true);
    expect(compiled.validate([1]).ok).toBe(false);
  });

  it('a Standard JSON Schema without validate is validated against the JSON Schema it emits', () => {
    const emitted = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] };
    const source = {
      '~standard': {
        version: 1 as const,
        vendor: 'handmade',
        jsonSchema: { input: () => emitted, output: () => emitted },
      },
    };
    const compiled = compileSchema(source);
    expect(compiled.kind).toBe('json-schema');
    expect(compiled.vendor).toBe('handmade');
    expect(compiled.jsonSchema).toBe(emitted);
    expect(compiled.validate({ n: 1 }).ok).toBe(true);
    expect(compiled.validate({}).ok).toBe(false);
  });
});

describe('compileSchema with another engine', () => {
  it('hands plain JSON Schema to the engine, once, with its dialect', () => {
    const seen: string[] = [];
    const engine: JsonSchemaEngine = {
      name: 'strings-only',
      compile(schema, dialect) {
        seen.push(dialect);
        return (value) =>
          typeof value === 'string' ? [] : [{ path: '', message: `must be a string (${schema.title})` }];
      },
    };
    const schema = { title: 'word' };
    const compiled = compileSchema(schema, { engine });
    compileSchema(schema, { engine });
    expect(seen).toEqual(['2020-12']);
    expect(compiled.validate('x').ok).toBe(true);
    expect(compiled.validate(1)).toEqual({
      ok: false,
      issues: [{ path: '', message: 'must be a string (word)' }],
    });
    // The default engine compiles the same object separately.
    expect(compileSchema(schema)).not.toBe(compiled);
  });

  it('still applies the $ref rules and limits before any engine runs', () => {
    let compiled = 0;
    const engine: JsonSchemaEngine = {
      name: 'counting',
      compile() {
        compiled++;
        return () => [];
      },
    };
    expect(() => compileSchema({ $ref: 'http://127.0.0.1:9/p.json' }, { engine })).toThrow(
      expect.objectContaining({ reason: 'remote-ref' }),
    );
    expect(compiled).toBe(0);
  });

  it('wraps an engine failure in SchemaCompileError', () => {
    const engine: JsonSchemaEngine = {
      name: 'grumpy',
      compile() {
        throw new Error('nope');
      },
    };
    expect(() => compileSchema({ type: 'string' }, { engine })).toThrow(
      /The grumpy engine rejected the schema: nope/,
    );
  });

  it('rejects nonsensical limit options', () => {
    expect(() => compileSchema({}, { maxDepth: 0 })).toThrow(RangeError);
    expect(() => compileSchema({}, { maxNodes: 1.5 })).toThrow(RangeError);
  });
});
