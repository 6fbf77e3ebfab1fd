/**
 * The extension scenarios of the conformance client: what a machine client
 * (client credentials, workload identity) or an enterprise agent would
 * configure, from the credentials the scenario context hands out. DPoP needs
 * no branch: the authorization server advertises it and `OAuthClientAuth`
 * follows.
 */
import {
  CLIENT_CREDENTIALS_EXTENSION,
  clientCredentialsAuth,
  ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION,
  enterpriseManagedAuth,
  type OAuthClientAuth,
  workloadIdentityAuth,
} from '../src/client/index.js';

/** The authorization and the capability extensions an extension scenario calls for. */
export interface ExtensionAuth {
  auth: OAuthClientAuth;
  extensions: Record<string, object>;
}

function text(context: Record<string, unknown>, field: string): string {
  const value = context[field];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`The scenario context lacks "${field}"`);
  }
  return value;
}

/**
 * The set-up for an extension scenario, or undefined for every other one
 * (the ordinary OAuth client handles those).
 *
 * @example
 * const extension = extensionAuthFor('auth/client-credentials-basic', context);
 */
export function extensionAuthFor(
  scenario: string,
  context: Record<string, unknown>,
): ExtensionAuth | undefined {
  switch (scenario) {
    case 'auth/client-credentials-basic':
      return {
        auth: clientCredentialsAuth({
          clientId: text(context, 'client_id'),
          clientSecret: text(context, 'client_secret'),
        }),
        extensions: { [CLIENT_CREDENTIALS_EXTENSION]: {} },
      };
    case 'auth/client-credentials-jwt':
      return {
        auth: clientCredentialsAuth({
          clientId: text(context, 'client_id'),
          privateKey: {
            privateKeyPem: text(context, 'private_key_pem'),
            algorithm: typeof context.signing_algorithm === 'string' ? context.signing_algorithm : 'ES256',
          },
        }),
        extensions: { [CLIENT_CREDENTIALS_EXTENSION]: {} },
      };
    case 'auth/wif-jwt-bearer':
      return {
        auth: workloadIdentityAuth({
          clientId: text(context, 'client_id'),
          assertion: text(context, 'valid_jwt'),
        }),
        extensions: {},
      };
    case 'auth/enterprise-managed-authorization':
      return {
        auth: enterpriseManagedAuth({
          clientId: text(context, 'client_id'),
          clientSecret: text(context, 'client_secret'),
          idp: {
            issuer: text(context, 'idp_issuer'),
            tokenEndpoint: text(context, 'idp_token_endpoint'),
            clientId: text(context, 'idp_client_id'),
          },
          idToken: text(context, 'idp_id_token'),
        }),
        extensions: { [ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION]: {} },
      };
    default:
      return undefined;
  }
}
