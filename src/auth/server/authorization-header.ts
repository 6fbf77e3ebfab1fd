/**
 * Reading the bearer token of a request (RFC 6750 §2.1). Only the
 * `Authorization` header counts: tokens in the query string or the body are
 * ignored, as MCP requires.
 */

/**
 * What the `Authorization` header held.
 *
 * @example
 * const credentials: BearerCredentials = readBearerToken(request.headers.get('authorization'));
 * if (credentials.kind === 'token') console.log(credentials.token.length);
 */
export type BearerCredentials =
  /** No header, or another scheme (Basic, ...): the request is unauthenticated. */
  | { readonly kind: 'none' }
  /** A well-formed bearer token. */
  | { readonly kind: 'token'; readonly token: string }
  /** `Bearer` with no token, extra parts or characters outside b64token: a 400. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** RFC 6750's b64token: the characters an access token may have on the header. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Reads a bearer token from an `Authorization` header value. The scheme is case-insensitive.
 *
 * @example
 * readBearerToken('Bearer eyJhbGciOi...'); // { kind: 'token', token: 'eyJhbGciOi...' }
 * readBearerToken(null); // { kind: 'none' }
 */
export function readBearerToken(header: string | null | undefined): BearerCredentials {
  const read = readAccessToken(header, false);
  if (read.kind === 'token') return { kind: 'token', token: read.token };
  return read.kind === 'malformed' ? { kind: 'malformed', reason: read.reason } : read;
}

/**
 * What the `Authorization` header held, reading the `DPoP` scheme (RFC 9449) as well as `Bearer`.
 *
 * @example
 * const credentials: AccessTokenCredentials = readAccessToken(header, true);
 * if (credentials.kind === 'token' && credentials.scheme === 'dpop') checkProof(credentials.token);
 */
export type AccessTokenCredentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly scheme: 'bearer' | 'dpop'; readonly token: string }
  | { readonly kind: 'malformed'; readonly scheme: 'bearer' | 'dpop'; readonly reason: string };

/**
 * Reads an access token from an `Authorization` header value, under the `Bearer` scheme, and
 * under the `DPoP` scheme when `dpop` is true (otherwise a DPoP token counts as no token). The
 * scheme is case-insensitive; the token must be a single b64token either way.
 *
 * @example
 * readAccessToken('DPoP eyJhbGciOi...', true); // { kind: 'token', scheme: 'dpop', token: 'eyJhbGciOi...' }
 * readAccessToken('DPoP eyJhbGciOi...', false); // { kind: 'none' }
 */
export function readAccessToken(header: string | null | undefined, dpop: boolean): AccessTokenCredentials {
  if (header === null || header === undefined) return { kind: 'none' };
  const value = header.trim();
  const space = value.search(/\s/);
  const name = (space === -1 ? value : value.slice(0, space)).toLowerCase();
  if (name !== 'bearer' && !(dpop && name === 'dpop')) return { kind: 'none' };
  const scheme = name === 'dpop' ? 'dpop' : 'bearer';
  const rest = space === -1 ? '' : value.slice(space).trim();
  if (rest === '') {
    return {
      kind: 'malformed',
      scheme,
      reason: `The ${scheme === 'dpop' ? 'DPoP' : 'Bearer'} authorization carries no token`,
    };
  }
  if (!B64TOKEN.test(rest)) {
    return {
      kind: 'malformed',
      scheme,
      reason: `The ${scheme === 'dpop' ? 'DPoP' : 'bearer'} token must be a single b64token (RFC 6750 section 2.1)`,
    };
  }
  return { kind: 'token', scheme, token: rest };
}
