/**
 * The tasks extension on a server: turns eligible `tools/call`s into tasks,
 * answers `tasks/get`, `tasks/update` and `tasks/cancel`, and feeds
 * `notifications/tasks` to listen streams. McpServer owns one when its
 * `tasks` option is set.
 */
import { principalIdentity, principalOf } from '../../auth/server/request-principal.js';
import { codecFor } from '../../protocol/codec/index.js';
import { InternalError, InvalidParamsError, McpError, MethodNotFoundError } from '../../protocol/errors.js';
import { META_PROTOCOL_VERSION } from '../../protocol/meta.js';
import { isObject } from '../../protocol/validation/validator.js';
import { eraOf } from '../../protocol/versions.js';
import type { Dispatcher, RequestHandlerContext } from '../../session/dispatcher.js';
import type { HttpRequestInfo } from '../../transport/http/endpoint.js';
import type { InputBroker } from '../context.js';
import type { ListenSource } from '../listen.js';
import { type InputRoundOptions, type RoundInput, runWithInputRounds } from '../mrtr/round.js';
import { declaresTasks, missingTasksCapability } from './extension.js';
import { InMemoryTaskStore } from './memory-store.js';
import { isFinalStatus, type StoredTask, type TaskError, TaskLimitError, type TaskStore } from './store.js';
import { TaskCall } from './task-call.js';
import { NO_TASK, type TaskControl } from './task-control.js';
import { TaskRun } from './task-run.js';
import { createdTaskResult, detailedTask } from './task-view.js';
import type { ToolExecution } from './tool-execution.js';

/**
 * The `tasks` option of McpServer: setting it (even to `{}`) serves the
 * extension and advertises it in `server/discover`.
 *
 * @example
 * const server = new McpServer({ name: 'jobs', version: '1.0.0' }, { tasks: { ttlMs: 15 * 60_000, pollIntervalMs: 2000 } });
 */
export interface TasksOptions {
  /** Where tasks are kept. Default: an {@link InMemoryTaskStore}. */
  store?: TaskStore;
  /** How long a task is kept after it is created, in ms; `null` for as long as the store has room. Default 1 hour. */
  ttlMs?: number | null;
  /** The polling interval suggested to clients, in ms. Default 1000. */
  pollIntervalMs?: number;
}

/** Default retention of a task. */
export const DEFAULT_TASK_TTL_MS = 60 * 60_000;
/** Default suggested polling interval. */
export const DEFAULT_TASK_POLL_INTERVAL_MS = 1000;
/** Bound on task ids one listen stream may follow. */
export const MAX_LISTENED_TASKS = 1000;

/** Runs a tool's handler with the context a call provides. */
export type ExecuteTool = (
  inner: RequestHandlerContext,
  broker: InputBroker,
  round: RoundInput,
  task: TaskControl,
) => Promise<Record<string, unknown>>;

export class TaskService {
  readonly store: TaskStore;
  private readonly ttlMs: number | null;
  private readonly pollIntervalMs: number;
  /** Tasks whose handler runs in this process: where `tasks/update` and `tasks/cancel` reach it. */
  private readonly running = new Map<string, TaskRun>();

  constructor(
    options: TasksOptions,
    private readonly warn: (message: string) => void,
  ) {
    this.store = options.store ?? new InMemoryTaskStore();
    this.ttlMs = options.ttlMs === undefined ? DEFAULT_TASK_TTL_MS : options.ttlMs;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_TASK_POLL_INTERVAL_MS;
    if (this.ttlMs !== null && (!Number.isInteger(this.ttlMs) || this.ttlMs <= 0)) {
      throw new RangeError('McpServer: tasks.ttlMs must be a positive integer (milliseconds) or null');
    }
    if (!Number.isInteger(this.pollIntervalMs) || this.pollIntervalMs <= 0) {
      throw new RangeError('McpServer: tasks.pollIntervalMs must be a positive integer (milliseconds)');
    }
  }

  /** Installs `tasks/get`, `tasks/update` and `tasks/cancel`. */
  install(dispatcher: Dispatcher): void {
    dispatcher.setRequestHandler('tasks/get', async (params, inner) =>
      detailedTask(await this.find(params, inner)),
    );
    dispatcher.setRequestHandler('tasks/update', async (params, inner) => {
      const task = await this.find(params, inner);
      if (!isObject(params.inputResponses)) {
        throw new InvalidParamsError('tasks/update needs inputResponses: an object of answers by key');
      }
      const run = this.running.get(task.taskId);
      // Answers for a finished task, or unknown keys, are ignored; the ack is the same.
      if (run && !run.final) {
        run.ledger.answer(params.inputResponses);
        await run.flushed();
      }
      return {};
    });
    dispatcher.setRequestHandler('tasks/cancel', async (params, inner) => {
      const task = await this.find(params, inner);
      if (isFinalStatus(task.status)) return {};
      const run = this.running.get(task.taskId);
      if (run) {
        await run.cancel();
      } else {
        // Its handler is not here (another process, or gone): record the cancellation all the same.
        await this.store.save({
          ...task,
          status: 'cancelled',
          statusMessage: 'Cancelled by the client',
          lastUpdatedAt: Math.max(Date.now(), task.lastUpdatedAt),
          inputRequests: undefined,
        });
      }
      return {};
    });
  }

  /**
   * Serves a `tools/call` for a tool with task support: as a task when the
   * request declared the extension, as an ordinary call otherwise (or -32021
   * for a task-only tool).
   */
  async callTool(
    execution: ToolExecution,
    params: Record<string, unknown>,
    inner: RequestHandlerContext,
    rounds: InputRoundOptions,
    execute: ExecuteTool,
  ): Promise<Record<string, unknown>> {
    const name = typeof params.name === 'string' ? params.name : undefined;
    if (!declaresTasks(inner.meta)) {
      if (execution.taskSupport === 'required') {
        throw missingTasksCapability(`Tool ${JSON.stringify(name)} runs only as a task`);
      }
      return runWithInputRounds('tools/call', params, inner, rounds, (broker, round) =>
        execute(inner, broker, round, NO_TASK),
      );
    }
    const request = { method: 'tools/call', name };
    if ((execution.createTask ?? 'immediately') === 'immediately') {
      const call: TaskCall = new TaskCall(
        inner,
        undefined,
        (message): Promise<TaskRun> => this.begin(call, request, message),
        noop,
      );
      await call.start();
      const run = call.run as TaskRun;
      const created = createdTaskResult(run.task);
      execute(call.inner, call.broker, NO_ROUND, call).then(
        (result) => this.complete(run, result, inner),
        (error: unknown) => this.fail(run, error, inner),
      );
      return created;
    }
    return runWithInputRounds('tools/call', params, inner, rounds, (broker, round) => {
      return new Promise<Record<string, unknown>>((resolve, reject) => {
        const call: TaskCall = new TaskCall(
          inner,
          broker,
          (message): Promise<TaskRun> => this.begin(call, request, message),
          (run) => resolve(createdTaskResult(run.task)),
        );
        // Until the task starts, the handler's outcome answers the call; after, it settles the task.
        execute(call.inner, call.broker, round, call).then(
          (result) => (call.run ? this.complete(call.run, result, inner) : resolve(result)),
          (error: unknown) => (call.run ? this.fail(call.run, error, inner) : reject(error)),
        );
      });
    });
  }

  /**
   * The task ids a listen stream may follow (the caller's own, existing ones)
   * and the source of their `notifications/tasks`; undefined when the stream
   * asked for none.
   */
  async listen(
    requested: unknown,
    inner: RequestHandlerContext,
  ): Promise<{ taskIds: string[]; source: ListenSource } | undefined> {
    if (!Array.isArray(requested)) return undefined;
    if (!declaresTasks(inner.meta))
      throw missingTasksCapability('Task status notifications need the tasks extension');
    const owner = ownerOf(inner);
    const wanted = [...new Set(requested.filter((id): id is string => typeof id === 'string'))].slice(
      0,
      MAX_LISTENED_TASKS,
    );
    const found = await Promise.all(wanted.map((id) => this.store.get(id, owner)));
    const taskIds = wanted.filter((_id, index) => found[index] !== undefined);
    const followed = new Set(taskIds);
    const source: ListenSource = (emit) =>
      this.store.watch((task) => {
        if (followed.has(task.taskId) && task.owner === owner)
          emit('notifications/tasks', detailedTask(task));
      });
    return { taskIds, source };
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
      owner: ownerOf(call.inner),
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: this.ttlMs,
      pollIntervalMs: this.pollIntervalMs,
      request,
    };
    if (statusMessage !== undefined) task.statusMessage = statusMessage;
    try {
      // Answering with the task only after this resolves is what lets tasks/get find it at once.
      await this.store.create(task);
    } catch (error) {
      if (error instanceof TaskLimitError) throw new InternalError(error.message);
      throw error;
    }
    // A handler that never returns must not pin its run in memory past the task's TTL.
    const expiry = this.ttlMs === null ? undefined : setTimeout(() => void run.expire(), this.ttlMs);
    (expiry as { unref?: () => void } | undefined)?.unref?.();
    const run = new TaskRun(
      task,
      call.controller,
      this.store,
      (ended) => {
        clearTimeout(expiry);
        this.forget(ended);
      },
      this.warn,
    );
    this.running.set(task.taskId, run);
    return run;
  }

  /** The handler returned: its result completes the task. */
  private complete(run: TaskRun, result: Record<string, unknown>, inner: RequestHandlerContext): void {
    if (result.resultType === 'input_required') {
      const misuse = new InternalError(
        'A handler running as a task cannot return inputRequired(); ask with ctx.elicit, ctx.sample or ctx.listRoots',
      );
      void run.fail(wireError(misuse, inner));
      return;
    }
    void run.complete(result);
  }

  /** The handler threw a protocol error (tool errors are results): the task failed. */
  private fail(run: TaskRun, error: unknown, inner: RequestHandlerContext): void {
    void run.fail(wireError(error, inner));
  }

  private forget(run: TaskRun): void {
    if (this.running.get(run.task.taskId) === run) this.running.delete(run.task.taskId);
  }

  /** The caller's task named by `params.taskId`, after the extension and ownership checks. */
  private async find(params: Record<string, unknown>, inner: RequestHandlerContext): Promise<StoredTask> {
    if (!declaresTasks(inner.meta)) {
      if (!isModern(inner))
        throw new MethodNotFoundError(`${inner.method} is not served on this protocol revision`);
      throw missingTasksCapability(`${inner.method} is part of the tasks extension`);
    }
    if (typeof params.taskId !== 'string')
      throw new InvalidParamsError(`${inner.method} needs a string taskId`);
    const task = await this.store.get(params.taskId, ownerOf(inner));
    if (!task) throw new InvalidParamsError(`Failed to retrieve task: task ${params.taskId} not found`);
    return task;
  }
}

const NO_ROUND: RoundInput = Object.freeze({ inputResponses: undefined, requestState: undefined });

function noop(): void {}

/** 128 random bits, hex: unguessable, since a task id is all it takes to read a task on an open server. */
function newTaskId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += byte.toString(16).padStart(2, '0');
  return id;
}

/** Who the request acts for: the verified principal's identity, or undefined without auth. */
function ownerOf(inner: RequestHandlerContext): string | undefined {
  const principal = principalOf(inner.origin.http as HttpRequestInfo | undefined);
  return principal === undefined ? undefined : principalIdentity(principal);
}

function isModern(inner: RequestHandlerContext): boolean {
  const version = inner.meta?.[META_PROTOCOL_VERSION];
  return typeof version === 'string' && eraOf(version) === 'modern';
}

/** A handler's failure as the task reports it: the JSON-RPC error a plain call would have answered with. */
function wireError(error: unknown, inner: RequestHandlerContext): TaskError {
  const failure =
    error instanceof McpError
      ? error
      : new InternalError(error instanceof Error ? error.message : String(error));
  const version = inner.meta?.[META_PROTOCOL_VERSION];
  return typeof version === 'string' ? codecFor(version).encodeError(failure) : failure.toJSON();
}
