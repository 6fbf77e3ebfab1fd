/**
 * Tasks in Redis, shared by every server process on the same key prefix: any
 * process answers `tasks/get` and `tasks/list`, and every process's watchers
 * hear every task written anywhere.
 */
import {
  DEFAULT_MAX_TASKS,
  DEFAULT_MAX_TASKS_PER_OWNER,
  DEFAULT_TASK_LIST_LIMIT,
} from '../server/tasks/memory-store.js';
import {
  isFinalStatus,
  listCursorAt,
  listCursorPlace,
  type StoredTask,
  TaskLimitError,
  type TaskPage,
  type TaskStore,
} from '../server/tasks/store.js';
import type { RedisLink } from './link.js';
import { CREATE_TASK, LIST_TASKS, SAVE_TASK } from './task-scripts.js';

/** Options of a {@link RedisTaskStore}. */
export interface RedisTaskStoreOptions {
  /**
   * Live tasks kept at once across every process, finished ones included until
   * their TTL passes. When full, the oldest finished task kept with no TTL
   * makes room; with none, creation fails with {@link TaskLimitError}.
   * Default 10 000 (as in memory).
   */
  maxTasks?: number;
  /**
   * Live tasks one authenticated principal may hold at once, across every
   * process. Tasks of an unauthenticated server share one absent owner and
   * only `maxTasks` bounds them. Default 100 (as in memory).
   */
  maxTasksPerOwner?: number;
}

type Listener = (task: StoredTask) => void;

/**
 * A {@link TaskStore} in Redis, with the semantics of the in-memory one:
 * the same limits (counted across processes), TTL as key expiry
 * (`createdAt + ttlMs`; `ttlMs: null` keeps the task until room is needed),
 * a final status never overwritten, a save with a stale
 * {@link StoredTask.revision} ignored, and list cursors that survive expiry.
 * Each transition is one Lua script, so it is atomic across processes.
 * `watch` listeners hear every task created or saved by any process sharing
 * the prefix (over Redis pub/sub), their own writes included, shortly after
 * the write resolves. Commands fail with `RedisUnavailableError` when Redis
 * cannot be reached within the link's `commandTimeoutMs`.
 *
 * Usually made by `redisBackplane`; on its own it needs a {@link RedisLink}.
 *
 * @example
 * const link = new RedisLink({ url: process.env.REDIS_URL! });
 * const server = new McpServer({ name: 'jobs', version: '1.0.0' }, {
 *   tasks: { store: new RedisTaskStore(link, { maxTasksPerOwner: 20 }) },
 * });
 */
export class RedisTaskStore implements TaskStore {
  private readonly maxTasks: number;
  private readonly maxTasksPerOwner: number;
  private readonly channel: string;
  /** Each listener with the task ids it follows (undefined: all). */
  private readonly listeners = new Map<Listener, ReadonlySet<string> | undefined>();

  constructor(
    private readonly link: RedisLink,
    options: RedisTaskStoreOptions = {},
  ) {
    this.maxTasks = positiveInteger(options.maxTasks ?? DEFAULT_MAX_TASKS, 'maxTasks');
    this.maxTasksPerOwner = positiveInteger(
      options.maxTasksPerOwner ?? DEFAULT_MAX_TASKS_PER_OWNER,
      'maxTasksPerOwner',
    );
    this.channel = link.key('tasks', 'changed');
    // Subscribed for the store's life, not per watcher: a watcher added later
    // must not miss a write made while its subscription was still on its way.
    link.subscribe(this.channel, (message) => this.announce(message));
  }

  /**
   * Stores a new task, atomically checking the limits across every process;
   * resolves once any process's `get` finds it. Rejects with
   * {@link TaskLimitError} when full, `RedisUnavailableError` when Redis
   * cannot be reached.
   *
   * @example
   * await store.create({ taskId, owner, status: 'working', createdAt: now, lastUpdatedAt: now, ttlMs: 60_000, request: { method: 'tools/call' } });
   */
  async create(task: StoredTask): Promise<void> {
    const tag = ownerTag(task.owner);
    const outcome = await this.link.script(
      `creating task ${task.taskId}`,
      CREATE_TASK,
      [
        this.taskKey(task.taskId),
        this.ownerIndex(tag),
        this.link.key('tasks', 'expiry'),
        this.link.key('tasks', 'kept'),
        this.link.key('tasks', 'seq'),
        this.taskKey(''),
      ],
      [
        task.taskId,
        tag,
        task.owner === undefined ? '0' : '1',
        this.maxTasks,
        this.maxTasksPerOwner,
        task.ttlMs === null ? '' : task.createdAt + task.ttlMs,
        stateOf(task),
        task.revision ?? '',
        isFinalStatus(task.status) ? '1' : '0',
        this.channel,
      ],
    );
    if (outcome === 'owner-full') {
      throw new TaskLimitError(
        `Too many tasks for this caller (${this.maxTasksPerOwner}); try again later, or raise the task store's maxTasksPerOwner option`,
      );
    }
    if (outcome === 'full')
      throw new TaskLimitError(
        `Too many tasks (${this.maxTasks}); try again later, or raise the task store's maxTasks option`,
      );
    if (outcome === 'exists') throw new Error(`RedisTaskStore: task ${task.taskId} already exists`);
  }

  /**
   * The task, if it exists, has not expired and belongs to `owner`.
   *
   * @example
   * const task = await store.get(taskId, principalId);
   */
  async get(taskId: string, owner: string | undefined): Promise<StoredTask | undefined> {
    const [tag, json, revision] = await this.link.run(`reading task ${taskId}`, (client) =>
      client.hmget(this.taskKey(taskId), 'o', 'd', 'r'),
    );
    if (tag !== ownerTag(owner) || typeof json !== 'string') return undefined;
    return taskOf(revision ?? '', json);
  }

  /**
   * Replaces the task's state in one atomic step, unless it is gone, owned by
   * someone else, already final, or the save's revision is not above the
   * stored one. Applied saves reach every process's watchers.
   *
   * @example
   * await store.save({ ...task, status: 'completed', result, revision: (task.revision ?? 0) + 1 });
   */
  async save(task: StoredTask): Promise<void> {
    await this.link.script(
      `saving task ${task.taskId}`,
      SAVE_TASK,
      [this.taskKey(task.taskId), this.link.key('tasks', 'kept')],
      [
        task.taskId,
        ownerTag(task.owner),
        stateOf(task),
        task.revision ?? '',
        isFinalStatus(task.status) ? '1' : '0',
        this.channel,
      ],
    );
  }

  /**
   * One page of `owner`'s live tasks, oldest first, across every process. The
   * cursor names a place in creation order, so it stays valid when tasks
   * before or after it expire.
   *
   * @example
   * const first = await store.list(owner, undefined, 10);
   * const second = first?.nextCursor ? await store.list(owner, first.nextCursor, 10) : undefined;
   */
  async list(
    owner: string | undefined,
    cursor?: string,
    limit = DEFAULT_TASK_LIST_LIMIT,
  ): Promise<TaskPage | undefined> {
    const after = cursor === undefined ? 0 : listCursorPlace(cursor);
    if (after === undefined) return undefined;
    const size = Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_TASK_LIST_LIMIT;
    const reply = (await this.link.script(
      'listing tasks',
      LIST_TASKS,
      [this.ownerIndex(ownerTag(owner)), this.taskKey('')],
      [after, size],
    )) as string[];
    const tasks: StoredTask[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) tasks.push(taskOf(reply[i]!, reply[i + 1]!));
    const next = reply.at(-1);
    return next ? { tasks, nextCursor: listCursorAt(Number(next)) } : { tasks };
  }

  /**
   * Calls `listener` with each task created or saved by any process (only
   * those in `taskIds`, when given), a little after the write resolves.
   * Returns the unsubscribe function.
   *
   * @example
   * const stop = store.watch((task) => console.log(task.taskId, task.status), [taskId]);
   */
  watch(listener: (task: StoredTask) => void, taskIds?: readonly string[]): () => void {
    // Keyed by a wrapper, so one function may watch twice with different ids.
    const entry: Listener = (task) => listener(task);
    this.listeners.set(entry, taskIds === undefined ? undefined : new Set(taskIds));
    return () => this.listeners.delete(entry);
  }

  /** Delivers a published write (`<revision> <json>`) to the listeners that follow it. */
  private announce(message: string): void {
    if (this.listeners.size === 0) return;
    const space = message.indexOf(' ');
    if (space === -1) return;
    let task: StoredTask;
    try {
      task = taskOf(message.slice(0, space), message.slice(space + 1));
    } catch {
      return;
    }
    for (const [listener, ids] of [...this.listeners]) {
      if (ids !== undefined && !ids.has(task.taskId)) continue;
      try {
        listener(structuredClone(task));
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }

  private taskKey(taskId: string): string {
    return this.link.key('task', taskId);
  }

  private ownerIndex(tag: string): string {
    return this.link.key('tasks', 'owner', tag);
  }
}

/** The owner as the store tags it: `-` for none, `=` and the owner otherwise (no two alike). */
function ownerTag(owner: string | undefined): string {
  return owner === undefined ? '-' : `=${owner}`;
}

/** The task's JSON as stored: everything but the revision, which the scripts keep beside it. */
function stateOf(task: StoredTask): string {
  const { revision: _revision, ...state } = task;
  return JSON.stringify(state);
}

/** A task as the scripts return it: its revision (empty for none) and its JSON. */
export function taskOf(revision: string, json: string): StoredTask {
  const task = JSON.parse(json) as StoredTask;
  if (revision !== '') task.revision = Number(revision);
  return task;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`RedisTaskStore: ${name} must be a positive integer`);
  }
  return value;
}
