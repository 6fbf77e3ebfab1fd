/**
 * `mcpkit/session`: the JSON-RPC engine shared by servers and clients.
 *
 * @packageDocumentation
 */

export { createInMemoryTransportPair, InMemoryTransport } from '../transport/memory/in-memory.js';
export type { MessageOrigin, SendOptions, Transport, TransportHandlers } from '../transport/transport.js';
export { Cancellation } from './cancellation.js';
export {
  Dispatcher,
  type DispatcherOptions,
  type ExchangeChannel,
  type NotificationHandler,
  type ParamsValidator,
  type RequestHandler,
  type RequestHandlerContext,
  type RequestHandlerFor,
  type TypedRequestHandler,
} from './dispatcher.js';
export type { KnownRequestMethod, RequestParamsFor, RequestResultFor } from './handler-types.js';
export {
  composeMiddleware,
  type InboundMessageContext,
  type MessageContext,
  type MessageHandler,
  type Middleware,
  type OutboundMessageContext,
  type ResultObject,
} from './middleware.js';
export {
  DEFAULT_MAX_PENDING_REQUESTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type OutboundLimits,
  type OutboundRequestOptions,
  OutboundRequests,
  type ProgressUpdate,
} from './outbound.js';
export { JsonRpcPeer, type PeerOptions, ProtocolViolationError } from './peer.js';
