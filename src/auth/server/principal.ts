/**
 * Who an access token speaks for, and the seam that turns a token into one:
 * the {@link TokenVerifier}. The bearer guard enforces the rules every
 * verifier must meet (an expiry, an audience naming this server) on whatever
 * the verifier returns, so a hand-written verifier cannot forget them.
 */

/**
 * The verified identity behind a request's access token, as handlers see it on `ctx.auth`.
 *
 * @example
 * server.registerTool('whoami', {}, (ctx) => ({
 *   content: [{ type: 'text', text: `${ctx.auth?.subject} via ${ctx.auth?.clientId}` }],
 * }));
 */
export interface AuthPrincipal {
  /** The resource owner (`sub`); for a client acting on its own behalf, the client id. */
  readonly subject: string;
  /** The OAuth client that obtained the token (`client_id` / `azp`), when known. */
  readonly clientId: string | undefined;
  /** Scopes the token grants. */
  readonly scopes: readonly string[];
  /** Audiences the token was issued for (`aud`). */
  readonly audience: readonly string[];
  /** When the token expires, in seconds since the epoch (`exp`). */
  readonly expiresAt: number;
  /** The issuer (`iss`), when known. */
  readonly issuer?: string;
  /** Every claim the verifier saw (JWT payload or introspection response). */
  readonly claims: Readonly<Record<string, unknown>>;
  /**
   * The raw token, only when the guard is told to keep it (`exposeToken`).
   * Never forward it upstream: tokens are for this server alone (token passthrough is forbidden).
   */
  readonly token?: string;
}

/**
 * What a verifier knows about the request besides the token.
 *
 * @example
 * const principal = await verifier.verify(token, { resource: 'https://mcp.example.com/mcp' });
 */
export interface VerifyContext {
  /** The canonical URI of this server (RFC 8707), the audience a token must name. */
  readonly resource: string;
}

/**
 * Turns an access token into a principal, or throws {@link InvalidTokenError}.
 * Ready-made: `jwtVerifier` (signed JWTs) and `introspectionVerifier` (RFC 7662).
 *
 * @example
 * const verifier: TokenVerifier = {
 *   async verify(token, { resource }) {
 *     const row = await db.tokens.find(token);
 *     if (!row) throw new InvalidTokenError('Unknown access token');
 *     return { subject: row.user, clientId: row.client, scopes: row.scopes, audience: [resource],
 *       expiresAt: row.exp, claims: {} };
 *   },
 * };
 */
export interface TokenVerifier {
  verify(token: string, context: VerifyContext): Promise<AuthPrincipal>;
}

/**
 * The token is not acceptable (bad signature, expired, another audience,
 * inactive, ...). Answered as 401 `invalid_token` with the message as `error_description`.
 *
 * @example
 * throw new InvalidTokenError('The access token has expired');
 */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/**
 * Splits a space-delimited OAuth `scope` string into its scopes (empty entries dropped, duplicates removed).
 *
 * @example
 * parseScope('files:read  files:write files:read'); // ['files:read', 'files:write']
 */
export function parseScope(scope: unknown): string[] {
  if (typeof scope !== 'string') return [];
  return [...new Set(scope.split(' ').filter((s) => s !== ''))];
}
