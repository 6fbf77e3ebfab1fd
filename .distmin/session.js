export { Cancellation, DEFAULT_MAX_PENDING_REQUESTS, DEFAULT_REQUEST_TIMEOUT_MS, Dispatcher, InMemoryTransport, JsonRpcPeer, OutboundRequests, ProtocolViolationError, composeMiddleware, createInMemoryTransportPair } from './chunk-DFK35OFH.js';
//# sourceMappingURL=session.js.map
//# sourceMappingURL=session.js.map