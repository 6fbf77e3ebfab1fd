import { describe, expect, it } from 'vitest';
import { assignObject, copyObject } from './copy-object.js';

describe('copyObject', () => {
  it('copies own enumerable string keys into a new object the caller may extend', () => {
    const source = { a: 1, nested: { b: 2 } };
    const out = copyObject(source);
    out.extra = true;
    expect(out).toEqual({ a: 1, nested: { b: 2 }, extra: true });
    expect(source).toEqual({ a: 1, nested: { b: 2 } });
    expect(out.nested).toBe(source.nested);
  });

  it('leaves out inherited and symbol-keyed properties, as JSON does', () => {
    const source = Object.assign(Object.create({ inherited: 1 }), { own: 2, [Symbol('s')]: 3 });
    expect(Reflect.ownKeys(copyObject(source))).toEqual(['own']);
  });

  it('gives an empty object for undefined', () => {
    expect(copyObject(undefined)).toEqual({});
  });
});

describe('assignObject', () => {
  it('overwrites earlier keys and ignores an undefined source', () => {
    const target = { a: '1', b: '2' };
    expect(assignObject(target, { b: '3' })).toBe(target);
    expect(assignObject(target, undefined)).toEqual({ a: '1', b: '3' });
  });
});
