/**
 * Verifying opaque access tokens by asking the authorization server (RFC 7662
 * token introspection). Answers are cached, keyed by a hash so raw tokens
 * never sit in the cache: active ones until the token expires (bounded),
 * inactive ones for a few seconds so a client retrying a revoked token does
 * not hammer the AS. Concurrent checks of one token share one request, and a
 * slow AS times out into an outage (503) instead of holding requests forever.
 */
import { principalFromClaims } from './jwt-verifier.js';
import { InvalidTokenError, type TokenVerifier } from './principal.js';

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
  /** How long an inactive answer is reused, in seconds; 0 asks again every time. Default 5. */
  readonly inactiveCacheSeconds?: number;
  /** Most answers cached at once; the oldest go first. Default 1000. */
  readonly cacheSize?: number;
  /** How long to wait for the introspection endpoint before answering 503, in seconds. Default 5. */
  readonly timeoutSeconds?: number;
  /** The fetch to use (a proxy-aware one, say). Default: the global fetch. */
  readonly fetch?: typeof fetch;
}

/** An introspection answer: the active token's claims, or the verdict that it is not active. */
type Answer = Readonly<Record<string, unknown>> | typeof INACTIVE;

const INACTIVE = Symbol('inactive');

interface CachedAnswer {
  readonly answer: Answer;
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
  const inactiveMs = (options.inactiveCacheSeconds ?? 5) * 1000;
  const cacheSize = options.cacheSize ?? 1000;
  const timeoutMs = (options.timeoutSeconds ?? 5) * 1000;
  const cache = new Map<string, CachedAnswer>();
  const inFlight = new Map<string, Promise<Answer>>();
  const doFetch = options.fetch ?? globalThis.fetch;
  // RFC 6749 §2.3.1: form-encode the id and secret before base64.
  const basic = btoa(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`);

  /** Asks the AS. Throws a plain Error (an outage: 503) when it cannot answer in time or sensibly. */
  async function introspect(token: string): Promise<Answer> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`Token introspection answered HTTP ${response.status}`);
      }
      const answer = (await response.json().catch((error: unknown) => {
        if (signal.aborted) throw error;
        return undefined;
      })) as unknown;
      if (!answer || typeof answer !== 'object' || Array.isArray(answer))
        throw new Error('Token introspection answered no JSON object');
      return (answer as Record<string, unknown>).active === true
        ? (answer as Record<string, unknown>)
        : INACTIVE;
    } catch (error) {
      if (signal.aborted) throw new Error(`Token introspection did not answer within ${timeoutMs / 1000} s`);
      throw error;
    }
  }

  function remember(key: string, answer: Answer): void {
    const now = Date.now();
    const until =
      answer === INACTIVE
        ? now + inactiveMs
        : typeof answer.exp === 'number'
          ? Math.min(now + cacheMs, answer.exp * 1000)
          : now;
    if (!(until > now)) return;
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
    cache.set(key, { answer, until });
  }

  /** The answer for a token: cached, already being asked for, or asked now. */
  function answerFor(key: string, token: string): Promise<Answer> {
    const cached = cache.get(key);
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.answer);
    cache.delete(key);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = introspect(token)
        .then((answer) => {
          remember(key, answer);
          return answer;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  return {
    async verify(token, { resource }) {
      const answer = await answerFor(await sha256(token), token);
      if (answer === INACTIVE) throw new InvalidTokenError('The access token is not active');
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
      return options.audience === undefined ? principal : { ...principal, audience: [resource] };
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
