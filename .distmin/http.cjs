'use strict';

var chunkEVRKH3MW_cjs = require('./chunk-EVRKH3MW.cjs');
require('./chunk-2O5OMDZ2.cjs');
var chunk3H42QMP3_cjs = require('./chunk-3H42QMP3.cjs');



Object.defineProperty(exports, "DEFAULT_MAX_HTTP_MESSAGE_BYTES", {
	enumerable: true,
	get: function () { return chunkEVRKH3MW_cjs.DEFAULT_MAX_HTTP_MESSAGE_BYTES; }
});
Object.defineProperty(exports, "LegacySseClientTransport", {
	enumerable: true,
	get: function () { return chunkEVRKH3MW_cjs.LegacySseClientTransport; }
});
Object.defineProperty(exports, "MAX_AUTHORIZED_RETRIES", {
	enumerable: true,
	get: function () { return chunkEVRKH3MW_cjs.MAX_AUTHORIZED_RETRIES; }
});
Object.defineProperty(exports, "StreamableHttpClientTransport", {
	enumerable: true,
	get: function () { return chunkEVRKH3MW_cjs.StreamableHttpClientTransport; }
});
Object.defineProperty(exports, "authorizingFetch", {
	enumerable: true,
	get: function () { return chunkEVRKH3MW_cjs.authorizingFetch; }
});
Object.defineProperty(exports, "DEFAULT_MAX_BODY_BYTES", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.DEFAULT_MAX_BODY_BYTES; }
});
Object.defineProperty(exports, "DEFAULT_SSE_KEEP_ALIVE_MS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.DEFAULT_SSE_KEEP_ALIVE_MS; }
});
Object.defineProperty(exports, "HttpStatusError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.HttpStatusError; }
});
Object.defineProperty(exports, "SSE_HEADERS", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.SSE_HEADERS; }
});
Object.defineProperty(exports, "SSE_KEEP_ALIVE", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.SSE_KEEP_ALIVE; }
});
Object.defineProperty(exports, "StreamInterruptedError", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.StreamInterruptedError; }
});
Object.defineProperty(exports, "StreamableHttpEndpoint", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.StreamableHttpEndpoint; }
});
Object.defineProperty(exports, "checkHostAndOrigin", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.checkHostAndOrigin; }
});
Object.defineProperty(exports, "createFetchHandler", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.createFetchHandler; }
});
Object.defineProperty(exports, "dispatcherHandlers", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.dispatcherHandlers; }
});
Object.defineProperty(exports, "formatPrimingEvent", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.formatPrimingEvent; }
});
Object.defineProperty(exports, "formatSseEvent", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.formatSseEvent; }
});
Object.defineProperty(exports, "hostnameOf", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.hostnameOf; }
});
Object.defineProperty(exports, "isLoopbackAddress", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isLoopbackAddress; }
});
Object.defineProperty(exports, "isLoopbackHost", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isLoopbackHost; }
});
Object.defineProperty(exports, "isLoopbackOrigin", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.isLoopbackOrigin; }
});
Object.defineProperty(exports, "parseAccept", {
	enumerable: true,
	get: function () { return chunk3H42QMP3_cjs.parseAccept; }
});
//# sourceMappingURL=http.cjs.map
//# sourceMappingURL=http.cjs.map