import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { SchemaCompileError } from './errors.js';
import {
  type InferSchemaOutput,
  isStandardJsonSchema,
  isStandardSchema,
  type SchemaSource,
  type StandardSchemaSource,
  toJsonSchema,
} from './schema-source.js';

describe('toJsonSchema', () => {
  it('returns plain JSON Schema itself, every keyword kept', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://example.com/s.json',
      $defs: { a: { $anchor: 'A', type: 'string' } },
      $ref: '#A',
      allOf: [{ minLength: 1 }],
      anyOf: [{ maxLength: 9 }, { pattern: '^x' }],
      oneOf: [true],
      if: { const: 'x' },
      // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, not a thenable
      then: true,
      else: { minLength: 2 },
      additionalProperties: false,
      'x-custom': [1, { nested: null }],
    };
    const snapshot = structuredClone(schema);
    expect(toJsonSchema(schema, 'input')).toBe(schema);
    expect(toJsonSchema(schema, 'output')).toBe(schema);
    expect(schema).toStrictEqual(snapshot);
    expect(Object.keys(schema)).toEqual(Object.keys(snapshot));
    expect(toJsonSchema(false, 'input')).toBe(false);
  });

  it('asks a Standard JSON Schema for draft-2020-12, once per side', () => {
    const targets: string[] = [];
    const source = {
      '~standard': {
        version: 1 as const,
        vendor: 'handmade',
        validate: (value: unknown) => ({ value }),
        jsonSchema: {
          input: (options: { target: string }) => {
            targets.push(`input:${options.target}`);
            return { type: 'string' };
          },
          output: (options: { target: string }) => {
            targets.push(`output:${options.target}`);
            return { type: 'number' };
          },
        },
      },
    };
    const input = toJsonSchema(source, 'input');
    expect(input).toEqual({ type: 'string' });
    expect(toJsonSchema(source, 'input')).toBe(input);
    expect(toJsonSchema(source, 'output')).toEqual({ type: 'number' });
    toJsonSchema(source, 'output');
    expect(targets).toEqual(['input:draft-2020-12', 'output:draft-2020-12']);
  });

  it('converts zod 4, arktype and wrapped valibot schemas to 2020-12 object schemas', () => {
    const sources: SchemaSource[] = [
      z.object({ city: z.string() }),
      type({ city: 'string' }),
      toStandardJsonSchema(v.object({ city: v.string() })),
    ];
    for (const source of sources) {
      expect(toJsonSchema(source, 'input')).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      });
    }
  });

  it('explains what to do with a Standard Schema that cannot emit JSON Schema', () => {
    const valibot = v.string();
    expect(() => toJsonSchema(valibot as never, 'input')).toThrow(SchemaCompileError);
    expect(() => toJsonSchema(valibot as never, 'input')).toThrow(/toStandardJsonSchema/);
    const oldZod = { '~standard': { version: 1, vendor: 'zod', validate: () => ({ value: 1 }) } };
    expect(() => toJsonSchema(oldZod as never, 'input')).toThrow(/zod 4\.2 or later/);
    const other = { '~standard': { version: 1, vendor: 'yup', validate: () => ({ value: 1 }) } };
    expect(() => toJsonSchema(other as never, 'input')).toThrow(
      expect.objectContaining({ reason: 'no-json-schema', message: expect.stringMatching(/yup/) }),
    );
  });

  it('wraps converter failures', () => {
    expect(() => toJsonSchema(z.date(), 'input')).toThrow(
      expect.objectContaining({ reason: 'conversion-failed', message: expect.stringMatching(/zod schema/) }),
    );
    const returnsArray = {
      '~standard': {
        version: 1 as const,
        vendor: 'odd',
        jsonSchema: { input: () => [] as never, output: () => ({}) },
      },
    };
    expect(() => toJsonSchema(returnsArray, 'input')).toThrow(/returned an array/);
  });

  it('rejects values that are not schemas', () => {
    for (const value of ['string', 1, null, undefined, [], () => 1]) {
      expect(() => toJsonSchema(value as never, 'input')).toThrow(
        expect.objectContaining({ reason: 'not-a-schema' }),
      );
    }
  });
});

describe('Standard Schema detection', () => {
  it('is structural and accepts functions (arktype)', () => {
    expect(isStandardSchema(z.string())).toBe(true);
    expect(isStandardSchema(type('string'))).toBe(true);
    expect(isStandardSchema(v.string())).toBe(true);
    expect(isStandardSchema({ type: 'string' })).toBe(false);
    expect(isStandardSchema(null)).toBe(false);
    expect(isStandardJsonSchema(z.string())).toBe(true);
    expect(isStandardJsonSchema(type('string'))).toBe(true);
    expect(isStandardJsonSchema(v.string())).toBe(false);
    expect(isStandardJsonSchema(toStandardJsonSchema(v.string()))).toBe(true);
  });

  it('matches the @standard-schema/spec types and infers output types', () => {
    expectTypeOf<StandardSchemaV1.Props & StandardJSONSchemaV1.Props>().toExtend<
      StandardSchemaSource['~standard']
    >();
    const zodObject = z.object({ n: z.string().transform((s) => s.length) });
    expectTypeOf(zodObject).toExtend<StandardSchemaSource>();
    expectTypeOf(type({ n: 'number' })).toExtend<StandardSchemaSource>();
    expectTypeOf(toStandardJsonSchema(v.object({ n: v.number() }))).toExtend<StandardSchemaSource>();
    expectTypeOf<InferSchemaOutput<typeof zodObject>>().toEqualTypeOf<{ n: number }>();
    expectTypeOf<InferSchemaOutput<{ type: 'string' }>>().toEqualTypeOf<unknown>();
  });
});
