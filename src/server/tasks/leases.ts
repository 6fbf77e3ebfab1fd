/**
 * Leases on running tasks: a process running a task's handler keeps the
 * task's lease alive; when the process dies its leases run out and another
 * process fails the task, so nothing stays `working` until its TTL. One
 * process needs none (nothing outlives it to notice).
 */

/**
 * The error a task gets when its lease ran out (its process stopped).
 *
 * @example
 * if (task.status === 'failed' && task.error?.message === LEASE_EXPIRED_ERROR.message) retryElsewhere(task);
 */
export const LEASE_EXPIRED_ERROR = Object.freeze({
  code: -32603,
  message: 'the server process running this task stopped (its lease expired)',
});

/**
 * Lease keeping for tasks shared by several processes. The server calls
 * {@link hold} just before it stores a task it will run here (and waits for
 * it), and {@link release} when the task ends or could not be stored; between
 * the two the implementation renews the lease (a heartbeat). So a task never
 * exists without a lease, even in its first instant: a process killed between
 * the two leaves a lease without a task, which the reaper must drop.
 * {@link start} begins reaping: failing, with {@link LEASE_EXPIRED_ERROR}, the
 * tasks whose lease ran out. Timers must not keep the process alive;
 * {@link stop} ends them.
 *
 * @example
 * const server = new McpServer(info, {
 *   tasks: { store: backplane.taskStore, control: backplane.taskControl, leases: backplane.taskLeases },
 * });
 */
export interface TaskLeases {
  /**
   * `taskId` is about to be stored and run in this process: take its lease
   * (before the task exists) and keep it alive. The server stores the task
   * only once this settles. It rejects only with a `TaskStoreUnavailableError`
   * (the lease could not be taken: the store is unreachable), and then the
   * server does not store the task; other failures are reported, not thrown.
   */
  hold(taskId: string): void | Promise<void>;
  /** The task ended here, its run was dropped, or it was never stored: stop renewing and give the lease up. */
  release(taskId: string): void;
  /** Begins the heartbeat and the reaper (idempotent). */
  start(): void;
  /** Stops every timer (the server is closing); leases held are no longer renewed. */
  stop(): void;
}
