/**
 * Tasks (2025-11-25, experimental): a receiver may run a request in the
 * background and let the requester poll for it. Either side can be the
 * receiver. In 2026-07-28 tasks left the core protocol for the
 * `io.modelcontextprotocol/tasks` extension, with a different design.
 */
import type { NotificationEnvelope, RequestEnvelope } from '../common.js';
import type {
  LegacyNotificationParams,
  LegacyPaginatedRequestParams,
  LegacyPaginatedResult,
  LegacyResult,
  LegacyResultMetaObject,
} from './base.js';

/** Where a task stands. `input_required` means it waits for an elicitation or sampling answer. */
export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** The state of a task. */
export interface Task {
  /** The task's id. */
  taskId: string;
  /** Current status. */
  status: TaskStatus;
  /** Human-readable detail about the status (a failure reason, a summary, ...). */
  statusMessage?: string;
  /** Creation time, ISO 8601. */
  createdAt: string;
  /** Last change, ISO 8601. */
  lastUpdatedAt: string;
  /** How long the receiver keeps the task after creation, in ms; `null` means forever. */
  ttl: number | null;
  /** Suggested delay between polls, in ms. */
  pollInterval?: number;
}

/** `_meta` of a {@link CreateTaskResult}. */
export interface CreateTaskResultMetaObject extends LegacyResultMetaObject {
  /** Text a host may hand the model straight away while the task keeps running. */
  'io.modelcontextprotocol/model-immediate-response'?: string;
}

/**
 * The immediate answer to a request sent with a `task` param.
 *
 * @example
 * const created: CreateTaskResult = {
 *   task: {
 *     taskId: 't-1',
 *     status: 'working',
 *     createdAt: '2025-11-25T10:00:00Z',
 *     lastUpdatedAt: '2025-11-25T10:00:00Z',
 *     ttl: 60_000,
 *   },
 * };
 */
export interface CreateTaskResult extends LegacyResult {
  _meta?: CreateTaskResultMetaObject;
  /** The new task. */
  task: Task;
}

/** Params of `tasks/get`, `tasks/result` and `tasks/cancel`. */
export interface TaskIdParams {
  /** The task concerned; this, not `_meta`, identifies the task. */
  taskId: string;
  [key: string]: unknown;
}

/** Params of `tasks/get`. */
export interface GetTaskRequestParams extends TaskIdParams {}

/** Asks for a task's current state. */
export interface GetTaskRequest extends RequestEnvelope {
  method: 'tasks/get';
  params: GetTaskRequestParams;
}

/** A task's current state. */
export interface GetTaskResult extends LegacyResult, Task {}

/** Params of `tasks/result`. */
export interface GetTaskPayloadRequestParams extends TaskIdParams {}

/** Asks for the result of a finished task. */
export interface GetTaskPayloadRequest extends RequestEnvelope {
  method: 'tasks/result';
  params: GetTaskPayloadRequestParams;
}

/** The finished task's result, shaped like the original request's result (e.g. a tool result). */
export interface GetTaskPayloadResult extends LegacyResult {}

/** Params of `tasks/cancel`. */
export interface CancelTaskRequestParams extends TaskIdParams {}

/** Cancels a task (use this rather than `notifications/cancelled` for tasks). */
export interface CancelTaskRequest extends RequestEnvelope {
  method: 'tasks/cancel';
  params: CancelTaskRequestParams;
}

/** The task's state after cancelling. */
export interface CancelTaskResult extends LegacyResult, Task {}

/** Params of `tasks/list`. */
export interface ListTasksRequestParams extends LegacyPaginatedRequestParams {}

/** Lists tasks, one page at a time. */
export interface ListTasksRequest extends RequestEnvelope {
  method: 'tasks/list';
  params?: ListTasksRequestParams;
}

/** One page of tasks. */
export interface ListTasksResult extends LegacyPaginatedResult {
  /** The tasks on this page. */
  tasks: Task[];
}

/** Params of `notifications/tasks/status`: the task's new state. */
export interface TaskStatusNotificationParams extends LegacyNotificationParams, Task {}

/** Optional push of a task's status change from the receiver to the requester. */
export interface TaskStatusNotification extends NotificationEnvelope {
  method: 'notifications/tasks/status';
  params: TaskStatusNotificationParams;
}
