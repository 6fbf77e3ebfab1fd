/**
 * A JSON-RPC peer over one duplex transport: the engine both the server and
 * the client run on stdio, in memory, and on any other message duplex.
 *
 * It owns the two tables of a connection (requests we are serving, requests we
 * are waiting on), so cancellation, timeouts, progress and graceful close are
 * written once here and not in each transport.
 */
import { ConnectionClosedError, ErrorCode, McpkitLocalError } from '../protocol/errors.js';
import {
  JSONRPC_VERSION,
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type RequestId,
} from '../protocol/jsonrpc.js';
import { META_PROGRESS_TOKEN } from '../protocol/meta.js';
import { Cancellation } from './cancellation.js';
import { Dispatcher, type DispatcherOptions, type ExchangeChannel } from './dispatcher.js';
import {
  composeMiddleware,
  type MessageHandler,
  type Middleware,
  type OutboundMessageContext,
  type ResultObject,
} from './middleware.js';
import {
  DEFAULT_MAX_PENDING_REQUESTS,
  type OutboundLimits,
  type OutboundRequestOptions,
  OutboundRequests,
} from './outbound.js';
import type { InboundBinding, Transport } from './transport.js';

/** Options of a {@link JsonRpcPeer}. */
export interface PeerOptions extends OutboundLimits, DispatcherOptions {
  /** Routes inbound messages. Pass one to share handlers across connections; otherwise the peer makes its own. */
  dispatcher?: Dispatcher;
  /** Middleware around every outbound message, outermost first. */
  outboundMiddleware?: readonly Middleware[];
  /** Inbound requests served at once before new ones are refused with -32603. Default 1024. */
  maxInFlightRequests?: number;
  /**
   * What every inbound message of this connection carries as its binding, unless the transport
   * gives one of its own. Default: a fresh `connection` object, where a server keeps the
   * connection's 2025 session.
   */
  binding?: InboundBinding;
}

/** An error about the conversation itself (a response to an unknown id, unreadable input). */
export class ProtocolViolationError extends McpkitLocalError {
  override name = 'ProtocolViolationError';
}

/**
 * One end of a JSON-RPC conversation.
 *
 * @example
 * const [clientSide, serverSide] = createInMemoryTransportPair();
 * const server = new JsonRpcPeer(serverSide);
 * server.dispatcher.setRequestHandler('echo', (params) => ({ echoed: params.text }));
 * const client = new JsonRpcPeer(clientSide);
 * await Promise.all([server.start(), client.start()]);
 * const result = await client.request('echo', { text: 'hi' }, { timeoutMs: 5_000 });
 */
export class JsonRpcPeer {
  /** Routes inbound requests and notifications. Register handlers here. */
  readonly dispatcher: Dispatcher;
  private readonly outbound: OutboundRequests;
  // Made on first use (the first inbound request, message, close watcher): a client holds many
  // connections that serve nothing, and each Map, object and promise here is per connection.
  private inFlight: Map<RequestId, Cancellation> | undefined;
  private readonly maxInFlight: number;
  /** The outbound middleware around `transmit`; undefined when there is none. */
  private readonly sendChain: MessageHandler | undefined;
  private readonly onError: (error: Error) => void;
  private binding: InboundBinding | undefined;
  private state: 'new' | 'open' | 'closed' = 'new';
  private closeError: Error | undefined;
  private closedPromise: Promise<Error | undefined> | undefined;
  private resolveClosed: ((error: Error | undefined) => void) | undefined;

  constructor(
    private readonly transport: Transport,
    options: PeerOptions = {},
  ) {
    this.onError = options.onError ?? ignoreError;
    this.binding = options.binding;
    this.dispatcher = options.dispatcher ?? new Dispatcher(options);
    this.maxInFlight = options.maxInFlightRequests ?? DEFAULT_MAX_PENDING_REQUESTS;
    this.outbound = new JsonRpcPeer.Outbound(options, this);
    this.sendChain = options.outboundMiddleware?.length
      ? composeMiddleware(options.outboundMiddleware, (ctx, message) =>
          this.transmit(ctx as OutboundMessageContext, message),
        )
      : undefined;
  }

  /**
   * The peer's table of requests awaiting answers, which tells the peer of those that end without
   * one: a subclass, not a closure, since a process may hold thousands of peers.
   */
  private static readonly Outbound = class PeerOutboundRequests extends OutboundRequests {
    constructor(
      limits: PeerOptions,
      private readonly peer: JsonRpcPeer,
    ) {
      super(limits);
    }

    protected override cancelAtPeer(id: RequestId, reason: string): void {
      this.peer.cancelAtPeer(id, reason);
    }
  };

  /** Settles when the connection has closed, with the error that closed it, if any. */
  get closed(): Promise<Error | undefined> {
    if (!this.closedPromise) {
      if (this.state === 'closed') this.closedPromise = Promise.resolve(this.closeError);
      else
        this.closedPromise = new Promise((resolve) => {
          this.resolveClosed = resolve;
        });
    }
    return this.closedPromise;
  }

  /** What an inbound message carries when its transport gives no binding of its own. */
  private defaultBinding(): InboundBinding {
    this.binding ??= { connection: {} };
    return this.binding;
  }

  /** True once the connection has closed. */
  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Starts the transport. Call once, after registering handlers. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new McpkitLocalError('JsonRpcPeer.start() was already called');
    this.state = 'open';
    // Own properties, not methods of a class: a transport wrapper may copy them (`{ ...handlers }`).
    await this.transport.start({
      onMessage: (message, binding) => this.receive(message, binding),
      onInvalid: (reply, detail) => {
        this.onError(new ProtocolViolationError(detail));
        if (reply && this.state === 'open') this.transport.send(reply).catch(() => {});
      },
      onRequestFailed: (id, error) => this.outbound.abandon(id, error),
      onClose: (error) => this.handleClose(error),
    });
  }

  /**
   * Sends a request and resolves with the result, or rejects with the peer's
   * error (an `McpError` subclass) or a local one (timeout, cancel, closed).
   */
  request(
    method: string,
    params?: Record<string, unknown>,
    options?: OutboundRequestOptions,
  ): Promise<ResultObject> {
    if (this.state === 'closed') return Promise.reject(this.closedError(method));
    try {
      this.outbound.checkCapacity(method);
    } catch (error) {
      return Promise.reject(error);
    }
    const id = this.outbound.nextId();
    options?.onRequestId?.(id);
    if (options?.onProgress) params = withProgressToken(params, id);
    const message: JSONRPCRequest =
      params === undefined
        ? { jsonrpc: JSONRPC_VERSION, id, method }
        : { jsonrpc: JSONRPC_VERSION, id, method, params };
    const ctx = outboundContext(id, options, undefined);
    return this.sendOut(ctx, message) as Promise<ResultObject>;
  }

  /** Sends a notification. */
  async notify(
    method: string,
    params?: Record<string, unknown>,
    options?: { relatedRequestId?: RequestId },
  ): Promise<void> {
    if (this.state === 'closed') throw this.closedError(method);
    const message: JSONRPCNotification =
      params === undefined
        ? { jsonrpc: JSONRPC_VERSION, method }
        : { jsonrpc: JSONRPC_VERSION, method, params };
    const ctx = outboundContext(undefined, undefined, options?.relatedRequestId);
    await this.sendOut(ctx, message);
  }

  /**
   * Closes the connection: waiting requests reject with `ConnectionClosedError`,
   * handlers still running see their signal abort, and the transport closes.
   */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.handleClose(undefined);
    await this.transport.close();
  }

  private async transmit(
    ctx: OutboundMessageContext,
    message: JSONRPCRequest | JSONRPCNotification,
  ): Promise<ResultObject | undefined> {
    if (!('id' in message)) {
      const related = (ctx as { [RELATED_KEY]?: RequestId })[RELATED_KEY];
      await this.transport.send(message, related === undefined ? undefined : { relatedRequestId: related });
      return undefined;
    }
    const options = (ctx as { [OPTIONS_KEY]?: OutboundRequestOptions })[OPTIONS_KEY];
    const answer = this.outbound.register(message.id, message.method, options);
    // Cancelled before it left: register() has already rejected it; the peer never hears of it.
    if (options?.signal?.aborted) return answer;
    // The answer does not wait for send() to settle: an HTTP send lasts as long as its response.
    this.transport
      .send(
        message,
        options?.relatedRequestId === undefined ? undefined : { relatedRequestId: options.relatedRequestId },
      )
      .catch((error: unknown) =>
        this.outbound.abandon(
          message.id,
          error instanceof Error ? error : new ConnectionClosedError(String(error)),
        ),
      );
    return answer;
  }

  private receive(message: JSONRPCMessage, given: InboundBinding | undefined): void {
    if (this.state !== 'open') return;
    if (!('method' in message)) {
      if (!this.outbound.settle(message)) {
        this.onError(
          new ProtocolViolationError(
            `Received a response for request id ${JSON.stringify(message.id ?? null)}, which is not waiting for one (it may have been cancelled or timed out)`,
          ),
        );
      }
      return;
    }
    const binding = given ?? this.defaultBinding();
    if ('id' in message) {
      this.serve(message, binding);
      return;
    }
    if (message.method === 'notifications/cancelled') this.cancelInbound(message.params);
    else if (message.method === 'notifications/progress' && message.params)
      this.outbound.progress(message.params);
    void this.dispatcher.handleNotification(message, binding);
  }

  private serve(request: JSONRPCRequest, binding: InboundBinding): void {
    const id = request.id;
    this.inFlight ??= new Map();
    const inFlight = this.inFlight;
    if (inFlight.has(id)) {
      this.reply({
        jsonrpc: JSONRPC_VERSION,
        id,
        error: {
          code: ErrorCode.InvalidRequest,
          message: `Request id ${JSON.stringify(id)} is already in use by a request still in flight`,
        },
      });
      return;
    }
    if (inFlight.size >= this.maxInFlight) {
      this.reply({
        jsonrpc: JSONRPC_VERSION,
        id,
        error: {
          code: ErrorCode.InternalError,
          message: `Too many requests in flight (limit ${this.maxInFlight}, maxInFlightRequests); retry later, or raise the peer's maxInFlightRequests option`,
        },
      });
      return;
    }
    // Made lazily: a request nobody cancels and no handler watches never builds a signal.
    const cancellation = new Cancellation();
    inFlight.set(id, cancellation);
    const channel: ExchangeChannel = {
      notify: (notification) => this.sendRelated(notification, id),
      request: (method, params, options) =>
        this.request(method, params, { ...options, relatedRequestId: id }),
      binding,
    };
    this.dispatcher.handleRequest(request, channel, cancellation).then((response) => {
      if (inFlight.get(id) === cancellation) inFlight.delete(id);
      // A cancelled request gets no answer.
      if (!cancellation.aborted) this.reply(response);
    });
  }

  private async sendRelated(notification: JSONRPCNotification, relatedRequestId: RequestId): Promise<void> {
    if (this.state !== 'open') return;
    const ctx = outboundContext(undefined, undefined, relatedRequestId);
    await this.sendOut(ctx, notification);
  }

  /** An outbound message through the outbound middleware, when there is any, to the transport. */
  private sendOut(
    ctx: OutboundMessageContext,
    message: JSONRPCRequest | JSONRPCNotification,
  ): Promise<ResultObject | undefined> {
    return this.sendChain ? this.sendChain(ctx, message) : this.transmit(ctx, message);
  }

  private reply(response: JSONRPCMessage): void {
    if (this.state !== 'open') return;
    this.transport.send(response).catch((error) => this.onError(asError(error)));
  }

  private cancelInbound(params: Record<string, unknown> | undefined): void {
    const id = params?.requestId;
    if (typeof id !== 'string' && typeof id !== 'number') return;
    const cancellation = this.inFlight?.get(id);
    if (!cancellation) return; // Unknown or finished: the spec says ignore.
    this.inFlight?.delete(id);
    const reason = typeof params?.reason === 'string' ? params.reason : 'Cancelled by the peer';
    cancellation.abort(new McpkitLocalError(reason));
  }

  private cancelAtPeer(id: RequestId, reason: string): void {
    if (this.state !== 'open') return;
    if (this.transport.cancel?.(id, reason)) return;
    this.transport
      .send({
        jsonrpc: JSONRPC_VERSION,
        method: 'notifications/cancelled',
        params: { requestId: id, reason },
      })
      .catch(() => {});
  }

  private handleClose(error: Error | undefined): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeError = error;
    const cause = error ? { cause: error } : undefined;
    this.outbound.rejectAll(
      (method) =>
        new ConnectionClosedError(
          `The connection closed before ${method} was answered${error ? `: ${error.message}` : ''}`,
          cause,
        ),
    );
    if (this.inFlight) {
      for (const cancellation of this.inFlight.values())
        cancellation.abort(new ConnectionClosedError('The connection closed'));
      this.inFlight.clear();
    }
    this.resolveClosed?.(error);
  }

  private closedError(method: string): ConnectionClosedError {
    return new ConnectionClosedError(
      `Cannot send ${method}: the connection is closed${this.closeError ? ` (${this.closeError.message})` : ''}`,
    );
  }
}

const OPTIONS_KEY = Symbol('mcpkit.requestOptions');
const RELATED_KEY = Symbol('mcpkit.relatedRequestId');

/**
 * The context of one outbound message. A class, not an object literal with getters: one object
 * per message, no closures, and its signal and state made only when a middleware asks for them.
 * The peer's own fields sit under symbol keys, out of the way of middleware.
 */
class OutboundContext implements OutboundMessageContext {
  readonly direction = 'outbound' as const;
  readonly [OPTIONS_KEY]: OutboundRequestOptions | undefined;
  readonly [RELATED_KEY]: RequestId | undefined;
  #signal: AbortSignal | undefined;
  #state: Map<string | symbol, unknown> | undefined;

  constructor(
    readonly requestId: RequestId | undefined,
    options: OutboundRequestOptions | undefined,
    relatedRequestId: RequestId | undefined,
  ) {
    this[OPTIONS_KEY] = options;
    this[RELATED_KEY] = relatedRequestId;
    this.#signal = options?.signal;
  }

  /**
   * The caller's signal, or one of this message's own made on demand: never one shared by every
   * message, where listeners a middleware adds would pile up for good.
   */
  get signal(): AbortSignal {
    this.#signal ??= new AbortController().signal;
    return this.#signal;
  }

  get state(): Map<string | symbol, unknown> {
    this.#state ??= new Map();
    return this.#state;
  }
}

function outboundContext(
  requestId: RequestId | undefined,
  options: OutboundRequestOptions | undefined,
  relatedRequestId: RequestId | undefined,
): OutboundContext {
  return new OutboundContext(requestId, options, relatedRequestId);
}

function withProgressToken(
  params: Record<string, unknown> | undefined,
  token: RequestId,
): Record<string, unknown> {
  const meta = params?._meta;
  const base = meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : undefined;
  return { ...params, _meta: { ...base, [META_PROGRESS_TOKEN]: token } };
}

function ignoreError(): void {}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new McpkitLocalError(String(error));
}
