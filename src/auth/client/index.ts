/**
 * The OAuth 2.1 client of mcpkit (MCP authorization): discovery, registration,
 * the authorization code flow, token storage, and the `OAuthClientAuth`
 * authorizer that ties them together for `Client.connect(url, { auth })`.
 *
 * @packageDocumentation
 */
export {
  type AuthorizationCodeRequest,
  assertPkceSupported,
  authorizeWithCode,
} from './authorization-code.js';
export { clientAuthenticationFor, tokenEndpointAuthMethodFor } from './client-authentication.js';
export {
  authorizationServerFor,
  authorizationServerMetadataUrls,
  discoverAuthorizationServer,
  discoverProtectedResource,
  legacyAuthorizationServer,
  type ProtectedResourceMetadata,
  protectedResourceMetadataUrls,
  type ResourceDiscovery,
  resourceCovers,
} from './discovery.js';
export * from './dpop/index.js';
export {
  AuthorizationCancelledError,
  AuthorizationError,
  AuthorizationResponseError,
  AuthorizationRetryLimitError,
  DiscoveryError,
  InsecureEndpointError,
  IssuerMismatchError,
  PkceUnsupportedError,
  RegistrationError,
  ResourceMismatchError,
  TokenRequestError,
} from './errors.js';
export { FileAuthStore } from './file-store.js';
export * from './grants/index.js';
export { assertSecureEndpoint, type OAuthHttpOptions, requestOptions } from './http-policy.js';
export { type LoopbackBrowserOptions, loopbackBrowserRedirect } from './loopback-browser.js';
export {
  DEFAULT_MAX_AUTHORIZATION_ATTEMPTS,
  type Grant,
  type GrantContext,
  OAuthClientAuth,
  type OAuthClientAuthOptions,
} from './oauth-client-auth.js';
export {
  callbackParameters,
  headlessRedirect,
  type RedirectHandler,
  type RedirectSetup,
} from './redirect.js';
export {
  applicationTypeFor,
  type ClientIdentityOptions,
  describeOAuthError,
  obtainClientRegistration,
  type PreRegisteredClient,
  registerDynamically,
} from './registration.js';
export { parseScopes, unionScopes } from './scopes.js';
export {
  type AuthStore,
  type AuthStoreContents,
  type ClientRegistration,
  MemoryAuthStore,
  type StoredTokens,
} from './store.js';
export { type AuthChallenge, findChallenge, parseWwwAuthenticate } from './www-authenticate.js';
