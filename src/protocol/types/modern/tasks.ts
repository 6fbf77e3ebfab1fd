/**
 * The tasks extension `io.modelcontextprotocol/tasks` (SEP-2663) on the
 * 2026-07-28 wire. A server that the client's request declared the extension
 * on may answer `tools/call` with a {@link CreateExtensionTaskResult} and run
 * the call in the background; the client follows it with `tasks/get`, answers
 * its questions with `tasks/update` and stops it with `tasks/cancel`.
 *
 * Not the 2025-11-25 core tasks (`Task`, `CreateTaskResult`, ... in the legacy
 * types): those are a different protocol with other field names.
 */
import type { NotificationParams, RequestParams, Result } from './base.js';
import type { InputRequests, InputResponses } from './mrtr.js';

/** Where a task is in its life. `completed`, `failed` and `cancelled` are final. */
export type ExtensionTaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** What every task view carries. */
export interface ExtensionTask {
  /** Unguessable id the server minted; the handle for every later task request. */
  taskId: string;
  status: ExtensionTaskStatus;
  /** Human-readable detail about the current status. */
  statusMessage?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastUpdatedAt: string;
  /** How long after `createdAt` the server keeps the task, in integer ms; `null` for no limit. */
  ttlMs: number | null;
  /** How often the client should poll, in integer ms. */
  pollIntervalMs?: number;
}

/** A task with what its status brings: pending questions, the result, or the error. */
export type DetailedTask =
  | (ExtensionTask & { status: 'working' | 'cancelled' })
  | (ExtensionTask & { status: 'input_required'; inputRequests: InputRequests })
  | (ExtensionTask & { status: 'completed'; result: Record<string, unknown> })
  | (ExtensionTask & { status: 'failed'; error: { code: number; message: string; data?: unknown } });

/** The answer to a request the server runs as a task (`resultType: "task"`), flat. */
export type CreateExtensionTaskResult = Result & ExtensionTask & { resultType: 'task' };

/** Params of `tasks/get` and `tasks/cancel`. */
export interface ExtensionTaskIdParams extends RequestParams {
  taskId: string;
}

/** Params of `tasks/update`: answers to the task's `inputRequests`, by key. */
export interface UpdateExtensionTaskParams extends ExtensionTaskIdParams {
  inputResponses: InputResponses;
}

/** The result of `tasks/get`: the detailed task, `resultType: "complete"`. */
export type GetExtensionTaskResult = Result & DetailedTask;

/** Params of `notifications/tasks`: the same detailed task `tasks/get` would return. */
export type ExtensionTaskNotificationParams = NotificationParams & DetailedTask;
