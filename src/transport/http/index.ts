/**
 * `mcpkit/http`: Streamable HTTP, runtime-neutral (web standards only).
 *
 * @packageDocumentation
 */

export {
  type AuthorizedRequest,
  authorizingFetch,
  DEFAULT_MAX_HTTP_MESSAGE_BYTES,
  type HttpAuthorizer,
  MAX_AUTHORIZED_RETRIES,
  StreamableHttpClientTransport,
  type StreamableHttpClientTransportOptions,
} from './client.js';
export { dispatcherHandlers } from './dispatch.js';
export {
  type BodyReader,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SSE_KEEP_ALIVE_MS,
  type EventNumbering,
  type EventStreamWriter,
  type HttpExchange,
  type HttpMethodHandler,
  type HttpMethodReply,
  type HttpReply,
  type HttpRequestInfo,
  type HttpResponder,
  type HttpStatusReply,
  type HttpStreamReply,
  httpErrorReply,
  parseAccept,
  StreamableHttpEndpoint,
  type StreamableHttpHandlers,
  type StreamableHttpOptions,
} from './endpoint.js';
export { HttpStatusError, StreamInterruptedError } from './errors.js';
export { createFetchHandler, type FetchHandler } from './fetch-handler.js';
export { LegacySseClientTransport, type LegacySseClientTransportOptions } from './legacy-sse-client.js';
export {
  checkHostAndOrigin,
  type HostProtection,
  hostnameOf,
  isLoopbackAddress,
  isLoopbackHost,
  isLoopbackOrigin,
} from './security.js';
export { formatPrimingEvent, formatSseEvent, SSE_HEADERS, SSE_KEEP_ALIVE } from './sse.js';
