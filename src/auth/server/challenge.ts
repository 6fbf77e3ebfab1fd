/**
 * The answers a protected resource gives when it refuses a request: the
 * `WWW-Authenticate: Bearer` challenge (RFC 6750 §3, with RFC 9728's
 * `resource_metadata`), a `DPoP` challenge beside or instead of it when the
 * server takes DPoP-bound tokens (RFC 9449 §7.1), and the OAuth error JSON body.
 */

/**
 * The OAuth error codes a resource server uses (RFC 6750 §3.1).
 *
 * @example
 * const code: BearerErrorCode = 'insufficient_scope';
 */
export type BearerErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'invalid_dpop_proof';

/**
 * The parameters of one `Bearer` challenge.
 *
 * @example
 * const challenge: BearerChallenge = { error: 'insufficient_scope', scope: ['files:write'] };
 */
export interface BearerChallenge {
  /** Absent when the request simply carried no credentials. */
  readonly error?: BearerErrorCode;
  readonly errorDescription?: string;
  /** Every scope the operation needs; sent space-delimited. */
  readonly scope?: readonly string[];
  /** The URL of the protected resource metadata document (RFC 9728 §5.1). */
  readonly resourceMetadata?: string;
  /**
   * Offer the `DPoP` scheme too, with these proof algorithms (`algs`). The error goes on
   * the scheme the request used ({@link BearerChallenge.scheme}).
   */
  readonly dpopAlgorithms?: readonly string[];
  /** Leave the `Bearer` challenge out: the server takes DPoP-bound tokens only. */
  readonly dpopOnly?: boolean;
  /** The scheme the refused request used; the error parameters go on its challenge. Default `bearer`. */
  readonly scheme?: 'bearer' | 'dpop';
}

/** Typographic characters a verifier's message commonly holds, and their ASCII look-alikes. */
const ASCII_LOOKALIKES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00a0': ' ',
};

/**
 * Reduces text to printable ASCII. A header value outside Latin-1 makes
 * `Headers` throw (the whole response fails), and RFC 6749 §5.2 limits
 * `error_description` to printable ASCII anyway: look-alikes are swapped in,
 * accents dropped (é → e), and what remains becomes `?`; tabs and line breaks
 * become spaces.
 */
function printableAscii(value: string): string {
  return value
    .replace(/[\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0]/g, (c) => ASCII_LOOKALIKES[c] ?? '?')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\t\r\n]/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Quotes a value as an RFC 9110 quoted-string of printable ASCII, escaping backslash and double quote. */
function quoted(value: string): string {
  return `"${printableAscii(value).replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * Formats a `WWW-Authenticate` value for the Bearer scheme.
 *
 * @example
 * formatBearerChallenge({ error: 'invalid_token', errorDescription: 'Token expired',
 *   resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp' });
 * // 'Bearer error="invalid_token", error_description="Token expired", resource_metadata="https://..."'
 */
export function formatBearerChallenge(challenge: BearerChallenge): string {
  const dpop = challenge.dpopAlgorithms !== undefined;
  const erred = dpop && (challenge.scheme === 'dpop' || challenge.dpopOnly) ? 'dpop' : 'bearer';
  const challenges: string[] = [];
  if (!(dpop && challenge.dpopOnly)) challenges.push(formatOne('Bearer', challenge, erred === 'bearer'));
  if (dpop) challenges.push(formatOne('DPoP', challenge, erred === 'dpop'));
  return challenges.join(', ');
}

/** One scheme's challenge; `withError` puts the error parameters on it. */
function formatOne(scheme: 'Bearer' | 'DPoP', challenge: BearerChallenge, withError: boolean): string {
  const params: string[] = [];
  if (withError && challenge.error) params.push(`error=${quoted(challenge.error)}`);
  if (withError && challenge.errorDescription)
    params.push(`error_description=${quoted(challenge.errorDescription)}`);
  if (challenge.scope && challenge.scope.length > 0)
    params.push(`scope=${quoted(challenge.scope.join(' '))}`);
  if (challenge.resourceMetadata) params.push(`resource_metadata=${quoted(challenge.resourceMetadata)}`);
  if (scheme === 'DPoP') params.push(`algs=${quoted((challenge.dpopAlgorithms ?? []).join(' '))}`);
  return params.length === 0 ? scheme : `${scheme} ${params.join(', ')}`;
}

/**
 * A refusal ready to send: status, headers and the OAuth error JSON body.
 *
 * @example
 * const refusal: AuthRefusal = bearerRefusal({ error: 'invalid_token', errorDescription: 'expired' });
 * return new Response(refusal.body, { status: refusal.status, headers: refusal.headers });
 */
export interface AuthRefusal {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** `{ error, error_description?, scope? }`; null for a bare 401 without an error code. */
  readonly body: string | null;
}

const STATUS: Record<BearerErrorCode, number> = {
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  invalid_dpop_proof: 401,
};

/**
 * Builds the HTTP refusal for a challenge: 401 without an error or for
 * `invalid_token`, 400 for `invalid_request`, 403 for `insufficient_scope`.
 *
 * @example
 * const { status, headers, body } = bearerRefusal({ error: 'insufficient_scope', scope: ['files:write'] });
 * return new Response(body, { status, headers }); // 403
 */
export function bearerRefusal(challenge: BearerChallenge): AuthRefusal {
  const status = challenge.error ? STATUS[challenge.error] : 401;
  const headers: Record<string, string> = {
    'www-authenticate': formatBearerChallenge(challenge),
    'cache-control': 'no-store',
  };
  if (!challenge.error) return { status, headers, body: null };
  const body: Record<string, unknown> = { error: challenge.error };
  if (challenge.errorDescription) body.error_description = challenge.errorDescription;
  if (challenge.scope && challenge.scope.length > 0) body.scope = challenge.scope.join(' ');
  headers['content-type'] = 'application/json';
  return { status, headers, body: JSON.stringify(body) };
}
