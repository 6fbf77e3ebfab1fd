/**
 * Canonical JSON: one text per JSON value, so two processes that received the
 * same params (in any key order, with any whitespace) compute the same digest.
 *
 * Rules: object keys sorted by UTF-16 code units (what `Array.prototype.sort`
 * does), no whitespace, strings and numbers written as `JSON.stringify` writes
 * them. As in `JSON.stringify`, `toJSON` is honoured, properties whose value is
 * `undefined` (or a function or symbol) are left out and such values inside
 * arrays become `null`. Values JSON cannot carry faithfully are refused with a
 * `TypeError`: `NaN`, `Infinity`, `bigint`, cycles, and nesting deeper than
 * {@link MAX_CANONICAL_JSON_DEPTH}.
 */
import { encodeBase64Url } from './base64url.js';

/** Deepest nesting {@link canonicalJson} accepts (params are usually a few levels deep). */
const MAX_CANONICAL_JSON_DEPTH = 128;

/**
 * The request params that are not part of what a request *is*: per-request
 * metadata and the MRTR retry fields. They are left out of the params digest,
 * so a retry (which adds them, with a fresh `_meta`) matches the original.
 */
const UNBOUND_PARAM_KEYS: readonly string[] = ['_meta', 'inputResponses', 'requestState'];

/**
 * Serializes a JSON value canonically: sorted keys, no whitespace.
 *
 * @example
 * canonicalJson({ b: [1, { d: true, c: null }], a: 'x' }); // '{"a":"x","b":[1,{"c":null,"d":true}]}'
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, 0, new Set());
  if (text === undefined)
    throw new TypeError('canonicalJson: the value has no JSON form (undefined, a function or a symbol)');
  return text;
}

function write(value: unknown, depth: number, ancestors: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError('canonicalJson: bigint has no JSON form');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  const object = value as { toJSON?: unknown };
  if (typeof object.toJSON === 'function') return write((object.toJSON as () => unknown)(), depth, ancestors);
  if (depth >= MAX_CANONICAL_JSON_DEPTH) {
    throw new TypeError(`canonicalJson: nesting deeper than ${MAX_CANONICAL_JSON_DEPTH} levels`);
  }
  if (ancestors.has(object)) throw new TypeError('canonicalJson: the value contains a cycle');
  ancestors.add(object);
  let out: string;
  if (Array.isArray(object)) {
    const items: string[] = [];
    for (const item of object) items.push(write(item, depth + 1, ancestors) ?? 'null');
    out = `[${items.join(',')}]`;
  } else {
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = write(record[key], depth + 1, ancestors);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    out = `{${members.join(',')}}`;
  }
  ancestors.delete(object);
  return out;
}

const encoder = new TextEncoder();

/**
 * SHA-256 (Web Crypto) of a string's UTF-8 bytes, as unpadded base64url (43 characters).
 *
 * @example
 * await sha256Base64Url('abc'); // 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0'
 */
export async function sha256Base64Url(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
  return encodeBase64Url(new Uint8Array(digest));
}

/**
 * Digest of what a request asks for: SHA-256 of the canonical JSON of its
 * params without the top-level {@link UNBOUND_PARAM_KEYS} (`_meta`,
 * `inputResponses`, `requestState`). Absent params and `{}` digest alike.
 * Nested `_meta` keys (inside tool arguments, say) are data and do count.
 *
 * @example
 * const a = await digestRequestParams({ name: 'forecast', arguments: { city: 'Paris' } });
 * const b = await digestRequestParams({ arguments: { city: 'Paris' }, name: 'forecast', requestState: 'x' });
 * a === b; // true
 */
export async function digestRequestParams(params: unknown): Promise<string> {
  let salient: unknown = params ?? {};
  if (typeof salient === 'object' && salient !== null && !Array.isArray(salient)) {
    const copy: Record<string, unknown> = { ...(salient as Record<string, unknown>) };
    for (const key of UNBOUND_PARAM_KEYS) delete copy[key];
    salient = copy;
  }
  return sha256Base64Url(canonicalJson(salient));
}

/**
 * A fast, synchronous, non-cryptographic 64-bit fingerprint (FNV-1a over the
 * UTF-8 bytes) as 16 hex digits. Used only to notice that a handler asked
 * something different on replay; the value it is compared with sits inside
 * authenticated state, so it needs no resistance to deliberate collisions.
 *
 * @example
 * fingerprint64('a'); // 'af63dc4c8601ec8c'
 */
export function fingerprint64(text: string): string {
  // 64-bit FNV-1a on two 32-bit halves. The prime is 2^40 + 0x1b3, so
  // h * prime = h * 0x1b3 + (h << 40); every partial product stays below 2^53.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of encoder.encode(text)) {
    lo = (lo ^ byte) >>> 0;
    const low = lo * 0x1b3;
    hi = (hi * 0x1b3 + lo * 0x100 + Math.floor(low / 0x100000000)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
