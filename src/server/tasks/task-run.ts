/**
 * One task running in this process: its state as last written, the abort
 * controller `tasks/cancel` pulls, its outstanding questions, and the one
 * queue its writes go through (so the store never sees them out of order).
 */
import { LEASE_EXPIRED_ERROR, TaskLeaseLostError } from './leases.js';
import { isFinalStatus, type StoredTask, type TaskError, type TaskStore } from './store.js';
import { TaskInputLedger } from './task-input.js';

/**
 * The reason a cancelled task's signal carries.
 *
 * @example
 * ctx.signal.addEventListener('abort', () => {
 *   if (ctx.signal.reason instanceof TaskCancelledError) cleanUpPartialExport();
 * });
 */
export class TaskCancelledError extends Error {
  override name = 'TaskCancelledError';
  constructor(taskId: string) {
    super(`Task ${taskId} was cancelled`);
  }
}

export class TaskRun {
  readonly ledger: TaskInputLedger;
  private current: StoredTask;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    task: StoredTask,
    readonly controller: AbortController,
    private readonly store: TaskStore,
    private readonly onFinal: (run: TaskRun) => void,
    private readonly warn: (message: string) => void,
  ) {
    this.current = task;
    this.ledger = new TaskInputLedger(() => this.questionsChanged());
  }

  /** This process's copy of the task as last committed; the store has the same once `flushed()` resolves. */
  get task(): Readonly<StoredTask> {
    return this.current;
  }

  get final(): boolean {
    return isFinalStatus(this.current.status);
  }

  /** Resolves once every write so far reached the store. */
  flushed(): Promise<void> {
    return this.writes;
  }

  /**
   * Applies a change to a copy of the task and queues its write. The copy is
   * normalised as the wire would see it (a JSON round trip: functions and
   * `undefined` vanish); a change that cannot be (a BigInt, a cycle) is not
   * committed, and the task fails with an internal error instead. Final tasks
   * do not change. Never rejects.
   */
  update(change: (task: StoredTask) => void): Promise<void> {
    if (this.final) return this.writes;
    let next: StoredTask;
    try {
      const draft: StoredTask = { ...this.current };
      change(draft);
      // Keep lastUpdatedAt moving forward even if the clock does not.
      draft.lastUpdatedAt = Math.max(Date.now(), this.current.lastUpdatedAt);
      // Fencing: once anyone else writes a newer revision, this run's later writes are ignored.
      draft.revision = (this.current.revision ?? 0) + 1;
      next = asJson(draft);
    } catch (error) {
      return this.unstorable(error);
    }
    this.commit(next);
    return this.writes;
  }

  /** The handler returned: the task is completed with its result. */
  complete(result: Record<string, unknown>): Promise<void> {
    return this.end((task) => {
      task.status = 'completed';
      task.result = result;
    });
  }

  /** The handler failed with a protocol error (in its wire form): the task failed with it. */
  fail(error: TaskError): Promise<void> {
    return this.end((task) => {
      task.status = 'failed';
      task.statusMessage = error.message;
      task.error = error;
    });
  }

  /** `tasks/cancel`: the task ends cancelled now, and its handler's signal aborts. */
  cancel(): Promise<void> {
    if (this.final) return this.writes;
    const reason = new TaskCancelledError(this.current.taskId);
    const written = this.end((task) => {
      task.status = 'cancelled';
      task.statusMessage = 'Cancelled by the client';
    }, reason);
    this.controller.abort(reason);
    return written;
  }

  /**
   * The TTL passed before the handler finished: the task fails (so a store that
   * still holds it shows why) and the handler's signal aborts.
   */
  expire(): Promise<void> {
    if (this.final) return this.writes;
    const reason = new Error(`Task ${this.current.taskId} expired before it finished`);
    const written = this.fail({ code: -32603, message: reason.message });
    this.controller.abort(reason);
    return written;
  }

  /**
   * Another process ended the task while its handler ran here (`stored` is
   * the final state it wrote): this run takes that state, writes nothing more,
   * fails the questions still waiting and aborts the handler, with a
   * {@link TaskCancelledError} for a cancel and a {@link TaskLeaseLostError}
   * otherwise (a reaper failed it once this process's lease ran out). Does
   * nothing once this run is final (its own final write is not someone
   * else's) or for a state that is not final.
   */
  endedElsewhere(stored: StoredTask): void {
    if (this.final || !isFinalStatus(stored.status)) return;
    const taskId = this.current.taskId;
    const reason =
      stored.status === 'cancelled'
        ? new TaskCancelledError(taskId)
        : new TaskLeaseLostError(taskId, stored.status);
    // Final first, so nothing the handler does on abort is written.
    this.current = stored;
    this.ledger.close(reason);
    this.controller.abort(reason);
    this.writes = this.writes.then(() => this.onFinal(this));
  }

  /**
   * Watches the store for this task, so that a final state another process
   * stored reaches {@link endedElsewhere} as soon as it is written; returns the
   * stop function. For stores shared by several processes.
   */
  watchForEnd(): () => void {
    const { taskId, owner } = this.current;
    return this.store.watch(
      (stored) => {
        if (stored.taskId === taskId && stored.owner === owner) this.endedElsewhere(stored);
      },
      [taskId],
    );
  }

  /**
   * The lease heartbeat found the task final in the store while it runs here:
   * reads the state it ended in and goes on as {@link endedElsewhere} (with the
   * reaper's failure when it cannot be read). Never rejects.
   */
  async leaseLost(): Promise<void> {
    if (this.final) return;
    const { taskId, owner } = this.current;
    const stored = await this.store.get(taskId, owner).catch(() => undefined);
    const fallback: StoredTask = {
      ...this.current,
      status: 'failed',
      statusMessage: LEASE_EXPIRED_ERROR.message,
      error: { ...LEASE_EXPIRED_ERROR },
    };
    delete fallback.inputRequests;
    this.endedElsewhere(stored && isFinalStatus(stored.status) ? stored : fallback);
  }

  /** Moves to a final status; questions still waiting fail with `reason`. */
  private end(change: (task: StoredTask) => void, reason?: Error): Promise<void> {
    const written = this.update((task) => {
      change(task);
      delete task.inputRequests;
    });
    this.ledger.close(reason ?? new Error(`Task ${this.current.taskId} has ended`));
    return written;
  }

  /** Stores `next` as the task's state; once a final state reached the store, the run is forgotten. */
  private commit(next: StoredTask): void {
    this.current = next;
    const snapshot = structuredClone(next);
    this.writes = this.writes
      .then(() => this.store.save(snapshot))
      .catch((error: unknown) => {
        this.warn(`Task ${snapshot.taskId}: saving its state failed: ${String(error)}`);
      });
    // Only after the final write is stored: until then tasks/cancel must still find this run (and see it final).
    if (this.final) this.writes = this.writes.then(() => this.onFinal(this));
  }

  /** A change could not be stored as JSON: the task fails with an internal error saying why. */
  private unstorable(error: unknown): Promise<void> {
    const reason = new Error(
      `Task ${this.current.taskId} failed: its state cannot be sent as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
    const failed: StoredTask = {
      ...this.current,
      status: 'failed',
      statusMessage: reason.message,
      error: { code: -32603, message: reason.message },
      lastUpdatedAt: Math.max(Date.now(), this.current.lastUpdatedAt),
      revision: (this.current.revision ?? 0) + 1,
    };
    delete failed.inputRequests;
    this.commit(failed);
    this.ledger.close(reason);
    this.controller.abort(reason);
    return this.writes;
  }

  /** Questions were asked or answered: `input_required` while any waits, `working` otherwise. */
  private questionsChanged(): void {
    const waiting = this.ledger.waiting;
    void this.update((task) => {
      if (waiting) {
        task.status = 'input_required';
        task.inputRequests = this.ledger.outstanding();
      } else {
        task.status = 'working';
        delete task.inputRequests;
      }
    });
  }
}

/** The task as its JSON form reads back: what the store keeps and the wire carries. Throws when it has none. */
function asJson(task: StoredTask): StoredTask {
  return JSON.parse(JSON.stringify(task)) as StoredTask;
}
