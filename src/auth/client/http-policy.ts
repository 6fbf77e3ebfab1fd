/**
 * Where OAuth requests may go and how they are sent: HTTPS everywhere except
 * the loopback interface (local development, the conformance suite), unless a
 * caller explicitly and loudly opts out.
 */
import * as oauth from 'oauth4webapi';
import { isLoopbackHost } from '../../transport/http/security.js';
import { InsecureEndpointError } from './errors.js';

/**
 * How the OAuth client reaches authorization servers and metadata.
 *
 * @example
 * const http: OAuthHttpOptions = { fetch: loggingFetch, dangerouslyAllowInsecureHttp: false };
 */
export interface OAuthHttpOptions {
  /** The fetch for discovery, registration and token requests. Default the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Allow plain `http:` to hosts other than localhost/127.0.0.1/[::1]. Only for
   * development setups you control: tokens and codes travel in the clear.
   */
  dangerouslyAllowInsecureHttp?: boolean;
}

/**
 * Throws unless `url` may carry OAuth traffic under this policy.
 *
 * @example
 * assertSecureEndpoint(new URL('http://127.0.0.1:9000/token'), {}); // fine: loopback
 * assertSecureEndpoint(new URL('http://as.example.com/token'), {}); // throws InsecureEndpointError
 */
export function assertSecureEndpoint(url: URL, http: OAuthHttpOptions): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (isLoopbackHost(url.host) || http.dangerouslyAllowInsecureHttp)) return;
  throw new InsecureEndpointError(url.href);
}

/**
 * oauth4webapi request options for a request to `url`: our fetch, and plain
 * HTTP allowed only where {@link assertSecureEndpoint} allows it.
 *
 * @example
 * await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier, requestOptions(tokenUrl, {}));
 */
export function requestOptions(
  url: URL,
  http: OAuthHttpOptions,
): { [oauth.customFetch]?: typeof fetch; [oauth.allowInsecureRequests]?: boolean } {
  assertSecureEndpoint(url, http);
  return {
    ...(http.fetch ? { [oauth.customFetch]: http.fetch } : {}),
    ...(url.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

/**
 * GETs a JSON metadata document; `undefined` when there is none (any non-2xx
 * answer, or a body that is not a JSON object).
 *
 * @example
 * const prm = await fetchJsonDocument(new URL('https://mcp.example.com/.well-known/oauth-protected-resource'), {});
 */
export async function fetchJsonDocument(
  url: URL,
  http: OAuthHttpOptions,
): Promise<Record<string, unknown> | undefined> {
  assertSecureEndpoint(url, http);
  const fetchImpl = http.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  } catch {
    return undefined; // Unreachable counts as absent: discovery moves on to the next location.
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
