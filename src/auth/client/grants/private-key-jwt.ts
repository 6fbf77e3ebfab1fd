/**
 * `private_key_jwt` client authentication (RFC 7523 §2.2, OpenID Connect
 * Core §9): instead of a secret, the client sends a short-lived JWT signed
 * with its private key. oauth4webapi builds the assertion (iss = sub =
 * client_id, aud = the authorization server's issuer, iat, exp, a unique jti);
 * this module plugs it into `OAuthClientAuth` for any grant, the
 * authorization code flow included.
 */
import type * as oauth from 'oauth4webapi';
import { loadOAuth } from '../oauth-loader.js';
import type { ClientRegistration } from '../store.js';
import { importSigningKey, type SigningKeySource } from './signing-key.js';

/**
 * The token endpoint authentication method this module provides.
 *
 * @example
 * const client = { clientId: 'svc', tokenEndpointAuthMethod: PRIVATE_KEY_JWT };
 */
export const PRIVATE_KEY_JWT = 'private_key_jwt';

/**
 * A `clientAuthentication` option for `OAuthClientAuth` that answers for
 * registrations using `private_key_jwt` (and leaves the others to the
 * built-in secret methods). The key is imported once, on first use.
 *
 * @example
 * const auth = new OAuthClientAuth({
 *   clients: [{ clientId: 'reporting-agent', tokenEndpointAuthMethod: 'private_key_jwt' }],
 *   clientAuthentication: privateKeyJwt({ privateKeyPem: pem, algorithm: 'ES256' }),
 *   grant: clientCredentialsGrant(),
 * });
 */
export function privateKeyJwt(
  source: SigningKeySource,
): (as: oauth.AuthorizationServer, registration: ClientRegistration) => oauth.ClientAuth | undefined {
  let imported: ReturnType<typeof importSigningKey> | undefined;
  return (_as, registration) => {
    if (registration.token_endpoint_auth_method !== PRIVATE_KEY_JWT) return undefined;
    return async (as, client, body, headers) => {
      imported ??= importSigningKey(source);
      const [{ key, kid }, oauth] = await Promise.all([imported, loadOAuth()]);
      await oauth.PrivateKeyJwt({ key, kid })(as, client, body, headers);
    };
  };
}
