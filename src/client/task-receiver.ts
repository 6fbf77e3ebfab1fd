/**
 * The client as the receiver of 2025-11-25 core tasks (SEP-1686): a server may
 * send `sampling/createMessage` or `elicitation/create` with a `task` param,
 * and the client answers at once with the task, answers the request itself in
 * the background (with the same handlers as ever), and serves the server's
 * `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel` for it. Tasks
 * live in memory, for one connection (one server), until their TTL passes.
 */
import { InvalidParamsError, McpError } from '../protocol/errors.js';

/** Longest TTL the client grants a task, ms (a server asking for more gets this). */
export const MAX_RECEIVED_TASK_TTL_MS = 60 * 60_000;
/** Suggested polling interval for the server, ms. */
const POLL_INTERVAL_MS = 500;
/** Tasks one connection may hold at once (oldest finished ones make room first). */
const MAX_RECEIVED_TASKS = 1000;
/** Page size of `tasks/list`. */
const PAGE_SIZE = 50;
const RELATED_TASK = 'io.modelcontextprotocol/related-task';

type Status = 'working' | 'completed' | 'failed' | 'cancelled';

interface ReceivedTask {
  readonly taskId: string;
  status: Status;
  statusMessage?: string;
  readonly createdAt: number;
  lastUpdatedAt: number;
  readonly ttl: number;
  readonly controller: AbortController;
  /** Settles with the request's result, or its JSON-RPC error, when the handler ends. */
  readonly outcome: Promise<{ result: Record<string, unknown> } | { error: McpError }>;
}

/**
 * The tasks a server created on this client.
 *
 * @example
 * const receiver = new ClientTaskReceiver();
 * const created = receiver.create({ ttl: 60_000 }, (signal) => answerElicitation(params, signal));
 * // -> { task: { taskId, status: 'working', createdAt, lastUpdatedAt, ttl: 60000, pollInterval: 500 } }
 */
export class ClientTaskReceiver {
  private readonly tasks = new Map<string, ReceivedTask>();

  /** Starts `run` as a task and gives the `CreateTaskResult` to answer with. */
  create(
    requested: Record<string, unknown>,
    run: (signal: AbortSignal) => Promise<Record<string, unknown>>,
  ): Record<string, unknown> {
    this.sweep();
    this.makeRoom();
    const now = Date.now();
    const asked = requested.ttl;
    const ttl =
      typeof asked === 'number' && Number.isFinite(asked) && asked > 0
        ? Math.min(Math.floor(asked), MAX_RECEIVED_TASK_TTL_MS)
        : MAX_RECEIVED_TASK_TTL_MS;
    const controller = new AbortController();
    const taskId = globalThis.crypto.randomUUID();
    const task: ReceivedTask = {
      taskId,
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttl,
      controller,
      outcome: run(controller.signal).then(
        (result) => {
          this.settle(task, 'completed');
          return { result };
        },
        (error: unknown) => {
          const failure =
            error instanceof McpError
              ? error
              : new McpError(-32603, error instanceof Error ? error.message : String(error));
          this.settle(task, 'failed', failure.message);
          return { error: failure };
        },
      ),
    };
    this.tasks.set(taskId, task);
    return { task: view(task) };
  }

  /** `tasks/get`. */
  get(params: Record<string, unknown>): Record<string, unknown> {
    return view(this.find(params));
  }

  /**
   * `tasks/result`: waits for the task to end, then answers what the request
   * would have (its result with the related-task marker, or its error).
   */
  async result(params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const task = this.find(params);
    if (task.status === 'cancelled') throw cancelledError(task);
    const outcome = await Promise.race([
      task.outcome,
      new Promise<undefined>((resolve) =>
        task.controller.signal.addEventListener('abort', () => resolve(undefined), { once: true }),
      ),
    ]);
    if (!outcome || (task.status as Status) === 'cancelled') throw cancelledError(task);
    if ('error' in outcome) throw outcome.error;
    const meta = {
      ...(outcome.result._meta as Record<string, unknown> | undefined),
      [RELATED_TASK]: { taskId: task.taskId },
    };
    return { ...outcome.result, _meta: meta };
  }

  /** `tasks/list`: every live task, a page at a time (the cursor is an offset into creation order). */
  list(params: Record<string, unknown>): Record<string, unknown> {
    this.sweep();
    const all = [...this.tasks.values()];
    let start = 0;
    if (params.cursor !== undefined) {
      start = typeof params.cursor === 'string' && /^\d+$/.test(params.cursor) ? Number(params.cursor) : -1;
      if (start < 0 || start > all.length) throw new InvalidParamsError('tasks/list: unknown cursor');
    }
    const page = all.slice(start, start + PAGE_SIZE);
    const result: Record<string, unknown> = { tasks: page.map(view) };
    if (start + PAGE_SIZE < all.length) result.nextCursor = String(start + PAGE_SIZE);
    return result;
  }

  /** `tasks/cancel`: stops the handler (its signal aborts); a task that already ended is -32602. */
  cancel(params: Record<string, unknown>): Record<string, unknown> {
    const task = this.find(params);
    if (task.status !== 'working')
      throw new InvalidParamsError(`Cannot cancel task: already in terminal status '${task.status}'`);
    this.settle(task, 'cancelled', 'Cancelled by the server');
    task.controller.abort(new Error(`Task ${task.taskId} was cancelled`));
    return view(task);
  }

  /** Stops every running task (the connection is closing). */
  close(): void {
    for (const task of this.tasks.values()) {
      if (task.status === 'working') task.controller.abort(new Error('The client closed'));
    }
    this.tasks.clear();
  }

  private find(params: Record<string, unknown>): ReceivedTask {
    this.sweep();
    const task = typeof params.taskId === 'string' ? this.tasks.get(params.taskId) : undefined;
    if (!task)
      throw new InvalidParamsError(`Failed to retrieve task: task ${String(params.taskId)} not found`);
    return task;
  }

  /** A final status never changes. */
  private settle(task: ReceivedTask, status: Status, message?: string): void {
    if (task.status !== 'working') return;
    task.status = status;
    if (message !== undefined) task.statusMessage = message;
    task.lastUpdatedAt = Math.max(Date.now(), task.lastUpdatedAt);
  }

  /** Drops tasks past their TTL (aborting any still running). */
  private sweep(): void {
    const now = Date.now();
    for (const [id, task] of this.tasks) {
      if (now <= task.createdAt + task.ttl) continue;
      task.controller.abort(new Error(`Task ${id} expired`));
      this.tasks.delete(id);
    }
  }

  /**
   * Before a new task: drops the oldest finished ones beyond the bound, and refuses when every
   * slot holds a running task (only creation is refused: the server can still read and cancel).
   */
  private makeRoom(): void {
    if (this.tasks.size < MAX_RECEIVED_TASKS) return;
    for (const [id, task] of this.tasks) {
      if (this.tasks.size < MAX_RECEIVED_TASKS) break;
      if (task.status !== 'working') this.tasks.delete(id);
    }
    if (this.tasks.size >= MAX_RECEIVED_TASKS)
      throw new McpError(-32603, `This client already runs ${MAX_RECEIVED_TASKS} tasks`);
  }
}

/** A task as 2025-11-25 shows it. */
function view(task: ReceivedTask): Record<string, unknown> {
  const shown: Record<string, unknown> = {
    taskId: task.taskId,
    status: task.status,
    createdAt: new Date(task.createdAt).toISOString(),
    lastUpdatedAt: new Date(task.lastUpdatedAt).toISOString(),
    ttl: task.ttl,
    pollInterval: POLL_INTERVAL_MS,
  };
  if (task.statusMessage !== undefined) shown.statusMessage = task.statusMessage;
  return shown;
}

function cancelledError(task: ReceivedTask): McpError {
  return new McpError(-32603, `Task ${task.taskId} was cancelled`, { status: 'cancelled' });
}
