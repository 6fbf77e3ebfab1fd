/**
 * The JWT bearer grant (RFC 7523 §2.1): a JWT someone else issued is the
 * authorization grant. Workload identity federation presents the platform's
 * workload token this way; enterprise-managed authorization presents the
 * ID-JAG its identity provider issued.
 */
import type * as oauth from 'oauth4webapi';
import { TokenRequestError } from '../errors.js';
import type { Grant, GrantContext } from '../oauth-client-auth.js';
import { loadOAuth } from '../oauth-loader.js';
import { type JwtSource, readJwt } from './assertion-source.js';
import { requestTokens } from './token-request.js';

/**
 * `grant_type` of the JWT bearer grant (RFC 7523).
 *
 * @example
 * await oauth.genericTokenEndpointRequest(as, client, auth, JWT_BEARER_GRANT_TYPE, new URLSearchParams({ assertion }));
 */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Refusals that say this assertion will never be accepted: asking again with
 * it, or falling back to another grant, only repeats the refusal (and may
 * look like an attack to the authorization server).
 */
const FINAL_ERRORS = new Set(['invalid_grant', 'invalid_scope', 'unauthorized_client']);

/**
 * Exchanges a JWT assertion for tokens at the context's authorization server,
 * with the registration's client authentication.
 *
 * @example
 * const tokens = await jwtBearerTokens(context, idJag);
 */
export async function jwtBearerTokens(
  context: GrantContext,
  assertion: string,
): Promise<oauth.TokenEndpointResponse> {
  const as = context.authorizationServer;
  const oauth = await loadOAuth();
  const registration = await context.registration();
  const client: oauth.Client = { client_id: registration.client_id };
  const authenticate = context.clientAuthentication(registration);
  const parameters = new URLSearchParams({ assertion, resource: context.resource });
  if (context.scope) parameters.set('scope', context.scope);
  return requestTokens(context, async (options) =>
    oauth.processGenericTokenEndpointResponse(
      as,
      client,
      await oauth.genericTokenEndpointRequest(
        as,
        client,
        authenticate,
        JWT_BEARER_GRANT_TYPE,
        parameters,
        options,
      ),
    ),
  );
}

/**
 * A {@link Grant} presenting a JWT from `assertion` (a workload identity
 * token, say). When the authorization server refuses an assertion for good
 * (`invalid_grant`, `invalid_scope`, `unauthorized_client`), that refusal is
 * final: the same assertion is never sent again, and no other grant is tried.
 * A source that later yields a new JWT (a rotated token file) gets one new try.
 *
 * @example
 * const auth = new OAuthClientAuth({
 *   clients: [{ clientId: 'billing-worker', tokenEndpointAuthMethod: 'none' }],
 *   grant: jwtBearerGrant({ file: '/var/run/secrets/tokens/mcp' }),
 * });
 */
export function jwtBearerGrant(assertion: JwtSource): Grant {
  const refused = new Map<string, TokenRequestError>();
  return async (context) => {
    const jwt = await readJwt(assertion);
    const earlier = refused.get(jwt);
    if (earlier) throw earlier;
    try {
      return await jwtBearerTokens(context, jwt);
    } catch (error) {
      if (error instanceof TokenRequestError && error.error !== undefined && FINAL_ERRORS.has(error.error)) {
        refused.set(jwt, error);
      }
      throw error;
    }
  };
}
