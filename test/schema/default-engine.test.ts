/**
 * compileSchema's default engine: the built-in one with Ajv behind it, cached apart from an
 * explicitly passed ajvEngine.
 */
import { describe, expect, it } from 'vitest';
import { ajvEngine, compileCount, compileSchema, defaultEngine } from '../../src/schema/index.js';

describe('the default engine in compileSchema', () => {
  it('is defaultEngine; ajvEngine, passed explicitly, compiles separately and gives the same issues', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
    const before = compileCount();
    const byDefault = compileSchema(schema);
    expect(compileSchema(schema, { engine: defaultEngine })).toBe(byDefault);
    const byAjv = compileSchema(schema, { engine: ajvEngine });
    expect(byAjv).not.toBe(byDefault);
    expect(compileCount() - before).toBe(2);
    expect(byDefault.validate({ n: 1.5 })).toEqual(byAjv.validate({ n: 1.5 }));
    expect(byDefault.validate({ n: 1.5 })).toEqual({
      ok: false,
      issues: [{ path: '/n', message: 'must be integer', keyword: 'type' }],
    });
  });
});
