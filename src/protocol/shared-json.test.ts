import { describe, expect, it } from 'vitest';
import { sharedFrozenJson } from './shared-json.js';

describe('sharedFrozenJson', () => {
  it('gives equal data one frozen copy, whoever received it', () => {
    const received = () =>
      JSON.parse('{"tools":[{"name":"echo","inputSchema":{"type":"object"}}],"ttlMs":60000}');
    const first = sharedFrozenJson(received());
    const second = sharedFrozenJson(received());
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.tools[0].inputSchema)).toBe(true);
  });

  it('never shares data that differs, in a value, a type or the order of members', () => {
    const base = sharedFrozenJson({ a: 1, b: [true, null, 'x'] });
    expect(sharedFrozenJson({ a: 1, b: [true, null, 'y'] })).not.toBe(base);
    expect(sharedFrozenJson({ a: '1', b: [true, null, 'x'] })).not.toBe(base);
    expect(sharedFrozenJson({ b: [true, null, 'x'], a: 1 })).not.toBe(base);
    expect(sharedFrozenJson({ a: 1, b: [true, null, 'x'], c: 0 })).not.toBe(base);
    expect(sharedFrozenJson({ a: 1, b: [true, null, 'x'] })).toBe(base);
  });

  it('copies: a later change to what was given reaches neither the copy nor the next caller', () => {
    const given = { list: [{ name: 'a' }] };
    const shared = sharedFrozenJson(given);
    given.list[0]!.name = 'changed';
    expect(shared.list[0]!.name).toBe('a');
    expect(sharedFrozenJson({ list: [{ name: 'a' }] })).toBe(shared);
  });

  it('keeps a "__proto__" member as data', () => {
    const shared = sharedFrozenJson(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.hasOwn(shared, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('passes values that are not objects through', () => {
    expect(sharedFrozenJson('text')).toBe('text');
    expect(sharedFrozenJson(null)).toBe(null);
  });
});
