/**
 * `mcpkit/client`: Client, for any MCP server on any revision.
 *
 * @packageDocumentation
 */

export * from '../auth/client/index.js';
export {
  type CallOptions,
  Client,
  type ClientInfo,
  type ClientOptions,
  InputRequiredError,
  type ServerDescription,
  type ToolCallOptions,
  type ToolTask,
} from '../client/client.js';
export {
  type ConnectTarget,
  type SpawnConsent,
  SpawnRefusedError,
  type SpawnRequest,
  type SpawnTarget,
  spawnRequestFor,
  type TargetOptions,
} from '../client/connect-target.js';
export {
  capabilitiesFor,
  type ElicitationHandler,
  type InputContext,
  type InputHandlers,
  type Root,
  type RootsSource,
  type SamplingHandler,
} from '../client/input-handlers.js';
export { type ListenFilter, type ListenNotification, MAX_LISTEN_REOPENS } from '../client/listen.js';
export { pickModernVersion } from '../client/negotiation.js';
export type {
  ClientRequestArgs,
  ClientRequestParams,
  ClientRequestResult,
  KnownClientMethod,
} from '../client/request-types.js';
export {
  DEFAULT_CLIENT_POLL_INTERVAL_MS,
  isFinalTaskStatus,
  readTaskState,
  TaskCancelledByServerError,
  TaskExpiredError,
  TaskHandle,
  type TaskState,
  type TaskStatus,
  type TaskWaitOptions,
} from '../client/tasks.js';
export type {
  TelemetryAttributes,
  TelemetryAttributeValue,
  TelemetryHistogram,
  TelemetryMeter,
  TelemetryOptions,
  TelemetrySpan,
  TelemetrySpanContext,
  TelemetryTracer,
} from '../session/telemetry.js';
export type { AuthorizedRequest, HttpAuthorizer } from '../transport/http/client.js';
export { SsrfBlockedError } from '../transport/http/errors.js';
export { guardedFetch } from '../transport/http/guarded-fetch.js';
export { type AddressKind, classifyAddress } from '../transport/http/ip-ranges.js';
export {
  DEFAULT_MAX_REDIRECTS,
  type HostResolver,
  OutboundGuard,
  type OutboundGuardOptions,
  type SsrfProtection,
  type SsrfProtectionOptions,
} from '../transport/http/outbound-guard.js';
