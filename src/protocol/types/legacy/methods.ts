/**
 * 2025-11-25 method maps, in both directions (legacy servers send requests
 * too), plus the matching message unions.
 */
import type { LegacyEmptyResult } from './base.js';
import type {
  ElicitationCompleteNotification,
  ElicitationCompleteNotificationParams,
  LegacyElicitRequest,
  LegacyElicitRequestParams,
  LegacyElicitResult,
} from './elicitation.js';
import type {
  InitializedNotification,
  InitializedNotificationParams,
  InitializeRequest,
  InitializeRequestParams,
  InitializeResult,
  PingRequest,
  PingRequestParams,
} from './lifecycle.js';
import type {
  LegacyCancelledNotification,
  LegacyCancelledNotificationParams,
  LegacyListChangedNotificationParams,
  LegacyLoggingMessageNotification,
  LegacyLoggingMessageNotificationParams,
  LegacyProgressNotification,
  LegacyProgressNotificationParams,
  LegacyPromptListChangedNotification,
  LegacyResourceListChangedNotification,
  LegacyResourceUpdatedNotification,
  LegacyResourceUpdatedNotificationParams,
  LegacyToolListChangedNotification,
  SetLevelRequest,
  SetLevelRequestParams,
} from './notifications.js';
import type {
  LegacyCompleteRequest,
  LegacyCompleteRequestParams,
  LegacyCompleteResult,
  LegacyGetPromptRequest,
  LegacyGetPromptRequestParams,
  LegacyGetPromptResult,
  LegacyListPromptsRequest,
  LegacyListPromptsRequestParams,
  LegacyListPromptsResult,
} from './prompts.js';
import type {
  LegacyListResourcesRequest,
  LegacyListResourcesRequestParams,
  LegacyListResourcesResult,
  LegacyListResourceTemplatesRequest,
  LegacyListResourceTemplatesRequestParams,
  LegacyListResourceTemplatesResult,
  LegacyReadResourceRequest,
  LegacyReadResourceRequestParams,
  LegacyReadResourceResult,
  SubscribeRequest,
  SubscribeRequestParams,
  UnsubscribeRequest,
  UnsubscribeRequestParams,
} from './resources.js';
import type {
  LegacyListRootsRequest,
  LegacyListRootsRequestParams,
  LegacyListRootsResult,
  RootsListChangedNotification,
  RootsListChangedNotificationParams,
} from './roots.js';
import type {
  LegacyCreateMessageRequest,
  LegacyCreateMessageRequestParams,
  LegacyCreateMessageResult,
} from './sampling.js';
import type {
  CancelTaskRequest,
  CancelTaskRequestParams,
  CancelTaskResult,
  CreateTaskResult,
  GetTaskPayloadRequest,
  GetTaskPayloadRequestParams,
  GetTaskPayloadResult,
  GetTaskRequest,
  GetTaskRequestParams,
  GetTaskResult,
  ListTasksRequest,
  ListTasksRequestParams,
  ListTasksResult,
  TaskStatusNotification,
  TaskStatusNotificationParams,
} from './tasks.js';
import type {
  LegacyCallToolRequest,
  LegacyCallToolRequestParams,
  LegacyCallToolResult,
  LegacyListToolsRequest,
  LegacyListToolsRequestParams,
  LegacyListToolsResult,
} from './tools.js';

/** The `tasks/*` requests, which either side of a 2025-11-25 session may send. */
export interface LegacyTaskRequests {
  'tasks/get': { params: GetTaskRequestParams; result: GetTaskResult };
  'tasks/result': { params: GetTaskPayloadRequestParams; result: GetTaskPayloadResult };
  'tasks/list': { params?: ListTasksRequestParams; result: ListTasksResult };
  'tasks/cancel': { params: CancelTaskRequestParams; result: CancelTaskResult };
}

/**
 * Every 2025-11-25 client→server request: its params (optional where the
 * schema allows omitting them) and its result. A `tools/call` sent with a
 * `task` param answers with a `CreateTaskResult` instead; see {@link LegacyTaskAugmentableMethod}.
 *
 * @example
 * type Params = LegacyClientRequests['initialize']['params']; // InitializeRequestParams
 * const result: LegacyClientRequests['tools/call']['result'] = { content: [{ type: 'text', text: 'ok' }] };
 */
export interface LegacyClientRequests extends LegacyTaskRequests {
  ping: { params?: PingRequestParams; result: LegacyEmptyResult };
  initialize: { params: InitializeRequestParams; result: InitializeResult };
  'completion/complete': { params: LegacyCompleteRequestParams; result: LegacyCompleteResult };
  'logging/setLevel': { params: SetLevelRequestParams; result: LegacyEmptyResult };
  'prompts/get': { params: LegacyGetPromptRequestParams; result: LegacyGetPromptResult };
  'prompts/list': { params?: LegacyListPromptsRequestParams; result: LegacyListPromptsResult };
  'resources/list': { params?: LegacyListResourcesRequestParams; result: LegacyListResourcesResult };
  'resources/templates/list': {
    params?: LegacyListResourceTemplatesRequestParams;
    result: LegacyListResourceTemplatesResult;
  };
  'resources/read': { params: LegacyReadResourceRequestParams; result: LegacyReadResourceResult };
  'resources/subscribe': { params: SubscribeRequestParams; result: LegacyEmptyResult };
  'resources/unsubscribe': { params: UnsubscribeRequestParams; result: LegacyEmptyResult };
  'tools/call': { params: LegacyCallToolRequestParams; result: LegacyCallToolResult };
  'tools/list': { params?: LegacyListToolsRequestParams; result: LegacyListToolsResult };
}

/**
 * Every 2025-11-25 server→client request and its result. `sampling/createMessage`
 * and `elicitation/create` sent with a `task` param answer with a `CreateTaskResult`.
 *
 * @example
 * const result: LegacyServerRequests['roots/list']['result'] = { roots: [{ uri: 'file:///repo' }] };
 */
export interface LegacyServerRequests extends LegacyTaskRequests {
  ping: { params?: PingRequestParams; result: LegacyEmptyResult };
  'sampling/createMessage': { params: LegacyCreateMessageRequestParams; result: LegacyCreateMessageResult };
  'roots/list': { params?: LegacyListRootsRequestParams; result: LegacyListRootsResult };
  'elicitation/create': { params: LegacyElicitRequestParams; result: LegacyElicitResult };
}

/**
 * Every 2025-11-25 client→server notification, by method, with its params
 * (`undefined` where params may be omitted).
 *
 * @example
 * const params: LegacyClientNotifications['notifications/initialized'] = undefined;
 */
export interface LegacyClientNotifications {
  'notifications/cancelled': LegacyCancelledNotificationParams;
  'notifications/progress': LegacyProgressNotificationParams;
  'notifications/initialized': InitializedNotificationParams | undefined;
  'notifications/roots/list_changed': RootsListChangedNotificationParams | undefined;
  'notifications/tasks/status': TaskStatusNotificationParams;
}

/**
 * Every 2025-11-25 server→client notification, by method, with its params
 * (`undefined` where params may be omitted).
 *
 * @example
 * const params: LegacyServerNotifications['notifications/message'] = { level: 'info', data: 'ready' };
 */
export interface LegacyServerNotifications {
  'notifications/cancelled': LegacyCancelledNotificationParams;
  'notifications/progress': LegacyProgressNotificationParams;
  'notifications/message': LegacyLoggingMessageNotificationParams;
  'notifications/resources/updated': LegacyResourceUpdatedNotificationParams;
  'notifications/resources/list_changed': LegacyListChangedNotificationParams | undefined;
  'notifications/tools/list_changed': LegacyListChangedNotificationParams | undefined;
  'notifications/prompts/list_changed': LegacyListChangedNotificationParams | undefined;
  'notifications/elicitation/complete': ElicitationCompleteNotificationParams;
  'notifications/tasks/status': TaskStatusNotificationParams;
}

/** Method names of {@link LegacyClientRequests}. */
export type LegacyClientRequestMethod = keyof LegacyClientRequests;
/** Method names of {@link LegacyServerRequests}. */
export type LegacyServerRequestMethod = keyof LegacyServerRequests;
/** Method names of {@link LegacyClientNotifications}. */
export type LegacyClientNotificationMethod = keyof LegacyClientNotifications;
/** Method names of {@link LegacyServerNotifications}. */
export type LegacyServerNotificationMethod = keyof LegacyServerNotifications;

/** Requests that may carry a `task` param and then answer with a {@link CreateTaskResult}. */
export type LegacyTaskAugmentableMethod = 'tools/call' | 'sampling/createMessage' | 'elicitation/create';

/** Any 2025-11-25 client→server request message. */
export type LegacyClientRequest =
  | PingRequest
  | InitializeRequest
  | LegacyCompleteRequest
  | SetLevelRequest
  | LegacyGetPromptRequest
  | LegacyListPromptsRequest
  | LegacyListResourcesRequest
  | LegacyListResourceTemplatesRequest
  | LegacyReadResourceRequest
  | SubscribeRequest
  | UnsubscribeRequest
  | LegacyCallToolRequest
  | LegacyListToolsRequest
  | GetTaskRequest
  | GetTaskPayloadRequest
  | ListTasksRequest
  | CancelTaskRequest;

/** Any 2025-11-25 server→client request message. */
export type LegacyServerRequest =
  | PingRequest
  | LegacyCreateMessageRequest
  | LegacyListRootsRequest
  | LegacyElicitRequest
  | GetTaskRequest
  | GetTaskPayloadRequest
  | ListTasksRequest
  | CancelTaskRequest;

/** Any 2025-11-25 client→server notification message. */
export type LegacyClientNotification =
  | LegacyCancelledNotification
  | LegacyProgressNotification
  | InitializedNotification
  | RootsListChangedNotification
  | TaskStatusNotification;

/** Any 2025-11-25 server→client notification message. */
export type LegacyServerNotification =
  | LegacyCancelledNotification
  | LegacyProgressNotification
  | LegacyLoggingMessageNotification
  | LegacyResourceUpdatedNotification
  | LegacyResourceListChangedNotification
  | LegacyToolListChangedNotification
  | LegacyPromptListChangedNotification
  | ElicitationCompleteNotification
  | TaskStatusNotification;

/** Any result a 2025-11-25 client may send. */
export type LegacyClientResult = LegacyServerRequests[LegacyServerRequestMethod]['result'] | CreateTaskResult;

/** Any result a 2025-11-25 server may send. */
export type LegacyServerResult = LegacyClientRequests[LegacyClientRequestMethod]['result'] | CreateTaskResult;
