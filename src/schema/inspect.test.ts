import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileSchema } from './compile.js';
import { SchemaCompileError } from './errors.js';
import { DEFAULT_MAX_SCHEMA_DEPTH, DEFAULT_MAX_SCHEMA_NODES, inspectSchema } from './inspect.js';
import type { JsonSchemaObject } from './schema-source.js';

const limits = { maxDepth: DEFAULT_MAX_SCHEMA_DEPTH, maxNodes: DEFAULT_MAX_SCHEMA_NODES };

function nested(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 1; i < levels; i++) schema = { type: 'object', properties: { next: schema } };
  return schema;
}

describe('network $ref', () => {
  const fetchCalls: unknown[] = [];
  beforeEach(() => {
    fetchCalls.length = 0;
    vi.stubGlobal('fetch', (...args: unknown[]) => {
      fetchCalls.push(args);
      throw new Error('fetch must not be called while compiling a schema');
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('fails compilation with a clear error, and nothing is fetched', () => {
    for (const ref of [
      'https://example.com/schemas/person.json',
      'http://127.0.0.1:9/p.json#/$defs/x',
      'HTTPS://example.com/a',
    ]) {
      const schema = { type: 'object', properties: { who: { $ref: ref } } };
      let error: unknown;
      try {
        compileSchema(schema);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SchemaCompileError);
      expect((error as SchemaCompileError).reason).toBe('remote-ref');
      expect((error as Error).message).toContain('/properties/who');
      expect((error as Error).message).toMatch(/never fetches/);
    }
    expect(fetchCalls).toEqual([]);
  });

  it('is never requested from a real server either', async () => {
    vi.unstubAllGlobals();
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ type: 'string' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const schema = { $ref: `http://127.0.0.1:${port}/p.json` };
      expect(() => compileSchema(schema)).toThrow(expect.objectContaining({ reason: 'remote-ref' }));
      // Give a (wrongly) started request time to arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hits).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('resolves a relative $ref against $id: leaving the document is a network reference', () => {
    const schema = {
      $id: 'https://example.com/schemas/root.json',
      properties: { a: { $ref: 'other.json' } },
    };
    expect(() => compileSchema(schema)).toThrow(/points to https:\/\/example\.com\/schemas\/other\.json/);
    expect(() => compileSchema({ $id: 'https://example.com/a.json', $ref: '//evil.example/x' })).toThrow(
      expect.objectContaining({ reason: 'remote-ref' }),
    );
  });

  it('rejects non-network external references too, as unresolved', () => {
    expect(() => compileSchema({ $ref: 'other.json' })).toThrow(
      expect.objectContaining({ reason: 'unresolved-ref' }),
    );
    expect(() => compileSchema({ $ref: 'urn:example:elsewhere' })).toThrow(
      expect.objectContaining({ reason: 'unresolved-ref' }),
    );
    expect(() => compileSchema({ $dynamicRef: 'https://example.com/tree#node' })).toThrow(
      expect.objectContaining({ reason: 'remote-ref' }),
    );
  });

  it('finds a remote $ref hidden under an unknown keyword, but ignores "$ref" inside instance data', () => {
    expect(() => compileSchema({ 'x-extra': { nested: [{ $ref: 'https://example.com/x' }] } })).toThrow(
      expect.objectContaining({ reason: 'remote-ref' }),
    );
    const data = { $ref: 'https://example.com/x' };
    const compiled = compileSchema({ const: data, examples: [data], default: data, enum: [data] });
    expect(compiled.validate({ $ref: 'https://example.com/x' }).ok).toBe(true);
    expect(fetchCalls).toEqual([]);
  });
});

describe('local $ref', () => {
  it('works for JSON pointers, $anchor, the root, and $id-relative resources in the same document', () => {
    const schema = {
      $id: 'https://example.com/schemas/order.json',
      type: 'object',
      properties: {
        item: { $ref: 'item.json' },
        itemAgain: { $ref: 'https://example.com/schemas/item.json#/properties/sku' },
        price: { $ref: '#/$defs/money' },
        tag: { $ref: '#tag' },
        parent: { $ref: '#' },
      },
      $defs: {
        item: {
          $id: 'item.json',
          type: 'object',
          properties: { sku: { type: 'string' } },
          required: ['sku'],
        },
        money: { type: 'number', minimum: 0 },
        tag: { $anchor: 'tag', type: 'string', maxLength: 3 },
      },
    };
    const compiled = compileSchema(schema);
    expect(
      compiled.validate({ item: { sku: 'a' }, itemAgain: 'b', price: 1, tag: 'x', parent: { price: 2 } }).ok,
    ).toBe(true);
    for (const bad of [
      { item: {} },
      { itemAgain: 1 },
      { price: -1 },
      { tag: 'long' },
      { parent: { price: -1 } },
    ]) {
      expect(compiled.validate(bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('works with $dynamicRef / $dynamicAnchor inside one document', () => {
    const schema = {
      $id: 'https://example.com/strict-tree',
      $dynamicAnchor: 'node',
      $ref: '#/$defs/tree',
      unevaluatedProperties: false,
      $defs: {
        tree: {
          $id: 'tree',
          $dynamicAnchor: 'node',
          type: 'object',
          properties: { data: true, children: { type: 'array', items: { $dynamicRef: '#node' } } },
        },
      },
    };
    const compiled = compileSchema(schema);
    expect(compiled.validate({ children: [{ data: 1 }] }).ok).toBe(true);
    expect(compiled.validate({ children: [{ daat: 1 }] }).ok).toBe(false);
  });
});

describe('limits', () => {
  it('accepts a schema exactly at the depth limit and rejects one level more', () => {
    expect(() => compileSchema(nested(DEFAULT_MAX_SCHEMA_DEPTH))).not.toThrow();
    expect(() => compileSchema(nested(DEFAULT_MAX_SCHEMA_DEPTH + 1))).toThrow(
      expect.objectContaining({
        reason: 'too-deep',
        message: expect.stringMatching(/deeper than 64 levels/),
      }),
    );
  });

  it('counts composition keywords and $defs as nesting', () => {
    let schema: unknown = { type: 'string' };
    for (let i = 1; i < 70; i++) schema = i % 2 ? { anyOf: [schema, true] } : { $defs: { x: schema } };
    expect(() => compileSchema(schema as JsonSchemaObject)).toThrow(
      expect.objectContaining({ reason: 'too-deep' }),
    );
  });

  it('rejects too many subschemas', () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < DEFAULT_MAX_SCHEMA_NODES; i++) properties[`p${i}`] = { type: 'string' };
    expect(() => compileSchema({ type: 'object', properties })).toThrow(
      expect.objectContaining({
        reason: 'too-large',
        message: expect.stringMatching(/more than 10000 subschemas/),
      }),
    );
    delete properties.p0;
    expect(() => inspectSchema({ type: 'object', properties }, limits)).not.toThrow();
  });

  it('takes other limits as options', () => {
    expect(() => compileSchema(nested(5), { maxDepth: 4 })).toThrow(
      expect.objectContaining({ reason: 'too-deep' }),
    );
    expect(() => compileSchema(nested(5), { maxDepth: 5 })).not.toThrow();
    expect(() => compileSchema({ anyOf: [true, true, true] }, { maxNodes: 3 })).toThrow(
      expect.objectContaining({ reason: 'too-large' }),
    );
    expect(() => compileSchema(nested(DEFAULT_MAX_SCHEMA_DEPTH + 10), { maxDepth: 100 })).not.toThrow();
  });

  it('bounds deep instance data and survives cyclic objects', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => compileSchema({ const: deep })).toThrow(expect.objectContaining({ reason: 'too-deep' }));
    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic.properties = { self: cyclic };
    expect(() => compileSchema(cyclic)).toThrow(expect.objectContaining({ reason: 'too-deep' }));
  });

  it('applies to the JSON Schema a Standard Schema emits', () => {
    const deep = { type: 'array', items: { type: 'array', items: { type: 'string' } } };
    const source = {
      '~standard': {
        version: 1 as const,
        vendor: 'handmade',
        validate: (value: unknown) => ({ value }),
        jsonSchema: { input: () => deep, output: () => deep },
      },
    };
    expect(() => compileSchema(source, { maxDepth: 2 })).toThrow(
      expect.objectContaining({ reason: 'too-deep' }),
    );
  });
});

describe('plain JSON only', () => {
  it('rejects functions and class instances inside a schema', () => {
    expect(() => compileSchema({ default: new Date() })).toThrow(
      expect.objectContaining({ reason: 'not-json' }),
    );
    expect(() => compileSchema({ properties: { a: { type: 'string', 'x-fn': () => 1 } } })).toThrow(
      /holds a function at \/properties\/a\/x-fn/,
    );
  });
});
