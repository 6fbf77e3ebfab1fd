'use strict';

var chunk3H42QMP3_cjs = require('./chunk-3H42QMP3.cjs');



Object.defineProperty(exports, "Cancellation", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.Cancellation; }
});
Object.defineProperty(exports, "DEFAULT_MAX_PENDING_REQUESTS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.DEFAULT_MAX_PENDING_REQUESTS; }
});
Object.defineProperty(exports, "DEFAULT_REQUEST_TIMEOUT_MS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.DEFAULT_REQUEST_TIMEOUT_MS; }
});
Object.defineProperty(exports, "Dispatcher", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.Dispatcher; }
});
Object.defineProperty(exports, "InMemoryTransport", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.InMemoryTransport; }
});
Object.defineProperty(exports, "JsonRpcPeer", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.JsonRpcPeer; }
});
Object.defineProperty(exports, "OutboundRequests", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.OutboundRequests; }
});
Object.defineProperty(exports, "ProtocolViolationError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.ProtocolViolationError; }
});
Object.defineProperty(exports, "composeMiddleware", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.composeMiddleware; }
});
Object.defineProperty(exports, "createInMemoryTransportPair", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.createInMemoryTransportPair; }
});
//# sourceMappingURL=session.cjs.map
//# sourceMappingURL=session.cjs.map