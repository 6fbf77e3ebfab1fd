/**
 * `mcpkit/session`: the JSON-RPC engine shared by servers and clients.
 *
 * @packageDocumentation
 */

export { Cancellation } from '../session/cancellation.js';
export {
  Dispatcher,
  type DispatcherOptions,
  type ExchangeChannel,
  HandlerTable,
  type NotificationHandler,
  type RequestHandler,
  type RequestHandlerContext,
  type RequestHandlerFor,
  type SharedNotificationHandler,
  type SharedRequestHandler,
  type TypedRequestHandler,
} from '../session/dispatcher.js';
export type { KnownRequestMethod, RequestParamsFor, RequestResultFor } from '../session/handler-types.js';
export {
  composeMiddleware,
  type InboundMessageContext,
  type MessageContext,
  type MessageHandler,
  type Middleware,
  type OutboundMessageContext,
  type ResultObject,
} from '../session/middleware.js';
export {
  DEFAULT_MAX_PENDING_REQUESTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type OutboundLimits,
  type OutboundRequestOptions,
  OutboundRequests,
  type ProgressUpdate,
} from '../session/outbound.js';
export { JsonRpcPeer, type PeerOptions, ProtocolViolationError } from '../session/peer.js';
export type {
  HttpRequestInfo,
  InboundBinding,
  SendOptions,
  Transport,
  TransportHandlers,
} from '../session/transport.js';
export { createInMemoryTransportPair, InMemoryTransport } from '../transport/memory/in-memory.js';
