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

  it("keeps a peer's own __proto__ key a plain property instead of setting the prototype", () => {
    const source = JSON.parse('{"content":[],"__proto__":{"resultType":"weird"}}');
    const out = copyObject(source);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.resultType).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"content":[],"__proto__":{"resultType":"weird"}}');
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
