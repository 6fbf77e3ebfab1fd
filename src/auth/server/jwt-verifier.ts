/**
 * Verifying JWT access tokens (RFC 9068 profile, or any signed JWT an
 * identity provider issues) against the provider's keys. jose is loaded on
 * first use, so a server that never verifies a JWT never loads it.
 */
import { type AuthPrincipal, InvalidTokenError, parseScope, type TokenVerifier } from './principal.js';

/**
 * A JSON Web Key Set, as served at a `jwks_uri`.
 *
 * @example
 * const jwks: JsonWebKeySet = { keys: [{ kty: 'EC', crv: 'P-256', x: '...', y: '...', kid: 'k1' }] };
 */
export interface JsonWebKeySet {
  keys: Record<string, unknown>[];
}

/**
 * Options of {@link jwtVerifier}.
 *
 * @example
 * const options: JwtVerifierOptions = { issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/jwks' };
 */
export interface JwtVerifierOptions {
  /** The `iss` every token must carry, exactly. */
  readonly issuer: string;
  /** Where the issuer publishes its signing keys (fetched and cached by jose). */
  readonly jwksUri?: string | URL;
  /** The signing keys themselves, instead of `jwksUri`. */
  readonly jwks?: JsonWebKeySet;
  /**
   * Accepted `aud` values. Default: this server's canonical URI (the resource the guard passes), which
   * is what RFC 8707 audience binding means. Override only when your provider stamps another identifier.
   */
  readonly audience?: string | readonly string[];
  /** Accepted signing algorithms. Default: the asymmetric ones (RS*, PS*, ES*, EdDSA). */
  readonly algorithms?: readonly string[];
  /** Leeway for `exp`/`nbf`/`iat`, in seconds. Default 0. */
  readonly clockToleranceSeconds?: number;
  /** The `typ` header required, e.g. `at+jwt` for strict RFC 9068 (many providers omit it). */
  readonly requiredTyp?: string;
}

const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/**
 * jose errors that say nothing about the token: the key set could not be had.
 * jose 6 throws the bare JOSEError (ERR_JOSE_GENERIC) only when the JWKS
 * endpoint answers other than 200 or with something that is not JSON.
 */
const INFRASTRUCTURE_ERRORS = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

type Jose = typeof import('jose');
type KeyResolver = Parameters<Jose['jwtVerify']>[1];

/**
 * A verifier for JWT access tokens: signature against the issuer's keys,
 * `iss`, `aud` (this server by default), `exp` (required), `nbf`, algorithm
 * allow-list, and optionally `typ`.
 *
 * @example
 * const verifier = jwtVerifier({
 *   issuer: 'https://auth.example.com',
 *   jwksUri: 'https://auth.example.com/.well-known/jwks.json',
 * });
 * const server = new McpServer(info, { auth: { verifier, authorizationServers: ['https://auth.example.com'], resource } });
 */
export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  if ((options.jwksUri === undefined) === (options.jwks === undefined)) {
    throw new TypeError('jwtVerifier needs exactly one of jwksUri and jwks');
  }
  if (!options.issuer) throw new TypeError('jwtVerifier needs the issuer');
  let loaded: Promise<{ jose: Jose; keys: KeyResolver }> | undefined;
  const load = () => {
    loaded ??= import('jose').then((jose) => ({
      jose,
      keys:
        options.jwks !== undefined
          ? (jose.createLocalJWKSet(options.jwks as Parameters<Jose['createLocalJWKSet']>[0]) as KeyResolver)
          : (jose.createRemoteJWKSet(new URL(options.jwksUri!.toString())) as KeyResolver),
    }));
    return loaded;
  };
  return {
    async verify(token, { resource }) {
      const { jose, keys } = await load();
      const audience = options.audience ?? resource;
      let payload: Record<string, unknown>;
      try {
        const verified = await jose.jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: typeof audience === 'string' ? audience : [...audience],
          algorithms: [...(options.algorithms ?? ASYMMETRIC_ALGORITHMS)],
          clockTolerance: options.clockToleranceSeconds ?? 0,
          requiredClaims: ['exp'],
          typ: options.requiredTyp,
        });
        payload = verified.payload as Record<string, unknown>;
      } catch (error) {
        throw describeJoseFailure(jose, error);
      }
      const principal = principalFromClaims(payload);
      // A custom audience was checked by jose; tell the guard the token is for this resource.
      return options.audience === undefined ? principal : { ...principal, audience: [resource] };
    },
  };
}

/** Maps a jose failure to an {@link InvalidTokenError}, or lets infrastructure failures through. */
function describeJoseFailure(jose: Jose, error: unknown): Error {
  if (!(error instanceof jose.errors.JOSEError))
    return error instanceof Error ? error : new Error(String(error));
  if (INFRASTRUCTURE_ERRORS.has(error.code)) return error;
  if (error instanceof jose.errors.JWTExpired) return new InvalidTokenError('The access token has expired');
  if (error instanceof jose.errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return new InvalidTokenError('The access token was not issued for this server');
      case 'iss':
        return new InvalidTokenError('The access token was issued by an untrusted issuer');
      case 'exp':
        return new InvalidTokenError('The access token has no expiry');
      case 'typ':
        return new InvalidTokenError('The access token has the wrong type (typ)');
      default:
        return new InvalidTokenError(`The access token's ${error.claim} claim is not acceptable`);
    }
  }
  return new InvalidTokenError('The access token is not a valid signed token from the trusted issuer');
}

/**
 * The principal a set of token claims describes (JWT payload or introspection response).
 *
 * @example
 * principalFromClaims({ sub: 'alice', client_id: 'app', scope: 'a b', aud: 'https://mcp.example.com/mcp', exp: 1e10 });
 */
export function principalFromClaims(claims: Record<string, unknown>): AuthPrincipal {
  const clientId =
    typeof claims.client_id === 'string'
      ? claims.client_id
      : typeof claims.azp === 'string'
        ? claims.azp
        : undefined;
  const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : clientId;
  if (subject === undefined)
    throw new InvalidTokenError('The access token names neither a subject nor a client');
  const scopes = Array.isArray(claims.scp)
    ? claims.scp.filter((s): s is string => typeof s === 'string')
    : parseScope(claims.scope ?? claims.scp);
  const aud = claims.aud;
  const audience =
    typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [];
  const principal: AuthPrincipal = {
    subject,
    clientId,
    scopes,
    audience,
    expiresAt: typeof claims.exp === 'number' ? claims.exp : Number.NaN,
    claims,
  };
  return typeof claims.iss === 'string' ? { ...principal, issuer: claims.iss } : principal;
}
