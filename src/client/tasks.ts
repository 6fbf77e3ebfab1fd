/**
 * Tasks on the client: a handle on one task the server runs, on either wire.
 * On 2026-07-28 (the `io.modelcontextprotocol/tasks` extension, SEP-2663) the
 * handle polls `tasks/get`, answers the task's `inputRequests` with
 * `tasks/update` and stops it with `tasks/cancel`; on 2025-11-25 (core tasks,
 * SEP-1686) it polls `tasks/get`, fetches the outcome with the blocking
 * `tasks/result` (during which the server sends its questions as ordinary
 * requests, answered by the client's input handlers) and cancels with
 * `tasks/cancel`. Both show the task as one {@link TaskState}.
 */
import {
  ConnectionClosedError,
  McpError,
  McpkitLocalError,
  RequestTimeoutError,
} from '../protocol/errors.js';
import { isObject } from '../protocol/validation/validator.js';
import { followAbort } from '../session/abort.js';
import { HttpStatusError, StreamInterruptedError } from '../transport/http/errors.js';

/** Where a task is in its life. `completed`, `failed` and `cancelled` are final. */
export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/**
 * A task as the client last saw it, the same on both wires (2025-11-25's
 * `ttl` and `pollInterval` read as `ttlMs` and `pollIntervalMs`).
 *
 * @example
 * const state: TaskState = await task.get();
 * if (state.status === 'input_required') console.log(Object.keys(state.inputRequests ?? {}));
 */
export interface TaskState {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastUpdatedAt: string;
  /** How long after `createdAt` the server keeps the task, ms; `null` for no limit. */
  ttlMs: number | null;
  /** How often the server asks to be polled, ms. */
  pollIntervalMs?: number;
  /** 2026-07-28, while `input_required`: the questions waiting for answers, by key. */
  inputRequests?: Record<string, { method: string; params?: Record<string, unknown> }>;
  /** 2026-07-28, once `completed`: the request's result. */
  result?: Record<string, unknown>;
  /** 2026-07-28, once `failed`: the JSON-RPC error the request failed with. */
  error?: { code: number; message: string; data?: unknown };
}

/**
 * Thrown by {@link TaskHandle.result} for a task that was cancelled.
 *
 * @example
 * try { await task.result(); } catch (error) { if (error instanceof TaskCancelledByServerError) console.log('stopped'); }
 */
export class TaskCancelledByServerError extends McpkitLocalError {
  override name = 'TaskCancelledByServerError';
  constructor(readonly state: TaskState) {
    super(`Task ${state.taskId} was cancelled${state.statusMessage ? `: ${state.statusMessage}` : ''}`);
  }
}

/** Thrown when a task's TTL passed before the client saw it end (the server may have dropped it). */
export class TaskExpiredError extends McpkitLocalError {
  override name = 'TaskExpiredError';
  constructor(readonly state: TaskState) {
    super(`Task ${state.taskId} expired: its TTL (${state.ttlMs} ms) passed before it ended`);
  }
}

/** Options of waiting on a task. */
export interface TaskWaitOptions {
  /** Stops waiting (the task goes on; cancel it with {@link TaskHandle.cancel}). */
  signal?: AbortSignal;
}

/** How a handle reaches the server: the client supplies one per wire. */
export interface TaskWire {
  readonly era: 'modern' | 'legacy';
  /** `tasks/get`, as a {@link TaskState}. */
  get(taskId: string, signal?: AbortSignal): Promise<TaskState>;
  /** 2025-11-25: the blocking `tasks/result`, resolving with the request's result or rejecting with its error. */
  fetchResult(taskId: string, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** 2026-07-28: `tasks/update`. */
  update(taskId: string, inputResponses: Record<string, unknown>): Promise<void>;
  /** `tasks/cancel`; resolves with the task's state afterwards when the wire says it. */
  cancel(taskId: string): Promise<TaskState | undefined>;
  /**
   * Answers one of the task's questions with the client's input handlers, or
   * undefined when the client answers none itself (manual input mode).
   */
  readonly answer:
    | ((method: string, params: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>)
    | undefined;
  /** Calls `listener` with each status notification for `taskId`; returns the unsubscribe function. */
  watch(taskId: string, listener: (state: TaskState) => void): () => void;
}

/** Polls in a row that may fail for reasons other than the task before a wait gives up. */
const MAX_POLL_FAILURES = 5;

/** Poll interval when the server suggests none, ms. */
export const DEFAULT_CLIENT_POLL_INTERVAL_MS = 1000;
/** Bounds on the interval the client polls at, whatever the server suggests, ms. */
const MIN_POLL_MS = 10;
const MAX_POLL_MS = 60_000;

/** Whether a status is final. */
export function isFinalTaskStatus(status: TaskStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/**
 * One task the server runs. `result()` waits for it to end (answering its
 * questions with the client's input handlers, unless the client's input mode
 * is manual); iterating it yields each change of status until it ends.
 *
 * @example
 * const task = await client.callToolTask('export_report', { quarter: 'Q3' });
 * for await (const state of task) console.log(state.status, state.statusMessage ?? '');
 * const report = await task.result();
 */
export class TaskHandle<R = Record<string, unknown>> implements AsyncIterable<TaskState> {
  private current: TaskState;
  private readonly listeners = new Set<(state: TaskState) => void>();
  private wake: (() => void) | undefined;
  private polling: Promise<void> | undefined;
  private legacyOutcome: Promise<Record<string, unknown>> | undefined;
  private readonly answered = new Set<string>();
  private inputFailure: unknown;
  private settled: Promise<R> | undefined;
  private readonly unwatch: () => void;
  private payloadFetched = false;
  /** Consecutive polls that failed for a reason other than the task (a connection, a server error). */
  private pollFailures = 0;
  /** Aborts the input handlers still asking when the task ends or the handle is dropped. */
  private readonly inputController = new AbortController();

  /** @internal Built by the client; use `client.callToolTask` or `client.task`. */
  constructor(
    private readonly wire: TaskWire,
    initial: TaskState,
    private readonly finish: (result: Record<string, unknown>) => R,
    onStatus?: (state: TaskState) => void,
  ) {
    this.current = initial;
    if (onStatus) this.listeners.add(onStatus);
    this.unwatch = wire.watch(initial.taskId, (state) => {
      this.record(state);
      this.nudge();
    });
  }

  /** The task's id. */
  get taskId(): string {
    return this.current.taskId;
  }

  /** The task as last seen (no request). */
  get state(): Readonly<TaskState> {
    return this.current;
  }

  /**
   * Asks the server for the task's state now (`tasks/get`).
   *
   * @example
   * const { status, statusMessage } = await task.get();
   */
  async get(options: TaskWaitOptions = {}): Promise<TaskState> {
    let state: TaskState;
    try {
      state = await this.wire.get(this.taskId, options.signal);
    } catch (error) {
      // A server may drop a task once its TTL passed: "not found" then means it expired.
      if (error instanceof McpError && error.code === -32602 && expired(this.current, 0))
        throw new TaskExpiredError(this.current);
      throw error;
    }
    this.record(state);
    return this.current;
  }

  /**
   * Answers the task's questions (`tasks/update`, 2026-07-28), by the keys of
   * its `inputRequests`. Needed only with `inputMode: 'manual'`: otherwise the
   * client answers them with its input handlers as it waits. On 2025-11-25 the
   * server asks with ordinary requests instead, which the handlers answer.
   *
   * @example
   * const { inputRequests } = await task.get();
   * await task.update({ [Object.keys(inputRequests ?? {})[0]!]: { action: 'accept', content: { ok: true } } });
   */
  async update(inputResponses: Record<string, unknown>): Promise<void> {
    if (this.wire.era === 'legacy') {
      throw new McpkitLocalError(
        'A 2025-11-25 task takes its input as requests from the server (answered by onElicit, onSample and roots), not through tasks/update',
      );
    }
    for (const key of Object.keys(inputResponses)) this.answered.add(key);
    await this.wire.update(this.taskId, inputResponses);
    this.nudge();
  }

  /**
   * Cancels the task (`tasks/cancel`). A task that already ended stays as it
   * ended; cancelling it is not an error.
   *
   * @example
   * setTimeout(() => void task.cancel(), 5000);
   */
  async cancel(): Promise<void> {
    if (isFinalTaskStatus(this.current.status)) return;
    try {
      const after = await this.wire.cancel(this.taskId);
      if (after) this.record(after);
    } catch (error) {
      // 2025-11-25 refuses to cancel a task that already ended (-32602): look at how it ended.
      if (!(error instanceof McpError) || error.code !== -32602) throw error;
      await this.get();
      if (!isFinalTaskStatus(this.current.status)) throw error;
      return;
    }
    if (!isFinalTaskStatus(this.current.status)) await this.get().catch(() => undefined);
    this.nudge();
  }

  /**
   * Waits for the task to end and gives its result: the request's result once
   * `completed`; the request's error (an `McpError`) once `failed`;
   * {@link TaskCancelledByServerError} once `cancelled`. Polls at the task's
   * `pollIntervalMs`, sooner when a status notification arrives. Calling it
   * again gives the same outcome.
   *
   * @example
   * const result = await task.result({ signal: AbortSignal.timeout(60_000) });
   */
  result(options: TaskWaitOptions = {}): Promise<R> {
    if (this.settled) return this.settled;
    // Only the task's own outcome is kept; a caller who merely stopped waiting may wait again.
    return this.waitForEnd(options.signal).then(
      (result) => {
        this.settled = Promise.resolve(result);
        return result;
      },
      (error: unknown) => {
        // Kept only when the task itself ended so; a failed poll or a stopped wait may be retried.
        if (!isAbort(error, options.signal) && isFinalTaskStatus(this.current.status)) {
          this.settled = Promise.reject(error);
          this.settled.catch(() => {});
        }
        throw error;
      },
    );
  }

  /**
   * Each change of status (or status message) until the task ends, the final
   * state last. The iteration drives polling itself.
   *
   * @example
   * for await (const state of task) if (state.status === 'input_required') await answer(state);
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<TaskState> {
    const queue: TaskState[] = [this.current];
    const listener = (state: TaskState) => {
      queue.push(state);
    };
    this.listeners.add(listener);
    try {
      for (;;) {
        while (queue.length > 0) {
          const state = queue.shift() as TaskState;
          yield state;
          if (isFinalTaskStatus(state.status)) {
            this.unwatch();
            return;
          }
        }
        if (this.inputFailure !== undefined) throw this.inputFailure;
        await this.tolerantStep(undefined);
      }
    } finally {
      this.listeners.delete(listener);
    }
  }

  /** Stops listening for this task's notifications (the client does it when it closes). */
  dispose(): void {
    this.unwatch();
    this.inputController.abort(new Error(`The handle on task ${this.taskId} was dropped`));
  }

  private async waitForEnd(signal: AbortSignal | undefined): Promise<R> {
    try {
      for (;;) {
        signal?.throwIfAborted();
        if (this.inputFailure !== undefined) throw this.inputFailure;
        const state = this.current;
        if (state.status === 'cancelled') throw new TaskCancelledByServerError(state);
        // A result already in hand (2026-07-28 inlines it; so does a call the server answered at once).
        if (state.status === 'completed' && state.result !== undefined) return this.finish(state.result);
        if (this.wire.era === 'legacy') {
          // 2025-11-25: tasks/result gives the outcome, and carries the questions of an input_required task.
          if (state.status !== 'working' || this.legacyOutcome) {
            const outcome = this.fetchLegacyOutcome();
            const done = isFinalTaskStatus(state.status)
              ? true
              : await Promise.race([
                  outcome.then(
                    () => true,
                    () => true,
                  ),
                  this.step(signal).then(() => false),
                ]);
            if (done) return this.finish(await this.legacyResult(outcome, signal));
            continue;
          }
        } else if (isFinalTaskStatus(state.status)) {
          // 2026-07-28: a final state without its result or error (a task created already final)
          // is read once more with tasks/get, which carries them.
          if (!hasPayload(state) && !this.payloadFetched) {
            this.payloadFetched = true;
            await this.get({ signal });
            continue;
          }
          if (state.status === 'completed') return this.finish(state.result ?? { content: [] });
          throw McpError.fromObject(
            state.error ?? { code: -32603, message: state.statusMessage ?? 'Task failed' },
          );
        }
        if (expired(state)) throw new TaskExpiredError(state);
        await this.tolerantStep(signal);
      }
    } finally {
      if (isFinalTaskStatus(this.current.status)) this.unwatch();
    }
  }

  /**
   * A poll that survives a few failures that say nothing about the task (a
   * reset connection, a 5xx, a timeout), waiting longer after each; a
   * protocol error (the task is unknown, say) or a run of them ends the wait.
   */
  private async tolerantStep(signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.step(signal);
      this.pollFailures = 0;
    } catch (error) {
      if (isAbort(error, signal) || !isTransient(error) || ++this.pollFailures > MAX_POLL_FAILURES)
        throw error;
      const backoff = Math.min(250 * 2 ** this.pollFailures, 10_000);
      await abortable(new Promise((resolve) => setTimeout(resolve, backoff)), signal);
    }
  }

  /** 2025-11-25: the one `tasks/result` call of this handle, started on first need. */
  private fetchLegacyOutcome(): Promise<Record<string, unknown>> {
    if (!this.legacyOutcome) {
      this.legacyOutcome = this.wire.fetchResult(this.taskId);
      this.legacyOutcome.catch(() => {});
    }
    return this.legacyOutcome;
  }

  /** 2025-11-25: what `tasks/result` answered; a task cancelled meanwhile is reported as cancelled, not as its error. */
  private async legacyResult(
    outcome: Promise<Record<string, unknown>>,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> {
    try {
      return await abortable(outcome, signal);
    } catch (error) {
      if (isAbort(error, signal)) throw error;
      if (!isFinalTaskStatus(this.current.status)) await this.get().catch(() => undefined);
      if (this.current.status === 'cancelled') throw new TaskCancelledByServerError(this.current);
      throw error;
    }
  }

  /** One poll, shared by everyone waiting: sleep the poll interval (or until nudged), then `tasks/get`. */
  private step(signal: AbortSignal | undefined): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return abortable(this.polling, signal);
  }

  private async pollOnce(): Promise<void> {
    // Unanswered questions go at once; otherwise wait the interval the server asked for.
    if (!this.hasUnanswered()) {
      const interval = Math.min(
        Math.max(this.current.pollIntervalMs ?? DEFAULT_CLIENT_POLL_INTERVAL_MS, MIN_POLL_MS),
        MAX_POLL_MS,
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      await this.get();
    }
    // 2025-11-25: the server sends an input_required task's questions on a tasks/result stream.
    if (this.wire.era === 'legacy' && this.current.status === 'input_required')
      void this.fetchLegacyOutcome();
    const answer = this.wire.answer;
    if (answer && this.hasUnanswered()) {
      await this.answerOutstanding(answer).catch((error: unknown) => {
        this.inputFailure = error;
      });
    }
  }

  /** 2026-07-28, automatic input: whether the task asks something the client has not answered yet. */
  private hasUnanswered(): boolean {
    if (this.wire.era !== 'modern' || !this.wire.answer || this.current.status !== 'input_required')
      return false;
    return Object.keys(this.current.inputRequests ?? {}).some((key) => !this.answered.has(key));
  }

  /** 2026-07-28, automatic input: answers each question not answered yet, then sends the answers. */
  private async answerOutstanding(answer: NonNullable<TaskWire['answer']>): Promise<void> {
    const requests = this.current.inputRequests ?? {};
    const responses: Record<string, unknown> = {};
    for (const [key, request] of Object.entries(requests)) {
      if (this.answered.has(key)) continue;
      this.answered.add(key);
      responses[key] = await answer(request.method, request.params ?? {}, this.inputController.signal);
    }
    if (Object.keys(responses).length > 0) await this.wire.update(this.taskId, responses);
  }

  /** Takes a newer state; tells listeners when the status or its message changed. */
  private record(state: TaskState): void {
    if (state.taskId !== this.current.taskId) return;
    const previous = this.current;
    // A final state never changes, except to gain the payload a bare one lacked (a created task may be final).
    if (isFinalTaskStatus(previous.status)) {
      if (state.status === previous.status && !hasPayload(previous) && hasPayload(state))
        this.current = state;
      return;
    }
    // A stale answer (an older lastUpdatedAt) never replaces a newer state. Compared as times, not
    // strings: servers write fractions of seconds with different numbers of digits.
    const then = Date.parse(previous.lastUpdatedAt);
    const now = Date.parse(state.lastUpdatedAt);
    if (Number.isFinite(then) && Number.isFinite(now) && now < then) return;
    this.current = state;
    if (isFinalTaskStatus(state.status))
      this.inputController.abort(new Error(`Task ${state.taskId} has ended`));
    if (state.status !== previous.status || state.statusMessage !== previous.statusMessage) {
      for (const listener of this.listeners) listener(state);
    }
  }

  private nudge(): void {
    this.wake?.();
  }
}

/**
 * A task as 2025-11-25 sends it (`Task`, in `tasks/get`, `CreateTaskResult.task`
 * or `notifications/tasks/status`), or as 2026-07-28 does, read as a
 * {@link TaskState}. Undefined when it is not a task.
 *
 * @example
 * readTaskState({ taskId: 't1', status: 'working', createdAt, lastUpdatedAt, ttl: 60000, pollInterval: 500 });
 * // { taskId: 't1', status: 'working', ..., ttlMs: 60000, pollIntervalMs: 500 }
 */
export function readTaskState(value: unknown): TaskState | undefined {
  if (!isObject(value) || typeof value.taskId !== 'string' || !isTaskStatus(value.status)) return undefined;
  const ttl = value.ttlMs !== undefined ? value.ttlMs : value.ttl;
  const poll = value.pollIntervalMs !== undefined ? value.pollIntervalMs : value.pollInterval;
  const state: TaskState = {
    taskId: value.taskId,
    status: value.status,
    createdAt: typeof value.createdAt === 'string' ? value.createdAt : '',
    lastUpdatedAt: typeof value.lastUpdatedAt === 'string' ? value.lastUpdatedAt : '',
    ttlMs: typeof ttl === 'number' ? ttl : null,
  };
  if (typeof value.statusMessage === 'string') state.statusMessage = value.statusMessage;
  if (typeof poll === 'number') state.pollIntervalMs = poll;
  if (isObject(value.inputRequests)) state.inputRequests = value.inputRequests as TaskState['inputRequests'];
  if (isObject(value.result)) state.result = value.result;
  if (
    isObject(value.error) &&
    typeof value.error.code === 'number' &&
    typeof value.error.message === 'string'
  )
    state.error = value.error as TaskState['error'];
  return state;
}

/** A failure that says nothing about the task: the connection, a timeout, a server error (5xx). */
function isTransient(error: unknown): boolean {
  return (
    error instanceof ConnectionClosedError ||
    error instanceof RequestTimeoutError ||
    error instanceof StreamInterruptedError ||
    (error instanceof HttpStatusError && error.status >= 500)
  );
}

/** Whether a final 2026-07-28 state carries what it ended with (`result`, `error`); others need nothing. */
function hasPayload(state: TaskState): boolean {
  if (state.status === 'completed') return state.result !== undefined;
  if (state.status === 'failed') return state.error !== undefined;
  return true;
}

const STATUSES = new Set(['working', 'input_required', 'completed', 'failed', 'cancelled']);

function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && STATUSES.has(value);
}

/** Whether the task's TTL passed (with a little slack for clocks) while it was still running. */
function expired(state: TaskState, slackMs = 5000): boolean {
  if (state.ttlMs === null || isFinalTaskStatus(state.status)) return false;
  const created = Date.parse(state.createdAt);
  // At the deadline, not only past it: a server that drops the task on its TTL may answer "not
  // found" within the millisecond the TTL ends.
  return Number.isFinite(created) && Date.now() >= created + state.ttlMs + slackMs;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && error === signal.reason;
}

/** `promise`, or the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stopFollowing = followAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => {
        stopFollowing();
        resolve(value);
      },
      (error: unknown) => {
        stopFollowing();
        reject(error);
      },
    );
  });
}
