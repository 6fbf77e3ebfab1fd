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
  type JSONRPCResponse,
  type RequestId,
} from '../../protocol/jsonrpc.js';
import { parseMessage } from '../../protocol/validation/jsonrpc.js';
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
import type { ServerEventBus } from '../events.js';
import type { LogLevel } from '../logging.js';
import { speaksModern } from '../serving-edge.js';
import type { StreamEventLog } from './event-log.js';
import { isSessionMethod, type LegacyConnection } from './legacy-serving.js';
import { LegacySession } from './session.js';
import {
  InMemoryLegacySessionStore,
  type LegacySessionStore,
  type SessionChange,
  type SessionMessage,
  type SessionRecord,
} from './session-store.js';

/**
 * The reason a request the client cancelled is aborted with: an AbortError, as an aborted fetch
 * gives, so a handler that ends with it counts as cancelled (never reported as a failure).
 */
const CANCELLED_BY_CLIENT = () => new DOMException('Cancelled by the client', 'AbortError');

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
   * Where sessions live. Default: this process's memory, which is all one
   * process needs. A shared store (`backplane.sessions` of `mcpkit/redis`)
   * lets every process serve every request of every session: its state, its
   * GET stream's notifications, the answers to server-to-client requests,
   * `notifications/cancelled` and `Last-Event-ID` resumption reach whichever
   * process needs them.
   */
  store?: LegacySessionStore;
  /**
   * Makes the event log of each session, where its request streams are kept
   * for resumption. Default: the store's (`store.eventLog`).
   */
  eventLog?: (sessionId: string) => StreamEventLog;
}

/** What the sessions need from the server that serves them. */
export interface LegacySessionHost {
  /** The server's change events, forwarded to each session's GET stream. */
  readonly events: ServerEventBus;
  /** Where problems nobody else sees go (a session store that cannot be reached). */
  readonly warn: (message: string) => void;
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
/** What a request is told when its session cannot be read or written (503: retry, do not start over). */
const STORE_DOWN = 'The session store is unreachable right now; retry in a moment with the same session';

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
  /** The process (tag) holding the session's GET stream, as the store says; this one's when it is us. */
  streamHolder: string | undefined;
  /** The revision of the stored record this process's copy reflects. */
  revision: number;
  /** When this process last kept the stored record alive. */
  touchedAt: number;
}

/** The outcome of looking a request's session up: the entry, or the HTTP status to refuse it with. */
type Lookup = SessionEntry | 400 | 404 | 503;

/**
 * Adds 2025-era sessions in front of the modern handlers.
 *
 * @example
 * const sessions = new LegacyHttpSessions(server.dispatcher);
 * const endpoint = new StreamableHttpEndpoint(sessions.wrap(dispatcherHandlers(server.dispatcher)));
 */
export class LegacyHttpSessions {
  /** The sessions this process holds: all of them with the in-memory store, replicas of the shared ones else. */
  private readonly sessions = new Map<string, SessionEntry>();
  /** Sessions being read from the store, so concurrent requests of one session read it once. */
  private readonly loading = new Map<string, Promise<SessionEntry | undefined | 503>>();
  private readonly store: LegacySessionStore;
  private stopListening: (() => void) | undefined;
  private readonly idleTimeoutMs: number;
  private readonly maxSessions: number;
  private readonly keepAliveMs: number;
  private readonly retryMs: number;
  private readonly stateless: boolean;
  private readonly makeEventLog: (sessionId: string) => StreamEventLog;
  /**
   * This process among those sharing the store: in front of every server-to-client request id
   * (`s-<tag>-<n>`), so ids from another process serving the same client never collide with
   * ours, and the sender of every session message.
   */
  private readonly tag = randomIdTag();
  private readonly requestIdPrefix = `s-${this.tag}-`;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly host: LegacySessionHost,
    options: LegacyHttpSessionOptions = {},
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS;
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    this.keepAliveMs = options.keepAliveMs ?? 15_000;
    this.retryMs = options.retryMs ?? 1000;
    this.stateless = options.mode === 'stateless';
    this.store = options.store ?? new InMemoryLegacySessionStore();
    const store = this.store;
    this.makeEventLog = options.eventLog ?? ((sessionId) => store.eventLog(sessionId));
  }

  /** The number of sessions this process holds. */
  get size(): number {
    return this.sessions.size;
  }

  /**
   * Lets go of every session this process holds: their requests are aborted and
   * their streams closed. The shared records stay, for the other processes.
   */
  closeAll(): void {
    for (const entry of [...this.sessions.values()]) this.drop(entry, 'The server closed');
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.stopListening?.();
    this.stopListening = undefined;
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
        const entry = await this.lookup(info);
        if (typeof entry === 'number') return entry;
        this.noteActivity(entry);
        // Not ours: the process that sent the request (its tag is in the id) is waiting for it.
        if (!entry.outbound.settle(response)) {
          const sent = await this.publish({
            type: 'response',
            from: this.tag,
            sessionId: entry.id,
            response,
          });
          if (!sent) return 503;
        }
        return 202;
      },
      onGet: (info) => this.openGetStream(info),
      onDelete: async (info) => {
        const modern = notOnModern(info, 'DELETE');
        if (modern) return modern;
        const entry = await this.lookup(info);
        if (typeof entry === 'number') return httpErrorReply(entry, refusalOf(entry));
        try {
          await this.store.delete(entry.id);
        } catch (error) {
          this.storeFailed(`deleting session ${entry.id}`, error);
          return httpErrorReply(503, STORE_DOWN);
        }
        this.drop(entry, 'The session ended');
        await this.publish({ type: 'end', from: this.tag, sessionId: entry.id });
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
    const entry = await this.lookup(exchange.info);
    if (typeof entry === 'number') {
      return entry === 503
        ? errorReply(request, 503, STORE_DOWN, ErrorCode.InternalError)
        : errorReply(request, entry, SESSION_REFUSALS[entry]);
    }
    this.noteActivity(entry);
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
    // Only the session methods change what other processes serve the session with.
    const before = isSessionMethod(request.method) ? snapshotOf(entry) : undefined;
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
      // A session method changed what other processes serve this session with: store it first.
      const change = before && changeSince(entry, before);
      if (change && !(await this.persist(entry, change))) {
        return errorReply(request, 503, STORE_DOWN, ErrorCode.InternalError);
      }
      return { message };
    } finally {
      entry.inFlight.delete(request.id);
    }
  }

  private async initialize(request: JSONRPCRequest, exchange: HttpExchange): Promise<HttpReply> {
    this.sweep();
    if (this.sessions.size >= this.maxSessions) {
      const full = `Too many sessions (${this.maxSessions}, sessions.maxSessions); try again later, or raise the server's sessions.maxSessions option`;
      return errorReply(request, 503, full, ErrorCode.InternalError);
    }
    const id = globalThis.crypto.randomUUID();
    const connection: LegacyConnection = { session: undefined, sessionId: id };
    const entry = this.newEntry(id, connection, ownerOf(exchange.info));
    const message = await this.dispatcher.handleRequest(
      request,
      this.channel(entry, exchange),
      exchange.cancellation ?? exchange.signal,
    );
    if (!connection.session) return { message };
    try {
      await this.store.create(recordOf(entry), this.idleTimeoutMs);
    } catch (error) {
      connection.session.close();
      this.storeFailed('creating a session', error);
      const refused = 'The session could not be created: the session store is unreachable; try again later';
      return errorReply(request, 503, refused, ErrorCode.InternalError);
    }
    this.hold(entry);
    return { message, headers: { [MCP_SESSION_ID_HEADER.toLowerCase()]: id } };
  }

  private newEntry(id: string, connection: LegacyConnection, owner: string | undefined): SessionEntry {
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
      owner,
      streamHolder: undefined,
      revision: 0,
      touchedAt: Date.now(),
    };
    return entry;
  }

  /** Keeps `entry` in this process, listening to the other processes from the first one on. */
  private hold(entry: SessionEntry): void {
    this.sessions.set(entry.id, entry);
    this.stopListening ??= this.store.subscribe((message) => this.receive(message));
    this.startSweeper();
  }

  private async onNotification(
    notification: JSONRPCNotification,
    info: HttpRequestInfo,
  ): Promise<number | undefined> {
    const entry = await this.lookup(info);
    if (typeof entry === 'number') return entry;
    this.noteActivity(entry);
    if (notification.method === 'notifications/cancelled') {
      const id = notification.params?.requestId;
      if (typeof id === 'string' || typeof id === 'number') {
        const running = entry.inFlight.get(id);
        if (running) running.abort(CANCELLED_BY_CLIENT());
        // Running elsewhere, or not at all: the process running it acts, the others ignore it.
        else if (
          !(await this.publish({ type: 'cancel', from: this.tag, sessionId: entry.id, requestId: id }))
        )
          return 503;
      }
    }
    const before = snapshotOf(entry);
    await this.dispatcher.handleNotification(notification, { http: info, connection: entry.connection });
    const change = changeSince(entry, before);
    if (change && !(await this.persist(entry, change))) return 503;
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

  private async openGetStream(info: HttpRequestInfo): Promise<HttpMethodReply> {
    const modern = notOnModern(info, 'GET');
    if (modern) return modern;
    const entry = await this.lookup(info);
    if (typeof entry === 'number') return httpErrorReply(entry, refusalOf(entry));
    this.noteActivity(entry);
    const accept = info.header('accept') ?? '';
    if (!/text\/event-stream|\*\/\*/i.test(accept))
      return httpErrorReply(406, 'Accept must include text/event-stream');
    const lastEventId = info.header('last-event-id');
    if (lastEventId !== null) {
      let resumed: HttpStreamReply | undefined;
      try {
        resumed = await this.resumeStream(entry, lastEventId);
      } catch (error) {
        this.storeFailed(`resuming a stream of session ${entry.id}`, error);
        return httpErrorReply(503, STORE_DOWN);
      }
      if (resumed) return resumed;
    }
    // One GET stream per session, wherever it is: a new one replaces the old (which its process ends).
    const previous = entry.getStream;
    entry.getStream = undefined;
    previous?.end();
    if (!(await this.persist(entry, { holdStream: this.tag }))) return httpErrorReply(503, STORE_DOWN);
    let writer: EventStreamWriter | undefined;
    return {
      stream: {
        keepAliveMs: this.keepAliveMs,
        open: (opened) => {
          writer = opened;
          entry.getStream = opened;
          this.applyHolder(entry);
        },
        onClose: () => {
          if (writer === undefined || entry.getStream !== writer) return;
          entry.getStream = undefined;
          // Unless another process took the stream meanwhile; a session that is gone has nobody to tell.
          if (entry.streamHolder === this.tag && this.sessions.get(entry.id) === entry)
            void this.persist(entry, { releaseStream: this.tag });
          this.applyHolder(entry);
        },
      },
    };
  }

  /** Points the session's notifications at its GET stream: here, in another process, or nowhere. */
  private applyHolder(entry: SessionEntry): void {
    const session = entry.connection.session!;
    const stream = entry.getStream;
    session.setSink(
      stream && entry.streamHolder === this.tag
        ? (notification) => stream.write(formatSseEvent(JSON.stringify(notification)))
        : undefined,
    );
    session.setRemoteSink(
      entry.streamHolder !== undefined && entry.streamHolder !== this.tag
        ? (notification) =>
            void this.publish({ type: 'notify', from: this.tag, sessionId: entry.id, notification })
        : undefined,
    );
  }

  /** Replays a request stream after `lastEventId` and follows it to its response. Undefined if unknown. */
  private async resumeStream(entry: SessionEntry, lastEventId: string): Promise<HttpStreamReply | undefined> {
    let writer: EventStreamWriter | undefined;
    const pending: string[] = [];
    let ended = false;
    const stop = await entry.events.resume(lastEventId, {
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

  /**
   * The session a request names: the entry (read from the store when this process does not
   * hold it yet), 400 when it names none, 404 when it is unknown or another principal's, 503
   * when the store cannot be read.
   */
  private async lookup(info: HttpRequestInfo): Promise<Lookup> {
    const id = info.header(MCP_SESSION_ID_HEADER);
    if (id === null) return 400;
    let entry: SessionEntry | undefined | 503 = this.sessions.get(id);
    if (entry === undefined) {
      let loading = this.loading.get(id);
      if (!loading) {
        loading = this.replicate(id).finally(() => this.loading.delete(id));
        this.loading.set(id, loading);
      }
      entry = await loading;
    }
    if (entry === 503) return 503;
    // Another principal's session does not exist for this caller.
    if (!entry || entry.owner !== ownerOf(info)) return 404;
    return entry;
  }

  /** Takes up a session another process opened (or this one let go of), from its stored record. */
  private async replicate(id: string): Promise<SessionEntry | undefined | 503> {
    let record: SessionRecord | undefined;
    try {
      record = await this.store.load(id);
    } catch (error) {
      this.storeFailed(`reading session ${id}`, error);
      return 503;
    }
    if (!record) return undefined;
    const held = this.sessions.get(id);
    if (held) return held;
    const session = new LegacySession(
      record.protocolVersion,
      record.clientCapabilities,
      record.clientInfo,
      id,
    );
    const entry = this.newEntry(id, { session, sessionId: id }, record.owner);
    entry.revision = -1;
    applyRecord(entry, record);
    session.attach(this.host.events);
    this.applyHolder(entry);
    this.hold(entry);
    return entry;
  }

  /** Acts on a message from another process serving the same sessions. */
  private receive(message: SessionMessage): void {
    if (message.from === this.tag) return;
    const entry = this.sessions.get(message.sessionId);
    if (!entry) return;
    switch (message.type) {
      case 'state':
        this.take(entry, message.record);
        return;
      case 'end':
        this.drop(entry, 'The session ended');
        return;
      case 'cancel':
        entry.inFlight.get(message.requestId)?.abort(CANCELLED_BY_CLIENT());
        return;
      case 'response':
        entry.outbound.settle(message.response as JSONRPCResponse);
        return;
      case 'notify':
        if (entry.getStream && entry.streamHolder === this.tag)
          entry.connection.session!.notify(message.notification.method, message.notification.params);
        return;
    }
  }

  /**
   * Stores a change of the session's state and tells the other processes. False when that
   * failed (or the session is gone).
   */
  private async persist(entry: SessionEntry, change: SessionChange): Promise<boolean> {
    let record: SessionRecord | undefined;
    try {
      record = await this.store.update(entry.id, change, this.idleTimeoutMs);
    } catch (error) {
      this.storeFailed(`saving session ${entry.id}`, error);
      return false;
    }
    if (!record) {
      this.drop(entry, 'The session ended');
      return false;
    }
    entry.touchedAt = Date.now();
    this.take(entry, record);
    return this.publish({ type: 'state', from: this.tag, sessionId: entry.id, record });
  }

  /** Takes a stored record's state into this process's copy, unless the copy is newer already. */
  private take(entry: SessionEntry, record: SessionRecord): void {
    if (record.revision <= entry.revision) return;
    applyRecord(entry, record);
    const stream = entry.getStream;
    if (stream && record.streamHolder !== this.tag) {
      if (record.streamHolder !== undefined) {
        // Another process took the GET stream: ours is replaced, as a second GET here would.
        entry.getStream = undefined;
        stream.end();
      } else {
        // Released by a process whose stream closed after ours opened: ours is still the one.
        void this.persist(entry, { holdStream: this.tag });
      }
    }
    this.applyHolder(entry);
  }

  /** Publishes to the other processes; false (said through `warn`) when the store cannot take it. */
  private async publish(message: SessionMessage): Promise<boolean> {
    try {
      await this.store.publish(message);
      return true;
    } catch (error) {
      this.storeFailed(`sending ${message.type} for session ${message.sessionId}`, error);
      return false;
    }
  }

  private storeFailed(what: string, error: unknown): void {
    this.host.warn(
      `2025 sessions: ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  /** A request of the session arrived here: it is alive, and the store hears so now and then. */
  private noteActivity(entry: SessionEntry): void {
    const now = Date.now();
    entry.connection.session!.lastActive = now;
    if (this.idleTimeoutMs > 0 && now - entry.touchedAt > this.idleTimeoutMs / 10) this.keepAlive(entry, now);
  }

  private keepAlive(entry: SessionEntry, now = Date.now()): void {
    entry.touchedAt = now;
    this.store.touch(entry.id, this.idleTimeoutMs).then(
      (alive) => {
        if (!alive) this.drop(entry, 'The session ended');
      },
      (error: unknown) => this.storeFailed(`keeping session ${entry.id} alive`, error),
    );
  }

  /** Lets go of a session here: its requests aborted, its streams closed. The stored record is untouched. */
  private drop(entry: SessionEntry, reason: string): void {
    if (this.sessions.get(entry.id) === entry) this.sessions.delete(entry.id);
    entry.connection.session?.close();
    const stream = entry.getStream;
    entry.getStream = undefined;
    stream?.end();
    for (const exchange of entry.idleStreams.splice(0)) exchange.closeStream();
    for (const cancellation of entry.inFlight.values())
      cancellation.abort(new DOMException(reason, 'AbortError'));
    entry.outbound.rejectAll((method) => new Error(`${reason} before the client answered ${method}`));
  }

  private startSweeper(): void {
    if (this.sweeper || this.idleTimeoutMs <= 0) return;
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.idleTimeoutMs, 60_000));
    this.sweeper.unref?.();
  }

  /**
   * Lets go of the sessions idle here for the idle timeout (their records expire in the store by
   * the same clock, unless another process keeps them alive), and keeps the busy ones alive.
   */
  private sweep(): void {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const entry of [...this.sessions.values()]) {
      const session = entry.connection.session;
      const busy = entry.inFlight.size > 0 || entry.getStream !== undefined;
      if (busy) this.keepAlive(entry);
      else if (session && session.lastActive < cutoff) this.drop(entry, 'The session ended');
    }
  }
}

/** What refusing a lookup says. */
function refusalOf(status: 400 | 404 | 503): string {
  return status === 503 ? STORE_DOWN : UNKNOWN_SESSION;
}

/** The record of a session just opened here. */
function recordOf(entry: SessionEntry): SessionRecord {
  const session = entry.connection.session!;
  const record: {
    -readonly [K in keyof SessionRecord]: SessionRecord[K];
  } = {
    id: entry.id,
    protocolVersion: session.protocolVersion,
    clientCapabilities: session.clientCapabilities,
    initialized: session.initialized,
    subscriptions: [...session.subscriptions],
    revision: 0,
  };
  if (session.clientInfo !== undefined) record.clientInfo = session.clientInfo;
  if (entry.owner !== undefined) record.owner = entry.owner;
  if (session.logLevel !== undefined) record.logLevel = session.logLevel;
  if (entry.streamHolder !== undefined) record.streamHolder = entry.streamHolder;
  return record;
}

/** Takes a stored record's state into the session this process holds. */
function applyRecord(entry: SessionEntry, record: SessionRecord): void {
  const session = entry.connection.session!;
  session.initialized = record.initialized;
  session.logLevel = record.logLevel;
  session.subscriptions.clear();
  for (const uri of record.subscriptions) session.subscriptions.add(uri);
  entry.streamHolder = record.streamHolder;
  entry.revision = record.revision;
}

/** What other processes must know of a session, before a message that may change it. */
interface SessionSnapshot {
  readonly initialized: boolean;
  readonly logLevel: LogLevel | undefined;
  readonly subscriptions: ReadonlySet<string>;
}

function snapshotOf(entry: SessionEntry): SessionSnapshot {
  const session = entry.connection.session!;
  return {
    initialized: session.initialized,
    logLevel: session.logLevel,
    subscriptions: new Set(session.subscriptions),
  };
}

/** What a message changed of the session since `before`; undefined when nothing. */
function changeSince(entry: SessionEntry, before: SessionSnapshot): SessionChange | undefined {
  const session = entry.connection.session!;
  const change: { -readonly [K in keyof SessionChange]: SessionChange[K] } = {};
  if (session.initialized && !before.initialized) change.initialized = true;
  if (session.logLevel !== undefined && session.logLevel !== before.logLevel)
    change.logLevel = session.logLevel;
  const added = [...session.subscriptions].filter((uri) => !before.subscriptions.has(uri));
  const removed = [...before.subscriptions].filter((uri) => !session.subscriptions.has(uri));
  if (added.length > 0) change.subscribe = added;
  if (removed.length > 0) change.unsubscribe = removed;
  return Object.keys(change).length > 0 ? change : undefined;
}

/** The identity a request's verified principal binds sessions to; undefined on an unprotected server. */
function ownerOf(info: HttpRequestInfo): string | undefined {
  const principal = principalOf(info);
  return principal === undefined ? undefined : principalIdentity(principal);
}

/** True when an event's data is the JSON-RPC response to request `id` (the stream's last event). */
function isResponseTo(data: string, id: RequestId): boolean {
  if (data === '' || data.includes('"method"')) return false;
  // Parsed as inbound messages are, so an id beyond 2^53 - 1 (kept as its digits) compares equal.
  const classified = parseMessage(data);
  return (classified.kind === 'result' || classified.kind === 'error') && classified.message.id === id;
}

/**
 * The answer to a GET or DELETE that names a modern revision in MCP-Protocol-Version: 2026-07-28
 * has no standalone GET stream and no sessions to delete, so the method is not allowed for it
 * (405 with `Allow: POST`, as the revision's transport says), whatever a 2025 client may do here.
 */
function notOnModern(info: HttpRequestInfo, method: 'GET' | 'DELETE'): HttpMethodReply | undefined {
  const version = info.header(MCP_PROTOCOL_VERSION_HEADER);
  if (version === null || eraOf(version) !== 'modern') return undefined;
  const why =
    method === 'GET'
      ? 'it has no standalone GET stream; server messages arrive on the response to each POST'
      : 'it has no sessions to end';
  return {
    ...httpErrorReply(405, `${method} is not allowed with MCP-Protocol-Version ${version}: ${why}. Use POST`),
    headers: { allow: 'POST' },
  };
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
