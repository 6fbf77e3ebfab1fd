/**
 * Enterprise-managed authorization (SEP-990, extension
 * `io.modelcontextprotocol/enterprise-managed-authorization`): the user is
 * already signed in to the company's identity provider, so no browser goes to
 * the MCP server's authorization server. The client exchanges the user's ID
 * token at the IdP for an Identity Assertion JWT Authorization Grant (ID-JAG,
 * RFC 8693 token exchange), then presents the ID-JAG to the MCP authorization
 * server with the JWT bearer grant (RFC 7523).
 */
import type * as oauth from 'oauth4webapi';
import { SsrfBlockedError } from '../../../transport/http/errors.js';
import { clientSecretBasic } from '../client-authentication.js';
import { discoverAuthorizationServer } from '../discovery.js';
import { TokenRequestError } from '../errors.js';
import type { Grant, GrantContext } from '../oauth-client-auth.js';
import { isResponseBodyError, loadOAuth } from '../oauth-loader.js';
import { describeOAuthError } from '../registration.js';
import { type JwtSource, readJwt } from './assertion-source.js';
import { jwtBearerTokens } from './jwt-bearer.js';
import { tokenEndpointOf } from './token-request.js';

/**
 * The extension identifier of enterprise-managed authorization in the client's
 * capabilities (`enterpriseManagedAuth` makes `Client.connect` declare it).
 *
 * @example
 * new OAuthClientAuth({ grant, extensions: { [ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION]: {} } });
 */
export const ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION =
  'io.modelcontextprotocol/enterprise-managed-authorization';

const TOKEN_EXCHANGE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
/**
 * The token type of an ID-JAG (requested, and required back).
 *
 * @example
 * response.issued_token_type === ID_JAG_TOKEN_TYPE;
 */
export const ID_JAG_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

/**
 * The company's identity provider, as this client is registered with it.
 *
 * @example
 * const idp: IdentityProvider = { issuer: 'https://login.acme.example', clientId: 'agent', clientSecret: secret };
 */
export interface IdentityProvider {
  /** Its issuer; its metadata is discovered from here when `tokenEndpoint` is not given. */
  issuer: string;
  /** Its token endpoint, to skip discovery. */
  tokenEndpoint?: string;
  /** This client's id at the IdP. */
  clientId: string;
  /** This client's secret at the IdP (sent with HTTP Basic), if it has one. */
  clientSecret?: string;
  /** Another client authentication at the IdP (`private_key_jwt`, say); wins over `clientSecret`. */
  clientAuthentication?: oauth.ClientAuth;
}

/**
 * Options of {@link enterpriseManagedGrant}.
 *
 * @example
 * const options: EnterpriseManagedOptions = { idp, idToken: () => sso.currentIdToken() };
 */
export interface EnterpriseManagedOptions {
  idp: IdentityProvider;
  /** The signed-in user's ID token from the IdP (the host's single sign-on supplies it). */
  idToken: JwtSource;
}

/**
 * Exchanges an ID token for an ID-JAG at the identity provider, for the
 * resource and authorization server of `context`.
 *
 * @example
 * const idJag = await requestIdJag(context, { issuer: 'https://idp.example.com', clientId: 'agent' }, idToken);
 */
export async function requestIdJag(
  context: GrantContext,
  idp: IdentityProvider,
  idToken: string,
): Promise<string> {
  const provider: oauth.AuthorizationServer = idp.tokenEndpoint
    ? { issuer: idp.issuer, token_endpoint: idp.tokenEndpoint }
    : await discoverAuthorizationServer(idp.issuer, context.http);
  const tokenEndpoint = tokenEndpointOf(provider);
  const oauth = await loadOAuth();
  const client: oauth.Client = { client_id: idp.clientId };
  const authenticate =
    idp.clientAuthentication ??
    (idp.clientSecret !== undefined ? clientSecretBasic(idp.clientSecret) : oauth.None());
  const parameters = new URLSearchParams({
    requested_token_type: ID_JAG_TOKEN_TYPE,
    subject_token: idToken,
    subject_token_type: ID_TOKEN_TYPE,
    // The ID-JAG is for the MCP server's authorization server, and only for this resource.
    audience: context.authorizationServer.issuer,
    resource: context.resource,
  });
  if (context.scope) parameters.set('scope', context.scope);
  let response: oauth.TokenEndpointResponse;
  try {
    response = await oauth.processGenericTokenEndpointResponse(
      provider,
      client,
      await oauth.genericTokenEndpointRequest(
        provider,
        client,
        authenticate,
        TOKEN_EXCHANGE_GRANT_TYPE,
        parameters,
        context.requestOptions(tokenEndpoint),
      ),
      // RFC 8693 §2.2.1: an issued token that is not an access token has token_type "N_A".
      { recognizedTokenTypes: { n_a: () => {} } },
    );
  } catch (error) {
    if (error instanceof SsrfBlockedError) throw error;
    const code = isResponseBodyError(error) ? error.error : undefined;
    throw new TokenRequestError(
      `The identity provider ${idp.issuer} refused to issue an ID-JAG: ${describeOAuthError(error)}`,
      code,
    );
  }
  if (response.issued_token_type !== ID_JAG_TOKEN_TYPE) {
    throw new TokenRequestError(
      `The identity provider ${idp.issuer} issued a ${String(response.issued_token_type)} instead of an ID-JAG`,
    );
  }
  return response.access_token;
}

/**
 * A {@link Grant} for enterprise-managed authorization: ID token → ID-JAG at
 * the IdP → access token at the MCP server's authorization server, where the
 * client authenticates with its own registration there (usually
 * pre-registered with a secret). No browser is involved.
 *
 * @example
 * const auth = new OAuthClientAuth({
 *   clients: [{ clientId: 'agent-at-mcp-as', clientSecret: process.env.MCP_AS_SECRET }],
 *   grant: enterpriseManagedGrant({
 *     idp: { issuer: 'https://login.acme.example', clientId: 'agent' },
 *     idToken: () => sso.currentIdToken(),
 *   }),
 * });
 */
export function enterpriseManagedGrant(options: EnterpriseManagedOptions): Grant {
  return async (context) => {
    const idJag = await requestIdJag(context, options.idp, await readJwt(options.idToken));
    return jwtBearerTokens(context, idJag);
  };
}
