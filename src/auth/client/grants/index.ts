/**
 * The OAuth extension grants of the MCP client: client credentials (with
 * secrets or `private_key_jwt`), workload identity (JWT bearer) and
 * enterprise-managed authorization (ID-JAG), plus ready-made set-ups.
 *
 * @packageDocumentation
 */
export { type JwtSource, readJwt } from './assertion-source.js';
export { CLIENT_CREDENTIALS_EXTENSION, clientCredentialsGrant } from './client-credentials.js';
export {
  ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION,
  type EnterpriseManagedOptions,
  enterpriseManagedGrant,
  ID_JAG_TOKEN_TYPE,
  type IdentityProvider,
  requestIdJag,
} from './enterprise-managed.js';
export { JWT_BEARER_GRANT_TYPE, jwtBearerGrant, jwtBearerTokens } from './jwt-bearer.js';
export {
  type ClientCredentialsAuthOptions,
  clientCredentialsAuth,
  type EnterpriseManagedAuthOptions,
  enterpriseManagedAuth,
  type MachineClientIdentity,
  type MachineClientOptions,
  type WorkloadIdentityAuthOptions,
  workloadIdentityAuth,
} from './machine-clients.js';
export { PRIVATE_KEY_JWT, privateKeyJwt } from './private-key-jwt.js';
export { importSigningKey, type SigningKey, type SigningKeySource } from './signing-key.js';
export { requestTokens, type TokenRequestOptions, tokenEndpointOf } from './token-request.js';
