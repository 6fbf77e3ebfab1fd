/**
 * How deeply a JSON text nests, checked before it is parsed.
 *
 * Every layer that walks a message (validation, copies, schema checks, serialization) recurses
 * into it, so a peer could send `[[[[…]]]]` a million levels deep and exhaust the stack far from
 * the transport that let it in. A bound on nesting, checked once on the text, stops it at the
 * door. The scan jumps over string contents with `indexOf`, which is most of a typical
 * message's bytes, so the cost is proportional to its structure, not its text.
 */

/** Default deepest nesting of arrays and objects an inbound message may have. */
export const DEFAULT_MAX_MESSAGE_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * True when `text` nests arrays and objects more than `maxDepth` levels deep (the message object
 * itself is level 1). Text that is not JSON is scanned all the same; the parser judges it after.
 *
 * @example
 * nestsDeeperThan('{"a":[1,{"b":2}]}', 2); // true (3 levels)
 * nestsDeeperThan('{"a":"[[[[["}', 2); // false (brackets in strings do not count)
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) i = closingQuote(text, i);
    else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** The index of the quote closing the string that opens at `open` (or the end of the text). */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}
