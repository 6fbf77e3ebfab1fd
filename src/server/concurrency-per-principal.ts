/**
 * A bound on requests one verified principal has in progress at once over HTTP. Each HTTP
 * request is served on its own, so the per-connection bound of message transports
 * (`maxInFlightRequests`) cannot apply; without this, one caller could start any number of
 * handlers by opening connections.
 */
import { principalIdentity, principalOf } from '../auth/server/request-principal.js';
import { JSONRPC_VERSION } from '../protocol/jsonrpc.js';
import type { StreamableHttpHandlers } from '../transport/http/endpoint.js';
import { RATE_LIMITED_ERROR } from './rate-limit.js';

/** Default of `McpServerOptions.maxConcurrentRequestsPerPrincipal`. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS_PER_PRINCIPAL = 64;

/**
 * Endpoint handlers that refuse a principal's request while it already has `max` in progress:
 * HTTP 429 with error -32029 naming the option. Requests without a principal pass: they cannot
 * be told apart.
 *
 * @example
 * const handlers = limitConcurrencyPerPrincipal(dispatcherHandlers(dispatcher), 64);
 */
export function limitConcurrencyPerPrincipal(
  handlers: StreamableHttpHandlers,
  max: number,
): StreamableHttpHandlers {
  const inProgress = new Map<string, number>();
  return {
    ...handlers,
    async onRequest(request, exchange) {
      const principal = principalOf(exchange.info);
      if (principal === undefined) return handlers.onRequest(request, exchange);
      const who = principalIdentity(principal);
      const held = inProgress.get(who) ?? 0;
      if (held >= max) {
        const message = `Too many requests in progress for this principal: ${held}, the limit (maxConcurrentRequestsPerPrincipal is ${max}); wait for one to finish, or raise the server's maxConcurrentRequestsPerPrincipal option`;
        return {
          message: { jsonrpc: JSONRPC_VERSION, id: request.id, error: { code: RATE_LIMITED_ERROR, message } },
          status: 429,
        };
      }
      inProgress.set(who, held + 1);
      try {
        return await handlers.onRequest(request, exchange);
      } finally {
        const now = (inProgress.get(who) ?? 1) - 1;
        if (now === 0) inProgress.delete(who);
        else inProgress.set(who, now);
      }
    },
  };
}
