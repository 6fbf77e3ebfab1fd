/**
 * How a stored task looks on the wire: the flat `CreateTaskResult` a call
 * answers with, and the detailed view `tasks/get` and `notifications/tasks`
 * carry. Only the fields of the task's status appear, and never anything the
 * extension does not define (no `requestState`, no legacy `ttl`).
 */
import type { StoredTask } from './store.js';

/** The fields every view shares. */
function baseView(task: StoredTask): Record<string, unknown> {
  const view: Record<string, unknown> = {
    taskId: task.taskId,
    status: task.status,
    createdAt: new Date(task.createdAt).toISOString(),
    lastUpdatedAt: new Date(task.lastUpdatedAt).toISOString(),
    ttlMs: task.ttlMs,
  };
  if (task.statusMessage !== undefined) view.statusMessage = task.statusMessage;
  if (task.pollIntervalMs !== undefined) view.pollIntervalMs = task.pollIntervalMs;
  return view;
}

/**
 * The answer to a call the server runs as a task: the task's base fields with
 * `resultType: "task"`, never its result, error or questions.
 *
 * @example
 * createdTaskResult(task); // { resultType: 'task', taskId, status: 'working', createdAt, lastUpdatedAt, ttlMs, pollIntervalMs }
 */
export function createdTaskResult(task: StoredTask): Record<string, unknown> {
  const view = baseView(task);
  view.resultType = 'task';
  return view;
}

/**
 * The detailed task: the base fields plus `inputRequests` while
 * `input_required`, `result` once `completed`, `error` once `failed`.
 *
 * @example
 * detailedTask(task); // { taskId, status: 'completed', ..., result: { content: [...] } }
 */
export function detailedTask(task: StoredTask): Record<string, unknown> {
  const view = baseView(task);
  if (task.status === 'input_required') view.inputRequests = task.inputRequests ?? {};
  else if (task.status === 'completed') view.result = task.result ?? { content: [] };
  else if (task.status === 'failed')
    view.error = task.error ?? { code: -32603, message: task.statusMessage ?? 'Task failed' };
  return view;
}
