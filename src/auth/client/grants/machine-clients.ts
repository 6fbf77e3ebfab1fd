/**
 * Ready-made `OAuthClientAuth` set-ups for clients that act without a user at
 * a browser: a service with client credentials, a workload with a platform
 * identity token, an agent acting for a signed-in enterprise user. Each is the
 * general `OAuthClientAuth` with the right registration, client
 * authentication and grant filled in.
 */
import { OAuthClientAuth, type OAuthClientAuthOptions } from '../oauth-client-auth.js';
import type { JwtSource } from './assertion-source.js';
import { CLIENT_CREDENTIALS_EXTENSION, clientCredentialsGrant } from './client-credentials.js';
import {
  ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION,
  type EnterpriseManagedOptions,
  enterpriseManagedGrant,
} from './enterprise-managed.js';
import { jwtBearerGrant } from './jwt-bearer.js';
import { PRIVATE_KEY_JWT, privateKeyJwt } from './private-key-jwt.js';
import type { SigningKeySource } from './signing-key.js';

/**
 * The options every machine client shares with `OAuthClientAuth` (storage, HTTP policy, DPoP, ...).
 *
 * @example
 * const shared: MachineClientOptions = { store: new FileAuthStore('auth.json'), dpop: true };
 */
export type MachineClientOptions = Omit<
  OAuthClientAuthOptions,
  'grant' | 'clients' | 'clientAuthentication' | 'redirect' | 'redirectUri' | 'clientMetadataUrl'
>;

/**
 * How a machine client is registered with the MCP server's authorization server.
 *
 * @example
 * const identity: MachineClientIdentity = { issuer: 'https://auth.example.com', clientId: 'nightly-report' };
 */
export interface MachineClientIdentity {
  clientId: string;
  /**
   * The issuer it is registered with. Set it: the credentials are then never
   * presented to another authorization server the MCP server might name.
   */
  issuer?: string;
}

/**
 * Options of {@link clientCredentialsAuth}: a secret or a private key.
 *
 * @example
 * const options: ClientCredentialsAuthOptions = { clientId: 'svc', clientSecret: secret };
 */
export type ClientCredentialsAuthOptions = MachineClientOptions &
  MachineClientIdentity &
  (
    | { clientSecret: string; tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' }
    | { privateKey: SigningKeySource }
  );

/**
 * A client credentials client (SEP-1046): with a secret (`client_secret_basic`
 * by default, `client_secret_post` on request) or with a private key
 * (`private_key_jwt`, the recommended one). `Client.connect` declares
 * `CLIENT_CREDENTIALS_EXTENSION` in the client's capabilities.
 *
 * @example
 * const auth = clientCredentialsAuth({
 *   issuer: 'https://auth.example.com',
 *   clientId: 'nightly-report',
 *   privateKey: { privateKeyPem: process.env.CLIENT_KEY_PEM!, algorithm: 'ES256' },
 * });
 * const client = await Client.connect('https://mcp.example.com/mcp', { auth });
 */
export function clientCredentialsAuth(options: ClientCredentialsAuthOptions): OAuthClientAuth {
  const { clientId, issuer, ...rest } = options;
  if ('privateKey' in rest) {
    const { privateKey, ...shared } = rest;
    return new OAuthClientAuth({
      ...shared,
      clients: [{ issuer, clientId, tokenEndpointAuthMethod: PRIVATE_KEY_JWT }],
      clientAuthentication: privateKeyJwt(privateKey),
      grant: clientCredentialsGrant(),
      extensions: { [CLIENT_CREDENTIALS_EXTENSION]: {}, ...shared.extensions },
    });
  }
  const { clientSecret, tokenEndpointAuthMethod, ...shared } = rest;
  return new OAuthClientAuth({
    ...shared,
    clients: [{ issuer, clientId, clientSecret, tokenEndpointAuthMethod }],
    grant: clientCredentialsGrant(),
    extensions: { [CLIENT_CREDENTIALS_EXTENSION]: {}, ...shared.extensions },
  });
}

/**
 * Options of {@link workloadIdentityAuth}.
 *
 * @example
 * const options: WorkloadIdentityAuthOptions = { clientId: 'worker', assertion: { env: 'MCP_WORKLOAD_TOKEN' } };
 */
export type WorkloadIdentityAuthOptions = MachineClientOptions &
  MachineClientIdentity & {
    /** The workload's identity token (a string, a function, `{ file }` or `{ env }`); read afresh for each grant. */
    assertion: JwtSource;
  };

/**
 * A workload identity client (SEP-1933): the platform's identity token is
 * presented with the JWT bearer grant, as a public client (`none`). A refused
 * assertion is never retried and no other grant is tried.
 *
 * @example
 * const auth = workloadIdentityAuth({
 *   issuer: 'https://auth.example.com',
 *   clientId: 'billing-worker',
 *   assertion: { file: '/var/run/secrets/tokens/mcp' },
 * });
 */
export function workloadIdentityAuth(options: WorkloadIdentityAuthOptions): OAuthClientAuth {
  const { clientId, issuer, assertion, ...shared } = options;
  return new OAuthClientAuth({
    ...shared,
    clients: [{ issuer, clientId, tokenEndpointAuthMethod: 'none' }],
    grant: jwtBearerGrant(assertion),
  });
}

/**
 * Options of {@link enterpriseManagedAuth}.
 *
 * @example
 * const options: EnterpriseManagedAuthOptions = { clientId: 'agent', clientSecret: secret, idp, idToken };
 */
export type EnterpriseManagedAuthOptions = MachineClientOptions &
  MachineClientIdentity &
  EnterpriseManagedOptions & {
    /** The client's secret at the MCP server's authorization server. */
    clientSecret?: string;
    /** Its key there instead (`private_key_jwt`). */
    privateKey?: SigningKeySource;
  };

/**
 * An enterprise-managed client (SEP-990): the signed-in user's ID token
 * becomes an ID-JAG at the IdP, and the ID-JAG an access token at the MCP
 * server's authorization server. `Client.connect` declares
 * `ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION` in the client's capabilities.
 *
 * @example
 * const auth = enterpriseManagedAuth({
 *   issuer: 'https://auth.mcp.example.com',
 *   clientId: 'agent',
 *   clientSecret: process.env.MCP_AS_SECRET,
 *   idp: { issuer: 'https://login.acme.example', clientId: 'agent-at-idp' },
 *   idToken: () => sso.currentIdToken(),
 * });
 */
export function enterpriseManagedAuth(options: EnterpriseManagedAuthOptions): OAuthClientAuth {
  const { clientId, issuer, clientSecret, privateKey, idp, idToken, ...shared } = options;
  return new OAuthClientAuth({
    ...shared,
    clients: [
      {
        issuer,
        clientId,
        clientSecret,
        tokenEndpointAuthMethod: privateKey ? PRIVATE_KEY_JWT : undefined,
      },
    ],
    clientAuthentication: privateKey ? privateKeyJwt(privateKey) : undefined,
    grant: enterpriseManagedGrant({ idp, idToken }),
    extensions: { [ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION]: {}, ...shared.extensions },
  });
}
