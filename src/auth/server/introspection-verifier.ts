/**
 * Verifying opaque access tokens by asking the authorization server (RFC 7662
 * token introspection). Positive answers are cached until the token expires
 * (bounded), keyed by a hash so raw tokens never sit in the cache.
 */
import { principalFromClaims } from './jwt-verifier.js';
import { type AuthPrincipal, InvalidTokenError, type TokenVerifier } from './principal.js';

/**
 * Options of {@link introspectionVerifier}.
 *
 * @example
 * const options: IntrospectionVerifierOptions = {
 *   endpoint: 'https://auth.example.com/token/introspection', clientId: 'mcp-server', clientSecret: process.env.SECRET!,
 * };
 */
export interface IntrospectionVerifierOptions {
  /** The introspection endpoint (`introspection_endpoint` in the AS metadata). */
  readonly endpoint: string | URL;
  /** This server's own client id at the AS (introspection requires client authentication). */
  readonly clientId: string;
  /** Its secret, sent with `client_secret_basic`. */
  readonly clientSecret: string;
  /** Accepted `aud` values. Default: this server's canonical URI. */
  readonly audience?: string | readonly string[];
  /** The `iss` required in responses that carry one. */
  readonly issuer?: string;
  /** Longest a positive answer is reused, in seconds (never past `exp`). Default 60. */
  readonly cacheSeconds?: number;
  /** Most answers cached at once; the oldest go first. Default 1000. */
  readonly cacheSize?: number;
  /** The fetch to use (a proxy-aware one, say). Default: the global fetch. */
  readonly fetch?: typeof fetch;
}

interface CachedAnswer {
  readonly principal: AuthPrincipal;
  readonly until: number;
}

/**
 * A verifier that introspects each token at the authorization server and
 * checks `active`, `exp` (required), `aud` (this server by default) and `iss`.
 *
 * @example
 * const verifier = introspectionVerifier({
 *   endpoint: 'https://auth.example.com/token/introspection',
 *   clientId: 'mcp-server',
 *   clientSecret: process.env.INTROSPECTION_SECRET!,
 * });
 */
export function introspectionVerifier(options: IntrospectionVerifierOptions): TokenVerifier {
  const endpoint = new URL(options.endpoint.toString());
  const cacheMs = (options.cacheSeconds ?? 60) * 1000;
  const cacheSize = options.cacheSize ?? 1000;
  const cache = new Map<string, CachedAnswer>();
  const doFetch = options.fetch ?? globalThis.fetch;
  // RFC 6749 §2.3.1: form-encode the id and secret before base64.
  const basic = btoa(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`);

  return {
    async verify(token, { resource }) {
      const key = await sha256(token);
      const cached = cache.get(key);
      if (cached && cached.until > Date.now()) return cached.principal;
      cache.delete(key);

      const response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      });
      if (!response.ok) {
        throw new Error(`Token introspection answered HTTP ${response.status}`);
      }
      const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      if (!answer || typeof answer !== 'object')
        throw new Error('Token introspection answered no JSON object');
      if (answer.active !== true) throw new InvalidTokenError('The access token is not active');
      if (typeof answer.exp !== 'number') throw new InvalidTokenError('The access token has no expiry');
      if (options.issuer !== undefined && answer.iss !== undefined && answer.iss !== options.issuer) {
        throw new InvalidTokenError('The access token was issued by an untrusted issuer');
      }
      const principal = principalFromClaims(answer);
      const accepted = options.audience ?? resource;
      const audiences = typeof accepted === 'string' ? [accepted] : accepted;
      if (!principal.audience.some((aud) => audiences.includes(aud))) {
        throw new InvalidTokenError('The access token was not issued for this server');
      }
      // The guard checks the audience against the resource; a custom `audience` has been checked here.
      const checked: AuthPrincipal =
        options.audience === undefined ? principal : { ...principal, audience: [resource] };
      const until = Math.min(Date.now() + cacheMs, principal.expiresAt * 1000);
      if (until > Date.now()) {
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
        cache.set(key, { principal: checked, until });
      }
      return checked;
    },
  };
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}
