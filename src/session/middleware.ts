/**
 * One middleware shape for both directions and both sides:
 * `(next) => (ctx, message) => result`.
 *
 * Receiving, `next` runs the handler and resolves with its result; sending,
 * `next` puts the message on the wire and resolves with the peer's result.
 * Notifications resolve with `undefined`. Logging, tracing, auth and rate
 * limits are written once and installed on either side.
 */
import type { JSONRPCNotification, JSONRPCRequest, RequestId } from '../protocol/jsonrpc.js';
import type { InboundBinding } from './transport.js';

/** A result object as it travels: whatever the handler or the peer produced. */
export type ResultObject = Record<string, unknown>;

/** Facts shared by both directions. */
interface BaseMessageContext {
  /** Aborts when the request is cancelled, times out, or the connection closes. */
  readonly signal: AbortSignal;
  /** Free-form state middleware can leave for later middleware or the handler. */
  readonly state: Map<string | symbol, unknown>;
}

/** Context of a message this side received. */
export interface InboundMessageContext extends BaseMessageContext {
  readonly direction: 'inbound';
  /** The request id; absent for notifications. */
  readonly requestId?: RequestId;
  /**
   * What carried the message (the HTTP request, the connection) and, on a server, what its
   * serving edge decided (era, revision, session, principal: see `ServerBinding`).
   */
  readonly binding: InboundBinding;
}

/** Context of a message this side is sending. */
export interface OutboundMessageContext extends BaseMessageContext {
  readonly direction: 'outbound';
  /** The id assigned to the outbound request; absent for notifications. */
  readonly requestId?: RequestId;
}

/** Either direction's context. Check `direction` to tell them apart. */
export type MessageContext = InboundMessageContext | OutboundMessageContext;

/** A step in a chain: handles a message and resolves with the result (or `undefined` for notifications). */
export type MessageHandler<C extends MessageContext = MessageContext> = (
  ctx: C,
  message: JSONRPCRequest | JSONRPCNotification,
) => Promise<ResultObject | undefined>;

/**
 * Wraps the next step of a chain.
 *
 * @example
 * const timing: Middleware = (next) => async (ctx, message) => {
 *   const started = performance.now();
 *   try {
 *     return await next(ctx, message);
 *   } finally {
 *     console.error(ctx.direction, message.method, performance.now() - started, 'ms');
 *   }
 * };
 */
export type Middleware<C extends MessageContext = MessageContext> = (
  next: MessageHandler<C>,
) => MessageHandler<C>;

/**
 * Builds one handler from a list of middleware around a final step. The first
 * middleware in the list is the outermost. Composed once, not per message.
 *
 * @example
 * const handle = composeMiddleware([timing, auth], finalHandler);
 */
export function composeMiddleware<C extends MessageContext>(
  middleware: readonly Middleware<C>[],
  final: MessageHandler<C>,
): MessageHandler<C> {
  let handler = final;
  for (let i = middleware.length - 1; i >= 0; i--) handler = middleware[i]!(handler);
  return handler;
}
