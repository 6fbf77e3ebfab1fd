/**
 * Random tags that keep ids made in different processes apart. Counters
 * (request ids, event ids) are cheap and short, but two processes serving one
 * client count alike; a tag drawn once per table or log, put in front of the
 * counter, makes its ids its own at the cost of one string concat per id.
 */

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Characters in a tag from {@link randomIdTag}: about 52 random bits. */
export const ID_TAG_LENGTH = 10;

/**
 * A random tag of lowercase letters and digits (no separator characters, so
 * it may stand in front of a counter in any id format).
 *
 * @example
 * const prefix = `s-${randomIdTag()}-`;
 * const id = `${prefix}${++counter}`; // "s-k3x9q2m7a1-1"
 */
export function randomIdTag(length = ID_TAG_LENGTH): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
  let tag = '';
  // 256 is not a multiple of 36; the slight skew does not matter for telling processes apart.
  for (const byte of bytes) tag += ALPHABET[byte % ALPHABET.length];
  return tag;
}
