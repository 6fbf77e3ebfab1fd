/**
 * One `tools/call` that may become a task. Before the task starts the handler
 * runs as an ordinary request (its input travels in Multi Round-Trip rounds,
 * its logs on the request's stream); once it starts, the client has been
 * answered, so input goes through the task and request-scoped notices are
 * dropped (the extension carries no progress or logs for tasks).
 */
import { InternalError } from '../../protocol/errors.js';
import type { RequestHandlerContext } from '../../session/dispatcher.js';
import type { InputBroker } from '../context.js';
import type { TaskControl } from './task-control.js';
import type { TaskRun } from './task-run.js';

/**
 * Creates the task when the call turns into one; undefined when it cannot
 * and the call may go on without one (the store is full, the tool optional).
 */
export type StartTask = (statusMessage: string | undefined) => Promise<TaskRun | undefined>;

export class TaskCall implements TaskControl {
  /** The task, once started. */
  run: TaskRun | undefined;
  /** The request context the handler's `ctx` is built on: the original one until the task starts. */
  readonly inner: RequestHandlerContext;
  /** Where the handler's questions go: the round's broker until the task starts, then the task's ledger. */
  readonly broker: InputBroker;
  /** The handler's signal: the request's cancellation before the task starts, `tasks/cancel` after. */
  readonly controller = new AbortController();
  /** Resolves with the task once it starts; never, for a call that stays ordinary. */
  readonly started: Promise<TaskRun>;
  private markStarted!: (run: TaskRun) => void;
  private starting: Promise<void> | undefined;

  constructor(
    original: RequestHandlerContext,
    roundBroker: InputBroker | undefined,
    private readonly startTask: StartTask,
    private readonly onStarted: (run: TaskRun) => void,
  ) {
    const call = this;
    this.started = new Promise((resolve) => {
      this.markStarted = resolve;
    });
    const forwardAbort = () => {
      if (!call.run) call.controller.abort(original.signal.reason);
    };
    if (original.signal.aborted) forwardAbort();
    else original.signal.addEventListener('abort', forwardAbort, { once: true });
    this.inner = {
      direction: 'inbound',
      state: original.state,
      binding: original.binding,
      requestId: original.requestId,
      method: original.method,
      meta: original.meta,
      signal: this.controller.signal,
      get canSendRequests() {
        return call.run === undefined && original.canSendRequests;
      },
      notify: (method, params) => (call.run ? Promise.resolve() : original.notify(method, params)),
      sendProgress: (progress, total, message) =>
        call.run ? Promise.resolve() : original.sendProgress(progress, total, message),
      sendRequest: (method, params, options) =>
        call.run
          ? Promise.reject(
              new InternalError('A task has no request stream; ask with ctx.elicit or ctx.sample'),
            )
          : original.sendRequest(method, params, options),
    };
    this.broker = {
      ask: (kind, method, params) => {
        if (call.run) return call.run.ledger.ask(kind, method, params);
        if (roundBroker) return roundBroker.ask(kind, method, params);
        return Promise.reject(new InternalError(`${method} cannot be asked before the task starts`));
      },
    };
  }

  get id(): string | undefined {
    return this.run?.task.taskId;
  }

  start(statusMessage?: string): Promise<void> {
    this.starting ??= this.startTask(statusMessage).then((run) => {
      if (!run) return;
      this.run = run;
      this.onStarted(run);
      this.markStarted(run);
    });
    return this.starting;
  }

  setStatusMessage(message: string): Promise<void> {
    if (!this.run) return Promise.resolve();
    return this.run.update((task) => {
      task.statusMessage = message;
    });
  }
}
