/**
 * One 2025-11-25 core task running in this process (SEP-1686): the context
 * its handler runs with once the call was answered with `CreateTaskResult`,
 * and the questions it has for the client.
 *
 * The call's own request is over, so what the handler sends goes elsewhere:
 * progress (the original `progressToken` stays valid) and log messages go to
 * the session's stream, tagged with the related-task `_meta`; `ctx.elicit`,
 * `ctx.sample` and `ctx.listRoots` wait in the task's {@link CoreInputQueue}
 * (the task is `input_required`) until a `tasks/result` request of the
 * client carries them as real requests and brings the answers back.
 */
import { InternalError, McpkitError, McpkitLocalError } from '../../protocol/errors.js';
import { META_PROGRESS_TOKEN } from '../../protocol/meta.js';
import type { RequestHandlerContext } from '../../session/dispatcher.js';
import type { InputBroker, InputKind } from '../context.js';
import type { LegacySession } from '../legacy/session.js';
import { withRelatedTask } from './core-task-view.js';
import type { TaskControl } from './task-control.js';
import type { TaskRun } from './task-run.js';

/** A question of the handler, waiting for the client. */
export interface CoreQuestion {
  readonly method: string;
  readonly params: Record<string, unknown>;
  /** True while a `tasks/result` request carries it to the client. */
  sending: boolean;
  readonly resolve: (answer: Record<string, unknown>) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * A core task's outstanding questions, in the order they were asked. The task
 * is `input_required` while any waits (and `working` again once none does);
 * `tasks/result` requests take them out to the client.
 */
export class CoreInputQueue implements InputBroker {
  private readonly pending: CoreQuestion[] = [];
  private readonly listeners = new Set<() => void>();
  private closedWith: unknown;

  /** @param waitingChanged told whether any question waits, each time that changes */
  constructor(private readonly waitingChanged: (waiting: boolean) => void) {}

  ask(_kind: InputKind, method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.closedWith !== undefined) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      this.pending.push({ method, params, sending: false, resolve, reject });
      if (this.pending.length === 1) this.waitingChanged(true);
      this.changed();
    });
  }

  /** The questions no `tasks/result` is carrying right now. */
  unsent(): CoreQuestion[] {
    return this.pending.filter((question) => !question.sending);
  }

  /** The client answered `question` (with a result, or with a JSON-RPC error to reject it with). */
  settle(question: CoreQuestion, outcome: { answer: Record<string, unknown> } | { error: unknown }): void {
    const index = this.pending.indexOf(question);
    if (index < 0) return;
    this.pending.splice(index, 1);
    if ('answer' in outcome) question.resolve(outcome.answer);
    else question.reject(outcome.error);
    if (this.pending.length === 0) this.waitingChanged(false);
    this.changed();
  }

  /** The request carrying `question` ended without an answer: a later `tasks/result` sends it again. */
  requeue(question: CoreQuestion): void {
    question.sending = false;
    this.changed();
  }

  /** Calls `listener` whenever questions are asked, answered or put back; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fails every waiting question and every later one with `reason` (the task ended). */
  close(reason: unknown): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = reason;
    for (const question of this.pending.splice(0)) question.reject(reason);
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * Whether a failed request to the client was the client's own JSON-RPC
 * error (the handler should see it) rather than the request going nowhere
 * (a timeout, a cancelled `tasks/result`, a session that ended), after
 * which a later `tasks/result` asks again.
 *
 * @example
 * if (answeredWithError(error)) queue.settle(question, { error }); else queue.requeue(question);
 */
export function answeredWithError(error: unknown): boolean {
  return error instanceof McpkitError && !(error instanceof McpkitLocalError);
}

/** The handler side of a core task: its context and its `ctx.task`. */
export class CoreTaskCall implements TaskControl {
  /** Pulled by `tasks/cancel` and by the task's expiry. */
  readonly controller = new AbortController();
  /** The request context the handler's `ctx` is built on. */
  readonly inner: RequestHandlerContext;
  /** Where `ctx.elicit`, `ctx.sample` and `ctx.listRoots` wait. */
  readonly queue: CoreInputQueue;
  /** Set right after the task is stored. */
  run: TaskRun | undefined;
  private lastProgress = Number.NEGATIVE_INFINITY;

  constructor(
    original: RequestHandlerContext,
    readonly id: string,
    private readonly session: LegacySession | undefined,
  ) {
    this.queue = new CoreInputQueue((waiting) => {
      void this.run?.update((task) => {
        task.status = waiting ? 'input_required' : 'working';
      });
    });
    this.inner = {
      direction: 'inbound',
      state: original.state,
      binding: original.binding,
      requestId: original.requestId,
      method: original.method,
      meta: original.meta,
      signal: this.controller.signal,
      canSendRequests: original.canSendRequests,
      notify: (method, params) => this.notifySession(method, params),
      sendProgress: (progress, total, message) => this.progress(original.meta, progress, total, message),
      sendRequest: () =>
        Promise.reject(
          new InternalError(
            'A task has no request stream of its own; ask with ctx.elicit, ctx.sample or ctx.listRoots',
          ),
        ),
    };
  }

  /** A 2025-11-25 call is a task from its first line: there is nothing to start. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  setStatusMessage(message: string): Promise<void> {
    return (
      this.run?.update((task) => {
        task.statusMessage = message;
      }) ?? Promise.resolve()
    );
  }

  /** Sends a notification of the task to its session's stream; dropped once the task is final or without one. */
  private async notifySession(method: string, params?: Record<string, unknown>): Promise<void> {
    if (!this.session || this.run?.final) return;
    this.session.notify(method, { ...params, _meta: withRelatedTask(params?._meta, this.id) });
  }

  /** Progress under the original request's `progressToken`, which stays valid for the task's life. */
  private progress(
    meta: Readonly<Record<string, unknown>> | undefined,
    progress: number,
    total?: number,
    message?: string,
  ): Promise<void> {
    const token = meta?.[META_PROGRESS_TOKEN];
    if (typeof token !== 'string' && typeof token !== 'number') return Promise.resolve();
    if (!(progress > this.lastProgress)) {
      return Promise.reject(
        new McpkitLocalError(
          `Progress must increase with every update: got ${progress} after ${this.lastProgress}`,
        ),
      );
    }
    this.lastProgress = progress;
    const params: Record<string, unknown> = { progressToken: token, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    return this.notifySession('notifications/progress', params);
  }
}
