/**
 * 2026-07-28 method maps: method name → params (and result), so that code
 * elsewhere can be typed by method name. Plus the matching message unions.
 */
import type { CompleteRequest, CompleteRequestParams, CompleteResult } from './completion.js';
import type { DiscoverRequest, DiscoverRequestParams, DiscoverResult } from './discover.js';
import type { ElicitRequestParams, ElicitResult } from './elicitation.js';
import type { InputRequiredCapableMethod, InputRequiredResult } from './mrtr.js';
import type {
  CancelledNotification,
  CancelledNotificationParams,
  LoggingMessageNotification,
  LoggingMessageNotificationParams,
  ProgressNotification,
  ProgressNotificationParams,
} from './notifications.js';
import type {
  GetPromptRequest,
  GetPromptRequestParams,
  GetPromptResult,
  ListPromptsRequest,
  ListPromptsRequestParams,
  ListPromptsResult,
} from './prompts.js';
import type {
  ListResourcesRequest,
  ListResourcesRequestParams,
  ListResourcesResult,
  ListResourceTemplatesRequest,
  ListResourceTemplatesRequestParams,
  ListResourceTemplatesResult,
  ReadResourceRequest,
  ReadResourceRequestParams,
  ReadResourceResult,
} from './resources.js';
import type { ListRootsRequestParams, ListRootsResult } from './roots.js';
import type { CreateMessageRequestParams, CreateMessageResult } from './sampling.js';
import type {
  PromptListChangedNotification,
  PromptListChangedNotificationParams,
  ResourceListChangedNotification,
  ResourceListChangedNotificationParams,
  ResourceUpdatedNotification,
  ResourceUpdatedNotificationParams,
  SubscriptionsAcknowledgedNotification,
  SubscriptionsAcknowledgedNotificationParams,
  SubscriptionsListenRequest,
  SubscriptionsListenRequestParams,
  SubscriptionsListenResult,
  ToolListChangedNotification,
  ToolListChangedNotificationParams,
} from './subscriptions.js';
import type {
  CallToolRequest,
  CallToolRequestParams,
  CallToolResult,
  ListToolsRequest,
  ListToolsRequestParams,
  ListToolsResult,
} from './tools.js';

/**
 * Every 2026-07-28 client→server request: its params and its final result.
 * `tools/call`, `prompts/get` and `resources/read` may also answer with an
 * `InputRequiredResult` first; see {@link ModernResultOnWire}.
 *
 * @example
 * type Params = ModernClientRequests['tools/call']['params']; // CallToolRequestParams
 * const result: ModernClientRequests['completion/complete']['result'] = {
 *   resultType: 'complete',
 *   completion: { values: ['python'] },
 * };
 */
export interface ModernClientRequests {
  'server/discover': { params: DiscoverRequestParams; result: DiscoverResult };
  'tools/list': { params: ListToolsRequestParams; result: ListToolsResult };
  'tools/call': { params: CallToolRequestParams; result: CallToolResult };
  'resources/list': { params: ListResourcesRequestParams; result: ListResourcesResult };
  'resources/templates/list': {
    params: ListResourceTemplatesRequestParams;
    result: ListResourceTemplatesResult;
  };
  'resources/read': { params: ReadResourceRequestParams; result: ReadResourceResult };
  'prompts/list': { params: ListPromptsRequestParams; result: ListPromptsResult };
  'prompts/get': { params: GetPromptRequestParams; result: GetPromptResult };
  'completion/complete': { params: CompleteRequestParams; result: CompleteResult };
  'subscriptions/listen': { params: SubscriptionsListenRequestParams; result: SubscriptionsListenResult };
}

/**
 * Requests a 2026-07-28 server may embed in an `InputRequiredResult`, with the
 * answer the client puts in `inputResponses`. They are never sent as JSON-RPC requests.
 *
 * @example
 * const answer: ModernServerInputRequests['elicitation/create']['result'] = { action: 'decline' };
 */
export interface ModernServerInputRequests {
  'elicitation/create': { params: ElicitRequestParams; result: ElicitResult };
  'sampling/createMessage': { params: CreateMessageRequestParams; result: CreateMessageResult };
  'roots/list': { params?: ListRootsRequestParams; result: ListRootsResult };
}

/**
 * Every 2026-07-28 server→client notification, by method, with its params
 * (`undefined` where params may be omitted).
 *
 * @example
 * const params: ModernServerNotifications['notifications/progress'] = { progressToken: 1, progress: 50, total: 100 };
 */
export interface ModernServerNotifications {
  'notifications/cancelled': CancelledNotificationParams;
  'notifications/progress': ProgressNotificationParams;
  'notifications/message': LoggingMessageNotificationParams;
  'notifications/resources/updated': ResourceUpdatedNotificationParams;
  'notifications/resources/list_changed': ResourceListChangedNotificationParams | undefined;
  'notifications/tools/list_changed': ToolListChangedNotificationParams | undefined;
  'notifications/prompts/list_changed': PromptListChangedNotificationParams | undefined;
  'notifications/subscriptions/acknowledged': SubscriptionsAcknowledgedNotificationParams;
}

/**
 * Every 2026-07-28 client→server notification, by method, with its params.
 * Only cancellation remains: `notifications/initialized` and
 * `notifications/roots/list_changed` are gone.
 *
 * @example
 * const params: ModernClientNotifications['notifications/cancelled'] = { requestId: 7 };
 */
export interface ModernClientNotifications {
  'notifications/cancelled': CancelledNotificationParams;
}

/** Method names of {@link ModernClientRequests}. */
export type ModernClientRequestMethod = keyof ModernClientRequests;
/** Method names of {@link ModernServerInputRequests}. */
export type ModernServerInputRequestMethod = keyof ModernServerInputRequests;
/** Method names of {@link ModernServerNotifications}. */
export type ModernServerNotificationMethod = keyof ModernServerNotifications;
/** Method names of {@link ModernClientNotifications}. */
export type ModernClientNotificationMethod = keyof ModernClientNotifications;

/**
 * What can arrive as the `result` of a 2026-07-28 request: the final result,
 * or for the MRTR-capable methods also an `InputRequiredResult`.
 *
 * @example
 * type Wire = ModernResultOnWire<'tools/call'>; // CallToolResult | InputRequiredResult
 */
export type ModernResultOnWire<M extends ModernClientRequestMethod> = M extends InputRequiredCapableMethod
  ? ModernClientRequests[M]['result'] | InputRequiredResult
  : ModernClientRequests[M]['result'];

/** Any 2026-07-28 client→server request message. */
export type ModernClientRequest =
  | DiscoverRequest
  | CompleteRequest
  | GetPromptRequest
  | ListPromptsRequest
  | ListResourcesRequest
  | ListResourceTemplatesRequest
  | ReadResourceRequest
  | SubscriptionsListenRequest
  | CallToolRequest
  | ListToolsRequest;

/** Any 2026-07-28 client→server notification message. */
export type ModernClientNotification = CancelledNotification;

/** Any 2026-07-28 server→client notification message. */
export type ModernServerNotification =
  | CancelledNotification
  | ProgressNotification
  | LoggingMessageNotification
  | ResourceUpdatedNotification
  | ResourceListChangedNotification
  | ToolListChangedNotification
  | PromptListChangedNotification
  | SubscriptionsAcknowledgedNotification;

/** Any result a 2026-07-28 server may send. */
export type ModernServerResult =
  | ModernClientRequests[ModernClientRequestMethod]['result']
  | InputRequiredResult;
