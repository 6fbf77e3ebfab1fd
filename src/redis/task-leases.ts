/**
 * Leases on running tasks in Redis: the process running a task renews its
 * lease (a heartbeat), and a reaper in every process fails the tasks whose
 * lease ran out, so a killed process leaves no task `working` until its TTL.
 */
import { LEASE_EXPIRED_ERROR, type TaskLeases } from '../server/tasks/leases.js';
import type { StoredTask } from '../server/tasks/store.js';
import { RedisUnavailableError } from './errors.js';
import type { RedisLink } from './link.js';
import { CLAIM_EXPIRED_LEASES, DROP_LEASE, RENEW_LEASES } from './task-scripts.js';
import { type RedisTaskStore, taskOf } from './task-store.js';

/** Options of {@link RedisTaskLeases}. */
export interface RedisTaskLeaseOptions {
  /**
   * How long a lease lasts without renewal, in ms: a task whose process
   * stopped is failed between `leaseMs` and `leaseMs + reapIntervalMs` after
   * its last renewal. Renewed every `leaseMs / 3`. Default 15 000.
   */
  leaseMs?: number;
  /** How often this process looks for expired leases, in ms. Default `leaseMs / 3`. */
  reapIntervalMs?: number;
}

/** Default of {@link RedisTaskLeaseOptions.leaseMs}. */
export const DEFAULT_TASK_LEASE_MS = 15_000;
/** Expired leases claimed per reaper round trip. */
const REAP_BATCH = 100;

/**
 * {@link TaskLeases} in Redis: a sorted set `{prefix}:tasks:leases` of running
 * task ids by lease deadline (Redis's clock). A reaper round reads only the
 * expired entries (O(expired)) and fails each such task through the store's
 * atomic save, with error `-32603` "the server process running this task
 * stopped (its lease expired)", so listen streams and `tasks/get` everywhere
 * see that final status.
 *
 * Fencing rule: the reaper saves the failure with the revision it read plus
 * one. A runner that is slow but alive and wrote anything after the reaper
 * read the task wins (the failure is ignored, and the runner's next heartbeat
 * restores its lease); once the failure is stored, the task is final and the
 * late runner's writes are ignored. The late runner's next heartbeat finds
 * the task final and calls the `lost` callback given to {@link hold}, so the
 * server aborts its handler. Timers are `unref`'d; `stop()` ends them.
 *
 * The lease is taken before the task is stored, so a task never exists
 * without one; a lease whose task was never stored (its process died in
 * between) is dropped by the reaper once it runs out.
 *
 * Usually made by `redisBackplane` (`backplane.taskLeases`).
 *
 * @example
 * const link = new RedisLink({ url: process.env.REDIS_URL! });
 * const store = new RedisTaskStore(link);
 * const server = new McpServer(info, {
 *   tasks: { store, leases: new RedisTaskLeases(link, store, { leaseMs: 10_000 }) },
 * });
 */
export class RedisTaskLeases implements TaskLeases {
  /** How long a lease lasts without renewal, in ms (renewed every third of it). */
  readonly leaseMs: number;
  /** How often this process reaps, in ms. */
  readonly reapIntervalMs: number;
  /** Leases held here, each with what to call if its task turns out to be ended by another process. */
  private readonly held = new Map<string, (() => void) | undefined>();
  private readonly leasesKey: string;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private reaper: ReturnType<typeof setInterval> | undefined;
  private reaping: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly link: RedisLink,
    private readonly store: RedisTaskStore,
    options: RedisTaskLeaseOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_TASK_LEASE_MS;
    if (!Number.isInteger(this.leaseMs) || this.leaseMs < 30) {
      throw new RangeError('RedisTaskLeases: leaseMs must be an integer of at least 30 (milliseconds)');
    }
    this.reapIntervalMs = options.reapIntervalMs ?? Math.round(this.leaseMs / 3);
    if (!Number.isInteger(this.reapIntervalMs) || this.reapIntervalMs <= 0) {
      throw new RangeError('RedisTaskLeases: reapIntervalMs must be a positive integer (milliseconds)');
    }
    this.leasesKey = link.key('tasks', 'leases');
  }

  /**
   * Takes the lease of a task about to be stored and run here (the task need
   * not exist yet), and keeps renewing it until {@link release}. Resolves once
   * the lease is in Redis; rejects with `RedisUnavailableError` when Redis
   * cannot be reached (then the task must not be stored; {@link release} it).
   * Other failures are reported through the link's `warn`, not thrown.
   *
   * `lost` is called once if a later renewal finds the task final while it is
   * still held here (another process ended it, say a reaper after this
   * process stalled past the lease); the lease is then no longer held.
   *
   * @example
   * await leases.hold(task.taskId, () => abortHandler(task.taskId));
   * await store.create(task);
   */
  async hold(taskId: string, lost?: () => void): Promise<void> {
    this.held.set(taskId, lost);
    this.ensureHeartbeat();
    await this.renew([taskId], true);
  }

  /**
   * Gives up the lease of a task that ended here.
   *
   * @example
   * leases.release(task.taskId);
   */
  release(taskId: string): void {
    if (!this.held.delete(taskId)) return;
    if (this.held.size === 0) this.stopHeartbeat();
    this.link
      .script(
        `releasing the lease of task ${taskId}`,
        DROP_LEASE,
        [this.leasesKey, this.taskKey(taskId)],
        [taskId, '0'],
      )
      .catch(() => {
        // Left behind, it expires and the reaper drops it (the task is final by then).
      });
  }

  /**
   * Starts reaping in this process, every `reapIntervalMs` (idempotent).
   *
   * @example
   * leases.start();
   */
  start(): void {
    if (this.reaper !== undefined) return;
    this.stopped = false;
    this.reaper = setInterval(() => void this.reap(), this.reapIntervalMs);
    this.reaper.unref();
    // Tasks taken while stopped (a server serving again after close) are renewed from now on.
    this.ensureHeartbeat();
  }

  /**
   * Stops the heartbeat and the reaper. Tasks still running here are no
   * longer renewed: once their leases run out, another process fails them.
   *
   * @example
   * leases.stop();
   */
  stop(): void {
    this.stopped = true;
    this.stopHeartbeat();
    if (this.reaper !== undefined) clearInterval(this.reaper);
    this.reaper = undefined;
  }

  /**
   * One reaper round now: fails every task whose lease expired. Resolves with
   * how many it failed; never rejects (an unreachable Redis is reported once
   * through the link's `warn`). Rounds do not overlap.
   *
   * @example
   * const failed = await leases.reap();
   */
  reap(): Promise<number> {
    this.reaping ??= this.reapAll()
      .then(
        (count) => {
          this.link.recovered();
          return count;
        },
        (error: unknown) => {
          this.link.reportOutage('expired task leases are not reaped until it is back', error);
          return 0;
        },
      )
      .finally(() => {
        this.reaping = undefined;
      });
    return this.reaping;
  }

  private async reapAll(): Promise<number> {
    let failed = 0;
    for (;;) {
      const reply = (await this.link.script(
        'claiming expired task leases',
        CLAIM_EXPIRED_LEASES,
        [this.leasesKey, this.taskKey('')],
        [this.leaseMs, REAP_BATCH],
      )) as string[];
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const task = taskOf(reply[i]!, reply[i + 1]!);
        await this.store.save(expired(task));
        // Dropped only if the failure (or anything final) is stored: an alive runner that beat it keeps its lease.
        await this.link.script(
          `dropping the lease of task ${task.taskId}`,
          DROP_LEASE,
          [this.leasesKey, this.taskKey(task.taskId)],
          [task.taskId, '1'],
        );
        failed += 1;
      }
      if (reply.length < REAP_BATCH * 2) return failed;
    }
  }

  /**
   * Renews the leases of `taskIds`; tasks found final that are still held
   * here were ended by another process: each is dropped from `held` and its
   * `lost` callback called. With `rethrow`, an unreachable Redis rejects
   * (after being reported) rather than only being reported.
   */
  private async renew(taskIds: string[], rethrow = false): Promise<void> {
    if (taskIds.length === 0) return;
    let final: unknown;
    try {
      final = await this.link.script(
        'renewing task leases',
        RENEW_LEASES,
        [this.leasesKey, this.taskKey('')],
        [this.leaseMs, ...taskIds],
      );
    } catch (error) {
      this.link.reportOutage(
        'the leases of tasks running here are not renewed; other processes will fail those tasks once they run out',
        error,
      );
      if (rethrow && error instanceof RedisUnavailableError) throw error;
      return;
    }
    if (!Array.isArray(final)) return;
    for (const taskId of final) {
      if (typeof taskId !== 'string' || !this.held.has(taskId)) continue;
      const lost = this.held.get(taskId);
      this.held.delete(taskId);
      try {
        lost?.();
      } catch {
        // The server's own callback; one failing must not stop the others.
      }
    }
    if (this.held.size === 0) this.stopHeartbeat();
  }

  /** Renews every held lease each `leaseMs / 3`, while any is held and the leases are not stopped. */
  private ensureHeartbeat(): void {
    if (this.heartbeat !== undefined || this.stopped || this.held.size === 0) return;
    this.heartbeat = setInterval(() => void this.renew([...this.held.keys()]), Math.round(this.leaseMs / 3));
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private taskKey(taskId: string): string {
    return this.link.key('task', taskId);
  }
}

/** The task failed because its lease ran out, fenced one revision above the state the reaper read. */
function expired(task: StoredTask): StoredTask {
  const failed: StoredTask = {
    ...task,
    status: 'failed',
    statusMessage: LEASE_EXPIRED_ERROR.message,
    error: { ...LEASE_EXPIRED_ERROR },
    lastUpdatedAt: Math.max(Date.now(), task.lastUpdatedAt),
    revision: (task.revision ?? 0) + 1,
  };
  delete failed.inputRequests;
  return failed;
}
