/**
 * Tasks in this process's memory: bounded in count, dropped once their TTL
 * has passed. Right for one process; several processes need a shared store.
 */
import { isFinalStatus, type StoredTask, TaskLimitError, type TaskStore } from './store.js';

/** Options of an {@link InMemoryTaskStore}. */
export interface InMemoryTaskStoreOptions {
  /** Tasks kept at once. When full, the oldest finished task makes room; with none, creation fails. Default 10 000. */
  maxTasks?: number;
  /** The clock, in epoch ms (tests move it). Default `Date.now`. */
  now?: () => number;
}

/** Default bound on stored tasks. */
export const DEFAULT_MAX_TASKS = 10_000;

/**
 * The default {@link TaskStore}.
 *
 * @example
 * const server = new McpServer({ name: 'jobs', version: '1.0.0' }, {
 *   tasks: { store: new InMemoryTaskStore({ maxTasks: 1000 }) },
 * });
 */
export class InMemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, StoredTask>();
  private readonly listeners = new Set<(task: StoredTask) => void>();
  private readonly maxTasks: number;
  private readonly now: () => number;

  constructor(options: InMemoryTaskStoreOptions = {}) {
    this.maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
    if (!Number.isInteger(this.maxTasks) || this.maxTasks < 1) {
      throw new RangeError('InMemoryTaskStore: maxTasks must be a positive integer');
    }
    this.now = options.now ?? Date.now;
  }

  async create(task: StoredTask): Promise<void> {
    if (this.tasks.size >= this.maxTasks) this.makeRoom();
    this.tasks.set(task.taskId, structuredClone(task));
    this.announce(task);
  }

  async get(taskId: string, owner: string | undefined): Promise<StoredTask | undefined> {
    const task = this.live(taskId);
    return task && task.owner === owner ? structuredClone(task) : undefined;
  }

  async save(task: StoredTask): Promise<void> {
    const stored = this.live(task.taskId);
    if (!stored || stored.owner !== task.owner || isFinalStatus(stored.status)) return;
    this.tasks.set(task.taskId, structuredClone(task));
    this.announce(task);
  }

  watch(listener: (task: StoredTask) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tasks held now, expired ones not yet swept included. */
  get size(): number {
    return this.tasks.size;
  }

  /** The task unless its TTL has passed (then it is dropped). */
  private live(taskId: string): StoredTask | undefined {
    const task = this.tasks.get(taskId);
    if (task && this.expired(task)) {
      this.tasks.delete(taskId);
      return undefined;
    }
    return task;
  }

  private expired(task: StoredTask): boolean {
    return task.ttlMs !== null && this.now() >= task.createdAt + task.ttlMs;
  }

  /** Drops expired tasks; if none were, the oldest finished one; if none is finished, refuses. */
  private makeRoom(): void {
    for (const [id, task] of this.tasks) if (this.expired(task)) this.tasks.delete(id);
    if (this.tasks.size < this.maxTasks) return;
    // Map order is creation order: the first finished task found is the oldest.
    for (const [id, task] of this.tasks) {
      if (isFinalStatus(task.status)) {
        this.tasks.delete(id);
        return;
      }
    }
    throw new TaskLimitError(`Too many tasks in progress (${this.maxTasks}); try again later`);
  }

  private announce(task: StoredTask): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(structuredClone(task));
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }
}
