/**
 * `mcpkit/server`: McpServer and what its handlers use.
 *
 * @packageDocumentation
 */

export * from '../auth/server/index.js';
export {
  APP_MIME_TYPE,
  APPS_EXTENSION,
  type AppToolVisibility,
  clientSupportsApps,
} from '../server/app-extension.js';
export {
  type AppCsp,
  type AppPermission,
  type AppPermissions,
  type AppResourceConfig,
  type AppResourceUi,
  type AppToolConfig,
  type AppToolFallback,
  asExtAppsServer,
  type ExtAppsRequestView,
  type ExtAppsServer,
  registerAppResource,
  registerAppTool,
} from '../server/apps.js';
export { bindingOf, type ServerBinding } from '../server/binding.js';
export { MAX_COMPLETION_VALUES } from '../server/completion.js';
export type {
  ClientIdentity,
  DeprecatedFeature,
  InputKind,
  ServerContext,
  TraceContext,
} from '../server/context.js';
export {
  defaultErrorHook,
  type HandlerErrorContext,
  type HandlerErrorHook,
  thrownBy,
} from '../server/error-hook.js';
export { InMemoryEventBus, listingDigest, type ServerEvent, type ServerEventBus } from '../server/events.js';
export { type InputRequestSpec, type InputRequiredReturn, inputRequired } from '../server/input-required.js';
export {
  type EventLogLimits,
  InMemoryEventLog,
  type LoggedEvent,
  type ReplaySink,
  type StreamEventLog,
} from '../server/legacy/event-log.js';
export {
  DEFAULT_MAX_SESSIONS,
  DEFAULT_SESSION_IDLE_TIMEOUT_MS,
  type LegacyHttpSessionOptions,
} from '../server/legacy/http-sessions.js';
export {
  InMemoryLegacySessionStore,
  type LegacySessionStore,
  type SessionMessage,
  type SessionRecord,
} from '../server/legacy/session-store.js';
export {
  DEFAULT_MAX_RESOURCE_SUBSCRIPTIONS,
  type ListenSource,
  type SubscriptionFilter,
} from '../server/listen.js';
export { LOGGING_LEVELS, type LogLevel } from '../server/logging.js';
export { McpServer, type McpServerOptions } from '../server/mcp-server.js';
export {
  type MountedServer,
  type MountOptions,
  type ResourceUriRule,
  schemePrefixed,
} from '../server/mount.js';
export {
  MIN_STATE_SECRET_LENGTH,
  StateKeyRing,
  type StateKeySecret,
  type StateKeyText,
  stateKeysFromSecret,
} from '../server/mrtr/keys.js';
export {
  DEFAULT_MAX_INPUT_ROUNDS,
  type InputRoundOptions,
  type StateKeyRingLike,
} from '../server/mrtr/round.js';
export { DEFAULT_STATE_TTL_MS } from '../server/mrtr/seal.js';
export { DEFAULT_PAGE_SIZE } from '../server/pagination.js';
export type {
  ArgumentCompleter,
  PromptConfig,
  PromptHandler,
  PromptMessage,
  PromptResult,
  RegisteredPrompt,
} from '../server/prompts.js';
export {
  InMemoryRateLimitStore,
  RATE_LIMITED_ERROR,
  type RateLimitHit,
  type RateLimitOptions,
  type RateLimitStore,
  rateLimit,
} from '../server/rate-limit.js';
export type { RegisteredEntry } from '../server/registry.js';
export { type GateOptions, type GateRejection, gateModernRequest } from '../server/request-gate.js';
export {
  type ListTemplateResourcesCallback,
  type ReadResourceCallback,
  type ReadResourceResult,
  type ReadTemplateCallback,
  type RegisteredResource,
  type ResourceContents,
  type ResourceListing,
  type ResourceMetadata,
  ResourceTemplate,
} from '../server/resources.js';
export type { FromJsonSchema, InferSchemaType, InferStructuredContent } from '../server/schema-types.js';
export * from '../server/tasks/index.js';
export {
  type Icon,
  type InferArgs,
  type RegisteredTool,
  type ToolAnnotations,
  type ToolConfig,
  type ToolContent,
  type ToolHandler,
  type ToolResult,
  toolError,
} from '../server/tools.js';
export { UriTemplate } from '../server/uri-template.js';
export type { VisibilityFilter, VisibilityTarget } from '../server/visibility.js';
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
