import { describe, expect, it } from 'vitest';
import { decodeBase64Loose, decodeBase64Url, encodeBase64Url } from './base64url.js';
import { canonicalJson, digestRequestParams, fingerprint64 } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: [1, { d: true, c: null }], a: 'x' })).toBe(
      '{"a":"x","b":[1,{"c":null,"d":true}]}',
    );
    expect(canonicalJson({ z: 1, a: { y: 2, b: 3 } })).toBe(canonicalJson({ a: { b: 3, y: 2 }, z: 1 }));
  });

  it('writes strings and numbers as JSON does, keys by code unit order', () => {
    expect(canonicalJson({ é: 'é\n"', B: 1, a: -0, c: 1e21 })).toBe('{"B":1,"a":0,"c":1e+21,"é":"é\\n\\""}');
  });

  it('leaves out undefined members and writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson(1n)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
    let deep: unknown = 0;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/deeper/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

describe('digestRequestParams', () => {
  const params = { name: 'forecast', arguments: { city: 'Paris', days: 3 } };

  it('ignores key order and the top-level _meta, inputResponses and requestState', async () => {
    const base = await digestRequestParams(params);
    expect(base).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const retry = {
      arguments: { days: 3, city: 'Paris' },
      name: 'forecast',
      _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' },
      inputResponses: { e0: { action: 'accept' } },
      requestState: 'mrtr1.x.y',
    };
    expect(await digestRequestParams(retry)).toBe(base);
  });

  it('changes with any salient param, including a nested _meta', async () => {
    const base = await digestRequestParams(params);
    expect(await digestRequestParams({ ...params, name: 'forecast2' })).not.toBe(base);
    expect(await digestRequestParams({ ...params, arguments: { city: 'Paris', days: 4 } })).not.toBe(base);
    expect(await digestRequestParams({ ...params, arguments: { ...params.arguments, _meta: {} } })).not.toBe(
      base,
    );
  });

  it('treats absent params as {}', async () => {
    expect(await digestRequestParams(undefined)).toBe(await digestRequestParams({}));
  });
});

describe('fingerprint64', () => {
  it('is 64-bit FNV-1a', () => {
    expect(fingerprint64('')).toBe('cbf29ce484222325');
    expect(fingerprint64('a')).toBe('af63dc4c8601ec8c');
    expect(fingerprint64('foobar')).toBe('85944171f73967e8');
  });
});

describe('base64url', () => {
  it('round-trips every length and matches the RFC 4648 alphabet', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(n));
      const text = encodeBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(text.length).toBe(Math.ceil((n * 4) / 3));
      expect(decodeBase64Url(text)).toEqual(bytes);
    }
    expect(encodeBase64Url(new Uint8Array([251, 255]))).toBe('-_8');
    expect(encodeBase64Url(new TextEncoder().encode('foobar'))).toBe('Zm9vYmFy');
  });

  it('refuses anything but the one canonical encoding', () => {
    expect(decodeBase64Url('-_9')).toBeUndefined(); // leftover bits
    expect(decodeBase64Url('Zm8=')).toBeUndefined(); // padding
    expect(decodeBase64Url('Zm+v')).toBeUndefined(); // standard alphabet
    expect(decodeBase64Url('Zm9vY')).toBeUndefined(); // impossible length
    expect(decodeBase64Url('Zm9v\u00e9')).toBeUndefined();
  });

  it('decodes secrets loosely: either alphabet, optional padding, whitespace', () => {
    expect(decodeBase64Loose(' +/8=\n')).toEqual(new Uint8Array([251, 255]));
    expect(decodeBase64Loose('-_8')).toEqual(new Uint8Array([251, 255]));
    expect(decodeBase64Loose('+_8')).toBeUndefined();
  });
});
