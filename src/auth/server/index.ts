/**
 * The protected-resource side of MCP authorization: bearer and DPoP token checks,
 * verifiers (JWT, introspection), scopes and Protected Resource Metadata.
 * Re-exported from `mcpkit/server`.
 *
 * @packageDocumentation
 */
export {
  type AccessTokenCredentials,
  type BearerCredentials,
  readAccessToken,
  readBearerToken,
} from './authorization-header.js';
export {
  type AuthOutcome,
  type BearerAuthOptions,
  BearerGuard,
  type DpopAuthOptions,
  type GuardedRequest,
} from './bearer-guard.js';
export {
  type AuthRefusal,
  type BearerChallenge,
  type BearerErrorCode,
  bearerRefusal,
  formatBearerChallenge,
} from './challenge.js';
export {
  DEFAULT_DPOP_ALGORITHMS,
  DEFAULT_DPOP_MAX_AGE_SECONDS,
  type DpopProofPolicy,
  type DpopProofVerdict,
  DpopReplayCache,
  type DpopReplayStore,
  type DpopRequest,
  verifyDpopProof,
} from './dpop-proof.js';
export { type IntrospectionVerifierOptions, introspectionVerifier } from './introspection-verifier.js';
export {
  type JsonWebKeySet,
  type JwtVerifierOptions,
  jwtVerifier,
  principalFromClaims,
} from './jwt-verifier.js';
export {
  type AuthPrincipal,
  InvalidTokenError,
  parseScope,
  type TokenVerifier,
  type VerifyContext,
} from './principal.js';
export {
  type OperationScopes,
  ProtectedHttpEndpoint,
  type ProtectedHttpOptions,
} from './protected-endpoint.js';
export { AUTH_EXTRA_KEY, principalIdentity, principalOf } from './request-principal.js';
export {
  buildResourceMetadata,
  canonicalResourceUri,
  PROTECTED_RESOURCE_WELL_KNOWN,
  type ProtectedResourceMetadata,
  type ResourceMetadataOptions,
  resourceMetadataUrl,
} from './resource-metadata.js';
export { missingScopes, type ScopeImplication, scopeHierarchy, unionScopes } from './scopes.js';
