/**
 * How the client proves its identity at the token endpoint: the method its
 * registration names, else the best one the server advertises for what the
 * client holds (a secret or nothing). Key-based methods (`private_key_jwt`)
 * plug in through `OAuthClientAuthOptions.clientAuthentication`.
 */
import type * as oauth from 'oauth4webapi';
import { RegistrationError } from './errors.js';
import { oauthNow } from './oauth-loader.js';
import type { ClientRegistration } from './store.js';

/**
 * The token endpoint authentication method for a registration at `as`.
 *
 * @example
 * tokenEndpointAuthMethodFor(as, { client_id: 'app', client_secret: 's', source: 'pre-registered' });
 * // 'client_secret_basic' (or 'client_secret_post' when that is all the server lists)
 */
export function tokenEndpointAuthMethodFor(
  as: oauth.AuthorizationServer,
  registration: ClientRegistration,
): string {
  if (registration.token_endpoint_auth_method) return registration.token_endpoint_auth_method;
  if (registration.client_secret === undefined) return 'none';
  const supported = as.token_endpoint_auth_methods_supported;
  // RFC 8414: an absent list means client_secret_basic.
  if (!supported || supported.includes('client_secret_basic')) return 'client_secret_basic';
  if (supported.includes('client_secret_post')) return 'client_secret_post';
  return 'client_secret_basic';
}

/**
 * The oauth4webapi `ClientAuth` for a registration: `none`,
 * `client_secret_basic` or `client_secret_post`.
 *
 * @example
 * const auth = clientAuthenticationFor(as, registration);
 * await oauth.refreshTokenGrantRequest(as, { client_id: registration.client_id }, auth, refreshToken);
 */
export function clientAuthenticationFor(
  as: oauth.AuthorizationServer,
  registration: ClientRegistration,
): oauth.ClientAuth {
  const method = tokenEndpointAuthMethodFor(as, registration);
  switch (method) {
    case 'none':
      return oauthNow().None();
    case 'client_secret_basic':
    case 'client_secret_post': {
      if (registration.client_secret === undefined) {
        throw new RegistrationError(
          `${method} needs a client secret, and the client ${registration.client_id} has none`,
        );
      }
      return method === 'client_secret_basic'
        ? clientSecretBasic(registration.client_secret)
        : oauthNow().ClientSecretPost(registration.client_secret);
    }
    default:
      throw new RegistrationError(
        `The token endpoint authentication method ${method} needs the clientAuthentication option (a key-based method)`,
      );
  }
}

/** application/x-www-form-urlencoded, as RFC 6749 §2.3.1 asks for both halves of the Basic credentials. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/**
 * HTTP Basic client authentication (RFC 6749 §2.3.1). Ours rather than
 * oauth4webapi's, which also escapes characters the form encoding leaves alone
 * (`-`, `.`, `_`, `*`) and so breaks servers that compare the id without decoding.
 *
 * @example
 * const auth = clientSecretBasic('s3cret');
 * await oauth.refreshTokenGrantRequest(as, { client_id: 'my-app' }, auth, refreshToken);
 */
export function clientSecretBasic(clientSecret: string): oauth.ClientAuth {
  return (_as, client, body, headers) => {
    body.delete('client_id');
    const credentials = `${formEncode(client.client_id)}:${formEncode(clientSecret)}`;
    headers.set('authorization', `Basic ${btoa(credentials)}`);
  };
}
