/**
 * Request ids that a JavaScript number cannot hold.
 *
 * `JSON.parse` reads every number as a double, so `9007199254740993` (2^53 + 1) becomes
 * 9007199254740992 and the answer would name another request. JSON-RPC requires the
 * response to carry the id exactly as sent, so when a parsed id is an integer beyond
 * `Number.MAX_SAFE_INTEGER` its digits are read back from the text. This only runs when
 * the parsed id is such a number: the ordinary path never scans the text twice.
 */

/** How an integer id beyond the safe range must be written to be kept exactly: plain digits. */
const PLAIN_INTEGER = /^-?(0|[1-9][0-9]*)$/;

/**
 * The text of the top-level `"id"` member of a JSON object text (the last one, as
 * `JSON.parse` keeps the last of duplicate keys), or undefined when there is none or the
 * text is not an object. The text must already have parsed as JSON.
 *
 * @example
 * topLevelIdText('{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}'); // '9007199254740993'
 * topLevelIdText('{"params":{"id":1},"id":"a"}'); // '"a"'
 */
export function topLevelIdText(text: string): string | undefined {
  return topLevelMemberText(text, 'id');
}

/**
 * The text of the top-level member `name` of a JSON object text (the last one), or undefined.
 * A container value reads as `''`: only scalars are returned. Linear in the text, whatever its
 * nesting, so it can read a message too deep to parse safely.
 *
 * @example
 * topLevelMemberText('{"method":"ping","id":3}', 'method'); // '"ping"'
 */
export function topLevelMemberText(text: string, name: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) {
      const end = stringEnd(text, i);
      if (depth === 1 && isKey(text, end) && keyIs(text.slice(i, end), name)) {
        const start = skipSpace(text, nextAfterColon(text, end));
        const valueEnd = scalarEnd(text, start);
        found = text.slice(start, valueEnd);
        i = valueEnd;
        continue;
      }
      i = end;
      continue;
    }
    if (char === OPEN_BRACE || char === OPEN_BRACKET) depth++;
    else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth--;
    i++;
  }
  return found;
}

/**
 * The exact form of an integer id beyond the safe range: its digits as a string, read
 * from `text`. Undefined when the id as written is not an integer in plain digits (`1e20`,
 * `9007199254740993.5`): such an id cannot be echoed exactly, so it is refused.
 *
 * @example
 * exactIntegerId('{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}'); // '9007199254740993'
 */
export function exactIntegerId(text: string): string | undefined {
  const written = topLevelIdText(text);
  return written !== undefined && PLAIN_INTEGER.test(written) ? written : undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The index just after the string starting at `start` (a quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const char = text.charCodeAt(i);
    if (char === BACKSLASH) i += 2;
    else if (char === QUOTE) return i + 1;
    else i++;
  }
  return i;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** A string followed by a colon is a member name. */
function isKey(text: string, afterString: number): boolean {
  return text.charCodeAt(skipSpace(text, afterString)) === COLON;
}

function nextAfterColon(text: string, afterString: number): number {
  return skipSpace(text, afterString) + 1;
}

/** Compares a quoted member name with `name`, escapes included (`"\u0069d"` is `id`). */
function keyIs(quoted: string, name: string): boolean {
  if (quoted === `"${name}"`) return true;
  return quoted.includes('\\') && JSON.parse(quoted) === name;
}

/** The end of a scalar value (number, string, literal) starting at `start`; a container ends at once. */
function scalarEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return start;
  let i = start;
  while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
  return i;
}
