/**
 * `mcpkit/client`: Client, for any MCP server on any revision.
 *
 * @packageDocumentation
 */

export * from '../auth/client/index.js';
export type { AuthorizedRequest, HttpAuthorizer } from '../transport/http/client.js';
export {
  type CallOptions,
  Client,
  type ClientInfo,
  type ClientOptions,
  InputRequiredError,
  type ServerDescription,
} from './client.js';
export type { ConnectTarget, SpawnTarget, TargetOptions } from './connect-target.js';
export {
  capabilitiesFor,
  type ElicitationHandler,
  type InputContext,
  type InputHandlers,
  type Root,
  type RootsSource,
  type SamplingHandler,
} from './input-handlers.js';
export { type ListenFilter, type ListenNotification, MAX_LISTEN_REOPENS } from './listen.js';
export { pickModernVersion } from './negotiation.js';
export type {
  ClientRequestArgs,
  ClientRequestParams,
  ClientRequestResult,
  KnownClientMethod,
} from './request-types.js';
