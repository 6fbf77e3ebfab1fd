/**
 * 2025-era Streamable HTTP: `Mcp-Session-Id` sessions opened by `initialize`,
 * the GET stream for session notifications, DELETE, server-to-client requests
 * on the stream of the client request that caused them (SEP-2260), and the
 * client's answers POSTed back. Modern requests pass straight to the modern
 * handlers.
 */
import { principalIdentity, principalOf } from '../../auth/server/request-principal.js';
import { codecFor } from '../../protocol/codec/index.js';
import { ErrorCode } from '../../protocol/errors.js';
import { MCP_PROTOCOL_VERSION_HEADER, MCP_SESSION_ID_HEADER } from '../../protocol/http-headers.js';
import {
  JSONRPC_VERSION,
  type JSONRPCErrorResponse,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type RequestId,
} from '../../protocol/jsonrpc.js';
import { eraOf, LEGACY_PROTOCOL_VERSIONS } from '../../protocol/versions.js';
import { Cancellation } from '../../session/cancellation.js';
import type { Dispatcher, ExchangeChannel } from '../../session/dispatcher.js';
import { randomIdTag } from '../../session/ids.js';
import type { ResultObject } from '../../session/middleware.js';
import { type OutboundRequestOptions, OutboundRequests } from '../../session/outbound.js';
import {
  type EventStreamWriter,
  type HttpExchange,
  type HttpMethodReply,
  type HttpReply,
  type HttpRequestInfo,
  type HttpStreamReply,
  httpErrorReply,
  type StreamableHttpHandlers,
} from '../../transport/http/endpoint.js';
import { formatSseEvent } from '../../transport/http/sse.js';
import { speaksModern } from '../serving-edge.js';
import { InMemoryEventLog, type StreamEventLog } from './event-log.js';
import type { LegacyConnection } from './legacy-serving.js';
import { LegacySession } from './session.js';

/** Limits of legacy HTTP sessions. */
export interface LegacyHttpSessionOptions {
  /** A session unused this long is ended. Default 30 minutes. */
  idleTimeoutMs?: number;
  /** Live sessions at once; `initialize` beyond it gets 503. Default 10 000. */
  maxSessions?: number;
  /** SSE keep-alive interval on GET streams, ms. Default 15 000. */
  keepAliveMs?: number;
  /** The reconnection delay told to clients with each resumable stream (SEP-1699), ms. Default 1000. */
  retryMs?: number;
  /**
   * `'sessions'` (default): `initialize` opens an `Mcp-Session-Id` session.
   * `'stateless'`: no sessions, for deployments behind a load balancer: every
   * 2025 request is served on its own with the revision its
   * `MCP-Protocol-Version` header names (2025-03-26 without one); the server
   * cannot send requests to the client, and GET and DELETE answer 405.
   */
  mode?: 'sessions' | 'stateless';
  /**
   * Makes the event log of each new session, where its request streams are
   * kept for resumption. Default: an in-memory log bounded per session; pass a
   * shared store (Redis, say) so another process can replay a stream.
   */
  eventLog?: (sessionId: string) => StreamEventLog;
}

/** Default idle timeout of a legacy HTTP session. */
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;
/** Streams of cancelled requests a session keeps open at once; older ones are closed. */
const MAX_IDLE_STREAMS = 16;

/** Default bound on live legacy HTTP sessions. */
export const DEFAULT_MAX_SESSIONS = 10_000;

/** What a request that needs a session is told when it names none (400) or an unknown one (404). */
const SESSION_REFUSALS = {
  400: 'Mcp-Session-Id header is required; send initialize first',
  404: 'Session not found; initialize a new session',
} as const;
const UNKNOWN_SESSION = 'Unknown or missing Mcp-Session-Id';

interface SessionEntry {
  readonly id: string;
  readonly connection: LegacyConnection;
  readonly outbound: OutboundRequests;
  /** Which request stream each pending server-to-client request went out on. */
  readonly requestStreams: Map<RequestId, HttpExchange>;
  /** Client requests being served, for `notifications/cancelled`. */
  readonly inFlight: Map<RequestId, Cancellation>;
  /** The session's request streams, kept for resumption with Last-Event-ID. */
  readonly events: StreamEventLog;
  /**
   * Streams of cancelled requests left open without a response (a resuming client would wait
   * on a closed one), oldest first: ended with the session, and past {@link MAX_IDLE_STREAMS}.
   */
  readonly idleStreams: HttpExchange[];
  getStream: EventStreamWriter | undefined;
  /** Who opened the session (issuer and subject, {@link principalIdentity}); only they may use it. */
  readonly owner: string | undefined;
}

/**
 * Adds 2025-era sessions in front of the modern handlers.
 *
 * @example
 * const sessions = new LegacyHttpSessions(server.dispatcher);
 * const endpoint = new StreamableHttpEndpoint(sessions.wrap(dispatcherHandlers(server.dispatcher)));
 */
export class LegacyHttpSessions {
  private readonly sessions = new Map<string, SessionEntry>();
  private readonly idleTimeoutMs: number;
  private readonly maxSessions: number;
  private readonly keepAliveMs: number;
  private readonly retryMs: number;
  private readonly stateless: boolean;
  private readonly makeEventLog: (sessionId: string) => StreamEventLog;
  /**
   * In front of every server-to-client request id (`s-<tag>-<n>`): drawn once, so ids from
   * another process serving the same client never collide with ours.
   */
  private readonly requestIdPrefix = `s-${randomIdTag()}-`;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly dispatcher: Dispatcher,
    options: LegacyHttpSessionOptions = {},
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS;
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    this.keepAliveMs = options.keepAliveMs ?? 15_000;
    this.retryMs = options.retryMs ?? 1000;
    this.stateless = options.mode === 'stateless';
    this.makeEventLog = options.eventLog ?? (() => new InMemoryEventLog());
  }

  /** The number of live sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /** Ends every session. */
  closeAll(): void {
    for (const entry of [...this.sessions.values()]) this.end(entry);
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Endpoint handlers serving legacy traffic here and modern traffic with `modern`. */
  wrap(modern: StreamableHttpHandlers): StreamableHttpHandlers {
    if (this.stateless) return this.wrapStateless(modern);
    return {
      onRequest: (request, exchange) =>
        speaksModern(request) ? modern.onRequest(request, exchange) : this.onRequest(request, exchange),
      onNotification: async (notification, info) => {
        if (speaksModern(notification)) return modern.onNotification?.(notification, info);
        return this.onNotification(notification, info);
      },
      onResponse: async (response, info) => {
        const entry = this.lookup(info);
        if (typeof entry === 'number') return entry;
        entry.connection.session!.lastActive = Date.now();
        entry.outbound.settle(response);
        return 202;
      },
      onGet: (info) => this.openGetStream(info),
      onDelete: (info) => {
        const entry = this.lookup(info);
        if (typeof entry === 'number') return httpErrorReply(entry, UNKNOWN_SESSION);
        this.end(entry);
        return { status: 200 };
      },
    };
  }

  /** Handlers of the stateless mode: each 2025 request on its own, no session, no GET stream. */
  private wrapStateless(modern: StreamableHttpHandlers): StreamableHttpHandlers {
    return {
      onRequest: async (request, exchange) => {
        if (speaksModern(request)) return modern.onRequest(request, exchange);
        const header = exchange.info.header(MCP_PROTOCOL_VERSION_HEADER);
        const connection: LegacyConnection = { session: undefined };
        if (request.method !== 'initialize') {
          const version = header ?? '2025-03-26';
          if (eraOf(version) === 'modern' || !acceptsLegacyRevision(version)) {
            return errorReply(request, 400, `Unsupported MCP-Protocol-Version: ${version}`);
          }
          connection.session = new LegacySession(version);
          connection.session.initialized = true;
        }
        const channel: ExchangeChannel = {
          notify: exchange.notify,
          binding: { http: exchange.info, connection },
        };
        const message = await this.dispatcher.handleRequest(request, channel, new Cancellation());
        connection.session?.close();
        return { message };
      },
      onNotification: async (notification, info) =>
        speaksModern(notification) ? modern.onNotification?.(notification, info) : 202,
      onResponse: async () => 202,
    };
  }

  private async onRequest(request: JSONRPCRequest, exchange: HttpExchange): Promise<HttpReply> {
    const header = exchange.info.header(MCP_PROTOCOL_VERSION_HEADER);
    if (header !== null && eraOf(header) === 'modern') {
      // A modern version in the header with no claim in the body is a broken modern request, never legacy.
      const claim = `The request names ${header} in MCP-Protocol-Version but carries no _meta protocol version`;
      return errorReply(request, 400, claim, ErrorCode.InvalidParams);
    }
    if (request.method === 'initialize') return this.initialize(request, exchange);
    const entry = this.lookup(exchange.info);
    if (typeof entry === 'number') {
      return errorReply(request, entry, SESSION_REFUSALS[entry]);
    }
    // On 2025 sessions a disconnect is not cancellation: only notifications/cancelled (or the
    // session ending) aborts the request.
    const cancellation = new Cancellation();
    entry.inFlight.set(request.id, cancellation);
    // Number this request's events so the client can resume its stream (SEP-1699), where the
    // session's revision has resumable streams (2025-11-25; older clients fail on the empty
    // priming event). The log keeps a stream only once the answer becomes one: most are a plain
    // JSON body, never logged.
    if (this.resumable(entry)) {
      let streamId: string | undefined;
      exchange.numberEvents({
        retryMs: this.retryMs,
        next: (data) => {
          streamId ??= entry.events.openStream();
          return entry.events.append(streamId, data, isResponseTo(data, request.id));
        },
      });
    }
    try {
      const message = await this.dispatcher.handleRequest(
        request,
        this.channel(entry, exchange),
        cancellation,
      );
      // A cancelled request gets no response, on HTTP as on stdio: its client forgot the id.
      if (cancellation.aborted) {
        exchange.withholdResponse?.();
        entry.idleStreams.push(exchange);
        if (entry.idleStreams.length > MAX_IDLE_STREAMS) entry.idleStreams.shift()!.closeStream();
      }
      return { message };
    } finally {
      entry.inFlight.delete(request.id);
    }
  }

  private async initialize(request: JSONRPCRequest, exchange: HttpExchange): Promise<HttpReply> {
    this.sweep();
    if (this.sessions.size >= this.maxSessions) {
      const full = `Too many sessions (${this.maxSessions}); try again later`;
      return errorReply(request, 503, full, ErrorCode.InternalError);
    }
    const id = globalThis.crypto.randomUUID();
    const connection: LegacyConnection = { session: undefined, sessionId: id };
    const entry: SessionEntry = {
      id,
      connection,
      outbound: new OutboundRequests({}, (requestId, reason) =>
        this.cancelOnStream(entry, requestId, reason),
      ),
      requestStreams: new Map(),
      inFlight: new Map(),
      idleStreams: [],
      events: this.makeEventLog(id),
      getStream: undefined,
      owner: ownerOf(exchange.info),
    };
    const message = await this.dispatcher.handleRequest(
      request,
      this.channel(entry, exchange),
      exchange.cancellation ?? exchange.signal,
    );
    if (!connection.session) return { message };
    this.sessions.set(id, entry);
    this.startSweeper();
    return { message, headers: { [MCP_SESSION_ID_HEADER.toLowerCase()]: id } };
  }

  private async onNotification(
    notification: JSONRPCNotification,
    info: HttpRequestInfo,
  ): Promise<number | undefined> {
    const entry = this.lookup(info);
    if (typeof entry === 'number') return entry;
    if (notification.method === 'notifications/cancelled') {
      const id = notification.params?.requestId;
      if (typeof id === 'string' || typeof id === 'number')
        entry.inFlight.get(id)?.abort(new Error('Cancelled by the client'));
    }
    await this.dispatcher.handleNotification(notification, { http: info, connection: entry.connection });
    return 202;
  }

  private channel(entry: SessionEntry, exchange: HttpExchange): ExchangeChannel {
    return {
      notify: exchange.notify,
      request: (method, params, options) => this.requestOnStream(entry, exchange, method, params, options),
      binding: {
        http: exchange.info,
        connection: entry.connection,
        // Closing a request stream mid-request (SEP-1699 polling) needs a client that resumes
        // it: 2025-11-25. On older sessions the answer stays on the open stream.
        closeStream: this.resumable(entry) ? () => exchange.closeStream() : undefined,
      },
    };
  }

  /** Whether the session's revision has resumable request streams (its codec decides). */
  private resumable(entry: SessionEntry): boolean {
    const session = entry.connection.session;
    return session !== undefined && codecFor(session.protocolVersion).resumableStreams;
  }

  /** Sends a server-to-client request on the stream of the client request that caused it (SEP-2260). */
  private requestOnStream(
    entry: SessionEntry,
    exchange: HttpExchange,
    method: string,
    params: Record<string, unknown> | undefined,
    options: OutboundRequestOptions | undefined,
  ): Promise<ResultObject> {
    const id = `${this.requestIdPrefix}${entry.outbound.nextId()}`;
    const answer = entry.outbound.register(id, method, options);
    entry.requestStreams.set(id, exchange);
    const forget = () => entry.requestStreams.delete(id);
    answer.then(forget, forget);
    const request: JSONRPCRequest =
      params === undefined
        ? { jsonrpc: JSONRPC_VERSION, id, method }
        : { jsonrpc: JSONRPC_VERSION, id, method, params };
    void exchange.notify(request as unknown as JSONRPCNotification);
    return answer;
  }

  private cancelOnStream(entry: SessionEntry, requestId: RequestId, reason: string): void {
    const exchange = entry.requestStreams.get(requestId);
    void exchange?.notify({
      jsonrpc: JSONRPC_VERSION,
      method: 'notifications/cancelled',
      params: { requestId, reason },
    });
  }

  private openGetStream(info: HttpRequestInfo): HttpMethodReply {
    // 2026-07-28 has no standalone GET stream: the method is not allowed for that revision.
    const version = info.header(MCP_PROTOCOL_VERSION_HEADER);
    if (version !== null && eraOf(version) === 'modern') {
      return {
        ...httpErrorReply(405, `GET is not allowed with MCP-Protocol-Version ${version}; use POST`),
        headers: { allow: 'POST' },
      };
    }
    const entry = this.lookup(info);
    if (typeof entry === 'number') return httpErrorReply(entry, UNKNOWN_SESSION);
    const accept = info.header('accept') ?? '';
    if (!/text\/event-stream|\*\/\*/i.test(accept))
      return httpErrorReply(406, 'Accept must include text/event-stream');
    const lastEventId = info.header('last-event-id');
    if (lastEventId !== null) {
      const resumed = this.resumeStream(entry, lastEventId);
      if (resumed) return resumed;
    }
    entry.getStream?.end();
    let writer: EventStreamWriter | undefined;
    return {
      stream: {
        keepAliveMs: this.keepAliveMs,
        open: (opened) => {
          writer = opened;
          entry.getStream = opened;
          entry.connection.session!.setSink((notification) =>
            opened.write(formatSseEvent(JSON.stringify(notification))),
          );
        },
        onClose: () => {
          if (writer !== undefined && entry.getStream === writer) {
            entry.getStream = undefined;
            entry.connection.session?.setSink(undefined);
          }
        },
      },
    };
  }

  /** Replays a request stream after `lastEventId` and follows it to its response. Undefined if unknown. */
  private resumeStream(entry: SessionEntry, lastEventId: string): HttpStreamReply | undefined {
    let writer: EventStreamWriter | undefined;
    const pending: string[] = [];
    let ended = false;
    const stop = entry.events.resume(lastEventId, {
      event: (event) => {
        const chunk =
          event.data === '' ? `id: ${event.id}\ndata: \n\n` : formatSseEvent(event.data, event.id);
        if (writer) writer.write(chunk);
        else pending.push(chunk);
      },
      end: () => {
        ended = true;
        writer?.end();
      },
    });
    if (!stop) return undefined;
    return {
      stream: {
        keepAliveMs: 0,
        open: (opened) => {
          writer = opened;
          for (const chunk of pending) opened.write(chunk);
          if (ended) opened.end();
        },
        onClose: () => stop(),
      },
    };
  }

  /** The session a request names: the entry, 400 when it names none, 404 when it is unknown. */
  private lookup(info: HttpRequestInfo): SessionEntry | 400 | 404 {
    const id = info.header(MCP_SESSION_ID_HEADER);
    if (id === null) return 400;
    const entry = this.sessions.get(id);
    // Another principal's session does not exist for this caller.
    if (!entry || entry.owner !== ownerOf(info)) return 404;
    return entry;
  }

  private end(entry: SessionEntry): void {
    this.sessions.delete(entry.id);
    entry.connection.session?.close();
    entry.getStream?.end();
    for (const exchange of entry.idleStreams.splice(0)) exchange.closeStream();
    for (const cancellation of entry.inFlight.values()) cancellation.abort(new Error('The session ended'));
    entry.outbound.rejectAll((method) => new Error(`The session ended before the client answered ${method}`));
  }

  private startSweeper(): void {
    if (this.sweeper || this.idleTimeoutMs <= 0) return;
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.idleTimeoutMs, 60_000));
    this.sweeper.unref?.();
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const entry of [...this.sessions.values()]) {
      const session = entry.connection.session;
      if (session && session.lastActive < cutoff && entry.inFlight.size === 0 && !entry.getStream)
        this.end(entry);
    }
  }
}

/** The identity a request's verified principal binds sessions to; undefined on an unprotected server. */
function ownerOf(info: HttpRequestInfo): string | undefined {
  const principal = principalOf(info);
  return principal === undefined ? undefined : principalIdentity(principal);
}

/** True when an event's data is the JSON-RPC response to request `id` (the stream's last event). */
function isResponseTo(data: string, id: RequestId): boolean {
  if (data === '' || data.includes('"method"')) return false;
  try {
    const message = JSON.parse(data) as { id?: unknown; method?: unknown };
    return message.method === undefined && message.id === id;
  } catch {
    return false;
  }
}

function acceptsLegacyRevision(version: string): boolean {
  return (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** A JSON-RPC error answering `request`, sent with an HTTP `status`. */
function errorReply(
  request: JSONRPCRequest,
  status: number,
  message: string,
  code: number = ErrorCode.InvalidRequest,
): HttpReply {
  const body: JSONRPCErrorResponse = { jsonrpc: JSONRPC_VERSION, id: request.id, error: { code, message } };
  return { message: body, status };
}
