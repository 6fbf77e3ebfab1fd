/**
 * Where tasks live between requests. A task outlives the `tools/call` that
 * created it and is read by later, independent requests (`tasks/get`), so its
 * state sits behind this small interface: {@link InMemoryTaskStore} by default,
 * a shared store when several processes serve the same clients.
 */
import type { ExtensionTaskStatus } from '../../protocol/types/modern/tasks.js';

/** A JSON-RPC error as a failed task reports it. */
export interface TaskError {
  code: number;
  message: string;
  data?: unknown;
}

/** One task as stored. Times are epoch milliseconds; the wire shows them as ISO 8601. */
export interface StoredTask {
  readonly taskId: string;
  /**
   * Who created it (the authenticated principal's identity), or undefined on
   * an unauthenticated server. Only the same owner sees the task again. A
   * 2025-11-25 core task of an unauthenticated session belongs to that
   * session (an opaque key the server makes for it).
   */
  readonly owner: string | undefined;
  /**
   * True for a 2025-11-25 core task (created by a `tools/call` with a `task`
   * param, SEP-1686); absent for a task of the 2026-07-28 extension. Each
   * protocol reads only its own tasks.
   */
  readonly core?: boolean;
  status: ExtensionTaskStatus;
  statusMessage?: string;
  readonly createdAt: number;
  lastUpdatedAt: number;
  /** Retention after `createdAt`, in ms; `null` keeps it until the store needs the room. */
  ttlMs: number | null;
  pollIntervalMs?: number;
  /** Outstanding questions for the client while `input_required`, by key. */
  inputRequests?: Record<string, unknown>;
  /** The request's result once `completed`. */
  result?: Record<string, unknown>;
  /** The JSON-RPC error once `failed`. */
  error?: TaskError;
  /** What was asked, for audit: the method and the tool's name. */
  readonly request: { readonly method: string; readonly name?: string };
  /**
   * Fencing: the writer's count of its writes to this task, raised by one on
   * each save. A store ignores a save whose revision is not above the stored
   * one: it was written from an older state, say by a runner that stalled
   * while the task moved on, and must not overwrite what came after it. A save
   * without a revision is not checked (and keeps the stored revision).
   * Optional: a task written without one behaves as before.
   */
  revision?: number;
}

/**
 * One page of {@link TaskStore.list}: tasks oldest first, and the cursor of
 * the next page when there are more.
 *
 * @example
 * const page: TaskPage = { tasks: [], nextCursor: undefined };
 */
export interface TaskPage {
  tasks: StoredTask[];
  nextCursor?: string;
}

/**
 * Thrown by {@link TaskStore.create} when the store holds as many live tasks as it may.
 *
 * @example
 * if (activeJobs >= limit) throw new TaskLimitError(`Too many tasks in progress (${limit})`);
 */
export class TaskLimitError extends Error {
  override name = 'TaskLimitError';
}

/**
 * Thrown (as a rejection) by a {@link TaskStore} or `TaskLeases` that
 * cannot reach where it keeps tasks (a shared store that is down or
 * unreachable), as opposed to one that answered with an error. The server
 * tells the two apart: when a task cannot be created or leased because the
 * store is unavailable, a tool with `taskSupport: 'optional'` answers the call
 * inline (as if the client had not asked for a task), a task-only tool fails
 * with -32603, and the server says why through its `warn` option. Stores of
 * your own throw it (or a subclass) for the same behaviour;
 * `RedisUnavailableError` is one.
 *
 * @example
 * async create(task: StoredTask) {
 *   if (!this.pool.connected) throw new TaskStoreUnavailableError('the task database is unreachable');
 *   await this.pool.insert(task);
 * }
 */
export class TaskStoreUnavailableError extends Error {
  override name = 'TaskStoreUnavailableError';
}

/**
 * Storage of tasks. Implementations keep each task until its TTL passes (at
 * least; refusing new tasks with {@link TaskLimitError} rather than dropping
 * unexpired ones), never let a final status (`completed`, `failed`, `cancelled`) be
 * overwritten nor a stale revision win (see {@link StoredTask.revision}), and
 * only return a task to the owner that created it.
 *
 * @example
 * class LoggingStore implements TaskStore {
 *   constructor(private readonly inner: TaskStore) {}
 *   create(task: StoredTask) { console.log('task', task.taskId); return this.inner.create(task); }
 *   get(taskId: string, owner: string | undefined) { return this.inner.get(taskId, owner); }
 *   save(task: StoredTask) { return this.inner.save(task); }
 *   watch(listener: (task: StoredTask) => void, taskIds?: readonly string[]) { return this.inner.watch(listener, taskIds); }
 * }
 */
export interface TaskStore {
  /**
   * Stores a new task. Resolves only once `get` finds it (a server must not
   * announce a task before it can be read). Rejects with
   * {@link TaskLimitError} when full.
   */
  create(task: StoredTask): Promise<void>;
  /** The task, if it exists, has not expired and belongs to `owner`. */
  get(taskId: string, owner: string | undefined): Promise<StoredTask | undefined>;
  /**
   * Replaces a task's state. Ignored when the task is gone, already final, or
   * when the save carries a {@link StoredTask.revision} not above the stored one.
   */
  save(task: StoredTask): Promise<void>;
  /**
   * Calls `listener` with each task created or saved (only those named in
   * `taskIds`, when given); returns the unsubscribe function. Callers check
   * ids and owners themselves too, so a store may ignore `taskIds`; it is
   * there so a store need not copy every task for every listener.
   */
  watch(listener: (task: StoredTask) => void, taskIds?: readonly string[]): () => void;
  /**
   * Optional: one page of `owner`'s live tasks, oldest first, at most `limit`
   * of them, starting after `cursor` (an opaque string this store returned as
   * `nextCursor`). Resolves undefined for a cursor it cannot read. A server
   * answers the 2025-11-25 `tasks/list` (and declares `tasks.list`) only
   * when its store has this method.
   */
  list?(owner: string | undefined, cursor?: string, limit?: number): Promise<TaskPage | undefined>;
  /** Stops the store's background work, if any (the server is closing); the store stays usable. */
  close?(): void;
}

/**
 * Whether a status is final (`completed`, `failed`, `cancelled`).
 *
 * @example
 * isFinalStatus('input_required'); // false
 */
export function isFinalStatus(status: ExtensionTaskStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/**
 * The opaque `tasks/list` cursor of a place in creation order. Every store writes the same form, so
 * a cursor a client got from one process's store reads the same on another.
 *
 * @example
 * listCursorAt(40); // 't14'
 */
export function listCursorAt(place: number): string {
  return `t${place.toString(36)}`;
}

/**
 * The place a `tasks/list` cursor names; undefined for a string that is not one of ours.
 *
 * @example
 * listCursorPlace('t14'); // 40
 * listCursorPlace('bogus'); // undefined
 */
export function listCursorPlace(cursor: string): number | undefined {
  if (!/^t[0-9a-z]{1,10}$/.test(cursor)) return undefined;
  const place = Number.parseInt(cursor.slice(1), 36);
  return Number.isSafeInteger(place) ? place : undefined;
}
