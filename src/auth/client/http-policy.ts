/**
 * Where OAuth requests may go and how they are sent: HTTPS everywhere except
 * the loopback interface (local development, the conformance suite), unless a
 * caller explicitly and loudly opts out.
 */
// biome-ignore lint/correctness/noUnusedImports: names the option symbols in requestOptions' return type (computed keys, which Biome does not count)
import type * as oauth from 'oauth4webapi';
import { SsrfBlockedError } from '../../transport/http/errors.js';
import { isLoopbackHost } from '../../transport/http/security.js';
import { InsecureEndpointError } from './errors.js';
import { oauthNow } from './oauth-loader.js';

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
  /**
   * How long one discovery, registration or token request may take, in ms, before it is
   * abandoned: an authorization server that never answers must not hang the client.
   * Default 30 000.
   */
  timeoutMs?: number;
}

/** The default of {@link OAuthHttpOptions.timeoutMs}. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** The longest time limit a timer can hold (2^31 - 1 ms); longer ones would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The per-request time limit `http` asks for, checked: a whole number of milliseconds from 1 to
 * 2^31 - 1 (about 24.8 days). Throws RangeError otherwise.
 *
 * @example
 * timeoutOf({ timeoutMs: 5000 }); // 5000
 */
export function timeoutOf(http: OAuthHttpOptions): number {
  const ms = http.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isInteger(ms) && ms >= 1 && ms <= MAX_TIMEOUT_MS)) {
    throw new RangeError(
      `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}; got ${String(http.timeoutMs)}`,
    );
  }
  return ms;
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
 * oauth4webapi request options for a request to `url`: our fetch, a time limit on
 * every request it makes ({@link OAuthHttpOptions.timeoutMs}), and plain HTTP
 * allowed only where {@link assertSecureEndpoint} allows it. The option keys are oauth4webapi's
 * symbols, so this takes the module (loaded already inside any OAuth flow).
 *
 * @example
 * await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier, requestOptions(tokenUrl, {}));
 */
export function requestOptions(
  url: URL,
  http: OAuthHttpOptions,
): {
  signal: () => AbortSignal;
  [oauth.customFetch]?: typeof fetch;
  [oauth.allowInsecureRequests]?: boolean;
} {
  assertSecureEndpoint(url, http);
  const timeoutMs = timeoutOf(http);
  const { customFetch, allowInsecureRequests } = oauthNow();
  return {
    // A factory, so each request of a retry (a DPoP nonce, say) gets a full time limit of its own.
    signal: () => AbortSignal.timeout(timeoutMs),
    ...(http.fetch ? { [customFetch]: http.fetch } : {}),
    ...(url.protocol === 'http:' ? { [allowInsecureRequests]: true } : {}),
  };
}

/** The largest metadata document read, bytes: real ones are a few KiB. */
const MAX_METADATA_BYTES = 1024 * 1024;

/** Reads a body as text, refusing (throwing) past `max` bytes instead of buffering without end. */
async function readCapped(response: Response, max: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new RangeError(`metadata document larger than ${max} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
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
  const signal = AbortSignal.timeout(timeoutOf(http));
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal });
  } catch (error) {
    // A location the SSRF protection refused is no absence: the server pointed somewhere it must not.
    if (error instanceof SsrfBlockedError) throw error;
    return undefined; // Unreachable (or too slow) counts as absent: discovery moves on to the next location.
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  try {
    const body: unknown = JSON.parse(await readCapped(response, MAX_METADATA_BYTES));
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
