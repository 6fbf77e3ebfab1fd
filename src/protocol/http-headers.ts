/**
 * SEP-2243 request headers for Streamable HTTP (2026-07-28): the standard
 * `Mcp-Method` / `Mcp-Name` headers that mirror the JSON-RPC body, the
 * `Mcp-Param-{Name}` headers a tool's `x-mcp-header` annotations ask for, the
 * `=?base64?…?=` value encoding they share, and the server-side comparison of
 * those headers with the body (a failure is answered with -32020 HeaderMismatch
 * and HTTP 400).
 *
 * Everything here is pure and platform-neutral (no `Buffer`): clients use it to
 * build headers, servers to validate them.
 */
import { HeaderMismatchError } from './errors.js';
import { isObject } from './validation/validator.js';

/**
 * Header carrying the protocol revision of a request; must equal the body's
 * `_meta["io.modelcontextprotocol/protocolVersion"]`.
 *
 * @example
 * headers.set(MCP_PROTOCOL_VERSION_HEADER, '2026-07-28');
 */
export const MCP_PROTOCOL_VERSION_HEADER = 'MCP-Protocol-Version';

/**
 * Header mirroring the body's `method` (every request).
 *
 * @example
 * headers.set(MCP_METHOD_HEADER, 'tools/call');
 */
export const MCP_METHOD_HEADER = 'Mcp-Method';

/**
 * Header mirroring `params.name` (`tools/call`, `prompts/get`) or `params.uri`
 * (`resources/read`), encoded with {@link encodeHeaderValue}.
 *
 * @example
 * headers.set(MCP_NAME_HEADER, encodeHeaderValue('get_weather'));
 */
export const MCP_NAME_HEADER = 'Mcp-Name';

/**
 * Legacy (2025-03-26 to 2025-11-25) session header. A 2026-07-28 server ignores it
 * and never mints or echoes one.
 *
 * @example
 * const legacySession = request.headers.get(MCP_SESSION_ID_HEADER);
 */
export const MCP_SESSION_ID_HEADER = 'Mcp-Session-Id';

/**
 * Prefix of the custom headers declared with `x-mcp-header`: the annotation's
 * value follows it (`Mcp-Param-Region`).
 *
 * @example
 * const name = `${MCP_PARAM_HEADER_PREFIX}Region`; // 'Mcp-Param-Region'
 */
export const MCP_PARAM_HEADER_PREFIX = 'Mcp-Param-';

/**
 * The JSON Schema extension keyword that marks a tool parameter for mirroring.
 *
 * @example
 * const schema = { type: 'string', [X_MCP_HEADER_KEYWORD]: 'Region' };
 */
export const X_MCP_HEADER_KEYWORD = 'x-mcp-header';

/**
 * Opening marker of a Base64-encoded header value (lowercase, case-sensitive).
 *
 * @example
 * value.startsWith(BASE64_SENTINEL_PREFIX);
 */
export const BASE64_SENTINEL_PREFIX = '=?base64?';

/**
 * Closing marker of a Base64-encoded header value.
 *
 * @example
 * value.endsWith(BASE64_SENTINEL_SUFFIX);
 */
export const BASE64_SENTINEL_SUFFIX = '?=';

// --- Base64 (RFC 4648 standard alphabet, strict) without Buffer. `atob` is lenient (whitespace,
// missing padding, leftover bits), so decoding accepts only text that encodes back to itself.

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Strict Base64 decoding: the canonical encoding of some bytes, or undefined. */
function base64Decode(text: string): Uint8Array | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return base64Encode(bytes) === text ? bytes : undefined;
}

// --- Value encoding

/** Whether `text` has the sentinel shape `=?base64?…?=` (the markers may not overlap). */
function hasSentinelShape(text: string): boolean {
  return (
    text.length >= BASE64_SENTINEL_PREFIX.length + BASE64_SENTINEL_SUFFIX.length &&
    text.startsWith(BASE64_SENTINEL_PREFIX) &&
    text.endsWith(BASE64_SENTINEL_SUFFIX)
  );
}

/**
 * Why `value` cannot travel as a plain header value, or undefined when it can.
 * The triggers are the spec's: leading or trailing space or tab; any character
 * outside printable ASCII 0x20-0x7E (so non-ASCII, and every control character
 * including tab, CR, LF, NUL and DEL); or the value itself starting with
 * `=?base64?` and ending with `?=`.
 *
 * @example
 * headerValueEncodingReason('us-west1'); // undefined
 * headerValueEncodingReason(' padded'); // 'leading or trailing whitespace'
 */
export function headerValueEncodingReason(value: string): string | undefined {
  if (/^[ \t]|[ \t]$/.test(value)) return 'leading or trailing whitespace';
  const unprintable = /[^\x20-\x7e]/.exec(value);
  if (unprintable) return unprintable[0].charCodeAt(0) > 0x7f ? 'non-ASCII characters' : 'control characters';
  // Encode whenever both markers are present, even overlapping ones: over-encoding is always safe.
  if (value.startsWith(BASE64_SENTINEL_PREFIX) && value.endsWith(BASE64_SENTINEL_SUFFIX)) {
    return 'looks like the Base64 sentinel';
  }
  return undefined;
}

/**
 * Encodes a value for `Mcp-Name` or `Mcp-Param-{Name}`: returned as is when it is
 * a safe plain header value, otherwise as `=?base64?{Base64 of its UTF-8}?=`.
 * The empty string stays empty (an empty header value).
 *
 * @example
 * encodeHeaderValue('us-west1'); // 'us-west1'
 * encodeHeaderValue('Hello, 世界'); // '=?base64?SGVsbG8sIOS4lueVjA==?='
 * encodeHeaderValue('=?base64?literal?='); // '=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?='
 */
export function encodeHeaderValue(value: string): string {
  if (headerValueEncodingReason(value) === undefined) return value;
  return BASE64_SENTINEL_PREFIX + base64Encode(utf8Encoder.encode(value)) + BASE64_SENTINEL_SUFFIX;
}

/**
 * Result of {@link decodeHeaderValue}.
 *
 * @example
 * const decoded: DecodedHeaderValue = { ok: true, value: 'Hello', encoded: true };
 */
export type DecodedHeaderValue = { ok: true; value: string; encoded: boolean } | { ok: false; error: string };

/**
 * Decodes a received `Mcp-Name` / `Mcp-Param-{Name}` value. Optional whitespace
 * around it is trimmed first (RFC 9110 §5.5). A value wrapped exactly in the
 * lowercase markers is Base64-decoded (strictly: bad padding, characters outside
 * the standard alphabet or invalid UTF-8 are errors); anything else, including
 * `=?BASE64?…?=` or a value missing one marker, is a literal. Characters outside
 * visible ASCII, space and tab are an error. Never throws.
 *
 * @example
 * decodeHeaderValue('=?base64?SGVsbG8=?='); // { ok: true, value: 'Hello', encoded: true }
 * decodeHeaderValue('SGVsbG8='); // { ok: true, value: 'SGVsbG8=', encoded: false }
 * decodeHeaderValue('=?base64?SGVsbG8?='); // { ok: false, error: '...' }
 */
export function decodeHeaderValue(raw: string): DecodedHeaderValue {
  const value = trimOws(raw);
  const code = /[^\t\x20-\x7e]/.exec(value)?.[0].charCodeAt(0);
  if (code !== undefined) {
    return {
      ok: false,
      error: `contains a character not allowed in a header value (U+${code.toString(16).toUpperCase().padStart(4, '0')})`,
    };
  }
  if (!hasSentinelShape(value)) return { ok: true, value, encoded: false };
  const payload = value.slice(BASE64_SENTINEL_PREFIX.length, -BASE64_SENTINEL_SUFFIX.length);
  const bytes = base64Decode(payload);
  if (bytes === undefined) return { ok: false, error: `'${payload}' is not valid Base64` };
  try {
    return { ok: true, value: utf8Decoder.decode(bytes), encoded: true };
  } catch {
    return { ok: false, error: 'the Base64 payload is not valid UTF-8' };
  }
}

/**
 * Result of {@link headerValueForParam}: the header text (not yet encoded), or
 * undefined when the header is to be omitted, with a `reason` when that is
 * because the value cannot be mirrored (rather than absent or `null`).
 *
 * @example
 * const converted: ParamHeaderValue = { value: undefined, reason: '1.5 is not an integer' };
 */
export interface ParamHeaderValue {
  value: string | undefined;
  reason?: string;
}

/**
 * Converts an argument to the text of its `Mcp-Param-*` header (before
 * {@link encodeHeaderValue}): strings as is, safe integers in decimal, booleans
 * as `true`/`false`. `undefined` and `null` mean "omit the header". Other
 * numbers (fractions, beyond ±(2^53−1), NaN, infinities) and other types are
 * omitted too, with a reason.
 *
 * @example
 * headerValueForParam(42); // { value: '42' }
 * headerValueForParam(false); // { value: 'false' }
 * headerValueForParam(null); // { value: undefined }
 * headerValueForParam(2 ** 60); // { value: undefined, reason: '...' }
 */
export function headerValueForParam(value: unknown): ParamHeaderValue {
  if (value === undefined || value === null) return { value: undefined };
  if (typeof value === 'string') return { value };
  if (typeof value === 'boolean') return { value: value ? 'true' : 'false' };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { value: undefined, reason: `${value} is not an integer` };
    if (!Number.isSafeInteger(value)) {
      return { value: undefined, reason: `${value} is outside the safe integer range ±(2^53−1)` };
    }
    return { value: String(value) };
  }
  return {
    value: undefined,
    reason: `a ${Array.isArray(value) ? 'array' : typeof value} cannot be mirrored into a header`,
  };
}

// --- Standard headers

/**
 * Which body field `Mcp-Name` mirrors for `method`: `'name'` for `tools/call` and
 * `prompts/get`, `'uri'` for `resources/read`, `'taskId'` for the tasks
 * extension's `tasks/get`, `tasks/update` and `tasks/cancel` (SEP-2663, so
 * intermediaries can route a task's requests to the instance holding it),
 * undefined for every other method (which carries no `Mcp-Name`).
 *
 * @example
 * nameSourceFor('resources/read'); // 'uri'
 * nameSourceFor('tasks/get'); // 'taskId'
 * nameSourceFor('tools/list'); // undefined
 */
export function nameSourceFor(method: string): 'name' | 'uri' | 'taskId' | undefined {
  if (method === 'tools/call' || method === 'prompts/get') return 'name';
  if (method === 'resources/read') return 'uri';
  if (method === 'tasks/get' || method === 'tasks/update' || method === 'tasks/cancel') return 'taskId';
  return undefined;
}

function ownValue(container: unknown, key: string): unknown {
  return isObject(container) && Object.hasOwn(container, key) ? container[key] : undefined;
}

/**
 * The `Mcp-Name` value for a request, already encoded: `params.name` for
 * `tools/call` and `prompts/get`, `params.uri` for `resources/read`,
 * `params.taskId` for `tasks/get`, `tasks/update` and `tasks/cancel` (the tasks
 * extension). Undefined for other methods or when that field is not a string.
 *
 * @example
 * nameHeaderFor('tools/call', { name: 'get_weather' }); // 'get_weather'
 * nameHeaderFor('tasks/get', { taskId: '9f86d081884c7d65' }); // '9f86d081884c7d65'
 * nameHeaderFor('resources/read', { uri: 'file:///café.txt' }); // '=?base64?ZmlsZTovLy9jYWbDqS50eHQ=?='
 * nameHeaderFor('tools/list', {}); // undefined
 */
export function nameHeaderFor(method: string, params: unknown): string | undefined {
  const source = nameSourceFor(method);
  if (source === undefined) return undefined;
  const value = ownValue(params, source);
  return typeof value === 'string' ? encodeHeaderValue(value) : undefined;
}

// --- x-mcp-header declarations

/**
 * The primitive types an `x-mcp-header` parameter may have.
 *
 * @example
 * const type: ParamHeaderType = 'integer';
 */
export type ParamHeaderType = 'string' | 'integer' | 'boolean';

/**
 * One valid `x-mcp-header` annotation of a tool's `inputSchema`.
 *
 * @example
 * const declaration: ParamHeaderDeclaration = {
 *   name: 'Region',
 *   header: 'Mcp-Param-Region',
 *   path: ['region'],
 *   type: 'string',
 *   pointer: '/properties/region',
 * };
 */
export interface ParamHeaderDeclaration {
  /** The annotation's value, as written: the part after `Mcp-Param-`. */
  name: string;
  /** The full header name, `Mcp-Param-{name}`. */
  header: string;
  /** Property names from the arguments object down to the value. */
  path: string[];
  /** The parameter's declared type (a `"null"` alternative in a type array is allowed and ignored). */
  type: ParamHeaderType;
  /** JSON Pointer to the annotated schema inside `inputSchema`. */
  pointer: string;
}

/**
 * The `x-mcp-header` constraint an annotation breaks:
 * - `must-be-string`: the annotation's value is not a string;
 * - `not-empty`: it is empty;
 * - `charset`: it has characters outside the RFC 9110 token set (`1*tchar`);
 * - `no-control-characters`: it has a control character (also a `charset` breach);
 * - `unique`: another annotation in the schema has the same name, ignoring case;
 * - `primitive-only`: the annotated property's `type` is not exactly one of
 *   `string`, `integer`, `boolean` (`number`, `object`, `array`, `null`, or none at all);
 * - `statically-reachable`: the annotation is not on a property reached from the
 *   root by a chain of `properties` keys only (it sits under `items`, a
 *   composition or conditional keyword, `$defs`, or on the root itself).
 *
 * @example
 * const rule: XMcpHeaderRule = 'unique';
 */
export type XMcpHeaderRule =
  | 'must-be-string'
  | 'not-empty'
  | 'charset'
  | 'no-control-characters'
  | 'unique'
  | 'primitive-only'
  | 'statically-reachable';

/**
 * One broken `x-mcp-header` rule.
 *
 * @example
 * const issue: XMcpHeaderIssue = {
 *   rule: 'charset',
 *   pointer: '/properties/region',
 *   value: 'My Region',
 *   message: "x-mcp-header 'My Region' at /properties/region has characters outside the HTTP token set",
 * };
 */
export interface XMcpHeaderIssue {
  rule: XMcpHeaderRule;
  /** JSON Pointer to the annotated schema inside `inputSchema`. */
  pointer: string;
  /** The annotation's value. */
  value: unknown;
  message: string;
}

/**
 * Result of {@link extractParamHeaders}.
 *
 * @example
 * const result: ParamHeaderExtraction = { ok: true, declarations: [] };
 */
export type ParamHeaderExtraction =
  | { ok: true; declarations: ParamHeaderDeclaration[] }
  | { ok: false; issues: XMcpHeaderIssue[] };

/** A character below U+0020, or DEL. */
const CONTROL_CHARACTER = /[^\x20-\uffff]|\x7f/;
/** RFC 9110 `tchar`. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRIMITIVE_TYPES: readonly string[] = ['string', 'integer', 'boolean'];

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = [
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
];
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
/** Keywords whose value maps names to subschemas (`properties` is handled apart). */
const SCHEMA_MAP_KEYWORDS = ['patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The single primitive type `schema.type` allows (besides `"null"`), or why it has none. */
function primitiveTypeOf(schema: Record<string, unknown>): { type: ParamHeaderType } | { reason: string } {
  const type = schema.type;
  const types: unknown[] | undefined =
    typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  if (types === undefined) return { reason: 'declares no type' };
  const nonNull = types.filter((entry) => entry !== 'null');
  const only = nonNull[0];
  if (nonNull.length === 1 && typeof only === 'string' && PRIMITIVE_TYPES.includes(only)) {
    return { type: only as ParamHeaderType };
  }
  const allowed = '(only string, integer and boolean are allowed)';
  if (nonNull.includes('number')) return { reason: `has type 'number' ${allowed}` };
  return { reason: `has type ${JSON.stringify(type)} ${allowed}` };
}

/**
 * Whether `x-mcp-header` appears as a key anywhere in `node`, data positions included (a false
 * "yes" only costs the full walk). Too deep to tell quickly (or cyclic) counts as "yes".
 */
function mayMentionHeaderKeyword(node: unknown, depth: number): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (depth > 32) return true;
  if (Array.isArray(node)) {
    for (const item of node) if (mayMentionHeaderKeyword(item, depth + 1)) return true;
    return false;
  }
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    if (key === X_MCP_HEADER_KEYWORD) return true;
    if (mayMentionHeaderKeyword((node as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

interface WalkFrame {
  node: unknown;
  pointer: string;
  /** Property path when the node is statically reachable from the root; undefined when not. */
  path: string[] | undefined;
}

/**
 * Finds and checks a tool's `x-mcp-header` annotations. Returns the declarations
 * when every annotation is valid, otherwise every broken rule (a client on
 * Streamable HTTP then leaves the tool out of its `tools/list` result). Walks the
 * schema without recursion, so deep or cyclic (in-memory) schemas are safe.
 * Only real schema positions are searched: `x-mcp-header` inside `const`,
 * `enum`, `default` or `examples` data, or a property that is merely *named*
 * `x-mcp-header`, is not an annotation.
 *
 * @example
 * extractParamHeaders({
 *   type: 'object',
 *   properties: { region: { type: 'string', 'x-mcp-header': 'Region' } },
 * });
 * // { ok: true, declarations: [{ name: 'Region', header: 'Mcp-Param-Region', path: ['region'], type: 'string', pointer: '/properties/region' }] }
 *
 * extractParamHeaders({ type: 'object', properties: { n: { type: 'number', 'x-mcp-header': 'N' } } });
 * // { ok: false, issues: [{ rule: 'primitive-only', ... }] }
 */
export function extractParamHeaders(inputSchema: unknown): ParamHeaderExtraction {
  // Most tools declare no header: one quick look for the keyword anywhere spares them the walk.
  if (!mayMentionHeaderKeyword(inputSchema, 0)) return { ok: true, declarations: [] };
  const declarations: ParamHeaderDeclaration[] = [];
  const issues: XMcpHeaderIssue[] = [];
  const issue = (rule: XMcpHeaderRule, pointer: string, value: unknown, problem: string) =>
    issues.push({
      rule,
      pointer,
      value,
      message: `x-mcp-header ${quote(value)} at ${pointer || '/'} ${problem}`,
    });

  // Depth-first, without recursion. `ancestors` holds the reachable nodes on the
  // current path (cycle guard); unreachable subtrees are each searched once.
  const stack: (WalkFrame | { exit: object })[] = [{ node: inputSchema, pointer: '', path: [] }];
  const ancestors = new Set<object>();
  const searchedUnreachable = new WeakSet<object>();
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('exit' in frame) {
      ancestors.delete(frame.exit);
      continue;
    }
    const { node, pointer, path } = frame;
    if (!isObject(node)) continue;
    if (path === undefined) {
      if (searchedUnreachable.has(node)) continue;
      searchedUnreachable.add(node);
    } else {
      if (ancestors.has(node)) continue;
      ancestors.add(node);
      stack.push({ exit: node });
    }

    if (Object.hasOwn(node, X_MCP_HEADER_KEYWORD)) {
      const value = node[X_MCP_HEADER_KEYWORD];
      const found = issues.length;
      const breaks = (rule: XMcpHeaderRule, problem: string) => issue(rule, pointer, value, problem);
      if (path === undefined) {
        breaks('statically-reachable', 'is not reachable from the schema root through `properties` alone');
      } else if (path.length === 0) {
        breaks('statically-reachable', 'is on the schema root, not on a property');
      }
      if (typeof value !== 'string') breaks('must-be-string', 'is not a string');
      else if (value === '') breaks('not-empty', 'is empty');
      else {
        if (CONTROL_CHARACTER.test(value)) breaks('no-control-characters', 'contains control characters');
        if (!TOKEN.test(value)) {
          breaks('charset', 'has characters outside the HTTP token set (RFC 9110 tchar)');
        }
      }
      const primitive = primitiveTypeOf(node);
      if ('reason' in primitive) breaks('primitive-only', `is on a property that ${primitive.reason}`);
      else if (issues.length === found && path !== undefined && typeof value === 'string') {
        declarations.push({
          name: value,
          header: MCP_PARAM_HEADER_PREFIX + value,
          path,
          type: primitive.type,
          pointer,
        });
      }
    }

    // Children, pushed in reverse so they are visited in document order.
    const children: WalkFrame[] = [];
    const child = (node: unknown, step: string, childPath?: string[]) => {
      children.push({ node, pointer: `${pointer}/${step}`, path: childPath });
    };
    if (isObject(node.properties)) {
      for (const [key, value] of Object.entries(node.properties)) {
        child(value, `properties/${escapePointer(key)}`, path && [...path, key]);
      }
    }
    for (const keyword of SCHEMA_KEYWORDS) if (isObject(node[keyword])) child(node[keyword], keyword);
    for (const keyword of SCHEMA_ARRAY_KEYWORDS) {
      const list = node[keyword];
      if (Array.isArray(list)) for (const [index, item] of list.entries()) child(item, `${keyword}/${index}`);
    }
    for (const keyword of SCHEMA_MAP_KEYWORDS) {
      const map = node[keyword];
      if (!isObject(map)) continue;
      for (const [key, value] of Object.entries(map)) child(value, `${keyword}/${escapePointer(key)}`);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }

  // Case-insensitive uniqueness, over every valid-looking name (also ones rejected for other reasons).
  const byName = new Map<string, string>();
  const counted = new Set<string>();
  for (const { value, pointer } of [
    ...declarations.map((d) => ({ value: d.name, pointer: d.pointer })),
    ...issues,
  ]) {
    if (typeof value !== 'string' || value === '' || counted.has(pointer)) continue;
    counted.add(pointer); // one schema can carry several issues; count it once
    const first = byName.get(value.toLowerCase());
    if (first === undefined) byName.set(value.toLowerCase(), pointer);
    else
      issue(
        'unique',
        pointer,
        value,
        `duplicates the x-mcp-header at ${first || '/'} (names are case-insensitive)`,
      );
  }

  return issues.length === 0 ? { ok: true, declarations } : { ok: false, issues };
}

/**
 * The value at `path` in `args` (own properties only), or undefined when any step
 * is missing or not an object.
 */
function valueAtPath(args: unknown, path: readonly string[]): unknown {
  let current: unknown = args;
  for (const key of path) {
    current = ownValue(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * The `Mcp-Param-{Name}` headers a client sends with a `tools/call` whose
 * arguments are `args`, for a tool whose declarations came from
 * {@link extractParamHeaders}. Values are converted with
 * {@link headerValueForParam} and encoded with {@link encodeHeaderValue};
 * arguments that are absent, `null` or not mirrorable are left out.
 *
 * @example
 * const extraction = extractParamHeaders(tool.inputSchema);
 * if (extraction.ok) {
 *   paramHeadersFor(extraction.declarations, { region: 'us-west1', query: 'SELECT 1' });
 *   // { 'Mcp-Param-Region': 'us-west1' }
 * }
 */
export function paramHeadersFor(
  declarations: readonly ParamHeaderDeclaration[],
  args: unknown,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const declaration of declarations) {
    const { value } = headerValueForParam(valueAtPath(args, declaration.path));
    if (value !== undefined) headers[declaration.header] = encodeHeaderValue(value);
  }
  return headers;
}

/**
 * Options of {@link requestHeadersFor}.
 *
 * @example
 * const options: RequestHeadersOptions = { protocolVersion: '2026-07-28' };
 */
export interface RequestHeadersOptions {
  /** Adds `MCP-Protocol-Version` with this value. */
  protocolVersion?: string;
  /** The called tool's declarations; used for `tools/call` only. */
  paramHeaders?: readonly ParamHeaderDeclaration[];
}

/**
 * Every SEP-2243 header for one outbound request: `MCP-Protocol-Version` (when
 * given), `Mcp-Method`, `Mcp-Name` where the method has one, and for `tools/call`
 * the `Mcp-Param-*` headers of the given declarations.
 *
 * @example
 * requestHeadersFor(
 *   { method: 'tools/call', params: { name: 'execute_sql', arguments: { region: 'us-west1' } } },
 *   { protocolVersion: '2026-07-28', paramHeaders: declarations },
 * );
 * // { 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/call', 'Mcp-Name': 'execute_sql', 'Mcp-Param-Region': 'us-west1' }
 */
export function requestHeadersFor(
  message: { method: string; params?: unknown },
  options: RequestHeadersOptions = {},
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.protocolVersion !== undefined) headers[MCP_PROTOCOL_VERSION_HEADER] = options.protocolVersion;
  headers[MCP_METHOD_HEADER] = message.method;
  const name = nameHeaderFor(message.method, message.params);
  if (name !== undefined) headers[MCP_NAME_HEADER] = name;
  if (message.method === 'tools/call' && options.paramHeaders) {
    Object.assign(headers, paramHeadersFor(options.paramHeaders, ownValue(message.params, 'arguments')));
  }
  return headers;
}

// --- Server-side validation

/**
 * Request headers in any of the usual shapes: a Fetch `Headers`, Node's
 * `IncomingHttpHeaders`, or a plain record (names matched case-insensitively).
 *
 * @example
 * const fromFetch: HeaderSource = request.headers;
 * const fromRecord: HeaderSource = { 'mcp-method': 'tools/list' };
 */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Reads one header from a {@link HeaderSource}, matching its name
 * case-insensitively. Repeated headers are joined with `, ` as HTTP does.
 * Undefined when absent.
 *
 * @example
 * getHeader({ 'MCP-METHOD': 'tools/list' }, 'Mcp-Method'); // 'tools/list'
 * getHeader(new Headers({ 'mcp-name': 'x' }), 'Mcp-Name'); // 'x'
 */
export function getHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const wanted = name.toLowerCase();
  const found: string[] = [];
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = record[key];
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) found.push(...(value as readonly string[]));
  }
  return found.length === 0 ? undefined : found.join(', ');
}

/**
 * One problem {@link checkRequestHeaders} found:
 * - `missing`: the body has a value the header must mirror, and the header is absent;
 * - `mismatch`: the header (after decoding) differs from the body, or is present
 *   while the body has no value for it;
 * - `invalid`: the header has characters a header value may not have, or a broken
 *   Base64 sentinel.
 *
 * @example
 * const problem: HeaderProblem = {
 *   header: 'Mcp-Name',
 *   kind: 'mismatch',
 *   message: "Mcp-Name header value 'foo' does not match body value 'bar'",
 * };
 */
export interface HeaderProblem {
  /** The header's canonical name (`Mcp-Method`, `Mcp-Name`, `Mcp-Param-Region`). */
  header: string;
  kind: 'missing' | 'mismatch' | 'invalid';
  message: string;
}

/**
 * Result of {@link checkRequestHeaders}. On failure, `error` is the -32020
 * HeaderMismatch error to answer with (its `data.problems` lists every problem)
 * and `httpStatus` is 400.
 *
 * @example
 * const result: HeaderCheckResult = { ok: true };
 */
export type HeaderCheckResult =
  | { ok: true }
  | { ok: false; problems: HeaderProblem[]; error: HeaderMismatchError; httpStatus: 400 };

/**
 * Options of {@link checkRequestHeaders}.
 *
 * @example
 * const options: HeaderCheckOptions = { paramHeaders: declarationsByTool.get(name) };
 */
export interface HeaderCheckOptions {
  /**
   * For `tools/call`: the declarations of the tool the body names (from
   * {@link extractParamHeaders} on the server's own definition). Omit for an
   * unknown tool; `Mcp-Param-*` headers nobody declared are ignored.
   */
  paramHeaders?: readonly ParamHeaderDeclaration[];
}

/** OWS-trimmed header text. */
function trimOws(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

const DECIMAL_NUMBER = /^[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** Whether a decoded header text stands for the body value (numbers compared numerically). */
function sameValue(headerText: string, bodyValue: unknown): boolean {
  if (typeof bodyValue === 'string') return headerText === bodyValue;
  if (typeof bodyValue === 'boolean') return headerText === (bodyValue ? 'true' : 'false');
  if (typeof bodyValue === 'number') {
    return DECIMAL_NUMBER.test(headerText) && Number(headerText) === bodyValue;
  }
  return false;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

/**
 * Server-side SEP-2243 check of one request's `Mcp-Method`, `Mcp-Name` and
 * `Mcp-Param-*` headers against its JSON-RPC body. Header names are matched
 * case-insensitively, values case-sensitively after trimming optional
 * whitespace; `Mcp-Name` and `Mcp-Param-*` values are Base64-decoded when they
 * carry the sentinel (`Mcp-Method` never is). Rejected, as -32020 with HTTP 400:
 * - `Mcp-Method` missing (on a request; on a notification it is only compared
 *   when present) or not equal to `method`;
 * - for `tools/call` / `prompts/get` / `resources/read`, `Mcp-Name` missing while
 *   the body has the name / uri, or not equal to it;
 * - for `tools/call` with `paramHeaders`, a declared header missing while the
 *   body has a mirrorable value at its path (a `null` or absent value needs no
 *   header), present while the body has none, or not equal to the body value
 *   (integers compared numerically, so `42.0` equals `42`);
 * - any of these headers with characters outside visible ASCII, space and tab,
 *   or an invalid Base64 payload.
 *
 * The `MCP-Protocol-Version` header is not checked here (see the request gate).
 * A body lacking the field a header mirrors (say `tools/call` without a `name`)
 * is left to params validation unless a header claims a value for it.
 *
 * @example
 * const result = checkRequestHeaders(request.headers, body, { paramHeaders: tool?.paramHeaders });
 * if (!result.ok) return reply(result.httpStatus, { jsonrpc: '2.0', id: body.id, error: result.error.toJSON() });
 */
export function checkRequestHeaders(
  headers: HeaderSource,
  message: { method: string; params?: unknown; id?: unknown },
  options: HeaderCheckOptions = {},
): HeaderCheckResult {
  const problems: HeaderProblem[] = [];
  const report: Report = (header, kind, text) => problems.push({ header, kind, message: text });

  const methodHeader = getHeader(headers, MCP_METHOD_HEADER);
  const method = methodHeader === undefined ? undefined : trimOws(methodHeader);
  if (method === undefined) {
    if (message.id !== undefined) {
      report(
        MCP_METHOD_HEADER,
        'missing',
        `required ${MCP_METHOD_HEADER} header is missing (body method '${message.method}')`,
      );
    }
  } else if (method !== message.method) {
    report(
      MCP_METHOD_HEADER,
      'mismatch',
      `${MCP_METHOD_HEADER} header value '${method}' does not match body value '${message.method}'`,
    );
  }

  const source = nameSourceFor(message.method);
  if (source !== undefined) {
    const bodyName = ownValue(message.params, source);
    checkMirrored(report, headers, MCP_NAME_HEADER, typeof bodyName === 'string' ? bodyName : undefined);
  }

  if (message.method === 'tools/call' && options.paramHeaders) {
    const args = ownValue(message.params, 'arguments');
    for (const { header, path } of options.paramHeaders) {
      checkMirrored(report, headers, header, valueAtPath(args, path));
    }
  }

  if (problems.length === 0) return { ok: true };
  const error = new HeaderMismatchError(`Header mismatch: ${problems.map((p) => p.message).join('; ')}`, {
    problems,
  });
  return { ok: false, problems, error, httpStatus: 400 };
}

type Report = (header: string, kind: HeaderProblem['kind'], message: string) => void;

/** Compares one mirrored header (Mcp-Name or Mcp-Param-*) with its body value. */
function checkMirrored(report: Report, headers: HeaderSource, header: string, bodyValue: unknown) {
  const raw = getHeader(headers, header);
  const present = bodyValue !== undefined && bodyValue !== null;
  if (raw === undefined) {
    // Missing is an error only when a conforming client would have sent the header.
    if (present && headerValueForParam(bodyValue).value !== undefined) {
      report(header, 'missing', `${header} header is missing but the body has ${quote(bodyValue)}`);
    }
    return;
  }
  const decoded = decodeHeaderValue(raw);
  if (!decoded.ok) report(header, 'invalid', `${header} header value is invalid: ${decoded.error}`);
  else if (!present) {
    report(
      header,
      'mismatch',
      `${header} header value '${decoded.value}' has no corresponding value in the body`,
    );
  } else if (!sameValue(decoded.value, bodyValue)) {
    report(
      header,
      'mismatch',
      `${header} header value '${decoded.value}' does not match body value ${quote(bodyValue)}`,
    );
  }
}
