/**
 * The OAuth client credentials grant for MCP (SEP-1046, extension
 * `io.modelcontextprotocol/oauth-client-credentials`): a machine client with
 * credentials registered ahead of time (a secret, or a key for
 * `private_key_jwt`) gets its own access token, with no user and no browser.
 * Discovery is the usual one; the grant sends the RFC 8707 `resource` and the
 * scope the MCP scope rules chose.
 */
import type * as oauth from 'oauth4webapi';
import { RegistrationError } from '../errors.js';
import type { Grant } from '../oauth-client-auth.js';
import { loadOAuth } from '../oauth-loader.js';
import { requestTokens } from './token-request.js';

/**
 * The extension identifier of client credentials in the client's capabilities
 * (`clientCredentialsAuth` makes `Client.connect` declare it).
 *
 * @example
 * new OAuthClientAuth({ grant: clientCredentialsGrant(), extensions: { [CLIENT_CREDENTIALS_EXTENSION]: {} } });
 */
export const CLIENT_CREDENTIALS_EXTENSION = 'io.modelcontextprotocol/oauth-client-credentials';

/**
 * A {@link Grant} for `OAuthClientAuth` that runs `grant_type=client_credentials`
 * with the client's pre-registered identity and its token endpoint
 * authentication (`client_secret_basic`, `client_secret_post`, or
 * `private_key_jwt` through {@link privateKeyJwt}). Tokens are acquired again
 * before they expire and when the server answers 401.
 *
 * @example
 * const auth = new OAuthClientAuth({
 *   clients: [{ clientId: 'nightly-report', clientSecret: process.env.CLIENT_SECRET }],
 *   grant: clientCredentialsGrant(),
 * });
 */
export function clientCredentialsGrant(): Grant {
  return async (context) => {
    const as = context.authorizationServer;
    const registration = await context.registration();
    if (registration.source !== 'pre-registered') {
      throw new RegistrationError(
        `The client credentials grant needs credentials registered with ${as.issuer} ahead of time (the clients option)`,
      );
    }
    const oauth = await loadOAuth();
    const client: oauth.Client = { client_id: registration.client_id };
    const authenticate = context.clientAuthentication(registration);
    const parameters = new URLSearchParams({ resource: context.resource });
    if (context.scope) parameters.set('scope', context.scope);
    return requestTokens(context, async (options) =>
      oauth.processClientCredentialsResponse(
        as,
        client,
        await oauth.clientCredentialsGrantRequest(as, client, authenticate, parameters, options),
      ),
    );
  };
}
