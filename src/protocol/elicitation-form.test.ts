import { describe, expect, it } from 'vitest';
import {
  applyDefaults,
  describeForm,
  describeFormField,
  validateElicitationContent,
  validateElicitationField,
} from './elicitation-form.js';
import type { ElicitRequestedSchema, PrimitiveSchemaDefinition } from './types/form-schema.js';

const form = (
  properties: Record<string, PrimitiveSchemaDefinition>,
  required?: string[],
): ElicitRequestedSchema => ({ type: 'object', properties, ...(required ? { required } : {}) });

/** The schema the conformance scenario elicitation-sep1034-client-defaults sends. */
const sep1034Form = form(
  {
    name: { type: 'string', description: 'User name', default: 'John Doe' },
    age: { type: 'integer', description: 'User age', default: 30 },
    score: { type: 'number', description: 'User score', default: 95.5 },
    status: {
      type: 'string',
      description: 'User status',
      enum: ['active', 'inactive', 'pending'],
      default: 'active',
    },
    verified: { type: 'boolean', description: 'Verification status', default: true },
  },
  [],
);

describe('applyDefaults', () => {
  it('fills every default of the SEP-1034 conformance form when the user accepts an empty form', () => {
    expect(applyDefaults(sep1034Form, {})).toEqual({
      name: 'John Doe',
      age: 30,
      score: 95.5,
      status: 'active',
      verified: true,
    });
    expect(applyDefaults(sep1034Form)).toEqual(applyDefaults(sep1034Form, {}));
  });

  it.each<[string, PrimitiveSchemaDefinition, unknown]>([
    ['string', { type: 'string', default: 'hi' }, 'hi'],
    ['integer', { type: 'integer', default: 3 }, 3],
    ['number', { type: 'number', default: 2.5 }, 2.5],
    ['boolean false', { type: 'boolean', default: false }, false],
    ['empty string', { type: 'string', default: '' }, ''],
    ['untitled enum', { type: 'string', enum: ['a', 'b'], default: 'b' }, 'b'],
    ['titled enum', { type: 'string', oneOf: [{ const: '#f00', title: 'Red' }], default: '#f00' }, '#f00'],
    ['legacy enum', { type: 'string', enum: ['x', 'y'], enumNames: ['X', 'Y'], default: 'y' }, 'y'],
    [
      'untitled multi-select',
      { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, default: ['a', 'c'] },
      ['a', 'c'],
    ],
    [
      'titled multi-select',
      {
        type: 'array',
        items: {
          anyOf: [
            { const: 'r', title: 'Red' },
            { const: 'g', title: 'Green' },
          ],
        },
        default: ['g'],
      },
      ['g'],
    ],
  ])('fills a %s default', (_label, property, expected) => {
    expect(applyDefaults(form({ field: property }), {})).toEqual({ field: expected });
  });

  it('keeps values the user gave, including falsy ones, and only fills omitted or undefined fields', () => {
    const schema = form({
      a: { type: 'string', default: 'A' },
      b: { type: 'boolean', default: true },
      c: { type: 'number', default: 7 },
      d: { type: 'string', default: 'D' },
    });
    expect(applyDefaults(schema, { a: '', b: false, c: 0, d: undefined })).toEqual({
      a: '',
      b: false,
      c: 0,
      d: 'D',
    });
  });

  it('leaves fields without a default out and keeps extra content untouched', () => {
    expect(applyDefaults(form({ a: { type: 'string' } }), { other: 1 })).toEqual({ other: 1 });
  });

  it.each<[string, PrimitiveSchemaDefinition]>([
    ['an enum default that is not an option', { type: 'string', enum: ['a'], default: 'z' }],
    ['a default of the wrong type', { type: 'number', default: 'five' as unknown as number }],
    ['a fractional integer default', { type: 'integer', default: 1.5 }],
    ['a default out of range', { type: 'integer', minimum: 10, default: 1 }],
    [
      'a multi-select default outside the options',
      { type: 'array', items: { type: 'string', enum: ['a'] }, default: ['q'] },
    ],
  ])('ignores %s', (_label, property) => {
    expect(applyDefaults(form({ f: property }), {})).toEqual({});
  });

  it('does not modify its input and copies array defaults', () => {
    const schema = form({
      tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, default: ['a'] },
    });
    const content = {};
    const out = applyDefaults(schema, content);
    expect(content).toEqual({});
    (out.tags as string[]).push('b');
    expect((schema.properties.tags as { default: string[] }).default).toEqual(['a']);
  });

  it('cannot be tricked into touching the prototype', () => {
    const schema = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string","default":"x"}}}');
    const out = applyDefaults(schema, {});
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
  });
});

describe('validateElicitationContent', () => {
  const codes = (schema: ElicitRequestedSchema, content: unknown) =>
    validateElicitationContent(schema, content).map((issue) => `${issue.field}:${issue.code}`);

  it('accepts valid content and the conformance form with defaults applied', () => {
    expect(validateElicitationContent(sep1034Form, applyDefaults(sep1034Form, {}))).toEqual([]);
    expect(validateElicitationContent(form({}), {})).toEqual([]);
  });

  it('rejects content that is not an object', () => {
    for (const content of [null, [], 'x', 3]) {
      expect(codes(form({}), content)).toEqual([':not-object']);
    }
  });

  it('reports missing required fields, including undefined ones, with a clear message', () => {
    const schema = form({ a: { type: 'string' }, b: { type: 'string' } }, ['a', 'b']);
    expect(codes(schema, { b: undefined })).toEqual(['a:required', 'b:required']);
    expect(validateElicitationContent(schema, { b: 'x' })[0]?.message).toBe('a: is required');
    const inherited = form(Object.fromEntries([['toString', { type: 'string' as const }]]), ['toString']);
    expect(codes(inherited, {})).toEqual(['toString:required']);
  });

  it('reports fields that are not part of the form', () => {
    expect(codes(form({ a: { type: 'string' } }), { a: 'x', sneaky: 'y' })).toEqual(['sneaky:unknown-field']);
  });

  it('does not require optional fields', () => {
    expect(codes(form({ a: { type: 'string', minLength: 3 } }), {})).toEqual([]);
  });
});

describe('validateElicitationField', () => {
  const check = (property: PrimitiveSchemaDefinition, value: unknown) =>
    validateElicitationField('f', property, value).map((issue) => issue.code);

  it('checks string type and length in code points', () => {
    const property: PrimitiveSchemaDefinition = { type: 'string', minLength: 2, maxLength: 3 };
    expect(check(property, 5)).toEqual(['type']);
    expect(check(property, 'a')).toEqual(['min-length']);
    expect(check(property, 'abcd')).toEqual(['max-length']);
    expect(check(property, 'ab')).toEqual([]);
    expect(check(property, '😀😀😀')).toEqual([]);
    expect(validateElicitationField('name', property, 'a')[0]?.message).toBe(
      'name: must be at least 2 characters long',
    );
  });

  it('checks the email format', () => {
    const property: PrimitiveSchemaDefinition = { type: 'string', format: 'email' };
    expect(check(property, 'octocat@github.com')).toEqual([]);
    expect(check(property, 'admin@localhost')).toEqual([]);
    for (const bad of ['octocat', 'a@b@c', '@github.com', 'a b@c.d', 'a@', 'a@b..c']) {
      expect(check(property, bad), bad).toEqual(['format']);
    }
  });

  it('checks the uri format (absolute URIs only)', () => {
    const property: PrimitiveSchemaDefinition = { type: 'string', format: 'uri' };
    expect(check(property, 'https://example.com/a?b=c')).toEqual([]);
    expect(check(property, 'urn:isbn:0451450523')).toEqual([]);
    for (const bad of ['/relative/path', 'example.com', 'https://exa mple.com', '']) {
      expect(check(property, bad), bad).toEqual(['format']);
    }
  });

  it('checks the date format, including calendar validity', () => {
    const property: PrimitiveSchemaDefinition = { type: 'string', format: 'date' };
    expect(check(property, '2024-02-29')).toEqual([]);
    for (const bad of [
      '2023-02-29',
      '2024-13-01',
      '2024-04-31',
      '2024-1-01',
      '2024-01-01T00:00:00Z',
      '1900-02-29',
    ]) {
      expect(check(property, bad), bad).toEqual(['format']);
    }
    expect(check(property, '2000-02-29')).toEqual([]);
  });

  it('checks the date-time format (RFC 3339, offset required)', () => {
    const property: PrimitiveSchemaDefinition = { type: 'string', format: 'date-time' };
    for (const good of ['2025-01-31T14:30:00Z', '2025-01-31t14:30:00.123+05:30', '2016-12-31T23:59:60Z']) {
      expect(check(property, good), good).toEqual([]);
    }
    for (const bad of [
      '2025-01-31',
      '2025-01-31T14:30:00',
      '2025-01-31T24:00:00Z',
      '2025-01-31T14:60:00Z',
      '2025-01-31T14:59:61Z',
      '2025-02-30T00:00:00Z',
      '2025-01-31T14:30:00+25:00',
    ]) {
      expect(check(property, bad), bad).toEqual(['format']);
    }
  });

  it('ignores formats it does not know', () => {
    expect(check({ type: 'string', format: 'hostname' as 'email' }, 'anything')).toEqual([]);
  });

  it('checks numbers: type, finiteness, inclusive bounds', () => {
    const property: PrimitiveSchemaDefinition = { type: 'number', minimum: 0, maximum: 1 };
    expect(check(property, 0)).toEqual([]);
    expect(check(property, 1)).toEqual([]);
    expect(check(property, 0.5)).toEqual([]);
    expect(check(property, -0.1)).toEqual(['minimum']);
    expect(check(property, 1.1)).toEqual(['maximum']);
    expect(check(property, '0.5')).toEqual(['type']);
    expect(check(property, Number.NaN)).toEqual(['type']);
  });

  it('checks integers reject fractions', () => {
    expect(check({ type: 'integer' }, 2)).toEqual([]);
    expect(check({ type: 'integer' }, 2.5)).toEqual(['not-integer']);
    expect(check({ type: 'integer', maximum: 10 }, 11)).toEqual(['maximum']);
  });

  it('checks booleans', () => {
    expect(check({ type: 'boolean' }, true)).toEqual([]);
    expect(check({ type: 'boolean' }, 'true')).toEqual(['type']);
  });

  it('checks single-select values for enum, oneOf and legacy enumNames', () => {
    expect(check({ type: 'string', enum: ['a', 'b'] }, 'b')).toEqual([]);
    expect(check({ type: 'string', enum: ['a', 'b'] }, 'c')).toEqual(['enum']);
    expect(check({ type: 'string', enum: ['a', 'b'] }, 1)).toEqual(['type']);
    const titled: PrimitiveSchemaDefinition = { type: 'string', oneOf: [{ const: '#f00', title: 'Red' }] };
    expect(check(titled, '#f00')).toEqual([]);
    expect(check(titled, 'Red')).toEqual(['enum']);
    const legacy: PrimitiveSchemaDefinition = { type: 'string', enum: ['x'], enumNames: ['Ex'] };
    expect(check(legacy, 'x')).toEqual([]);
    expect(check(legacy, 'Ex')).toEqual(['enum']);
  });

  it('checks multi-select arrays: item type, membership, minItems and maxItems', () => {
    const untitled: PrimitiveSchemaDefinition = {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: { type: 'string', enum: ['r', 'g', 'b'] },
    };
    expect(check(untitled, ['r', 'b'])).toEqual([]);
    expect(check(untitled, [])).toEqual(['min-items']);
    expect(check(untitled, ['r', 'g', 'b'])).toEqual(['max-items']);
    expect(check(untitled, ['r', 'x'])).toEqual(['enum']);
    expect(check(untitled, 'r')).toEqual(['type']);
    expect(check(untitled, ['r', 1])).toEqual(['type']);
    const titled: PrimitiveSchemaDefinition = {
      type: 'array',
      items: { anyOf: [{ const: 'r', title: 'Red' }] },
    };
    expect(check(titled, ['r'])).toEqual([]);
    expect(check(titled, ['Red'])).toEqual(['enum']);
  });

  it('reports field schemas it does not support', () => {
    expect(check({ type: 'object' } as unknown as PrimitiveSchemaDefinition, {})).toEqual([
      'unsupported-field',
    ]);
    expect(
      check({ type: 'array', items: { type: 'string' } } as unknown as PrimitiveSchemaDefinition, []),
    ).toEqual(['unsupported-field']);
  });
});

describe('describeFormField', () => {
  it('describes a string field with its label, description, format, limits and default', () => {
    expect(
      describeFormField(
        'email',
        {
          type: 'string',
          title: 'Email',
          description: 'Work address',
          format: 'email',
          minLength: 3,
          maxLength: 99,
          default: 'a@b.co',
        },
        true,
      ),
    ).toEqual({
      name: 'email',
      label: 'Email',
      description: 'Work address',
      type: 'string',
      required: true,
      format: 'email',
      minLength: 3,
      maxLength: 99,
      default: 'a@b.co',
    });
  });

  it('falls back to the property name as label and omits absent details', () => {
    expect(describeFormField('age', { type: 'integer' }, false)).toEqual({
      name: 'age',
      label: 'age',
      type: 'integer',
      required: false,
    });
  });

  it('describes number limits and booleans', () => {
    expect(
      describeFormField('n', { type: 'number', minimum: 1, maximum: 5, default: 2 }, false),
    ).toMatchObject({
      type: 'number',
      minimum: 1,
      maximum: 5,
      default: 2,
    });
    expect(describeFormField('ok', { type: 'boolean', default: false }, false)).toMatchObject({
      type: 'boolean',
      default: false,
    });
  });

  it('lists single-select choices with titles from oneOf, enumNames, or the values themselves', () => {
    expect(
      describeFormField('c', { type: 'string', oneOf: [{ const: '#f00', title: 'Red' }] }, false).choices,
    ).toEqual([{ value: '#f00', label: 'Red' }]);
    expect(
      describeFormField('c', { type: 'string', enum: ['x', 'y'], enumNames: ['Ex', 'Why'] }, false).choices,
    ).toEqual([
      { value: 'x', label: 'Ex' },
      { value: 'y', label: 'Why' },
    ]);
    const plain = describeFormField('c', { type: 'string', enum: ['x'], default: 'x' }, false);
    expect(plain).toMatchObject({
      type: 'single-select',
      choices: [{ value: 'x', label: 'x' }],
      default: 'x',
    });
  });

  it('lists multi-select choices and item limits', () => {
    expect(
      describeFormField(
        'tags',
        {
          type: 'array',
          minItems: 1,
          maxItems: 2,
          items: {
            anyOf: [
              { const: 'r', title: 'Red' },
              { const: 'g', title: 'Green' },
            ],
          },
          default: ['r'],
        },
        true,
      ),
    ).toEqual({
      name: 'tags',
      label: 'tags',
      type: 'multi-select',
      required: true,
      choices: [
        { value: 'r', label: 'Red' },
        { value: 'g', label: 'Green' },
      ],
      minItems: 1,
      maxItems: 2,
      default: ['r'],
    });
    expect(
      describeFormField('t', { type: 'array', items: { type: 'string', enum: ['a'] } }, false).choices,
    ).toEqual([{ value: 'a', label: 'a' }]);
  });

  it('omits a default that the field itself would reject', () => {
    expect(
      describeFormField('c', { type: 'string', enum: ['x'], default: 'nope' }, false),
    ).not.toHaveProperty('default');
  });

  it('marks unknown field kinds as unsupported', () => {
    expect(
      describeFormField('o', { type: 'object' } as unknown as PrimitiveSchemaDefinition, false).type,
    ).toBe('unsupported');
  });
});

describe('describeForm', () => {
  it('describes fields in schema order with required taken from the schema', () => {
    const fields = describeForm(form({ b: { type: 'string' }, a: { type: 'boolean' } }, ['a']));
    expect(fields.map((field) => [field.name, field.required])).toEqual([
      ['b', false],
      ['a', true],
    ]);
  });

  it('tolerates a malformed schema', () => {
    expect(describeForm({} as ElicitRequestedSchema)).toEqual([]);
    expect(
      validateElicitationContent({} as ElicitRequestedSchema, { a: 1 }).map((issue) => issue.code),
    ).toEqual(['unknown-field']);
  });
});
