/**
 * `mcpkit/http`: Streamable HTTP, runtime-neutral (web standards only).
 *
 * @packageDocumentation
 */
export {
  StreamableHttpEndpoint,
  parseAccept,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SSE_KEEP_ALIVE_MS,
  type StreamableHttpHandlers,
  type StreamableHttpOptions,
  type HttpRequestInfo,
  type HttpExchange,
  type HttpReply,
  type HttpResponder,
  type EventStreamWriter,
  type BodyReader,
  type HttpMethodHandler,
} from './endpoint.js';
export { createFetchHandler, type FetchHandler } from './fetch-handler.js';
export { dispatcherHandlers } from './dispatch.js';
export {
  StreamableHttpClientTransport,
  type StreamableHttpClientTransportOptions,
  DEFAULT_MAX_HTTP_MESSAGE_BYTES,
} from './client.js';
export { HttpStatusError, StreamInterruptedError } from './errors.js';
export {
  checkHostAndOrigin,
  isLoopbackHost,
  isLoopbackOrigin,
  isLoopbackAddress,
  hostnameOf,
  type HostProtection,
} from './security.js';
export { formatSseEvent, SSE_HEADERS, SSE_KEEP_ALIVE } from './sse.js';
