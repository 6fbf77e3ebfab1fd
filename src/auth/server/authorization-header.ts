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
  if (header === null || header === undefined) return { kind: 'none' };
  const value = header.trim();
  const space = value.search(/\s/);
  const scheme = space === -1 ? value : value.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'none' };
  const rest = space === -1 ? '' : value.slice(space).trim();
  if (rest === '') return { kind: 'malformed', reason: 'The Bearer authorization carries no token' };
  if (!B64TOKEN.test(rest)) {
    return {
      kind: 'malformed',
      reason: 'The bearer token must be a single b64token (RFC 6750 section 2.1)',
    };
  }
  return { kind: 'token', token: rest };
}
