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
 * The reason a task's handler is aborted with (its `ctx.signal.reason`) when
 * another process ended the task while it ran here: the lease ran out (this
 * process stalled past it, say with a blocked event loop, or could not reach
 * the store to renew it) and another process failed the task. From then on
 * this process writes nothing more to the task; whatever the handler returns
 * is dropped.
 *
 * @example
 * server.registerTool('export', { execution: { taskSupport: 'required' } }, async (ctx) => {
 *   ctx.signal.addEventListener('abort', () => {
 *     if (ctx.signal.reason instanceof TaskLeaseLostError) releaseExportLock();
 *   });
 *   return runExport(ctx.signal);
 * });
 */
export class TaskLeaseLostError extends Error {
  override name = 'TaskLeaseLostError';
  /**
   * @param taskId The task.
   * @param status Its final status as stored by the other process (usually `failed`).
   */
  constructor(
    readonly taskId: string,
    readonly status: string,
  ) {
    super(
      status === 'failed'
        ? `Task ${taskId} was failed by another server process because its lease expired (this process did not renew it in time); its handler is aborted and its result ignored`
        : `Task ${taskId} was ended (${status}) by another server process while its handler ran here; its handler is aborted and its result ignored`,
    );
  }
}

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
   *
   * `lost`, when given, is called (at most once) if the heartbeat finds the
   * task already final in the store while this process still holds its lease:
   * another process ended it (its lease ran out here and it was failed). The
   * server then aborts the handler with a {@link TaskLeaseLostError}. The lease
   * is no longer renewed after that.
   */
  hold(taskId: string, lost?: () => void): void | Promise<void>;
  /** The task ended here, its run was dropped, or it was never stored: stop renewing and give the lease up. */
  release(taskId: string): void;
  /** Begins the heartbeat and the reaper (idempotent). */
  start(): void;
  /** Stops every timer (the server is closing); leases held are no longer renewed. */
  stop(): void;
}
