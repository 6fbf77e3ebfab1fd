/**
 * Tasks in this process's memory: bounded in count overall and per owner,
 * kept for their whole TTL and swept once it has passed. Right for one
 * process; several processes need a shared store.
 */
import { MAX_TIMER_DELAY_MS } from './long-timer.js';
import {
  isFinalStatus,
  listCursorAt,
  listCursorPlace,
  type StoredTask,
  TaskLimitError,
  type TaskPage,
  type TaskStore,
} from './store.js';

/** Options of an {@link InMemoryTaskStore}. */
export interface InMemoryTaskStoreOptions {
  /**
   * Tasks kept at once, finished ones included until their TTL passes. When
   * full, expired tasks (and finished ones with no TTL) make room; with none,
   * creation fails with {@link TaskLimitError}. Default 10 000.
   */
  maxTasks?: number;
  /**
   * Tasks one authenticated principal may hold at once (counted like
   * `maxTasks`), so a single caller cannot take every slot. Tasks of an
   * unauthenticated server all share one (absent) owner and only `maxTasks`
   * bounds them. Default 100.
   */
  maxTasksPerOwner?: number;
  /** How often expired tasks are swept out of memory, in ms. Default 60 000. */
  sweepIntervalMs?: number;
  /** The clock, in epoch ms (tests move it). Default `Date.now`. */
  now?: () => number;
}

/** Default bound on stored tasks. */
export const DEFAULT_MAX_TASKS = 10_000;
/** Default bound on the stored tasks of one principal. */
export const DEFAULT_MAX_TASKS_PER_OWNER = 100;
/** Default interval of the sweep of expired tasks. */
export const DEFAULT_TASK_SWEEP_INTERVAL_MS = 60_000;
/** Default page size of {@link InMemoryTaskStore.list}. */
export const DEFAULT_TASK_LIST_LIMIT = 100;

type Listener = (task: StoredTask) => void;

/**
 * The default {@link TaskStore}.
 *
 * @example
 * const server = new McpServer({ name: 'jobs', version: '1.0.0' }, {
 *   tasks: { store: new InMemoryTaskStore({ maxTasks: 1000, maxTasksPerOwner: 20 }) },
 * });
 */
export class InMemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, StoredTask>();
  /** Each task's place in creation order, for list cursors that survive tasks being dropped. */
  private readonly sequence = new Map<string, number>();
  private created = 0;
  /** Live task count by owner (authenticated owners only). */
  private readonly perOwner = new Map<string, number>();
  /** Each listener with the task ids it follows (undefined: all). */
  private readonly listeners = new Map<Listener, ReadonlySet<string> | undefined>();
  private readonly maxTasks: number;
  private readonly maxTasksPerOwner: number;
  private readonly sweepIntervalMs: number;
  private readonly now: () => number;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(options: InMemoryTaskStoreOptions = {}) {
    this.maxTasks = positiveInteger(options.maxTasks ?? DEFAULT_MAX_TASKS, 'maxTasks');
    this.maxTasksPerOwner = positiveInteger(
      options.maxTasksPerOwner ?? DEFAULT_MAX_TASKS_PER_OWNER,
      'maxTasksPerOwner',
    );
    this.sweepIntervalMs = positiveInteger(
      options.sweepIntervalMs ?? DEFAULT_TASK_SWEEP_INTERVAL_MS,
      'sweepIntervalMs',
    );
    if (this.sweepIntervalMs > MAX_TIMER_DELAY_MS) {
      throw new RangeError(`InMemoryTaskStore: sweepIntervalMs must be at most ${MAX_TIMER_DELAY_MS}`);
    }
    this.now = options.now ?? Date.now;
  }

  async create(task: StoredTask): Promise<void> {
    if (task.owner !== undefined && (this.perOwner.get(task.owner) ?? 0) >= this.maxTasksPerOwner) {
      this.sweep();
      if ((this.perOwner.get(task.owner) ?? 0) >= this.maxTasksPerOwner) {
        throw new TaskLimitError(
          `Too many tasks for this caller (${this.maxTasksPerOwner}); try again later, or raise the task store's maxTasksPerOwner option`,
        );
      }
    }
    if (this.tasks.size >= this.maxTasks) this.makeRoom();
    this.tasks.set(task.taskId, structuredClone(task));
    this.sequence.set(task.taskId, ++this.created);
    if (task.owner !== undefined) this.perOwner.set(task.owner, (this.perOwner.get(task.owner) ?? 0) + 1);
    this.startSweeping();
    this.announce(task);
  }

  async get(taskId: string, owner: string | undefined): Promise<StoredTask | undefined> {
    const task = this.live(taskId);
    return task && task.owner === owner ? structuredClone(task) : undefined;
  }

  async save(task: StoredTask): Promise<void> {
    const stored = this.live(task.taskId);
    if (!stored || stored.owner !== task.owner || isFinalStatus(stored.status)) return;
    if (isStale(task, stored)) return;
    const next = structuredClone(task);
    // A save without a revision keeps the stored one, so later fenced writes still compare against it.
    if (next.revision === undefined && stored.revision !== undefined) next.revision = stored.revision;
    this.tasks.set(task.taskId, next);
    this.announce(next);
  }

  /**
   * One page of `owner`'s live tasks, oldest first. The cursor names a place
   * in creation order, so it stays valid when tasks before or after it expire.
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
    const tasks: StoredTask[] = [];
    let last = after;
    // Map order is creation order, and so is the sequence.
    for (const [id, task] of this.tasks) {
      const place = this.sequence.get(id) ?? 0;
      if (place <= after || task.owner !== owner || this.expired(task)) continue;
      if (tasks.length === size) return { tasks, nextCursor: listCursorAt(last) };
      tasks.push(structuredClone(task));
      last = place;
    }
    return { tasks };
  }

  watch(listener: (task: StoredTask) => void, taskIds?: readonly string[]): () => void {
    // Keyed by a wrapper, so one function may watch twice with different ids.
    const entry: Listener = (task) => listener(task);
    this.listeners.set(entry, taskIds === undefined ? undefined : new Set(taskIds));
    return () => this.listeners.delete(entry);
  }

  /** Stops the background sweep; it starts again with the next task created. */
  close(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Tasks held now, expired ones not yet swept included. */
  get size(): number {
    return this.tasks.size;
  }

  /** Drops every task whose TTL has passed. */
  sweep(): void {
    for (const [id, task] of this.tasks) if (this.expired(task)) this.drop(id, task);
    if (this.tasks.size === 0) this.close();
  }

  /** The task unless its TTL has passed (then it is dropped). */
  private live(taskId: string): StoredTask | undefined {
    const task = this.tasks.get(taskId);
    if (task && this.expired(task)) {
      this.drop(taskId, task);
      return undefined;
    }
    return task;
  }

  private expired(task: StoredTask): boolean {
    return task.ttlMs !== null && this.now() >= task.createdAt + task.ttlMs;
  }

  private drop(taskId: string, task: StoredTask): void {
    this.tasks.delete(taskId);
    this.sequence.delete(taskId);
    if (task.owner === undefined) return;
    const left = (this.perOwner.get(task.owner) ?? 1) - 1;
    if (left > 0) this.perOwner.set(task.owner, left);
    else this.perOwner.delete(task.owner);
  }

  /**
   * Drops expired tasks; if none were, the oldest finished task kept with no
   * TTL (`null` promises only "while there is room"). A finished task still
   * within its TTL is never dropped early: clients may still fetch its result.
   */
  private makeRoom(): void {
    this.sweep();
    if (this.tasks.size < this.maxTasks) return;
    // Map order is creation order: the first one found is the oldest.
    for (const [id, task] of this.tasks) {
      if (task.ttlMs === null && isFinalStatus(task.status)) {
        this.drop(id, task);
        return;
      }
    }
    throw new TaskLimitError(
      `Too many tasks (${this.maxTasks}); try again later, or raise the task store's maxTasks option`,
    );
  }

  private startSweeping(): void {
    if (this.sweeper !== undefined) return;
    this.sweeper = setInterval(() => this.sweep(), this.sweepIntervalMs);
    // The sweep only frees memory: it must not keep the process alive.
    this.sweeper.unref?.();
  }

  private announce(task: StoredTask): void {
    for (const [listener, ids] of [...this.listeners]) {
      // Filter before copying: a write must not clone a result for listeners that do not follow it.
      if (ids !== undefined && !ids.has(task.taskId)) continue;
      try {
        listener(structuredClone(task));
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }
}

/** Whether a save was written from an older state than the stored one (its revision is not above it). */
function isStale(task: StoredTask, stored: StoredTask): boolean {
  return task.revision !== undefined && stored.revision !== undefined && task.revision <= stored.revision;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`InMemoryTaskStore: ${name} must be a positive integer`);
  }
  return value;
}
