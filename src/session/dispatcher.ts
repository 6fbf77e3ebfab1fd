/**
 * The receiving half of the engine: routes inbound requests and notifications
 * to handlers through the middleware chain, and turns whatever a handler does
 * (return, throw, get cancelled) into exactly one JSON-RPC response.
 *
 * It is stateless per message: the caller supplies the channel a request's
 * related messages travel on and the signal that cancels it. A stdio or
 * in-memory connection gets that from {@link JsonRpcPeer}; a Streamable HTTP
 * POST gets it from its response stream.
 */
import {
  ErrorCode,
  InternalError,
  McpError,
  McpkitLocalError,
  MethodNotFoundError,
  RequestCancelledError,
} from '../protocol/errors.js';
import type {
  JSONRPCErrorResponse,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResponse,
  RequestId,
} from '../protocol/jsonrpc.js';
import { JSONRPC_VERSION } from '../protocol/jsonrpc.js';
import { META_PROGRESS_TOKEN } from '../protocol/meta.js';
import { Cancellation } from './cancellation.js';
import type { KnownRequestMethod, RequestParamsFor, RequestResultFor } from './handler-types.js';
import {
  composeMiddleware,
  type InboundMessageContext,
  type MessageContext,
  type MessageHandler,
  type Middleware,
  type ResultObject,
} from './middleware.js';
import type { OutboundRequestOptions } from './outbound.js';
import type { InboundBinding } from './transport.js';

/** Where the messages related to one inbound request go. */
export interface ExchangeChannel {
  /** Sends a notification that belongs to the request (progress, log messages). */
  notify(notification: JSONRPCNotification): Promise<void>;
  /**
   * Sends a request to the peer on behalf of the inbound request (legacy
   * sessions: `elicitation/create`, `sampling/createMessage`, `roots/list`).
   * Absent where the binding cannot carry requests to the peer.
   */
  request?(
    method: string,
    params: Record<string, unknown> | undefined,
    options?: OutboundRequestOptions,
  ): Promise<ResultObject>;
  /** What carried the request (the HTTP request, the connection); the edge completes it. */
  readonly binding?: InboundBinding;
  /** Told the HTTP status the request's outcome maps to (the serving edge decides it); HTTP only. */
  reportStatus?(status: number): void;
}

/**
 * A server's serving edge, run by the dispatcher around every inbound message so that every
 * transport takes the same path: `bind` classifies the message once, before any middleware;
 * `gate` runs inside all middleware, right before the handler (it may answer or refuse the
 * request itself); `encode` shapes the response once, after the middleware.
 */
export interface DispatchEdge {
  /** Completes the binding of one inbound message (its era, revision, session, ...). */
  bind(message: JSONRPCRequest | JSONRPCNotification, binding: InboundBinding): InboundBinding;
  /** The innermost step, between the middleware and the handler. */
  readonly gate: Middleware;
  /** The response as it goes on the wire (may change it in place); reports its HTTP status to the channel. */
  encode(
    request: JSONRPCRequest,
    response: JSONRPCResponse,
    binding: InboundBinding,
    channel: ExchangeChannel,
  ): JSONRPCResponse;
}

/** What a request handler receives besides the params. */
export interface RequestHandlerContext extends InboundMessageContext {
  readonly requestId: RequestId;
  readonly method: string;
  /** `params._meta` as sent, untouched; `undefined` when absent. */
  readonly meta: Readonly<Record<string, unknown>> | undefined;
  /** Sends a notification related to this request. Dropped once the request is answered. */
  notify(method: string, params?: Record<string, unknown>): Promise<void>;
  /**
   * Reports progress when the caller asked for it (a `progressToken` in `_meta`);
   * otherwise does nothing. `progress` must increase with every call.
   */
  sendProgress(progress: number, total?: number, message?: string): Promise<void>;
  /** Whether the binding can carry requests to the peer (2025 sessions can; stateless HTTP cannot). */
  readonly canSendRequests: boolean;
  /** Sends a request to the peer tied to this request, where the binding allows it. */
  sendRequest(
    method: string,
    params?: Record<string, unknown>,
    options?: OutboundRequestOptions,
  ): Promise<ResultObject>;
}

/** Handles one request method. Return the result; throw an {@link McpError} to answer with an error. */
export type RequestHandler = (
  params: Record<string, unknown>,
  ctx: RequestHandlerContext,
) => ResultObject | Promise<ResultObject>;

/**
 * Handles one request method of the method maps, typed by its name: the
 * params either era sends for it, and the result it answers with.
 *
 * @example
 * const listTools: TypedRequestHandler<'tools/list'> = (params) => ({
 *   tools: params.cursor === undefined ? [{ name: 'ping', inputSchema: { type: 'object' } }] : [],
 * });
 */
export type TypedRequestHandler<M extends KnownRequestMethod> = (
  params: RequestParamsFor<M>,
  ctx: RequestHandlerContext,
) => RequestResultFor<M> | Promise<RequestResultFor<M>>;

/**
 * The handler `setRequestHandler` takes for `method`: typed for a method of
 * the method maps, plain objects for a custom method (or a method name only
 * known at run time).
 *
 * @example
 * const echo: RequestHandlerFor<'acme/echo'> = (params) => ({ echoed: params.text });
 */
export type RequestHandlerFor<M extends string> = M extends KnownRequestMethod
  ? TypedRequestHandler<M>
  : RequestHandler;

/** Handles one notification method. */
export type NotificationHandler = (
  params: Record<string, unknown>,
  ctx: InboundMessageContext,
) => void | Promise<void>;

/** Options of a {@link Dispatcher}. */
export interface DispatcherOptions {
  /** Middleware around every inbound message, outermost first. */
  middleware?: readonly Middleware[];
  /** The serving edge around the middleware (a server's); none by default. */
  edge?: DispatchEdge;
  /**
   * Called with errors that have nowhere else to go: a notification handler
   * that threw, a handler or middleware that failed with a non-MCP error. It gets
   * the message that failed and its binding, so it can say which request it was.
   * Defaults to nothing.
   */
  onError?: (error: Error, message?: JSONRPCRequest | JSONRPCNotification, binding?: InboundBinding) => void;
  /**
   * Whether the message of an unexpected (non-{@link McpError}) exception
   * reaches the peer in the -32603 answer. Default true; turn off when
   * exception messages may carry secrets (McpServer turns it off).
   */
  exposeInternalErrors?: boolean;
  /**
   * Handlers kept once for many dispatchers (a client's, say, the same for every connection it
   * opens), consulted after the dispatcher's own. Each is called with {@link handlerOwner} first,
   * so a connection holds one reference instead of a closure per method.
   */
  handlerTable?: Pick<HandlerTable<never>, 'requests' | 'notifications'>;
  /** What the handlers of {@link handlerTable} get as their first argument. */
  handlerOwner?: unknown;
}

/** A request handler of a {@link HandlerTable}: the owner of the dispatcher first, then as usual. */
export type SharedRequestHandler<Owner> = (
  owner: Owner,
  params: Record<string, unknown>,
  ctx: RequestHandlerContext,
) => ResultObject | Promise<ResultObject>;

/** A notification handler of a {@link HandlerTable}. */
export type SharedNotificationHandler<Owner> = (
  owner: Owner,
  params: Record<string, unknown>,
  ctx: InboundMessageContext,
) => void | Promise<void>;

/**
 * Request and notification handlers written once for every connection of one kind: a
 * dispatcher given the table and an owner runs them with that owner, so a process holding a
 * thousand connections keeps one set of handlers rather than a thousand.
 *
 * @example
 * const table = new HandlerTable<{ name: string }>()
 *   .request('ping', () => ({}))
 *   .request('acme/whoami', (owner) => ({ name: owner.name }));
 * const dispatcher = new Dispatcher({ handlerTable: table, handlerOwner: { name: 'first' } });
 */
export class HandlerTable<Owner> {
  readonly requests = new Map<string, SharedRequestHandler<Owner>>();
  readonly notifications = new Map<string, SharedNotificationHandler<Owner>>();

  /** Adds the handler of a request method. */
  request(method: string, handler: SharedRequestHandler<Owner>): this {
    this.requests.set(method, handler);
    return this;
  }

  /** Adds the handler of a notification method. */
  notification(method: string, handler: SharedNotificationHandler<Owner>): this {
    this.notifications.set(method, handler);
    return this;
  }
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_BINDING: InboundBinding = Object.freeze({});

/**
 * Routes inbound messages to handlers.
 *
 * @example
 * const dispatcher = new Dispatcher();
 * dispatcher.setRequestHandler('tools/list', () => ({ tools: [] }));
 * const response = await dispatcher.handleRequest(
 *   { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
 *   { notify: async () => {} },
 *   new AbortController().signal,
 * );
 */
export class Dispatcher {
  // Made on first registration: a dispatcher running only a shared table keeps none.
  private requestHandlers: Map<string, RequestHandler> | undefined;
  private notificationHandlers: Map<string, NotificationHandler> | undefined;
  private readonly table: Pick<HandlerTable<unknown>, 'requests' | 'notifications'> | undefined;
  private readonly owner: unknown;
  private middleware: Middleware[] | undefined;
  /** The middleware and the edge's gate around the handler; undefined when there are none. */
  private chain: MessageHandler | undefined;
  private readonly onError: NonNullable<DispatcherOptions['onError']>;
  private readonly exposeInternalErrors: boolean;
  private readonly edge: DispatchEdge | undefined;

  constructor(options: DispatcherOptions = {}) {
    this.middleware = options.middleware?.length ? [...options.middleware] : undefined;
    this.onError = options.onError ?? ignoreError;
    this.exposeInternalErrors = options.exposeInternalErrors ?? true;
    this.edge = options.edge;
    this.table = options.handlerTable as
      | Pick<HandlerTable<unknown>, 'requests' | 'notifications'>
      | undefined;
    this.owner = options.handlerOwner;
    this.chain = this.compose();
  }

  /**
   * Adds middleware inside the ones already installed (and outside the serving edge's gate, which
   * stays innermost). Composed now, not per message.
   */
  use(middleware: Middleware): this {
    this.middleware ??= [];
    this.middleware.push(middleware);
    this.chain = this.compose();
    return this;
  }

  private compose(): MessageHandler | undefined {
    const steps = this.edge ? [...(this.middleware ?? []), this.edge.gate] : this.middleware;
    if (!steps?.length) return undefined;
    return composeMiddleware(steps, (ctx, message) => this.runHandler(ctx, message));
  }

  /**
   * Registers (or replaces) the handler of a request method. For a method of
   * the protocol's method maps the handler's params and result are typed by
   * the name; any other name is a custom method with plain objects.
   *
   * @example
   * dispatcher.setRequestHandler('resources/read', (params) => ({
   *   contents: [{ uri: params.uri, text: 'hello' }],
   * }));
   * dispatcher.setRequestHandler('acme/echo', (params) => ({ echoed: params.text }));
   */
  setRequestHandler<M extends string>(method: M, handler: RequestHandlerFor<M>): void {
    // Stored untyped: at run time every handler takes the params object and returns a result object.
    this.requestHandlers ??= new Map();
    this.requestHandlers.set(method, handler as RequestHandler);
  }

  /**
   * Removes a request method registered here; it answers -32601 afterwards (unless the shared
   * {@link HandlerTable} this dispatcher was given has it).
   */
  removeRequestHandler(method: string): void {
    this.requestHandlers?.delete(method);
  }

  /** True when a handler is registered for this request method (here or in the shared table). */
  hasRequestHandler(method: string): boolean {
    return this.requestHandlers?.has(method) === true || this.table?.requests.has(method) === true;
  }

  /** Registers (or replaces) the handler of a notification method. */
  setNotificationHandler(method: string, handler: NotificationHandler): void {
    this.notificationHandlers ??= new Map();
    this.notificationHandlers.set(method, handler);
  }

  /** Removes a notification handler registered here; such notifications are then ignored. */
  removeNotificationHandler(method: string): void {
    this.notificationHandlers?.delete(method);
  }

  /**
   * Runs one request to completion and returns its response. Never throws:
   * handler failures become error responses. When `signal` has aborted by the
   * time the handler settles, the response is still returned, and the caller
   * decides whether to drop it (a cancelled request gets no answer). Pass a
   * {@link Cancellation} instead of a signal to have the signal made only if
   * a handler or middleware asks for it.
   */
  async handleRequest(
    request: JSONRPCRequest,
    channel: ExchangeChannel,
    signal: AbortSignal | Cancellation,
  ): Promise<JSONRPCResponse> {
    const given = channel.binding ?? NO_BINDING;
    const binding = this.edge ? this.edge.bind(request, given) : given;
    const ctx = new RequestContextImpl(request, channel, signal);
    ctx.binding = binding;
    let response: JSONRPCResponse;
    try {
      const result = await this.run(ctx, request);
      response = { jsonrpc: JSONRPC_VERSION, id: request.id, result: result ?? {} };
    } catch (error) {
      response = this.errorResponse(request.id, error, request, binding, signal.aborted);
    } finally {
      ctx.finish();
    }
    return this.edge ? this.edge.encode(request, response, binding, channel) : response;
  }

  /** Runs one notification. Never throws: failures go to `onError`. */
  async handleNotification(
    notification: JSONRPCNotification,
    given: InboundBinding = NO_BINDING,
    signal?: AbortSignal,
  ): Promise<void> {
    const binding = this.edge ? this.edge.bind(notification, given) : given;
    const ctx: InboundMessageContext = {
      direction: 'inbound',
      // Without a signal, one of its own made on demand: never one shared by every notification,
      // where listeners middleware adds would pile up for good.
      get signal() {
        signal ??= new AbortController().signal;
        return signal;
      },
      state: new Map(),
      binding,
    };
    try {
      await this.run(ctx, notification);
    } catch (error) {
      this.onError(
        asError(error, `Notification handler for ${notification.method} failed`),
        notification,
        binding,
      );
    }
  }

  /**
   * Builds the error response for something a handler threw, reporting a non-MCP error to
   * `onError` with the request that failed (when given) and its binding. The abort of a
   * request that was cancelled (`cancelled`) is how it ends, not a failure: not reported.
   */
  errorResponse(
    id: RequestId,
    error: unknown,
    request?: JSONRPCRequest,
    binding?: InboundBinding,
    cancelled = false,
  ): JSONRPCErrorResponse {
    if (error instanceof McpError) return { jsonrpc: JSONRPC_VERSION, id, error: error.toJSON() };
    const err = asError(error, 'Handler failed');
    if (!(cancelled && isAbortError(err))) this.onError(err, request, binding);
    const message = this.exposeInternalErrors && err.message ? err.message : 'Internal error';
    return { jsonrpc: JSONRPC_VERSION, id, error: { code: ErrorCode.InternalError, message } };
  }

  /** A message through the middleware and the edge's gate, when there are any, to its handler. */
  private run(
    ctx: MessageContext,
    message: JSONRPCRequest | JSONRPCNotification,
  ): Promise<ResultObject | undefined> {
    return this.chain ? this.chain(ctx, message) : this.runHandler(ctx, message);
  }

  private async runHandler(
    ctx: MessageContext,
    message: JSONRPCRequest | JSONRPCNotification,
  ): Promise<ResultObject | undefined> {
    const params = message.params ?? EMPTY;
    if (!('id' in message)) {
      const handler = this.notificationHandlers?.get(message.method);
      if (handler) await handler(params as Record<string, unknown>, ctx as InboundMessageContext);
      else {
        const shared = this.table?.notifications.get(message.method);
        if (shared) await shared(this.owner, params as Record<string, unknown>, ctx as InboundMessageContext);
      }
      return undefined;
    }
    const handler = this.requestHandlers?.get(message.method);
    if (handler) return handler(params as Record<string, unknown>, ctx as RequestHandlerContext);
    const shared = this.table?.requests.get(message.method);
    if (!shared) throw new MethodNotFoundError(`Method not found: ${message.method}`);
    return shared(this.owner, params as Record<string, unknown>, ctx as RequestHandlerContext);
  }
}

/**
 * Whether an error is an abort: a DOM `AbortError` (what `fetch`, timers and streams throw when
 * their signal aborts) or a cancellation of mcpkit's.
 *
 * @example
 * isAbortError(new DOMException('stopped', 'AbortError')); // true
 */
export function isAbortError(error: unknown): boolean {
  return error instanceof RequestCancelledError || (error instanceof Error && error.name === 'AbortError');
}

function ignoreError(): void {}

function asError(error: unknown, fallback: string): Error {
  if (error instanceof Error) return error;
  return new InternalError(`${fallback}: ${String(error)}`);
}

/** The per-request context; one allocation per request, methods on the prototype. */
class RequestContextImpl implements RequestHandlerContext {
  readonly direction = 'inbound' as const;
  readonly requestId: RequestId;
  readonly method: string;
  readonly meta: Readonly<Record<string, unknown>> | undefined;
  /** Set by the dispatcher right after construction, once the edge has bound the request. */
  binding: InboundBinding = NO_BINDING;
  private stateMap: Map<string | symbol, unknown> | undefined;
  private done = false;
  private lastProgress = Number.NEGATIVE_INFINITY;

  constructor(
    request: JSONRPCRequest,
    private readonly channel: ExchangeChannel,
    private readonly cancellation: AbortSignal | Cancellation,
  ) {
    this.requestId = request.id;
    this.method = request.method;
    const meta = request.params?._meta;
    this.meta = meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : undefined;
  }

  get canSendRequests(): boolean {
    return this.channel.request !== undefined;
  }

  get signal(): AbortSignal {
    const cancellation = this.cancellation;
    return cancellation instanceof Cancellation ? cancellation.signal : cancellation;
  }

  get state(): Map<string | symbol, unknown> {
    this.stateMap ??= new Map();
    return this.stateMap;
  }

  finish(): void {
    this.done = true;
  }

  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    // `aborted` of either kind, without making a lazy signal just to read it.
    if (this.done || this.cancellation.aborted) return;
    await this.channel.notify(
      params === undefined
        ? { jsonrpc: JSONRPC_VERSION, method }
        : { jsonrpc: JSONRPC_VERSION, method, params },
    );
  }

  async sendProgress(progress: number, total?: number, message?: string): Promise<void> {
    const token = this.meta?.[META_PROGRESS_TOKEN];
    if (typeof token !== 'string' && typeof token !== 'number') return;
    if (!(progress > this.lastProgress)) {
      throw new McpkitLocalError(
        `Progress must increase with every update: got ${progress} after ${this.lastProgress}`,
      );
    }
    this.lastProgress = progress;
    const params: Record<string, unknown> = { progressToken: token, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    await this.notify('notifications/progress', params);
  }

  sendRequest(
    method: string,
    params?: Record<string, unknown>,
    options?: OutboundRequestOptions,
  ): Promise<ResultObject> {
    if (!this.channel.request) {
      return Promise.reject(
        new McpkitLocalError(
          `Cannot send ${method} to the peer: this connection carries no server-to-client requests (2026-07-28 requests use input_required results instead)`,
        ),
      );
    }
    return this.channel.request(method, params, { ...options, signal: options?.signal ?? this.signal });
  }
}
