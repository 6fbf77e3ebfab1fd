/**
 * `mcpkit/server`: McpServer and what its handlers use.
 *
 * @packageDocumentation
 */

export * from '../auth/server/index.js';
export { MAX_COMPLETION_VALUES } from './completion.js';
export type { ClientIdentity, DeprecatedFeature, InputKind, ServerContext, TraceContext } from './context.js';
export { InMemoryEventBus, type ServerEvent, type ServerEventBus } from './events.js';
export { type InputRequestSpec, type InputRequiredReturn, inputRequired } from './input-required.js';
export {
  type EventLogLimits,
  InMemoryEventLog,
  type LoggedEvent,
  type ReplaySink,
  type StreamEventLog,
} from './legacy/event-log.js';
export {
  DEFAULT_MAX_SESSIONS,
  DEFAULT_SESSION_IDLE_TIMEOUT_MS,
  type LegacyHttpSessionOptions,
} from './legacy/http-sessions.js';
export { DEFAULT_MAX_RESOURCE_SUBSCRIPTIONS, type ListenSource, type SubscriptionFilter } from './listen.js';
export { LOGGING_LEVELS, type LogLevel } from './logging.js';
export { McpServer, type McpServerOptions } from './mcp-server.js';
export { type ModernServingOptions, modernHttpHandlers, modernServingMiddleware } from './modern-serving.js';
export { DEFAULT_STATE_TTL_MS, StateKeyRing, type StateKeySecret } from './mrtr/index.js';
export { DEFAULT_MAX_INPUT_ROUNDS, type InputRoundOptions, type StateKeyRingLike } from './mrtr/round.js';
export { DEFAULT_PAGE_SIZE } from './pagination.js';
export type {
  ArgumentCompleter,
  PromptConfig,
  PromptHandler,
  PromptMessage,
  PromptResult,
  RegisteredPrompt,
} from './prompts.js';
export type { RegisteredEntry } from './registry.js';
export { type GateOptions, type GateRejection, gateModernRequest } from './request-gate.js';
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
} from './resources.js';
export type { FromJsonSchema, InferSchemaType, InferStructuredContent } from './schema-types.js';
export * from './tasks/index.js';
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
} from './tools.js';
export { UriTemplate } from './uri-template.js';
