/**
 * The one way the extension grants talk to a token endpoint: with the
 * context's HTTP policy, a DPoP proof when tokens are sender-constrained
 * (retried once with the server's nonce), and failures as `TokenRequestError`.
 */
import type * as oauth from 'oauth4webapi';
import { tokenError } from '../authorization-code.js';
import { withDPoP } from '../dpop/dpop-prover.js';
import { DiscoveryError } from '../errors.js';
import type { GrantContext } from '../oauth-client-auth.js';

/**
 * What a grant's request function receives: options for oauth4webapi's token request functions.
 *
 * @example
 * const send = (options: TokenRequestOptions) => oauth.clientCredentialsGrantRequest(as, client, auth, params, options);
 */
export type TokenRequestOptions = ReturnType<GrantContext['requestOptions']> & { DPoP?: oauth.DPoPHandle };

/**
 * Sends one token request to the authorization server of `context`.
 *
 * @example
 * const tokens = await requestTokens(context, async (options) =>
 *   oauth.processClientCredentialsResponse(as, client,
 *     await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, options)));
 */
export async function requestTokens<T>(
  context: GrantContext,
  send: (options: TokenRequestOptions) => Promise<T>,
): Promise<T> {
  const tokenEndpoint = tokenEndpointOf(context.authorizationServer);
  try {
    return await withDPoP(context.dpop, (DPoP) => send({ ...context.requestOptions(tokenEndpoint), DPoP }));
  } catch (error) {
    throw tokenError(error, tokenEndpoint);
  }
}

/**
 * The token endpoint of an authorization server, as a URL.
 *
 * @example
 * tokenEndpointOf(as).href; // 'https://auth.example.com/token'
 */
export function tokenEndpointOf(as: oauth.AuthorizationServer): URL {
  if (typeof as.token_endpoint !== 'string') {
    throw new DiscoveryError(`The authorization server ${as.issuer} has no token endpoint`);
  }
  return new URL(as.token_endpoint);
}
