/**
 * One run of the authorization code grant with PKCE (S256), `state`, the
 * RFC 8707 `resource` and the RFC 9207 `iss` check against the issuer
 * recorded before the redirect.
 */
import type * as oauth from 'oauth4webapi';
import { SsrfBlockedError } from '../../transport/http/errors.js';
import { type DPoPProver, withDPoP } from './dpop/dpop-prover.js';
import { AuthorizationResponseError, PkceUnsupportedError, TokenRequestError } from './errors.js';
import { assertSecureEndpoint, type OAuthHttpOptions, requestOptions } from './http-policy.js';
import { isResponseBodyError, loadOAuth, type OAuthModule } from './oauth-loader.js';
import { callbackParameters, type RedirectHandler } from './redirect.js';
import { describeOAuthError } from './registration.js';

/**
 * Everything one authorization needs.
 *
 * @example
 * const request: AuthorizationCodeRequest = { as, client: { client_id: 'app' }, clientAuthentication: oauth.None(), resource, ...headlessRedirect() };
 */
export interface AuthorizationCodeRequest {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuthentication: oauth.ClientAuth;
  redirectUri: string;
  redirect: RedirectHandler;
  /** The RFC 8707 resource indicator, sent identically in both requests. */
  resource: string;
  /** Omitted from the request when undefined. */
  scope?: string;
  http?: OAuthHttpOptions;
  /** Bind the tokens to this DPoP key (a proof on the token request). */
  dpop?: DPoPProver;
}

/**
 * Refuses an authorization server that does not advertise PKCE S256 (MCP
 * requires the client to check before authorizing).
 *
 * @example
 * assertPkceSupported(as); // throws PkceUnsupportedError when S256 is not listed
 */
export function assertPkceSupported(as: oauth.AuthorizationServer): void {
  if (!as.code_challenge_methods_supported?.includes('S256')) throw new PkceUnsupportedError(as.issuer);
}

/**
 * Sends the user through the authorization endpoint and exchanges the code.
 *
 * @example
 * const tokens = await authorizeWithCode({ as, client, clientAuthentication, resource, scope, ...headlessRedirect() });
 */
export async function authorizeWithCode(
  request: AuthorizationCodeRequest,
): Promise<oauth.TokenEndpointResponse> {
  const { as, client, redirectUri, resource, scope } = request;
  const http = request.http ?? {};
  assertPkceSupported(as);
  if (!as.authorization_endpoint) {
    throw new AuthorizationResponseError(
      `The authorization server ${as.issuer} has no authorization endpoint`,
    );
  }
  if (!as.token_endpoint) {
    throw new AuthorizationResponseError(`The authorization server ${as.issuer} has no token endpoint`);
  }
  const authorizationEndpoint = new URL(as.authorization_endpoint);
  assertSecureEndpoint(authorizationEndpoint, http);
  const redirect = new URL(redirectUri);
  // Plain http only on loopback; https and private-use schemes (com.example.app:/cb) are fine.
  if (redirect.protocol === 'http:') assertSecureEndpoint(redirect, http);

  const oauth = await loadOAuth();
  // Recorded before the redirect: the callback is checked against these, not against anything it says.
  const expectedIssuer = as.issuer;
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  url.searchParams.set('resource', resource);
  if (scope) url.searchParams.set('scope', scope);

  const parameters = callbackParameters(await request.redirect(url));
  const validated = validateCallback(oauth, { ...as, issuer: expectedIssuer }, client, parameters, state);

  const tokenEndpoint = new URL(as.token_endpoint);
  try {
    // A use_dpop_nonce refusal comes before the code is spent, so the retry may present it again.
    return await withDPoP(request.dpop, async (DPoP) => {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        request.clientAuthentication,
        validated,
        redirectUri,
        verifier,
        { ...requestOptions(tokenEndpoint, http), additionalParameters: { resource }, DPoP },
      );
      return oauth.processAuthorizationCodeResponse(as, client, response);
    });
  } catch (error) {
    throw tokenError(error, tokenEndpoint);
  }
}

/**
 * The RFC 9207 and `state` checks. An `iss` problem is reported without the
 * response's error text: it may come from an attacker's server.
 */
function validateCallback(
  oauth: OAuthModule,
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  parameters: URLSearchParams,
  state: string,
): URLSearchParams {
  const iss = parameters.get('iss');
  if (iss !== null && iss !== as.issuer) {
    throw new AuthorizationResponseError(
      `The authorization response names issuer ${JSON.stringify(iss)}, not ${as.issuer}: discarded`,
    );
  }
  if (iss === null && as.authorization_response_iss_parameter_supported === true) {
    throw new AuthorizationResponseError(
      `The authorization response carries no "iss", which ${as.issuer} promises to send: discarded`,
    );
  }
  try {
    return oauth.validateAuthResponse(as, client, parameters, state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      throw new AuthorizationResponseError(
        `The authorization server refused: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`,
        error.error,
      );
    }
    throw new AuthorizationResponseError(
      `The authorization response was rejected: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * A token endpoint failure as a {@link TokenRequestError}.
 *
 * @example
 * catch (error) { throw tokenError(error, tokenEndpoint); }
 */
export function tokenError(error: unknown, endpoint: URL): Error {
  if (error instanceof TokenRequestError || !(error instanceof Error)) return error as Error;
  // Refusals of our own policies say what to change; wrapping them would bury that.
  if (error.name === 'InsecureEndpointError' || error instanceof SsrfBlockedError) return error;
  const code = isResponseBodyError(error) ? error.error : undefined;
  return new TokenRequestError(
    `The token request to ${endpoint.href} failed: ${describeOAuthError(error)}`,
    code,
  );
}
