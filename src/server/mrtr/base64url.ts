/**
 * Base64url without padding, on `btoa`/`atob` so the MRTR code needs no `Buffer`.
 * Decoding is strict: one string has exactly one decoding and one byte string
 * exactly one encoding, so a changed character can never decode to the same
 * bytes (that would let an edited token pass).
 */

/**
 * Encodes bytes as base64url (RFC 4648 §5) without `=` padding.
 *
 * @example
 * encodeBase64Url(new Uint8Array([251, 255])); // '-_8'
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes unpadded base64url, or returns `undefined` for anything that is not
 * the canonical encoding of some bytes: padding, characters outside the
 * alphabet, an impossible length, or non-zero leftover bits in the last
 * character (`atob` is lenient, so the bytes must encode back to `text`).
 *
 * @example
 * decodeBase64Url('-_8'); // Uint8Array [251, 255]
 * decodeBase64Url('-_9'); // undefined (leftover bits set)
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[\w-]*$/.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return encodeBase64Url(bytes) === text ? bytes : undefined;
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
