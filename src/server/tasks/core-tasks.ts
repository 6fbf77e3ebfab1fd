/**
 * Core tasks of 2025-11-25 (SEP-1686) on the server: the same `tasks` option,
 * tool `execution` and {@link TaskStore} as the 2026-07-28 extension, served
 * with that revision's methods and shapes to 2025-11-25 sessions.
 *
 * - A `tools/call` with a `task` param, to a tool with task support, is
 *   answered at once with `CreateTaskResult`; the handler runs in the
 *   background. Without the param a `required` tool is -32601, and so is the
 *   param on a tool without task support.
 * - `tasks/get` and `tasks/cancel` answer the task; `tasks/list` pages
 *   through the caller's tasks; `tasks/result` waits for the end and answers
 *   exactly what the call would have answered. While it waits it carries the
 *   handler's questions (`ctx.elicit`, ...) to the client as real requests.
 * - `notifications/tasks/status` goes to the session that created the task
 *   whenever its status changes.
 *
 * Tasks belong to the authenticated principal, else to the session that
 * created them (one 2025 HTTP session cannot read another's tasks; a stdio
 * connection is one session). Only stateless 2025 HTTP without auth has no
 * owner to bind to: its tasks are guarded by their unguessable ids alone,
 * and `tasks/list` is refused there.
 */
import { codecFor } from '../../protocol/codec/index.js';
import { InternalError, InvalidParamsError, MethodNotFoundError } from '../../protocol/errors.js';
import { isObject } from '../../protocol/validation/validator.js';
import type { Dispatcher, RequestHandlerContext } from '../../session/dispatcher.js';
import { bindingOf, principalIdOf } from '../binding.js';
import { type InputBroker, type InputKind, NO_ROUND, type RoundInput } from '../context.js';
import { APP_STATE } from '../input-required.js';
import type { LegacySession } from '../legacy/session.js';
import { DEFAULT_MAX_INPUT_ROUNDS, type InputRoundOptions, runWithInputRounds } from '../mrtr/round.js';
import type { TaskControlBus, TaskControlMessage } from './control-bus.js';
import { answeredWithError, type CoreQuestion, CoreTaskCall } from './core-task-call.js';
import { coreTaskPayload, coreTaskView, createdCoreTaskResult, withRelatedTask } from './core-task-view.js';
import type { TaskLeases } from './leases.js';
import { setLongTimeout } from './long-timer.js';
import { isFinalStatus, type StoredTask, TaskLimitError, type TaskStore } from './store.js';
import { newTaskId, type TaskStoreOutage, wireError } from './task-basics.js';
import { NO_TASK, type TaskControl } from './task-control.js';
import { TaskRun } from './task-run.js';
import type { ToolExecution } from './tool-execution.js';

/** The first revision with core tasks. */
export const CORE_TASKS_REVISION = '2025-11-25';
/** Default page size of `tasks/list`. */
export const DEFAULT_CORE_TASK_PAGE_SIZE = 100;

/** What the server's `tasks` option settles for core tasks (the same values as the extension's). */
export interface CoreTaskSettings {
  /** The longest TTL granted, in ms; `null` for no limit. A shorter `task.ttl` request is honoured. */
  readonly ttlMs: number | null;
  readonly pollIntervalMs: number;
  /** Tasks per `tasks/list` page. */
  readonly pageSize?: number;
  readonly warn: (message: string) => void;
  /** Where a cancel for a task running in another process is published. */
  readonly control?: TaskControlBus;
  /** Leases on the tasks running here. */
  readonly leases?: TaskLeases;
  /** Reports an unreachable store and decides what the call does then (shared with the extension). */
  readonly outage: TaskStoreOutage;
}

/** Runs a tool's handler with the context a call provides (the same as the extension's). */
export type CoreExecuteTool = (
  inner: RequestHandlerContext,
  broker: InputBroker,
  round: RoundInput,
  task: TaskControl,
) => Promise<Record<string, unknown>>;

/** A core task whose handler runs in this process. */
interface CoreRunning {
  readonly call: CoreTaskCall;
  readonly run: TaskRun;
  /** `tasks/result` requests waiting on it: where status notifications go when the session has no stream. */
  readonly waiting: Set<(method: string, params: Record<string, unknown>) => void>;
}

/**
 * Whether a request speaks a revision with core tasks (a 2025-11-25 session).
 *
 * @example
 * if (speaksCoreTasks(inner)) return core.get(params, inner);
 */
export function speaksCoreTasks(inner: RequestHandlerContext): boolean {
  const binding = bindingOf(inner);
  return (
    binding.era === 'legacy' && binding.revision !== undefined && binding.revision >= CORE_TASKS_REVISION
  );
}

/**
 * The `tasks` capability of a 2025 `initialize` result, or undefined for a
 * revision before core tasks. `list` only when the store can list.
 *
 * @example
 * coreTasksCapability('2025-11-25', true); // { list: {}, cancel: {}, requests: { tools: { call: {} } } }
 */
export function coreTasksCapability(
  revision: string,
  listable: boolean,
): Record<string, unknown> | undefined {
  if (revision < CORE_TASKS_REVISION) return undefined;
  const tasks: Record<string, unknown> = {};
  if (listable) tasks.list = {};
  tasks.cancel = {};
  tasks.requests = { tools: { call: {} } };
  return tasks;
}

/**
 * A tool's `tools/list` entry for a request: on a 2025-11-25 session of a
 * server with tasks, a tool with task support shows `execution.taskSupport`
 * (and nothing else of its `execution`: `createTask` is mcpkit's own);
 * everywhere else the entry is unchanged.
 *
 * @example
 * coreToolListing({ name: 'export', inputSchema }, { taskSupport: 'optional' }, inner);
 * // on 2025-11-25: { name: 'export', inputSchema, execution: { taskSupport: 'optional' } }
 */
export function coreToolListing<T extends object>(
  listing: T,
  execution: ToolExecution | undefined,
  inner: RequestHandlerContext,
): T {
  if (!execution || !speaksCoreTasks(inner)) return listing;
  return { ...listing, execution: { taskSupport: execution.taskSupport } };
}

export class CoreTasks {
  /** Tasks whose handler runs here: where `tasks/cancel` aborts it and `tasks/result` takes its questions. */
  private readonly running = new Map<string, CoreRunning>();

  constructor(
    private readonly store: TaskStore,
    private readonly settings: CoreTaskSettings,
  ) {}

  /** The `tasks` capability for a 2025 `initialize` of `revision`; undefined before 2025-11-25. */
  capability(revision: string): Record<string, unknown> | undefined {
    return coreTasksCapability(revision, this.store.list !== undefined);
  }

  /** Whether a 2025 session may call `method` (`tasks/list` needs a store that lists). */
  serves(method: string): boolean {
    return method === 'tasks/result' || (method === 'tasks/list' && this.store.list !== undefined);
  }

  /** Installs `tasks/result` and `tasks/list` (2025 only: the serving edge refuses them on 2026-07-28). */
  install(dispatcher: Dispatcher): void {
    dispatcher.setRequestHandler('tasks/result', (params, inner) => this.result(params, inner));
    dispatcher.setRequestHandler('tasks/list', (params, inner) => this.list(params, inner));
  }

  /**
   * Serves a 2025 `tools/call`: a task when it carries `task` (on 2025-11-25)
   * and the tool supports tasks, an ordinary call otherwise.
   */
  async callTool(
    execution: ToolExecution | undefined,
    params: Record<string, unknown>,
    inner: RequestHandlerContext,
    rounds: InputRoundOptions,
    execute: CoreExecuteTool,
  ): Promise<Record<string, unknown>> {
    const name = typeof params.name === 'string' ? params.name : undefined;
    if (!isObject(params.task) || !speaksCoreTasks(inner)) {
      // The spec's answer for a task-only tool called without a task: -32601.
      if (execution?.taskSupport === 'required')
        throw new MethodNotFoundError(`Tool ${JSON.stringify(name)} must be called as a task (params.task)`);
      return runWithInputRounds('tools/call', params, inner, rounds, (broker, round) =>
        execute(inner, broker, round, NO_TASK),
      );
    }
    if (!execution)
      throw new MethodNotFoundError(`Tool ${JSON.stringify(name)} does not support task-augmented calls`);
    let running: CoreRunning;
    try {
      running = await this.begin(inner, name, params.task);
    } catch (error) {
      // The store is unreachable: said through warn; an optional tool answers inline (as a receiver
      // that does not augment this request with a task), a task-only one fails with -32603.
      if (!this.settings.outage.failed(error, name, execution.taskSupport === 'optional')) throw error;
      return runWithInputRounds('tools/call', params, inner, rounds, (broker, round) =>
        execute(inner, broker, round, NO_TASK),
      );
    }
    const created = createdCoreTaskResult(running.run.task);
    this.settle(running, this.runHandler(running.call, rounds, execute), inner);
    return created;
  }

  /** `tasks/get`: the task. */
  async get(params: Record<string, unknown>, inner: RequestHandlerContext): Promise<Record<string, unknown>> {
    return coreTaskView(await this.find(params, inner));
  }

  /**
   * `tasks/result`: waits until the task is final, carrying its questions to
   * the client meanwhile, then answers what the call would have answered.
   */
  async result(
    params: Record<string, unknown>,
    inner: RequestHandlerContext,
  ): Promise<Record<string, unknown>> {
    let task = await this.find(params, inner);
    const owner = ownerOf(inner);
    const tried = new Set<CoreQuestion>();
    while (!isFinalStatus(task.status)) {
      await this.nextChange(task.taskId, inner, tried);
      const next = await this.store.get(task.taskId, owner);
      if (!next) throw new InvalidParamsError(`Failed to retrieve task: task ${task.taskId} has expired`);
      task = next;
    }
    return coreTaskPayload(task);
  }

  /** `tasks/list`: one page of the caller's core tasks, oldest first. */
  async list(
    params: Record<string, unknown>,
    inner: RequestHandlerContext,
  ): Promise<Record<string, unknown>> {
    if (!speaksCoreTasks(inner) || !this.store.list)
      throw new MethodNotFoundError('tasks/list is not served on this session');
    const owner = ownerOf(inner);
    if (owner === undefined) {
      // Stateless HTTP without auth: nothing tells one caller from another.
      throw new MethodNotFoundError('tasks/list needs an authenticated caller or a session');
    }
    const cursor = typeof params.cursor === 'string' ? params.cursor : undefined;
    const page = await this.store.list(owner, cursor, this.settings.pageSize ?? DEFAULT_CORE_TASK_PAGE_SIZE);
    if (!page) throw new InvalidParamsError(`Invalid cursor for tasks/list: ${JSON.stringify(cursor)}`);
    const result: Record<string, unknown> = {
      tasks: page.tasks.filter((task) => task.core === true).map(coreTaskView),
    };
    if (page.nextCursor !== undefined) result.nextCursor = page.nextCursor;
    return result;
  }

  /** `tasks/cancel`: cancels a task that has not ended (-32602 for one that has) and answers it. */
  async cancel(
    params: Record<string, unknown>,
    inner: RequestHandlerContext,
  ): Promise<Record<string, unknown>> {
    const task = await this.find(params, inner);
    const running = this.running.get(task.taskId);
    // The run's own state is the newest; the store may not have its last write yet.
    const status = running ? running.run.task.status : task.status;
    if (isFinalStatus(status))
      throw new InvalidParamsError(`Cannot cancel task: already in terminal status '${status}'`);
    if (running) {
      await running.run.cancel();
      return coreTaskView(running.run.task);
    }
    // Its handler is not here (another process, or gone): record the cancellation all the same,
    // with no revision, so it wins over whatever the runner wrote since this read.
    const cancelled: StoredTask = {
      ...task,
      status: 'cancelled',
      statusMessage: 'Cancelled by the client',
      lastUpdatedAt: Math.max(Date.now(), task.lastUpdatedAt),
      revision: undefined,
    };
    await this.store.save(cancelled);
    // The store ignores the save when the task ended meanwhile (its runner finished, or a reaper
    // failed it): then it was not cancelled, and the answer must say so.
    const after = await this.store.get(task.taskId, ownerOf(inner));
    if (after && after.status !== 'cancelled')
      throw new InvalidParamsError(`Cannot cancel task: already in terminal status '${after.status}'`);
    // Recorded first, so the handler's process finds the task final when the message arrives.
    await this.settings.control?.publish({ type: 'cancel', taskId: task.taskId }).catch((error: unknown) => {
      this.settings.warn(
        `Task ${task.taskId}: sending tasks/cancel to the process running it failed: ${String(error)}`,
      );
    });
    return coreTaskView(cancelled);
  }

  /** A control message for a task that may run here: a cancel aborts it (core tasks take no updates). */
  controlled(message: TaskControlMessage): void {
    const running = this.running.get(message.taskId);
    if (!running || running.run.final || message.type !== 'cancel') return;
    void running.run.cancel();
  }

  /** Stores a new task for a call and gets its run ready. */
  private async begin(inner: RequestHandlerContext, name: string | undefined, requested: unknown) {
    const now = Date.now();
    const ttlMs = this.grantedTtl(requested);
    const task: StoredTask = {
      taskId: newTaskId(),
      owner: ownerOf(inner),
      core: true,
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs,
      pollIntervalMs: this.settings.pollIntervalMs,
      request: { method: 'tools/call', name },
    };
    // The lease comes first, so the task never exists without one: a process killed in between
    // leaves a lease without a task, which the reaper drops. Should the heartbeat later find the task
    // final (another process failed it once this one stalled past its lease), the handler is aborted.
    try {
      await this.settings.leases?.hold(
        task.taskId,
        () => void this.running.get(task.taskId)?.run.leaseLost(),
      );
      // Answering only after this resolves is what lets tasks/get find the task at once.
      await this.store.create(task);
    } catch (error) {
      this.settings.leases?.release(task.taskId);
      // The client asked for a task and must get one or an error: no falling back to a plain call.
      throw error instanceof TaskLimitError ? new InternalError(error.message) : error;
    }
    this.settings.outage.created();
    const session = bindingOf(inner).session;
    const call = new CoreTaskCall(inner, task.taskId, session);
    const waiting: CoreRunning['waiting'] = new Set();
    const stopFollowing = this.follow(task, session, waiting);
    // A handler that never returns must not hold its task (or this run) past the TTL.
    const cancelExpiry = ttlMs === null ? noop : setLongTimeout(() => void run.expire(), ttlMs);
    let stopWatching = noop;
    const run: TaskRun = new TaskRun(
      task,
      call.controller,
      this.store,
      (ended) => {
        cancelExpiry();
        stopWatching();
        call.queue.close(new Error(`Task ${ended.task.taskId} has ended`));
        stopFollowing(ended.task);
        if (this.running.get(ended.task.taskId)?.run === ended) {
          this.running.delete(ended.task.taskId);
          this.settings.leases?.release(ended.task.taskId);
        }
      },
      this.settings.warn,
    );
    call.run = run;
    // Shared by several processes (leases): a final state another one stores aborts the handler at once.
    if (this.settings.leases) stopWatching = run.watchForEnd();
    const running: CoreRunning = { call, run, waiting };
    this.running.set(task.taskId, running);
    return running;
  }

  /**
   * Runs the handler; an explicit `inputRequired(...)` is fulfilled as on any
   * 2025 call, by asking each question (through the task) and running the
   * handler again with the answers and its state.
   */
  private async runHandler(
    call: CoreTaskCall,
    rounds: InputRoundOptions,
    execute: CoreExecuteTool,
  ): Promise<Record<string, unknown>> {
    const maxRounds = rounds.maxRounds ?? DEFAULT_MAX_INPUT_ROUNDS;
    let round: RoundInput = NO_ROUND;
    for (let asked = 0; ; asked++) {
      const outcome = (await execute(call.inner, call.queue, round, call)) as Record<
        string | symbol,
        unknown
      >;
      if (outcome.resultType !== 'input_required') return outcome as Record<string, unknown>;
      if (asked >= maxRounds)
        throw new InternalError(`tools/call needed more than ${maxRounds} rounds of input; giving up`);
      const requests = (outcome.inputRequests ?? {}) as Record<
        string,
        { method: string; params?: Record<string, unknown> }
      >;
      const inputResponses: Record<string, unknown> = {};
      for (const [key, request] of Object.entries(requests)) {
        inputResponses[key] = await call.queue.ask(
          kindOf(request.method),
          request.method,
          request.params ?? {},
        );
      }
      round = { inputResponses, requestState: outcome[APP_STATE] };
    }
  }

  /**
   * Ends the task with the handler's outcome. 2025-11-25 fails a tool call's
   * task when its result has `isError: true` (the result is still what
   * `tasks/result` answers); a protocol error fails it with that error.
   */
  private settle(
    running: CoreRunning,
    outcome: Promise<Record<string, unknown>>,
    inner: RequestHandlerContext,
  ) {
    const { run } = running;
    outcome
      .then(
        (result) =>
          result.isError === true
            ? run.update((task) => {
                task.status = 'failed';
                task.statusMessage = errorText(result);
                task.result = result;
              })
            : run.complete(result),
        (error: unknown) => run.fail(wireError(error, inner, this.settings.warn)),
      )
      .catch((error: unknown) => run.fail(wireError(error, inner, this.settings.warn)))
      .catch((error: unknown) =>
        this.settings.warn(`Task ${run.task.taskId}: ending it failed: ${String(error)}`),
      );
  }

  /**
   * Sends `notifications/tasks/status` to the creating session each time the
   * task's status changes (to waiting `tasks/result` streams when the session
   * has no stream of its own). Returns the function that sends the final
   * status, if not sent yet, and stops.
   */
  private follow(
    task: StoredTask,
    session: LegacySession | undefined,
    waiting: CoreRunning['waiting'],
  ): (final: StoredTask) => void {
    let last = task.status;
    const send = (current: StoredTask) => {
      if (current.status === last) return;
      last = current.status;
      const view = coreTaskView(current);
      if (session?.notify('notifications/tasks/status', view)) return;
      for (const stream of waiting) stream('notifications/tasks/status', view);
    };
    const stop = this.store.watch(
      (stored) => {
        if (stored.taskId === task.taskId && stored.owner === task.owner) send(stored);
      },
      [task.taskId],
    );
    return (final) => {
      send(final);
      stop();
    };
  }

  /**
   * Resolves at the next change of the task (or after one poll interval, for a
   * task another process runs); rejects when the `tasks/result` request is
   * cancelled. Meanwhile carries the task's unsent questions to the client on
   * this request's stream.
   */
  private nextChange(taskId: string, inner: RequestHandlerContext, tried: Set<CoreQuestion>): Promise<void> {
    const running = this.running.get(taskId);
    return new Promise<void>((resolve, reject) => {
      const cleanups: (() => void)[] = [];
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        if (error === undefined) resolve();
        else reject(error);
      };
      const signal = inner.signal;
      if (signal.aborted) return finish(signal.reason ?? new Error('Cancelled'));
      const onAbort = () => finish(signal.reason ?? new Error('Cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
      cleanups.push(this.store.watch(() => finish(), [taskId]));
      const timer = setTimeout(() => finish(), this.settings.pollIntervalMs);
      cleanups.push(() => clearTimeout(timer));
      if (!running) return;
      const stream = (method: string, params: Record<string, unknown>) => void inner.notify(method, params);
      running.waiting.add(stream);
      cleanups.push(() => running.waiting.delete(stream));
      cleanups.push(running.call.queue.onChange(() => this.deliver(running, inner, tried)));
      this.deliver(running, inner, tried);
    });
  }

  /**
   * Sends each question no other `tasks/result` is carrying (and this one has
   * not tried yet) to the client, as a request on this request's stream with
   * the related-task `_meta`, and hands the answer to the waiting handler.
   */
  private deliver(running: CoreRunning, inner: RequestHandlerContext, tried: Set<CoreQuestion>): void {
    const { queue, id } = running.call;
    const revision = bindingOf(inner).revision;
    const codec = revision === undefined ? undefined : codecFor(revision);
    for (const question of queue.unsent()) {
      if (tried.has(question)) continue;
      tried.add(question);
      question.sending = true;
      const params = { ...question.params, _meta: withRelatedTask(question.params._meta, id) };
      // No timeout of its own: a person may take long to answer; the question is bounded by this
      // tasks/result (its signal) and by the task (its end closes the queue).
      inner
        .sendRequest(question.method, codec ? codec.encodeRequest(question.method, params) : params, {
          signal: inner.signal,
          timeoutMs: Number.POSITIVE_INFINITY,
        })
        .then(
          (answer) => queue.settle(question, { answer }),
          (error: unknown) =>
            answeredWithError(error) ? queue.settle(question, { error }) : queue.requeue(question),
        );
    }
  }

  /** The caller's core task named by `params.taskId` (-32602 when there is none). */
  private async find(params: Record<string, unknown>, inner: RequestHandlerContext): Promise<StoredTask> {
    if (!speaksCoreTasks(inner))
      throw new MethodNotFoundError(`${inner.method} is not served on this protocol revision`);
    if (typeof params.taskId !== 'string')
      throw new InvalidParamsError(`${inner.method} needs a string taskId`);
    const task = await this.store.get(params.taskId, ownerOf(inner));
    if (task?.core !== true)
      throw new InvalidParamsError(`Failed to retrieve task: task ${params.taskId} not found`);
    return task;
  }

  /** The TTL a task gets: the one asked for (`task.ttl`), at most the server's. */
  private grantedTtl(requested: unknown): number | null {
    const asked = isObject(requested) ? requested.ttl : undefined;
    const limit = this.settings.ttlMs;
    if (typeof asked !== 'number' || !Number.isSafeInteger(asked) || asked <= 0) return limit;
    return limit === null ? asked : Math.min(asked, limit);
  }
}

function noop(): void {}

/** Opaque owner keys of sessions without an id (stdio, in-memory connections), made on first use. */
const sessionKeys = new WeakMap<LegacySession, string>();

/**
 * Who a 2025 request acts for: the verified principal; else its session (the
 * HTTP session id, or a key made for a stdio connection's session); undefined
 * only for stateless HTTP without auth.
 */
function ownerOf(inner: RequestHandlerContext): string | undefined {
  const principal = principalIdOf(inner);
  if (principal !== undefined) return principal;
  const binding = bindingOf(inner);
  const session = binding.session;
  if (!session) return undefined;
  if (session.id !== undefined) return `session:${session.id}`;
  if (binding.http) return undefined;
  let key = sessionKeys.get(session);
  if (key === undefined) {
    key = `connection:${newTaskId()}`;
    sessionKeys.set(session, key);
  }
  return key;
}

/** The kind of input a request method asks for. */
function kindOf(method: string): InputKind {
  if (method === 'sampling/createMessage') return 'sampling';
  if (method === 'roots/list') return 'roots';
  return 'elicitation';
}

/** A failed tool result's first text, as the failed task's status message. */
function errorText(result: Record<string, unknown>): string {
  const content = Array.isArray(result.content) ? result.content : [];
  const text = content.find(
    (block) => isObject(block) && block.type === 'text' && typeof block.text === 'string',
  );
  return text ? String((text as { text: string }).text) : 'The tool reported an error';
}
