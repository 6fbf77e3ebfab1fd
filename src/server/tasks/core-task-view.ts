/**
 * How a stored task looks on a 2025-11-25 wire (core tasks, SEP-1686): the
 * `Task` object that `tasks/get`, `tasks/cancel`, `tasks/list` and
 * `notifications/tasks/status` carry, the `CreateTaskResult` a task-augmented
 * call answers with, and the payload `tasks/result` returns. Field names are
 * that revision's (`ttl`, `pollInterval`); nothing of the 2026-07-28 extension
 * (`resultType`, `ttlMs`, `inputRequests`, an inlined `result`) appears.
 */
import { InternalError, McpError } from '../../protocol/errors.js';
import { isObject } from '../../protocol/validation/validator.js';
import type { StoredTask } from './store.js';

/** The `_meta` key that ties a 2025-11-25 message to its task. */
export const RELATED_TASK_META = 'io.modelcontextprotocol/related-task';

/**
 * A task as 2025-11-25 shows it.
 *
 * @example
 * coreTaskView(task); // { taskId, status: 'working', createdAt, lastUpdatedAt, ttl: 3600000, pollInterval: 1000 }
 */
export function coreTaskView(task: StoredTask): Record<string, unknown> {
  const view: Record<string, unknown> = {
    taskId: task.taskId,
    status: task.status,
    createdAt: new Date(task.createdAt).toISOString(),
    lastUpdatedAt: new Date(task.lastUpdatedAt).toISOString(),
    ttl: task.ttlMs,
  };
  if (task.statusMessage !== undefined) view.statusMessage = task.statusMessage;
  if (task.pollIntervalMs !== undefined) view.pollInterval = task.pollIntervalMs;
  return view;
}

/**
 * The `CreateTaskResult` of a task-augmented 2025-11-25 request.
 *
 * @example
 * createdCoreTaskResult(task); // { task: { taskId, status: 'working', ... } }
 */
export function createdCoreTaskResult(task: StoredTask): Record<string, unknown> {
  return { task: coreTaskView(task) };
}

/**
 * `_meta` with the related-task key added (an absent or odd `_meta` becomes a
 * fresh object).
 *
 * @example
 * withRelatedTask(undefined, 't1'); // { 'io.modelcontextprotocol/related-task': { taskId: 't1' } }
 */
export function withRelatedTask(meta: unknown, taskId: string): Record<string, unknown> {
  return { ...(isObject(meta) ? meta : {}), [RELATED_TASK_META]: { taskId } };
}

/**
 * What `tasks/result` answers for a task in a final status: exactly what the
 * call would have answered. A stored result (a `completed` task, or a tool
 * result with `isError` that failed it) comes back with the related-task
 * `_meta`; a failed task's protocol error is thrown, to be answered as that
 * same JSON-RPC error; a cancelled task has no result, and `-32603` says so.
 *
 * @example
 * coreTaskPayload(completed); // { content: [...], _meta: { 'io.modelcontextprotocol/related-task': { taskId } } }
 */
export function coreTaskPayload(task: StoredTask): Record<string, unknown> {
  if (task.result !== undefined) {
    return { ...task.result, _meta: withRelatedTask(task.result._meta, task.taskId) };
  }
  if (task.status === 'cancelled') {
    throw new InternalError(`Task ${task.taskId} was cancelled before it finished: it has no result`, {
      taskId: task.taskId,
      status: 'cancelled',
    });
  }
  if (task.error) throw McpError.fromObject(task.error);
  if (task.status === 'completed') return { content: [], _meta: withRelatedTask(undefined, task.taskId) };
  throw new InternalError(task.statusMessage ?? `Task ${task.taskId} failed`);
}
