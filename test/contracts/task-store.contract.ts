/**
 * What every TaskStore promises (src/server/tasks/store.ts), as one suite run
 * against each implementation: the in-memory store always, the Redis store
 * against a real redis-server. A subject may hold several stores sharing one
 * state (a shared store as two processes would each hold it); tests write
 * through the first and read or watch through the last, so for a shared store
 * every check also crosses processes.
 */
import { expect, it, vi } from 'vitest';
import { type StoredTask, TaskLimitError, type TaskStore } from '../../src/server/tasks/store.js';

/** Limits a test asks its stores for. */
export interface TaskStoreLimits {
  maxTasks?: number;
  maxTasksPerOwner?: number;
}

/** Stores under test, sharing one state, and the clock their TTLs run on. */
export interface TaskStoreSubject {
  /** One store, or several as several processes would hold them (same state). */
  stores: readonly TaskStore[];
  /** Task time now, in epoch ms (tasks are created at it). */
  now(): number;
  /** Lets `ms` of task time pass (a fake clock moves; a real one is waited out). */
  elapse(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** A TTL short enough to wait out on a real clock, long enough not to lapse in a test's stride. */
const SHORT_TTL_MS = 400;

let counter = 0;

/** A new working task. */
function makeTask(subject: TaskStoreSubject, owner: string | undefined, extra: Partial<StoredTask> = {}) {
  const now = subject.now();
  const task: StoredTask = {
    taskId: `task-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`,
    owner,
    status: 'working',
    createdAt: now,
    lastUpdatedAt: now,
    ttlMs: 60_000,
    pollIntervalMs: 500,
    request: { method: 'tools/call', name: 'job' },
    ...extra,
  };
  return task;
}

/**
 * Registers the contract's tests (call inside a `describe`). `open` makes a
 * fresh subject with empty state for each test.
 *
 * @example
 * describe('InMemoryTaskStore', () => taskStoreContract(async (limits) => memorySubject(limits)));
 */
export function taskStoreContract(open: (limits?: TaskStoreLimits) => Promise<TaskStoreSubject>): void {
  async function withSubject(
    limits: TaskStoreLimits | undefined,
    body: (subject: TaskStoreSubject, writer: TaskStore, reader: TaskStore) => Promise<void>,
  ) {
    const subject = await open(limits);
    try {
      await body(subject, subject.stores[0]!, subject.stores.at(-1)!);
    } finally {
      await subject.close();
    }
  }

  it('finds a task once create resolves, only for its owner', () =>
    withSubject(undefined, async (subject, writer, reader) => {
      const task = makeTask(subject, 'alice', { core: true, statusMessage: 'starting' });
      await writer.create(task);
      expect(await reader.get(task.taskId, 'alice')).toEqual(task);
      expect(await reader.get(task.taskId, 'mallory')).toBeUndefined();
      expect(await reader.get(task.taskId, undefined)).toBeUndefined();
      expect(await reader.get('no-such-task', 'alice')).toBeUndefined();
      const anonymous = makeTask(subject, undefined);
      await writer.create(anonymous);
      expect(await reader.get(anonymous.taskId, undefined)).toEqual(anonymous);
      expect(await reader.get(anonymous.taskId, 'alice')).toBeUndefined();
    }));

  it('saves new states, and ignores saves of missing tasks or by another owner', () =>
    withSubject(undefined, async (subject, writer, reader) => {
      const task = makeTask(subject, 'alice');
      await writer.create(task);
      const asking = { ...task, status: 'input_required' as const, inputRequests: { q: { method: 'x' } } };
      await writer.save(asking);
      expect(await reader.get(task.taskId, 'alice')).toEqual(asking);
      await writer.save({ ...task, owner: 'mallory', status: 'cancelled' });
      expect((await reader.get(task.taskId, 'alice'))?.status).toBe('input_required');
      const ghost = makeTask(subject, 'alice');
      await writer.save(ghost);
      expect(await reader.get(ghost.taskId, 'alice')).toBeUndefined();
    }));

  it('never overwrites a final status', () =>
    withSubject(undefined, async (subject, writer, reader) => {
      const task = makeTask(subject, 'alice');
      await writer.create(task);
      const done = { ...task, status: 'completed' as const, result: { content: [] } };
      await writer.save(done);
      await reader.save({ ...task, status: 'working' });
      await writer.save({ ...task, status: 'cancelled' });
      await reader.save({ ...task, status: 'failed', error: { code: -1, message: 'late' } });
      expect(await reader.get(task.taskId, 'alice')).toEqual(done);
    }));

  it('ignores a save whose revision is not above the stored one (a stalled runner)', () =>
    withSubject(undefined, async (subject, writer, reader) => {
      const task = makeTask(subject, 'alice');
      await writer.create(task);
      await writer.save({ ...task, statusMessage: 'step 2', revision: 2 });
      // A runner that stalled at revision 1 wakes up and writes: too late.
      await reader.save({ ...task, statusMessage: 'stale step 1', revision: 1 });
      await reader.save({ ...task, statusMessage: 'another step 2', revision: 2 });
      expect(await reader.get(task.taskId, 'alice')).toMatchObject({ statusMessage: 'step 2', revision: 2 });
      await writer.save({ ...task, statusMessage: 'step 3', revision: 3 });
      // A save without a revision is not checked, and keeps the stored one for later checks.
      await reader.save({ ...task, status: 'input_required', statusMessage: 'unfenced' });
      expect(await reader.get(task.taskId, 'alice')).toMatchObject({
        status: 'input_required',
        statusMessage: 'unfenced',
        revision: 3,
      });
      await writer.save({ ...task, statusMessage: 'stale again', revision: 3 });
      expect((await reader.get(task.taskId, 'alice'))?.statusMessage).toBe('unfenced');
      // A final status written with a stale revision is ignored too.
      await writer.save({ ...task, status: 'completed', revision: 1 });
      expect((await reader.get(task.taskId, 'alice'))?.status).toBe('input_required');
      await writer.save({ ...task, status: 'completed', revision: 4 });
      expect((await reader.get(task.taskId, 'alice'))?.status).toBe('completed');
    }));

  it('limits the live tasks of one owner, not of others or of the absent owner', () =>
    withSubject({ maxTasksPerOwner: 2, maxTasks: 100 }, async (subject, writer, reader) => {
      await writer.create(makeTask(subject, 'alice'));
      await reader.create(makeTask(subject, 'alice'));
      const third = makeTask(subject, 'alice');
      await expect(writer.create(third)).rejects.toBeInstanceOf(TaskLimitError);
      await expect(reader.create(makeTask(subject, 'alice'))).rejects.toThrow(
        /Too many tasks for this caller/,
      );
      expect(await reader.get(third.taskId, 'alice')).toBeUndefined();
      await writer.create(makeTask(subject, 'bob'));
      for (let i = 0; i < 3; i++) await writer.create(makeTask(subject, undefined));
    }));

  it("counts an owner's finished tasks until their TTL passes, then makes room", () =>
    withSubject({ maxTasksPerOwner: 2, maxTasks: 100 }, async (subject, writer, reader) => {
      const first = makeTask(subject, 'alice', { ttlMs: SHORT_TTL_MS });
      await writer.create(first);
      await writer.save({ ...first, status: 'completed', result: { content: [] } });
      await writer.create(makeTask(subject, 'alice', { ttlMs: SHORT_TTL_MS }));
      await expect(reader.create(makeTask(subject, 'alice'))).rejects.toBeInstanceOf(TaskLimitError);
      await subject.elapse(SHORT_TTL_MS + 100);
      await reader.create(makeTask(subject, 'alice'));
    }));

  it('limits live tasks overall: finished tasks kept with no TTL make room, others do not', () =>
    withSubject({ maxTasks: 3, maxTasksPerOwner: 100 }, async (subject, writer, reader) => {
      const kept = makeTask(subject, 'alice', { ttlMs: null });
      const timed = makeTask(subject, 'bob');
      const running = makeTask(subject, undefined, { ttlMs: null });
      for (const task of [kept, timed, running]) await writer.create(task);
      await expect(reader.create(makeTask(subject, 'carol'))).rejects.toBeInstanceOf(TaskLimitError);
      await expect(reader.create(makeTask(subject, 'carol'))).rejects.toThrow(/Too many tasks \(3\)/);
      // A finished task within its TTL is never dropped early.
      await writer.save({ ...timed, status: 'completed', result: { content: [] } });
      await expect(reader.create(makeTask(subject, 'carol'))).rejects.toBeInstanceOf(TaskLimitError);
      // One kept "while there is room" is.
      await writer.save({ ...kept, status: 'completed', result: { content: [] } });
      const carol = makeTask(subject, 'carol');
      await reader.create(carol);
      expect(await reader.get(kept.taskId, 'alice')).toBeUndefined();
      expect(await reader.get(carol.taskId, 'carol')).toBeDefined();
      expect(await reader.get(running.taskId, undefined)).toBeDefined();
      await expect(writer.create(makeTask(subject, 'dave'))).rejects.toBeInstanceOf(TaskLimitError);
    }));

  it('forgets a task once its TTL passes, and keeps one with ttlMs null', () =>
    withSubject(undefined, async (subject, writer, reader) => {
      const brief = makeTask(subject, 'alice', { ttlMs: SHORT_TTL_MS });
      const forever = makeTask(subject, 'alice', { ttlMs: null });
      await writer.create(brief);
      await writer.create(forever);
      expect(await reader.get(brief.taskId, 'alice')).toBeDefined();
      await subject.elapse(SHORT_TTL_MS + 100);
      expect(await reader.get(brief.taskId, 'alice')).toBeUndefined();
      expect(await reader.get(forever.taskId, 'alice')).toEqual(forever);
      await writer.save({ ...brief, status: 'completed' });
      expect(await reader.get(brief.taskId, 'alice')).toBeUndefined();
    }));

  it('lists an owner’s live tasks oldest first, in pages with cursors that survive expiry', () =>
    withSubject(undefined, async (subject, writer, reader) => {
      if (!reader.list) return;
      const tasks: StoredTask[] = [];
      for (let i = 0; i < 5; i++) {
        const task = makeTask(subject, 'alice', { ttlMs: i === 2 ? SHORT_TTL_MS : 60_000 });
        tasks.push(task);
        await writer.create(task);
        await writer.create(makeTask(subject, 'bob'));
      }
      const ids = (page: { tasks: StoredTask[] } | undefined) => page?.tasks.map((task) => task.taskId);
      const first = await reader.list('alice', undefined, 2);
      expect(ids(first)).toEqual([tasks[0]!.taskId, tasks[1]!.taskId]);
      expect(first?.tasks[0]).toEqual(tasks[0]);
      expect(first?.nextCursor).toEqual(expect.any(String));
      await subject.elapse(SHORT_TTL_MS + 100);
      const second = await reader.list('alice', first!.nextCursor, 2);
      expect(ids(second)).toEqual([tasks[3]!.taskId, tasks[4]!.taskId]);
      // Nothing after the last one: no cursor.
      expect(second?.nextCursor).toBeUndefined();
      const whole = await reader.list('alice');
      expect(ids(whole)).toEqual([tasks[0], tasks[1], tasks[3], tasks[4]].map((task) => task!.taskId));
      expect(whole?.nextCursor).toBeUndefined();
      expect(ids(await reader.list('alice', undefined, 0))).toHaveLength(4);
      expect(await reader.list('carol')).toEqual({ tasks: [] });
      expect(await reader.list('alice', 'not a cursor')).toBeUndefined();
      const anonymous = makeTask(subject, undefined);
      await writer.create(anonymous);
      expect(ids(await reader.list(undefined))).toEqual([anonymous.taskId]);
    }));

  it('lists exactly a page without a cursor to an empty next page', () =>
    withSubject(undefined, async (subject, writer, reader) => {
      if (!reader.list) return;
      for (let i = 0; i < 2; i++) await writer.create(makeTask(subject, 'alice'));
      const page = await reader.list('alice', undefined, 2);
      expect(page?.tasks).toHaveLength(2);
      expect(page?.nextCursor).toBeUndefined();
    }));

  it('tells watchers of every task created or saved, wherever it was written', () =>
    withSubject(undefined, async (subject, writer, reader) => {
      const seen: StoredTask[] = [];
      const followed: StoredTask[] = [];
      const stopAll = reader.watch((task) => seen.push(task));
      const task = makeTask(subject, 'alice');
      const other = makeTask(subject, 'bob');
      const stopOne = reader.watch((task) => followed.push(task), [task.taskId]);
      const broken = reader.watch(() => {
        throw new Error('a broken listener');
      });
      await writer.create(task);
      await writer.create(other);
      const done = { ...task, status: 'completed' as const, result: { content: [] } };
      await writer.save(done);
      await vi.waitFor(() => expect(seen).toHaveLength(3), { timeout: 3000, interval: 10 });
      expect(seen.map((t) => [t.taskId, t.status])).toEqual([
        [task.taskId, 'working'],
        [other.taskId, 'working'],
        [task.taskId, 'completed'],
      ]);
      expect(seen[2]).toEqual(done);
      await vi.waitFor(() => expect(followed).toHaveLength(2), { timeout: 3000, interval: 10 });
      expect(followed.every((t) => t.taskId === task.taskId)).toBe(true);
      // An ignored save is not announced.
      await writer.save({ ...task, status: 'working' });
      stopOne();
      broken();
      stopAll();
      await writer.create(makeTask(subject, 'alice'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toHaveLength(3);
      expect(followed).toHaveLength(2);
    }));
}
