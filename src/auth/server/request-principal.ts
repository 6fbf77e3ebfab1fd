/**
 * Where a request's verified principal travels: under `auth` in the HTTP
 * request's `extra`, which both the fetch and the `node:http` adapters carry
 * to handlers. Frameworks that authenticate on their own can put a principal
 * there too (`server.fetch(request, { auth })`).
 */
import type { HttpRequestInfo } from '../../transport/http/endpoint.js';
import type { AuthPrincipal } from './principal.js';

/**
 * The key of the principal in `HttpRequestInfo.extra`.
 *
 * @example
 * await server.fetch(request, { [AUTH_EXTRA_KEY]: principal });
 */
export const AUTH_EXTRA_KEY = 'auth';

/**
 * The principal of an HTTP request, if it was authenticated.
 *
 * @example
 * const subject = principalOf(exchange.info)?.subject;
 */
export function principalOf(info: HttpRequestInfo | undefined): AuthPrincipal | undefined {
  const value = info?.extra[AUTH_EXTRA_KEY];
  return value !== null && typeof value === 'object' && typeof (value as AuthPrincipal).subject === 'string'
    ? (value as AuthPrincipal)
    : undefined;
}

/**
 * The same request with its principal attached.
 *
 * @example
 * await endpoint.handle(withPrincipal(info, principal), readBody, respond);
 */
export function withPrincipal(info: HttpRequestInfo, principal: AuthPrincipal): HttpRequestInfo {
  return {
    method: info.method,
    url: info.url,
    header: info.header,
    // Read through, not copied: adapters make the signal only when someone asks for it.
    get signal() {
      return info.signal;
    },
    extra: { ...info.extra, [AUTH_EXTRA_KEY]: principal },
  };
}

/**
 * The identity a principal's state is bound to (2025 sessions, sealed
 * `requestState`): issuer and subject together, since two authorization
 * servers may both know an `alice`. A client acting for itself (no `sub`, the
 * subject taken from its client id) is kept apart from a user of that name.
 *
 * @example
 * principalIdentity({ issuer: 'https://as.example.com', subject: 'alice', claims: { sub: 'alice' }, ... });
 * // 'https://as.example.com\u0000sub:alice'
 */
export function principalIdentity(principal: AuthPrincipal): string {
  const sub = (principal.claims as Record<string, unknown> | undefined)?.sub;
  const clientOnly =
    (typeof sub !== 'string' || sub === '') &&
    principal.clientId !== undefined &&
    principal.subject === principal.clientId;
  return `${principal.issuer ?? ''}\u0000${clientOnly ? 'client' : 'sub'}:${principal.subject}`;
}
