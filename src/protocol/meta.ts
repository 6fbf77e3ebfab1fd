/**
 * Reserved `_meta` keys. Only these names are protocol facts; everything else in
 * `_meta` belongs to the application and passes through untouched.
 */

/** The prefix MCP reserves for its own `_meta` keys. */
export const MCP_META_PREFIX = 'io.modelcontextprotocol/';

/** Request `_meta`: the revision this request speaks (modern requests only; required). */
export const META_PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion';
/** Request `_meta`: who the client is (optional, self-reported). */
export const META_CLIENT_INFO = 'io.modelcontextprotocol/clientInfo';
/** Request `_meta`: what the client can do, for this request only (required; `{}` means nothing optional). */
export const META_CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
/** Request `_meta`: opt this request into `notifications/message` at or above this level. */
export const META_LOG_LEVEL = 'io.modelcontextprotocol/logLevel';
/** Result `_meta`: who the server is (self-reported). */
export const META_SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
/** Notification `_meta`: the id of the `subscriptions/listen` request a notification belongs to. */
export const META_SUBSCRIPTION_ID = 'io.modelcontextprotocol/subscriptionId';
/** W3C trace context carried in `_meta` (SEP-414). */
export const META_TRACEPARENT = 'traceparent';
/** W3C trace context vendor state (SEP-414). */
export const META_TRACESTATE = 'tracestate';
/** W3C baggage (SEP-414). */
export const META_BAGGAGE = 'baggage';
/** Request `_meta`: opt into `notifications/progress` for this request. */
export const META_PROGRESS_TOKEN = 'progressToken';

const PREFIX_LABEL = /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)?$/;

/**
 * Checks a `_meta` key against the spec's syntax: an optional dotted prefix of
 * labels ending in `/`, then a name.
 *
 * @example
 * isValidMetaKey('com.example/trace'); // true
 * isValidMetaKey('-bad'); // false
 */
export function isValidMetaKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  if (slash === -1) return NAME.test(key);
  const prefix = key.slice(0, slash);
  const name = key.slice(slash + 1);
  return prefix.split('.').every((label) => PREFIX_LABEL.test(label)) && NAME.test(name);
}

/**
 * True when a `_meta` key sits in a prefix reserved for MCP: one whose second
 * label is `modelcontextprotocol` or `mcp` (`io.modelcontextprotocol/`, `dev.mcp/`).
 *
 * @example
 * isReservedMetaKey('io.modelcontextprotocol/serverInfo'); // true
 * isReservedMetaKey('com.example.mcp/x'); // false
 */
export function isReservedMetaKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash === -1) return false;
  const second = key.slice(0, slash).split('.')[1];
  return second === 'modelcontextprotocol' || second === 'mcp';
}
