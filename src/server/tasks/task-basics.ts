/**
 * What both task services (the 2026-07-28 extension and the 2025-11-25 core
 * tasks) make the same way: fresh task ids, a handler's failure in the
 * JSON-RPC form the task keeps, and what a call does when its task cannot be
 * created because the store is unreachable.
 */
import { codecFor } from '../../protocol/codec/index.js';
import { InternalError, McpError } from '../../protocol/errors.js';
import type { RequestHandlerContext } from '../../session/dispatcher.js';
import { bindingOf } from '../binding.js';
import { type TaskError, TaskStoreUnavailableError } from './store.js';

/**
 * 128 random bits, hex: unguessable, since a task id is all it takes to read a task on an open server.
 *
 * @example
 * newTaskId(); // '9f86d081884c7d659a2feaa0c55ad015'
 */
export function newTaskId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += byte.toString(16).padStart(2, '0');
  return id;
}

/**
 * A handler's failure as the task keeps it: the JSON-RPC error a plain call would have answered
 * with, encoded for the request's revision. Anything but an `McpError` is a generic internal
 * error whose text the client never reads; it is said, stack and all, through `warn`.
 *
 * @example
 * wireError(new InvalidParamsError('bad quarter'), ctx, warn); // { code: -32602, message: 'bad quarter' }
 */
export function wireError(
  error: unknown,
  inner: RequestHandlerContext,
  warn: (message: string) => void,
): TaskError {
  let failure: McpError;
  if (error instanceof McpError) failure = error;
  else {
    warn(`A task failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    failure = new InternalError('Internal error');
  }
  const revision = bindingOf(inner).revision;
  return revision === undefined ? failure.toJSON() : codecFor(revision).encodeError(failure);
}

/**
 * What a `tools/call` does when its task could not be created (or leased)
 * because the store is unreachable, and the operator's view of it: the first
 * such failure of an outage is said through `warn` (the store's own message,
 * which says what to check), and again after a task was created since. The
 * client hears nothing of the store: an optional tool answers inline, a
 * task-only tool fails with -32603 saying tasks cannot be created right now.
 *
 * @example
 * const outage = new TaskStoreOutage(warn);
 * try {
 *   await store.create(task);
 *   outage.created();
 * } catch (error) {
 *   if (outage.failed(error, 'export', true)) return runInline();
 *   throw error;
 * }
 */
export class TaskStoreOutage {
  private reported = false;

  constructor(private readonly warn: (message: string) => void) {}

  /**
   * True when `error` says the store is unavailable and the call should run
   * inline (an optional tool); throws -32603 when it says so for a task-only
   * tool; false for any other error (the caller's to handle).
   */
  failed(error: unknown, tool: string | undefined, optional: boolean): boolean {
    if (!(error instanceof TaskStoreUnavailableError)) return false;
    const name = JSON.stringify(tool ?? '');
    if (!this.reported) {
      this.reported = true;
      this.warn(
        `Tasks cannot be created: the task store is unavailable (${error.message}). Until it is back, tools with taskSupport 'optional' answer inline and task-only tools fail (first seen on tool ${name}).`,
      );
    }
    if (optional) return true;
    throw new InternalError(
      `Tool ${name} runs only as a task, and no task can be created right now (the task store is unavailable); try again later`,
    );
  }

  /** A task was created: the store is back, said once if its loss was. */
  created(): void {
    if (!this.reported) return;
    this.reported = false;
    this.warn('The task store is reachable again: tasks are created again');
  }
}
