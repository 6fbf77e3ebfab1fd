/**
 * `mcpkit/dev-auth`: a development authorization server for MCP, built on
 * the optional peer dependency oidc-provider. Not for production.
 *
 * @packageDocumentation
 */
export type {
  DevAuthorizationServerOptions,
  DevClient,
  RunningDevAuthorizationServer,
} from '../auth/dev-server/dev-authorization-server.js';
export { startDevAuthorizationServer } from '../auth/dev-server/dev-authorization-server.js';
export type { OidcProvider } from '../auth/dev-server/oidc-provider-types.js';
