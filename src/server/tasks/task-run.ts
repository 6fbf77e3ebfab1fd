/**
 * One task running in this process: its state as last written, the abort
 * controller `tasks/cancel` pulls, its outstanding questions, and the one
 * queue its writes go through (so the store never sees them out of order).
 */
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
  private writes: Promise<void> = Promise.resolve();

  constructor(
    /** This process's copy of the task; the store has the same once `flushed()` resolves. */
    readonly task: StoredTask,
    readonly controller: AbortController,
    private readonly store: TaskStore,
    private readonly onFinal: (run: TaskRun) => void,
    private readonly warn: (message: string) => void,
  ) {
    this.ledger = new TaskInputLedger(() => this.questionsChanged());
  }

  get final(): boolean {
    return isFinalStatus(this.task.status);
  }

  /** Resolves once every write so far reached the store. */
  flushed(): Promise<void> {
    return this.writes;
  }

  /** Applies a change and queues its write. Final tasks do not change. */
  update(change: (task: StoredTask) => void): Promise<void> {
    if (this.final) return this.writes;
    change(this.task);
    // Keep lastUpdatedAt moving forward even if the clock does not.
    this.task.lastUpdatedAt = Math.max(Date.now(), this.task.lastUpdatedAt);
    const snapshot = structuredClone(this.task);
    this.writes = this.writes
      .then(() => this.store.save(snapshot))
      .catch((error: unknown) => {
        this.warn(`Task ${snapshot.taskId}: saving its state failed: ${String(error)}`);
      });
    if (this.final) this.onFinal(this);
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
    const reason = new TaskCancelledError(this.task.taskId);
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
    const reason = new Error(`Task ${this.task.taskId} expired before it finished`);
    const written = this.fail({ code: -32603, message: reason.message });
    this.controller.abort(reason);
    return written;
  }

  /** Moves to a final status; questions still waiting fail with `reason`. */
  private end(change: (task: StoredTask) => void, reason?: Error): Promise<void> {
    const written = this.update((task) => {
      change(task);
      delete task.inputRequests;
    });
    this.ledger.close(reason ?? new Error(`Task ${this.task.taskId} has ended`));
    return written;
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
