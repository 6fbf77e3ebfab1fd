/**
 * `mcpkit/session`: the JSON-RPC engine shared by servers and clients.
 *
 * @packageDocumentation
 */
export { JsonRpcPeer, ProtocolViolationError, type PeerOptions } from './peer.js';
export {
  Dispatcher,
  type DispatcherOptions,
  type ExchangeChannel,
  type RequestHandler,
  type RequestHandlerContext,
  type NotificationHandler,
  type ParamsValidator,
} from './dispatcher.js';
export {
  OutboundRequests,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_MAX_PENDING_REQUESTS,
  type OutboundRequestOptions,
  type OutboundLimits,
  type ProgressUpdate,
} from './outbound.js';
export {
  composeMiddleware,
  type Middleware,
  type MessageHandler,
  type MessageContext,
  type InboundMessageContext,
  type OutboundMessageContext,
  type ResultObject,
} from './middleware.js';
export type { Transport, TransportHandlers, SendOptions, MessageOrigin } from '../transport/transport.js';
export { InMemoryTransport, createInMemoryTransportPair } from '../transport/memory/in-memory.js';
