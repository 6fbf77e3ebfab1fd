/**
 * The extension scenarios of the conformance client: what a machine client
 * (client credentials, workload identity) or an enterprise agent would
 * configure, from the credentials the scenario context hands out. DPoP needs
 * no branch: the authorization server advertises it, the MCP server challenges
 * with the `DPoP` scheme, and `OAuthClientAuth` follows.
 */
import {
  clientCredentialsAuth,
  enterpriseManagedAuth,
  type OAuthClientAuth,
  workloadIdentityAuth,
} from '../src/entries/client.js';

function text(context: Record<string, unknown>, field: string): string {
  const value = context[field];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`The scenario context lacks "${field}"`);
  }
  return value;
}

/**
 * The authorization for an extension scenario, or undefined for every other
 * one (the ordinary OAuth client handles those). `Client.connect` declares
 * the extensions each implies.
 *
 * @example
 * const auth = extensionAuthFor('auth/client-credentials-basic', context) ?? authFor(context);
 */
export function extensionAuthFor(
  scenario: string,
  context: Record<string, unknown>,
): OAuthClientAuth | undefined {
  switch (scenario) {
    case 'auth/client-credentials-basic':
      return clientCredentialsAuth({
        clientId: text(context, 'client_id'),
        clientSecret: text(context, 'client_secret'),
      });
    case 'auth/client-credentials-jwt':
      return clientCredentialsAuth({
        clientId: text(context, 'client_id'),
        privateKey: {
          privateKeyPem: text(context, 'private_key_pem'),
          algorithm: typeof context.signing_algorithm === 'string' ? context.signing_algorithm : 'ES256',
        },
      });
    case 'auth/wif-jwt-bearer':
      return workloadIdentityAuth({
        clientId: text(context, 'client_id'),
        assertion: text(context, 'valid_jwt'),
      });
    case 'auth/enterprise-managed-authorization':
      return enterpriseManagedAuth({
        clientId: text(context, 'client_id'),
        clientSecret: text(context, 'client_secret'),
        idp: {
          issuer: text(context, 'idp_issuer'),
          tokenEndpoint: text(context, 'idp_token_endpoint'),
          clientId: text(context, 'idp_client_id'),
        },
        idToken: text(context, 'idp_id_token'),
      });
    default:
      return undefined;
  }
}
