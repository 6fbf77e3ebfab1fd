/**
 * 2026-07-28 foundations: the reserved `_meta` keys that replace the
 * `initialize` handshake, request/notification params, and the `Result` base
 * with its required `resultType`.
 */
import type { RequestId } from '../../jsonrpc.js';
import type {
  META_CLIENT_CAPABILITIES,
  META_CLIENT_INFO,
  META_LOG_LEVEL,
  META_PROGRESS_TOKEN,
  META_PROTOCOL_VERSION,
  META_SERVER_INFO,
  META_SUBSCRIPTION_ID,
} from '../../meta.js';
import type {
  Cursor,
  Implementation,
  LoggingLevel,
  MetaObject,
  ProgressToken,
  TraceContextMeta,
} from '../common.js';
import type { ClientCapabilities } from './capabilities.js';

/**
 * `_meta` of every 2026-07-28 request. Because there is no handshake, each
 * request states its protocol revision and the client's capabilities here.
 *
 * @example
 * const meta: RequestMetaObject = {
 *   'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *   'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
 *   'io.modelcontextprotocol/clientInfo': { name: 'my-client', version: '1.0.0' },
 * };
 */
export interface RequestMetaObject extends MetaObject, TraceContextMeta {
  /** Ask for `notifications/progress` about this request, tagged with this token. */
  [META_PROGRESS_TOKEN]?: ProgressToken;
  /** Revision this request speaks. Required; on HTTP it must equal the `MCP-Protocol-Version` header. */
  [META_PROTOCOL_VERSION]: string;
  /** Client identity, for display and logs only. Clients should send it on every request. */
  [META_CLIENT_INFO]?: Implementation;
  /** What the client can do for this request. Required; `{}` means no optional capabilities. */
  [META_CLIENT_CAPABILITIES]: ClientCapabilities;
  /**
   * Opt in to `notifications/message` at this level or above; without it the
   * server sends no log messages for the request.
   *
   * @deprecated Logging is deprecated as of 2026-07-28 (SEP-2577).
   */
  [META_LOG_LEVEL]?: LoggingLevel;
}

/** `_meta` of a 2026-07-28 notification. */
export interface NotificationMetaObject extends MetaObject, TraceContextMeta {
  /**
   * Id of the `subscriptions/listen` request whose stream carried this
   * notification; present on every notification sent on such a stream.
   */
  [META_SUBSCRIPTION_ID]?: RequestId;
}

/** `_meta` of a 2026-07-28 result. */
export interface ResultMetaObject extends MetaObject, TraceContextMeta {
  /** Server identity, for display and logs only. Servers should send it on every result. */
  [META_SERVER_INFO]?: Implementation;
}

/**
 * Params every 2026-07-28 request has: a `_meta` with the required reserved
 * keys. Extra fields are allowed on the wire (unofficial extensions).
 */
export interface RequestParams {
  _meta: RequestMetaObject;
  [key: string]: unknown;
}

/** Params every 2026-07-28 notification may have. Extra fields are allowed on the wire. */
export interface NotificationParams {
  _meta?: NotificationMetaObject;
  [key: string]: unknown;
}

/**
 * What kind of result a response holds: `complete` (the final answer) or
 * `input_required` (the server needs more input; see `InputRequiredResult`).
 * Other values may appear in future revisions.
 */
export type ResultType = 'complete' | 'input_required' | (string & {});

/**
 * Fields every 2026-07-28 result has. A result from an older server that lacks
 * `resultType` is to be read as `complete`.
 */
export interface Result {
  _meta?: ResultMetaObject;
  /** Kind of result; 2026-07-28 servers always send it. */
  resultType: ResultType;
  [key: string]: unknown;
}

/** A result that says "done" and nothing more. */
export interface EmptyResult extends Result {}

/** Params of a request that returns one page of a list. */
export interface PaginatedRequestParams extends RequestParams {
  /** Where to continue: a `nextCursor` from the previous page. Omit for the first page. */
  cursor?: Cursor;
}

/** A result holding one page of a list. */
export interface PaginatedResult extends Result {
  /** Present when more pages may follow; pass it as `cursor` to fetch the next one. */
  nextCursor?: Cursor;
}

/** Who may reuse a cached result: anyone (`public`) or only the same authorization context (`private`). */
export type CacheScope = 'public' | 'private';

/**
 * A result the client may cache (2026-07-28): `tools/list`, `prompts/list`,
 * `resources/list`, `resources/templates/list`, `resources/read` and `server/discover`.
 */
export interface CacheableResult extends Result {
  /** How many milliseconds the result stays fresh; 0 means refetch whenever needed. */
  ttlMs: number;
  /** Whether shared caches may serve this result to other users. */
  cacheScope: CacheScope;
}

/**
 * `R` with the keys `K` made optional. Unlike `Omit`, it keeps both the named
 * fields and the open index signature of a result type.
 *
 * @example
 * type Loose = WithOptional<ListToolsResult, 'ttlMs' | 'cacheScope'>;
 * const page: Loose = { resultType: 'complete', tools: [] };
 */
export type WithOptional<R, K extends PropertyKey> = {
  [P in keyof R as P extends K ? never : P]: R[P];
} & {
  [P in keyof R as P extends K ? P : never]?: R[P];
};

/** The result fields a server's codec fills in on the way out: `resultType` and the caching hints. */
export type StampedResultField = 'resultType' | 'ttlMs' | 'cacheScope';

/**
 * A result as a handler returns it: the codec stamps `resultType` (and the
 * caching hints `ttlMs`/`cacheScope` on cacheable results) afterwards, so the
 * handler may leave them out, or set them to override the defaults.
 *
 * @example
 * const page: HandlerResult<ListToolsResult> = { tools: [{ name: 'ping_host', inputSchema: { type: 'object' } }] };
 */
export type HandlerResult<R> = WithOptional<R, StampedResultField>;

/**
 * A result as a client receives it from either era: decoding makes a missing
 * `resultType` mean `complete`, but a 2025 server sends no caching hints, so
 * `ttlMs` and `cacheScope` may be absent.
 *
 * @example
 * const read: ReceivedResult<ReadResourceResult> = {
 *   resultType: 'complete',
 *   contents: [{ uri: 'file:///notes.md', text: '# Notes' }],
 * };
 */
export type ReceivedResult<R> = WithOptional<R, 'ttlMs' | 'cacheScope'>;
