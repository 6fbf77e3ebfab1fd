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
  InvalidParamsError,
  McpError,
  McpkitLocalError,
  MethodNotFoundError,
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
  /** Binding-specific facts (HTTP request, principal, ...). */
  readonly origin?: Readonly<Record<string, unknown>>;
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

/** Checks params before the handler runs; returns a message for a -32602 answer, or undefined. */
export type ParamsValidator = (params: unknown) => string | undefined;

/** Options of a {@link Dispatcher}. */
export interface DispatcherOptions {
  /** Middleware around every inbound message, outermost first. */
  middleware?: readonly Middleware[];
  /**
   * Called with errors that have nowhere else to go: a notification handler
   * that threw, a handler that failed with a non-MCP error. Defaults to nothing.
   */
  onError?: (error: Error) => void;
  /**
   * Whether the message of an unexpected (non-{@link McpError}) exception
   * reaches the peer in the -32603 answer. Default true; turn off when
   * exception messages may carry secrets.
   */
  exposeInternalErrors?: boolean;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

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
  private readonly requestHandlers = new Map<
    string,
    { handler: RequestHandler; validate?: ParamsValidator }
  >();
  private readonly notificationHandlers = new Map<string, NotificationHandler>();
  private readonly middleware: Middleware[];
  private chain: MessageHandler;
  private readonly onError: (error: Error) => void;
  private readonly exposeInternalErrors: boolean;

  constructor(options: DispatcherOptions = {}) {
    this.middleware = [...(options.middleware ?? [])];
    this.onError = options.onError ?? (() => {});
    this.exposeInternalErrors = options.exposeInternalErrors ?? true;
    this.chain = composeMiddleware(this.middleware, (ctx, message) => this.runHandler(ctx, message));
  }

  /** Adds middleware inside the ones already installed. Composed now, not per message. */
  use(middleware: Middleware): this {
    this.middleware.push(middleware);
    this.chain = composeMiddleware(this.middleware, (ctx, message) => this.runHandler(ctx, message));
    return this;
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
  setRequestHandler<M extends string>(
    method: M,
    handler: RequestHandlerFor<M>,
    options: { validate?: ParamsValidator } = {},
  ): void {
    // Stored untyped: at run time every handler takes the params object and returns a result object.
    this.requestHandlers.set(method, { handler: handler as RequestHandler, validate: options.validate });
  }

  /** Removes a request method; it answers -32601 afterwards. */
  removeRequestHandler(method: string): void {
    this.requestHandlers.delete(method);
  }

  /** True when a handler is registered for this request method. */
  hasRequestHandler(method: string): boolean {
    return this.requestHandlers.has(method);
  }

  /** Registers (or replaces) the handler of a notification method. */
  setNotificationHandler(method: string, handler: NotificationHandler): void {
    this.notificationHandlers.set(method, handler);
  }

  /** Removes a notification handler; such notifications are then ignored. */
  removeNotificationHandler(method: string): void {
    this.notificationHandlers.delete(method);
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
    const ctx = new RequestContextImpl(request, channel, signal);
    try {
      const result = await this.chain(ctx, request);
      return { jsonrpc: JSONRPC_VERSION, id: request.id, result: result ?? {} };
    } catch (error) {
      return this.errorResponse(request.id, error);
    } finally {
      ctx.finish();
    }
  }

  /** Runs one notification. Never throws: failures go to `onError`. */
  async handleNotification(
    notification: JSONRPCNotification,
    origin: Readonly<Record<string, unknown>> = EMPTY,
    signal: AbortSignal = NEVER_ABORTED,
  ): Promise<void> {
    const ctx: InboundMessageContext = { direction: 'inbound', signal, state: new Map(), origin };
    try {
      await this.chain(ctx, notification);
    } catch (error) {
      this.onError(asError(error, `Notification handler for ${notification.method} failed`));
    }
  }

  /** Builds the error response for something a handler threw. */
  errorResponse(id: RequestId, error: unknown): JSONRPCErrorResponse {
    if (error instanceof McpError) return { jsonrpc: JSONRPC_VERSION, id, error: error.toJSON() };
    const err = asError(error, 'Handler failed');
    this.onError(err);
    const message = this.exposeInternalErrors && err.message ? err.message : 'Internal error';
    return { jsonrpc: JSONRPC_VERSION, id, error: { code: ErrorCode.InternalError, message } };
  }

  private async runHandler(
    ctx: MessageContext,
    message: JSONRPCRequest | JSONRPCNotification,
  ): Promise<ResultObject | undefined> {
    const params = message.params ?? EMPTY;
    if (!('id' in message)) {
      const handler = this.notificationHandlers.get(message.method);
      if (handler) await handler(params as Record<string, unknown>, ctx as InboundMessageContext);
      return undefined;
    }
    const entry = this.requestHandlers.get(message.method);
    if (!entry) throw new MethodNotFoundError(`Method not found: ${message.method}`);
    if (entry.validate) {
      const problem = entry.validate(message.params);
      if (problem !== undefined)
        throw new InvalidParamsError(`Invalid params for ${message.method}: ${problem}`);
    }
    return entry.handler(params as Record<string, unknown>, ctx as RequestHandlerContext);
  }
}

const NEVER_ABORTED = new AbortController().signal;

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
  readonly origin: Readonly<Record<string, unknown>>;
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
    this.origin = channel.origin ?? EMPTY;
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
