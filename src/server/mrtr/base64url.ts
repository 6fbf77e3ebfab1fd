/**
 * Base64url without padding, written out so the MRTR code needs no `Buffer`
 * and runs on any runtime. Decoding is strict: one string has exactly one
 * decoding and one byte string exactly one encoding, so a changed character
 * can never decode to the same bytes (that would let an edited token pass).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/**
 * Encodes bytes as base64url (RFC 4648 §5) without `=` padding.
 *
 * @example
 * encodeBase64Url(new Uint8Array([251, 255])); // '-_8'
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const v = bytes[full]!;
    out += ALPHABET[v >> 2]! + ALPHABET[(v & 3) << 4]!;
  } else if (rest === 2) {
    const v = (bytes[full]! << 8) | bytes[full + 1]!;
    out += ALPHABET[v >> 10]! + ALPHABET[(v >> 4) & 63]! + ALPHABET[(v & 15) << 2]!;
  }
  return out;
}

/**
 * Decodes unpadded base64url, or returns `undefined` for anything that is not
 * the canonical encoding of some bytes: padding, characters outside the
 * alphabet, an impossible length, or non-zero leftover bits in the last
 * character.
 *
 * @example
 * decodeBase64Url('-_8'); // Uint8Array [251, 255]
 * decodeBase64Url('-_9'); // undefined (leftover bits set)
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  const n = text.length;
  if (n % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE_TABLE[code]! : -1;
    if (value < 0) return undefined;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
      buffer &= (1 << bits) - 1;
    }
  }
  return buffer === 0 ? out : undefined;
}

/**
 * Decodes a secret typed by a person or read from configuration: base64 or
 * base64url, padding optional, surrounding whitespace ignored. Returns
 * `undefined` when the text is neither.
 *
 * @example
 * decodeBase64Loose('+/8=\n'); // Uint8Array [251, 255]
 */
export function decodeBase64Loose(text: string): Uint8Array<ArrayBuffer> | undefined {
  const trimmed = text.trim().replace(/={1,2}$/, '');
  if (/[+/]/.test(trimmed) && /[-_]/.test(trimmed)) return undefined;
  return decodeBase64Url(trimmed.replace(/\+/g, '-').replace(/\//g, '_'));
}
