/**
 * The sending half of the engine: the table of requests this side sent and is
 * waiting on. It hands out ids, matches responses, enforces timeouts, wires
 * `AbortSignal` cancellation and routes progress notifications to callers.
 */
import {
  CapacityExceededError,
  McpError,
  RequestCancelledError,
  RequestTimeoutError,
} from '../protocol/errors.js';
import type { JSONRPCResponse, RequestId } from '../protocol/jsonrpc.js';
import { followAbort } from './abort.js';
import type { ResultObject } from './middleware.js';

/** A progress update as the caller sees it. */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** Options of one outbound request. */
export interface OutboundRequestOptions {
  /** Cancels the request: the promise rejects with `RequestCancelledError` and the peer is told. */
  signal?: AbortSignal;
  /** Milliseconds to wait for the response before giving up (and cancelling at the peer). */
  timeoutMs?: number;
  /** Asks the peer for progress (adds a `progressToken`) and receives each update. */
  onProgress?: (update: ProgressUpdate) => void;
  /** Restart the timeout whenever progress arrives. `maxTotalTimeoutMs` still bounds the whole request. */
  resetTimeoutOnProgress?: boolean;
  /** An upper bound on the whole request, progress or not. */
  maxTotalTimeoutMs?: number;
  /** The inbound request this one is made on behalf of (legacy server-to-client requests). */
  relatedRequestId?: RequestId;
  /** Told the JSON-RPC id the request was given, before it is sent (a listen stream's subscription id). */
  onRequestId?: (id: RequestId) => void;
}

/** Limits of the table. */
export interface OutboundLimits {
  /** Requests waiting for an answer at once before `CapacityExceededError`. Default 1024. */
  maxPendingRequests?: number;
  /** Default per-request timeout in ms. Default 60 000. */
  defaultTimeoutMs?: number;
}

/** Called when a request ends without an answer, so the session can tell the peer. */
export type CancelRequest = (id: RequestId, reason: string) => void;

interface Pending {
  readonly method: string;
  readonly resolve: (result: ResultObject) => void;
  readonly reject: (error: Error) => void;
  readonly options: OutboundRequestOptions | undefined;
  readonly startedAt: number;
  /** When it times out, on the monotonic clock (`performance.now()`, as timers keep time); Infinity for never. */
  deadline: number;
  /** The timeout its error names: `timeoutMs`, or `maxTotalTimeoutMs` when that came first. */
  timeoutMs: number;
  /** Stops following the caller's signal (one listener per signal, however many requests share it). */
  stopFollowing: (() => void) | undefined;
}

/** Default per-request timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Default bound on requests in flight in each direction. */
export const DEFAULT_MAX_PENDING_REQUESTS = 1024;

/**
 * Requests awaiting responses.
 *
 * @example
 * const table = new OutboundRequests({ defaultTimeoutMs: 5_000 }, (id) => sendCancel(id));
 * const id = table.nextId();
 * const result = table.register(id, 'tools/list', {});
 * // ...later, when the response arrives:
 * table.settle(response);
 */
export class OutboundRequests {
  /**
   * The requests waiting, by id; none while nothing waits: an idle connection (a process may
   * hold thousands) keeps no table, for the price of a Map made when a burst of requests starts.
   */
  private pending: Map<RequestId, Pending> | undefined;
  /**
   * One timer for the whole table, set for the earliest deadline, instead of one per request: a
   * timer per request was a few percent of a pipelined call's CPU, and almost none ever fires.
   * When it fires, every request past its deadline times out and the timer is set for the next.
   */
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private sweepAt = Number.POSITIVE_INFINITY;
  private counter = 0;
  private readonly maxPending: number;
  private readonly defaultTimeoutMs: number;

  /**
   * @param onCancel Tells the peer a request ended without an answer (timeout, abort). A
   *   subclass may override {@link OutboundRequests.cancelAtPeer} instead and pass none.
   */
  constructor(
    limits: OutboundLimits,
    private readonly onCancel?: CancelRequest,
  ) {
    this.maxPending = limits.maxPendingRequests ?? DEFAULT_MAX_PENDING_REQUESTS;
    this.defaultTimeoutMs = limits.defaultTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** The number of requests waiting for a response. */
  get size(): number {
    return this.pending?.size ?? 0;
  }

  /** A fresh id; never one still outstanding. */
  nextId(): number {
    return ++this.counter;
  }

  /** Fails fast when the table is full, before anything is sent. */
  checkCapacity(method: string): void {
    if (this.pending !== undefined && this.pending.size >= this.maxPending) {
      throw new CapacityExceededError(
        `Cannot send ${method}: ${this.maxPending} requests are already waiting for responses (maxPendingRequests)`,
      );
    }
  }

  /** Starts waiting for the response to `id`. The promise settles exactly once. */
  register(
    id: RequestId,
    method: string,
    options: OutboundRequestOptions | undefined,
  ): Promise<ResultObject> {
    this.checkCapacity(method);
    return new Promise<ResultObject>((resolve, reject) => {
      const entry: Pending = {
        method,
        resolve,
        reject,
        options,
        startedAt: performance.now(),
        deadline: Number.POSITIVE_INFINITY,
        timeoutMs: 0,
        stopFollowing: undefined,
      };
      const signal = options?.signal;
      if (signal) {
        if (signal.aborted) {
          reject(new RequestCancelledError(method, signal.reason));
          return;
        }
        entry.stopFollowing = followAbort(signal, () =>
          this.fail(id, new RequestCancelledError(method, signal.reason), reasonText(signal.reason)),
        );
      }
      this.pending ??= new Map();
      this.pending.set(id, entry);
      this.armTimer(entry);
    });
  }

  /** Ends a request because sending it failed; the peer never saw it, so nothing is cancelled there. */
  abandon(id: RequestId, error: Error): void {
    const entry = this.take(id);
    entry?.reject(error);
  }

  /**
   * Delivers a response. Returns false when no request with that id is
   * waiting (a late answer to a cancelled request, or a peer bug).
   */
  settle(response: JSONRPCResponse): boolean {
    if (response.id === undefined) return false;
    const entry = this.take(response.id);
    if (!entry) return false;
    if ('error' in response) entry.reject(McpError.fromObject(response.error));
    else entry.resolve(response.result);
    return true;
  }

  /** Delivers a progress notification to the request whose token it names. Returns false if none. */
  progress(params: Record<string, unknown>): boolean {
    const token = params.progressToken;
    if (typeof token !== 'string' && typeof token !== 'number') return false;
    const entry = this.pending?.get(token);
    const onProgress = entry?.options?.onProgress;
    if (!entry || !onProgress) return false;
    const progress = params.progress;
    if (typeof progress !== 'number') return false;
    const update: ProgressUpdate = { progress };
    if (typeof params.total === 'number') update.total = params.total;
    if (typeof params.message === 'string') update.message = params.message;
    if (entry.options?.resetTimeoutOnProgress) this.armTimer(entry);
    onProgress(update);
    return true;
  }

  /** Rejects every waiting request, e.g. when the connection closes. */
  rejectAll(makeError: (method: string) => Error): void {
    if (!this.pending) return;
    for (const id of [...this.pending.keys()]) {
      const entry = this.take(id)!;
      entry.reject(makeError(entry.method));
    }
  }

  /** Sets when `entry` times out: `timeoutMs` from now, or earlier when `maxTotalTimeoutMs` says so. */
  private armTimer(entry: Pending): void {
    const timeoutMs = entry.options?.timeoutMs ?? this.defaultTimeoutMs;
    const maxTotal = entry.options?.maxTotalTimeoutMs;
    const now = performance.now();
    let wait = timeoutMs;
    if (maxTotal !== undefined) wait = Math.min(wait, Math.max(0, entry.startedAt + maxTotal - now));
    entry.timeoutMs = maxTotal !== undefined && wait < timeoutMs ? maxTotal : timeoutMs;
    entry.deadline = Number.isFinite(wait) ? now + wait : Number.POSITIVE_INFINITY;
    if (entry.deadline < this.sweepAt) this.scheduleSweep(entry.deadline, now);
  }

  private scheduleSweep(at: number, now: number): void {
    if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = setTimeout(OutboundRequests.sweep, Math.max(0, at - now), this);
    // A pending request must not keep a process alive on its own.
    this.sweepTimer.unref?.();
  }

  private static sweep(table: OutboundRequests): void {
    table.sweepTimer = undefined;
    table.sweepAt = Number.POSITIVE_INFINITY;
    const pending = table.pending;
    if (!pending) return;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [id, entry] of pending) {
      if (entry.deadline <= now)
        table.fail(id, new RequestTimeoutError(entry.method, entry.timeoutMs), 'timeout');
      else if (entry.deadline < next) next = entry.deadline;
    }
    if (next < table.sweepAt && table.pending !== undefined) table.scheduleSweep(next, now);
  }

  private fail(id: RequestId, error: Error, reason: string): void {
    const entry = this.take(id);
    if (!entry) return;
    entry.reject(error);
    this.cancelAtPeer(id, reason);
  }

  /** A request ended without an answer: the peer is told, so that it stops working on it. */
  protected cancelAtPeer(id: RequestId, reason: string): void {
    this.onCancel?.(id, reason);
  }

  private take(id: RequestId): Pending | undefined {
    const pending = this.pending;
    const entry = pending?.get(id);
    if (!pending || !entry) return undefined;
    pending.delete(id);
    if (pending.size === 0) {
      this.pending = undefined;
      // Nothing left to time out: no wake-up for nothing.
      if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
      this.sweepTimer = undefined;
      this.sweepAt = Number.POSITIVE_INFINITY;
    }
    entry.stopFollowing?.();
    return entry;
  }
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? 'cancelled' : String(reason);
}
