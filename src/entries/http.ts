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
} from '../transport/http/client.js';
export { dispatcherHandlers } from '../transport/http/dispatch.js';
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
} from '../transport/http/endpoint.js';
export { HttpStatusError, SsrfBlockedError, StreamInterruptedError } from '../transport/http/errors.js';
export { createFetchHandler, type FetchHandler } from '../transport/http/fetch-handler.js';
export { guardedFetch } from '../transport/http/guarded-fetch.js';
export { type AddressKind, classifyAddress } from '../transport/http/ip-ranges.js';
export {
  LegacySseClientTransport,
  type LegacySseClientTransportOptions,
} from '../transport/http/legacy-sse-client.js';
export {
  DEFAULT_MAX_REDIRECTS,
  type HostResolver,
  OutboundGuard,
  type OutboundGuardOptions,
  type SsrfProtection,
  type SsrfProtectionOptions,
} from '../transport/http/outbound-guard.js';
export {
  checkHostAndOrigin,
  type ForwardedRequest,
  forwardedRequest,
  type HostProtection,
  hostnameOf,
  isLoopbackAddress,
  isLoopbackHost,
  isLoopbackOrigin,
  type TrustProxy,
} from '../transport/http/security.js';
export { formatPrimingEvent, formatSseEvent, SSE_HEADERS, SSE_KEEP_ALIVE } from '../transport/http/sse.js';
