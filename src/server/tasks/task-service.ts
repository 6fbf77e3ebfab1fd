import { InternalError, InvalidParamsError, MethodNotFoundError } from '../../protocol/errors.js';
import { isObject } from '../../protocol/validation/validator.js';
import type { Dispatcher, RequestHandlerContext } from '../../session/dispatcher.js';
import { bindingOf, principalIdOf } from '../binding.js';
import { type InputBroker, NO_ROUND, type RoundInput } from '../context.js';
import type { ListenSource } from '../listen.js';
import { type InputRoundOptions, runWithInputRounds } from '../mrtr/round.js';
import type { TaskControlBus, TaskControlMessage } from './control-bus.js';
import { CoreTasks, speaksCoreTasks } from './core-tasks.js';
import { declaresTasks, missingTasksCapability } from './extension.js';
import type { TaskLeases } from './leases.js';
import { setLongTimeout } from './long-timer.js';
import { InMemoryTaskStore } from './memory-store.js';
import { isFinalStatus, type StoredTask, TaskLimitError, type TaskStore } from './store.js';
import { newTaskId, TaskStoreOutage, wireError } from './task-basics.js';
import { TaskCall } from './task-call.js';
import { NO_TASK, type TaskControl } from './task-control.js';
import { TaskRun } from './task-run.js';
import { createdTaskResult, detailedTask } from './task-view.js';
import type { ToolExecution } from './tool-execution.js';

/**
 * The `tasks` option of McpServer: setting it (even to `{}`) serves the
 * extension and advertises it in `server/discover`, and serves 2025-11-25
 * sessions the same tasks as core tasks (`capabilities.tasks` in `initialize`).
 *
 * @example
 * const server = new McpServer({ name: 'jobs', version: '1.0.0' }, { tasks: { ttlMs: 15 * 60_000, pollIntervalMs: 2000 } });
 */
export interface TasksOptions {
  /** Where tasks are kept. Default: an {@link InMemoryTaskStore}. */
  store?: TaskStore;
  /**
   * How long a task lives after it is created, in ms (`ttlMs` on the wire);
   * `null` for as long as the store has room. It bounds the work too: a
   * handler still running when the TTL passes is aborted (its signal fires)
   * and the task fails, so a stuck handler cannot hold its task forever.
   * Delays beyond what `setTimeout` holds (about 24.8 days) are fine.
   * Default 1 hour.
   */
  ttlMs?: number | null;
  /** The polling interval suggested to clients, in ms. Default 1000. */
  pollIntervalMs?: number;
  /**
   * How `tasks/cancel` and `tasks/update` reach a handler running in another
   * process (several processes sharing `store`): the process that takes the
   * request publishes there, the one running the handler aborts its signal or
   * hands it the answers. Default: none, for one process (every handler runs
   * here). `redisBackplane(...).taskControl` is one on Redis.
   *
   * @example
   * new McpServer(info, { tasks: { store: backplane.taskStore, control: backplane.taskControl } });
   */
  control?: TaskControlBus;
  /**
   * Leases on the tasks this process runs, so that when it dies another
   * process fails them (`-32603`, "the server process running this task
   * stopped (its lease expired)") instead of leaving them `working` until
   * their TTL. A process that only stalled past its lease finds its task
   * failed when it runs again: the handler's signal aborts with a
   * `TaskLeaseLostError` and nothing more is written. Default: none, for one
   * process. `redisBackplane(...).taskLeases` is one on Redis.
   * `server.close()` stops its timers.
   *
   * @example
   * new McpServer(info, { tasks: { store: backplane.taskStore, leases: backplane.taskLeases } });
   */
  leases?: TaskLeases;
}

/** Default retention of a task. */
export const DEFAULT_TASK_TTL_MS = 60 * 60_000;
/** Default suggested polling interval. */
export const DEFAULT_TASK_POLL_INTERVAL_MS = 1000;
/** Bound on task ids one listen stream may follow. */
export const MAX_LISTENED_TASKS = 1000;
/** Bound on the task ids remembered as warned about (then forgotten, at worst warning again). */
const MAX_REMEMBERED_WARNINGS = 1000;

/** Runs a tool's handler with the context a call provides. */
export type ExecuteTool = (
  inner: RequestHandlerContext,
  broker: InputBroker,
  round: RoundInput,
  task: TaskControl,
) => Promise<Record<string, unknown>>;

export class TaskService {
  readonly store: TaskStore;
  /** The same tasks served to 2025-11-25 sessions as core tasks (SEP-1686). */
  readonly core: CoreTasks;
  private readonly ttlMs: number | null;
  private readonly pollIntervalMs: number;
  /** Tasks whose handler runs in this process: where `tasks/update` and `tasks/cancel` reach it. */
  private readonly running = new Map<string, TaskRun>();
  /** Tasks already warned about for input that reached the wrong process (bounded). */
  private readonly warnedUnreachable = new Set<string>();
  private readonly control: TaskControlBus | undefined;
  private readonly leases: TaskLeases | undefined;
  private readonly stopControl: () => void;
  /** Reports an unreachable store to `warn` and decides what a call then does (both protocols). */
  private readonly outage: TaskStoreOutage;

  constructor(
    options: TasksOptions,
    private readonly warn: (message: string) => void,
    pageSize?: number,
  ) {
    this.store = options.store ?? new InMemoryTaskStore();
    this.ttlMs = options.ttlMs === undefined ? DEFAULT_TASK_TTL_MS : options.ttlMs;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_TASK_POLL_INTERVAL_MS;
    if (this.ttlMs !== null && (!Number.isSafeInteger(this.ttlMs) || this.ttlMs <= 0)) {
      throw new RangeError('McpServer: tasks.ttlMs must be a positive integer (milliseconds) or null');
    }
    if (!Number.isInteger(this.pollIntervalMs) || this.pollIntervalMs <= 0) {
      throw new RangeError('McpServer: tasks.pollIntervalMs must be a positive integer (milliseconds)');
    }
    this.control = options.control;
    this.leases = options.leases;
    this.outage = new TaskStoreOutage(warn);
    this.core = new CoreTasks(this.store, {
      outage: this.outage,
      ttlMs: this.ttlMs,
      pollIntervalMs: this.pollIntervalMs,
      pageSize,
      warn,
      control: this.control,
      leases: this.leases,
    });
    this.stopControl = this.control?.subscribe((message) => this.controlled(message)) ?? noop;
    this.leases?.start();
  }

  /** Installs `tasks/get`, `tasks/update` and `tasks/cancel`, and the 2025-11-25 core task methods. */
  install(dispatcher: Dispatcher): void {
    this.core.install(dispatcher);
    dispatcher.setRequestHandler('tasks/get', async (params, inner) =>
      speaksCoreTasks(inner) ? this.core.get(params, inner) : detailedTask(await this.find(params, inner)),
    );
    dispatcher.setRequestHandler('tasks/update', async (params, inner) => {
      const task = await this.find(params, inner);
      if (!isObject(params.inputResponses)) {
        throw new InvalidParamsError('tasks/update needs inputResponses: an object of answers by key');
      }
      const run = this.running.get(task.taskId);
      if (run) {
        // Answers for a finished task, or unknown keys, are ignored; the ack is the same.
        if (!run.final) {
          run.ledger.answer(params.inputResponses);
          await run.flushed();
        }
        return {};
      }
      if (this.control) {
        // The handler may run in another process: the message reaches it there (or no one, for a task
        // whose handler is gone). Acknowledged once published; the answered questions leave
        // inputRequests when the running process saves the task.
        if (!isFinalStatus(task.status))
          await this.publish(
            { type: 'update', taskId: task.taskId, inputResponses: params.inputResponses },
            inner,
          );
        return {};
      }
      if (answersOutstanding(task, params.inputResponses)) this.unreachable(task, inner);
      return {};
    });
    dispatcher.setRequestHandler('tasks/cancel', async (params, inner) => {
      if (speaksCoreTasks(inner)) return this.core.cancel(params, inner);
      const task = await this.find(params, inner);
      if (isFinalStatus(task.status)) return {};
      const run = this.running.get(task.taskId);
      if (run) {
        await run.cancel();
      } else {
        // Its handler is not here (another process, or gone): record the cancellation all the same,
        // with no revision, so it wins over whatever the runner wrote since this read.
        await this.store.save({
          ...task,
          status: 'cancelled',
          statusMessage: 'Cancelled by the client',
          lastUpdatedAt: Math.max(Date.now(), task.lastUpdatedAt),
          inputRequests: undefined,
          revision: undefined,
        });
        // Recorded first, so the handler's process finds the task final when the message arrives.
        // The cancellation stands even if the message cannot go: then the handler runs on unheard.
        await this.publish({ type: 'cancel', taskId: task.taskId }, inner).catch(noop);
      }
      return {};
    });
  }

  /**
   * A control message from some process (this one included): acted on only
   * when the task's handler runs here.
   */
  private controlled(message: TaskControlMessage): void {
    const run = this.running.get(message.taskId);
    if (!run) {
      this.core.controlled(message);
      return;
    }
    if (run.final) return;
    if (message.type === 'cancel') void run.cancel();
    else run.ledger.answer(message.inputResponses);
  }

  /**
   * Publishes a control message (when there is a control bus); when it cannot
   * be sent, the details go to `warn` and it rejects with -32603, for the
   * client to hear rather than an ack for nothing.
   */
  private async publish(message: TaskControlMessage, inner: RequestHandlerContext): Promise<void> {
    if (!this.control) return;
    try {
      await this.control.publish(message);
    } catch (error) {
      this.warn(
        `Task ${message.taskId}: sending ${inner.method} to the process running it failed: ${String(error)}`,
      );
      throw new InternalError(
        `${inner.method}: the request could not be passed to the process running task ${message.taskId}; try again`,
      );
    }
  }

  /**
   * Serves a `tools/call` for a tool with task support: as a task when the
   * request declared the extension, as an ordinary call otherwise (or -32021
   * for a task-only tool). A 2025 session's call (any tool's) goes to the core tasks.
   */
  async callTool(
    execution: ToolExecution | undefined,
    params: Record<string, unknown>,
    inner: RequestHandlerContext,
    rounds: InputRoundOptions,
    execute: ExecuteTool,
  ): Promise<Record<string, unknown>> {
    if (bindingOf(inner).era === 'legacy' || !execution)
      return this.core.callTool(execution, params, inner, rounds, execute);
    const name = typeof params.name === 'string' ? params.name : undefined;
    const ordinaryCall = () =>
      runWithInputRounds('tools/call', params, inner, rounds, (broker, round) =>
        execute(inner, broker, round, NO_TASK),
      );
    if (!declaresTasks(inner.meta)) {
      if (execution.taskSupport === 'required') {
        throw missingTasksCapability(`Tool ${JSON.stringify(name)} runs only as a task`);
      }
      return ordinaryCall();
    }
    const request = { method: 'tools/call', name };
    if ((execution.createTask ?? 'immediately') === 'immediately') {
      const call: TaskCall = new TaskCall(
        inner,
        undefined,
        (message): Promise<TaskRun> => this.begin(call, request, message),
        noop,
      );
      try {
        await call.start();
      } catch (error) {
        // The store is unreachable: said through warn; an optional tool answers inline, a task-only one fails.
        if (this.outage.failed(error, name, execution.taskSupport === 'optional')) return ordinaryCall();
        // No room for another task: an optional tool simply answers as an ordinary call (SEP-2663 lets it).
        if (!(error instanceof TaskLimitError)) throw error;
        if (execution.taskSupport !== 'optional') throw new InternalError(error.message);
        return ordinaryCall();
      }
      const run = call.run as TaskRun;
      const created = createdTaskResult(run.task);
      this.settle(run, execute(call.inner, call.broker, NO_ROUND, call), inner);
      return created;
    }
    const optional = execution.taskSupport === 'optional';
    return runWithInputRounds('tools/call', params, inner, rounds, (broker, round) => {
      return new Promise<Record<string, unknown>>((resolve, reject) => {
        const call: TaskCall = new TaskCall(
          inner,
          broker,
          (message): Promise<TaskRun | undefined> =>
            this.begin(call, request, message).catch((error: unknown) => {
              // No room for another task, or no reachable store: an optional tool's handler goes on as
              // an ordinary call (an unreachable store is said through warn; a task-only tool fails).
              if (this.outage.failed(error, name, optional)) return undefined;
              if (optional && error instanceof TaskLimitError) return undefined;
              throw error instanceof TaskLimitError ? new InternalError(error.message) : error;
            }),
          (run) => resolve(createdTaskResult(run.task)),
        );
        // Until the task starts, the handler's outcome answers the call; after, it settles the task.
        const outcome = execute(call.inner, call.broker, round, call);
        outcome.then(
          (result) => {
            if (!call.run) resolve(result);
          },
          (error: unknown) => {
            if (!call.run) reject(error);
          },
        );
        call.started.then((run) => this.settle(run, outcome, inner), noop);
      });
    });
  }

  /**
   * The task ids a listen stream may follow (the caller's own, existing ones)
   * and the source of their `notifications/tasks` (none when no id was
   * accepted); undefined when the stream asked for no tasks.
   */
  async listen(
    requested: unknown,
    inner: RequestHandlerContext,
  ): Promise<{ taskIds: string[]; source: ListenSource | undefined } | undefined> {
    if (!Array.isArray(requested)) return undefined;
    if (!declaresTasks(inner.meta))
      throw missingTasksCapability('Task status notifications need the tasks extension');
    const owner = principalIdOf(inner);
    const wanted = [...new Set(requested.filter((id): id is string => typeof id === 'string'))].slice(
      0,
      MAX_LISTENED_TASKS,
    );
    const found = await Promise.all(wanted.map((id) => this.store.get(id, owner)));
    const taskIds = wanted.filter((_id, index) => found[index] !== undefined && !found[index].core);
    if (taskIds.length === 0) return { taskIds, source: undefined };
    return { taskIds, source: (emit) => this.follow(taskIds, owner, emit) };
  }

  /**
   * Feeds `notifications/tasks` for `taskIds`: first each task's current state
   * (a task that ended before the stream opened must not be waited on
   * forever), then every change. The watcher is attached before the states
   * are read, and changes seen meanwhile are held back and win over the read
   * state, so nothing is lost and nothing older follows something newer.
   */
  private follow(
    taskIds: readonly string[],
    owner: string | undefined,
    emit: (method: string, params: Record<string, unknown>) => void,
  ): () => void {
    const followed = new Set(taskIds);
    let held: StoredTask[] | undefined = [];
    let stopped = false;
    const stop = this.store.watch((task) => {
      if (!followed.has(task.taskId) || task.owner !== owner) return;
      if (held) held.push(task);
      else emit('notifications/tasks', detailedTask(task));
    }, taskIds);
    Promise.all(taskIds.map((id) => this.store.get(id, owner)))
      .catch((error: unknown) => {
        this.warn(`Listen stream: reading the followed tasks failed: ${String(error)}`);
        return [];
      })
      .then((current) => {
        const changed = new Set(held?.map((task) => task.taskId));
        const pending = held ?? [];
        held = undefined;
        if (stopped) return;
        for (const task of current)
          if (task && !changed.has(task.taskId)) emit('notifications/tasks', detailedTask(task));
        for (const task of pending) emit('notifications/tasks', detailedTask(task));
      });
    return () => {
      stopped = true;
      stop();
    };
  }

  /** Creates the stored task for a call that turns into one. */
  private async begin(
    call: TaskCall,
    request: StoredTask['request'],
    statusMessage: string | undefined,
  ): Promise<TaskRun> {
    const now = Date.now();
    const task: StoredTask = {
      taskId: newTaskId(),
      owner: principalIdOf(call.inner),
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: this.ttlMs,
      pollIntervalMs: this.pollIntervalMs,
      request,
    };
    if (statusMessage !== undefined) task.statusMessage = statusMessage;
    // Answering with the task only after this resolves is what lets tasks/get find it at once.
    // A TaskLimitError goes to the caller, which knows whether the call may run without a task.
    // The lease comes first, so the task never exists without one: a process killed in between
    // leaves a lease without a task, which the reaper drops. Should the heartbeat later find the task
    // final (another process failed it once this one stalled past its lease), the handler is aborted.
    try {
      await this.leases?.hold(task.taskId, () => void this.running.get(task.taskId)?.leaseLost());
      await this.store.create(task);
    } catch (error) {
      this.leases?.release(task.taskId);
      throw error;
    }
    this.outage.created();
    // A handler that never returns must not pin its run in memory past the task's TTL.
    const cancelExpiry = this.ttlMs === null ? noop : setLongTimeout(() => void run.expire(), this.ttlMs);
    let stopWatching = noop;
    const run = new TaskRun(
      task,
      call.controller,
      this.store,
      (ended) => {
        cancelExpiry();
        stopWatching();
        this.forget(ended);
      },
      this.warn,
    );
    // Shared by several processes (leases): another one may end the task (a reaper, a cancel); the
    // run hears it from the store at once, and aborts its handler, rather than at the next heartbeat.
    if (this.leases) stopWatching = run.watchForEnd();
    this.running.set(task.taskId, run);
    return run;
  }

  /**
   * Ends the task with the handler's outcome: its result completes it, a
   * protocol error (tool errors are results) fails it. Whatever goes wrong on
   * the way fails the task too; nothing is left as an unhandled rejection.
   */
  private settle(
    run: TaskRun,
    outcome: Promise<Record<string, unknown>>,
    inner: RequestHandlerContext,
  ): void {
    outcome
      .then(
        (result) => {
          if (result.resultType !== 'input_required') return run.complete(result);
          const misuse = new InternalError(
            'A handler running as a task cannot return inputRequired(); ask with ctx.elicit, ctx.sample or ctx.listRoots',
          );
          return run.fail(wireError(misuse, inner, this.warn));
        },
        (error: unknown) => run.fail(wireError(error, inner, this.warn)),
      )
      .catch((error: unknown) => run.fail(wireError(error, inner, this.warn)))
      .catch((error: unknown) => this.warn(`Task ${run.task.taskId}: ending it failed: ${String(error)}`));
  }

  /**
   * `tasks/update` answered questions of a task whose handler runs in another
   * process (or is gone): the answers cannot reach it from here. Said once
   * per task through `warn`, and to the client as an error, so neither side
   * waits for answers that were dropped.
   */
  private unreachable(task: StoredTask, inner: RequestHandlerContext): never {
    if (!this.warnedUnreachable.has(task.taskId)) {
      if (this.warnedUnreachable.size >= MAX_REMEMBERED_WARNINGS) this.warnedUnreachable.clear();
      this.warnedUnreachable.add(task.taskId);
      this.warn(
        `Task ${task.taskId}: tasks/update reached a process that does not run it; route task requests by their Mcp-Name header to the process that created the task`,
      );
    }
    throw new InternalError(
      `${inner.method}: task ${task.taskId} runs in another server instance and cannot take input here; resend the request so it is routed by its Mcp-Name header`,
    );
  }

  /**
   * Stops background work (the store's sweep, lease renewal and reaping, the
   * control subscription); tasks and running handlers stay.
   */
  close(): void {
    this.store.close?.();
    this.stopControl();
    this.leases?.stop();
  }

  private forget(run: TaskRun): void {
    if (this.running.get(run.task.taskId) !== run) return;
    this.running.delete(run.task.taskId);
    this.leases?.release(run.task.taskId);
  }

  /** The caller's task named by `params.taskId`, after the extension and ownership checks. */
  private async find(params: Record<string, unknown>, inner: RequestHandlerContext): Promise<StoredTask> {
    if (!declaresTasks(inner.meta)) {
      if (bindingOf(inner).era !== 'modern')
        throw new MethodNotFoundError(`${inner.method} is not served on this protocol revision`);
      throw missingTasksCapability(`${inner.method} is part of the tasks extension`);
    }
    if (typeof params.taskId !== 'string')
      throw new InvalidParamsError(`${inner.method} needs a string taskId`);
    const task = await this.store.get(params.taskId, principalIdOf(inner));
    if (!task || task.core)
      throw new InvalidParamsError(`Failed to retrieve task: task ${params.taskId} not found`);
    return task;
  }
}

/** Whether `responses` answers any question the stored task lists as outstanding. */
function answersOutstanding(task: StoredTask, responses: Record<string, unknown>): boolean {
  if (task.status !== 'input_required' || !task.inputRequests) return false;
  return Object.keys(responses).some((key) => Object.hasOwn(task.inputRequests as object, key));
}

function noop(): void {}
