export { DEFAULT_MAX_HTTP_MESSAGE_BYTES, LegacySseClientTransport, MAX_AUTHORIZED_RETRIES, StreamableHttpClientTransport, authorizingFetch } from './chunk-HVXXMRYA.js';
import './chunk-YNMJ7REL.js';
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_SSE_KEEP_ALIVE_MS, HttpStatusError, SSE_HEADERS, SSE_KEEP_ALIVE, StreamInterruptedError, StreamableHttpEndpoint, checkHostAndOrigin, createFetchHandler, dispatcherHandlers, formatPrimingEvent, formatSseEvent, hostnameOf, isLoopbackAddress, isLoopbackHost, isLoopbackOrigin, parseAccept } from './chunk-DFK35OFH.js';
//# sourceMappingURL=http.js.map
//# sourceMappingURL=http.js.map