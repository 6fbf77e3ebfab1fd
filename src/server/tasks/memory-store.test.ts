import { describe, expect, it } from 'vitest';
import { InMemoryTaskStore } from './memory-store.js';
import { type StoredTask, TaskLimitError } from './store.js';

function task(taskId: string, overrides: Partial<StoredTask> = {}): StoredTask {
  return {
    taskId,
    owner: 'alice',
    status: 'working',
    createdAt: 1000,
    lastUpdatedAt: 1000,
    ttlMs: 500,
    request: { method: 'tools/call', name: 'job' },
    ...overrides,
  };
}

describe('InMemoryTaskStore', () => {
  it('shows a task only to the owner that created it', async () => {
    const store = new InMemoryTaskStore({ now: () => 1000 });
    await store.create(task('t1'));
    expect((await store.get('t1', 'alice'))?.taskId).toBe('t1');
    expect(await store.get('t1', 'mallory')).toBeUndefined();
    expect(await store.get('t1', undefined)).toBeUndefined();
  });

  it('keeps a task for its whole TTL and drops it after', async () => {
    let now = 1000;
    const store = new InMemoryTaskStore({ now: () => now });
    await store.create(task('t1'));
    now = 1499;
    expect(await store.get('t1', 'alice')).toBeDefined();
    now = 1500;
    expect(await store.get('t1', 'alice')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('never overwrites a final status', async () => {
    const store = new InMemoryTaskStore({ now: () => 1000 });
    await store.create(task('t1'));
    await store.save(task('t1', { status: 'cancelled' }));
    await store.save(task('t1', { status: 'completed', result: { content: [] } }));
    expect((await store.get('t1', 'alice'))?.status).toBe('cancelled');
  });

  it('never drops a finished task before its TTL to make room: it refuses the new one instead', async () => {
    let now = 1000;
    const store = new InMemoryTaskStore({ maxTasks: 2, now: () => now });
    await store.create(task('old', { status: 'completed', result: { content: [] } }));
    await store.create(task('live'));
    await expect(store.create(task('new'))).rejects.toBeInstanceOf(TaskLimitError);
    expect((await store.get('old', 'alice'))?.result).toEqual({ content: [] });
    now = 1500; // both TTLs passed: expired tasks make room
    await store.create(task('new', { createdAt: 1500 }));
    expect(await store.get('new', 'alice')).toBeDefined();
    expect(store.size).toBe(1);
  });

  it('makes room by dropping the oldest finished task kept without a TTL', async () => {
    const store = new InMemoryTaskStore({ maxTasks: 2, now: () => 1000 });
    await store.create(task('old', { status: 'completed', ttlMs: null }));
    await store.create(task('live', { ttlMs: null }));
    await store.create(task('new'));
    expect(await store.get('old', 'alice')).toBeUndefined();
    expect(await store.get('live', 'alice')).toBeDefined();
    await expect(store.create(task('one-too-many'))).rejects.toBeInstanceOf(TaskLimitError);
  });

  it('caps the tasks of one owner without affecting other owners, and frees the slots at expiry', async () => {
    let now = 1000;
    const store = new InMemoryTaskStore({ maxTasksPerOwner: 2, now: () => now });
    await store.create(task('a1'));
    await store.create(task('a2', { status: 'completed' }));
    await expect(store.create(task('a3'))).rejects.toThrow(/Too many tasks for this caller/);
    await store.create(task('b1', { owner: 'bob' }));
    await store.create(task('n1', { owner: undefined }));
    await store.create(task('n2', { owner: undefined }));
    await store.create(task('n3', { owner: undefined }));
    now = 1500;
    await store.create(task('a3', { createdAt: 1500 }));
    expect(await store.get('a3', 'alice')).toBeDefined();
  });

  it('sweeps expired tasks out of memory on its own', async () => {
    let now = 1000;
    const store = new InMemoryTaskStore({ sweepIntervalMs: 1, now: () => now });
    await store.create(task('t1'));
    await store.create(task('t2', { ttlMs: null }));
    now = 1500;
    for (let turn = 0; turn < 1000 && store.size > 1; turn++) await new Promise((r) => setTimeout(r, 1));
    expect(store.size).toBe(1);
    expect(await store.get('t2', 'alice')).toBeDefined();
    store.close();
  });

  it('rejects limits that are not positive integers', () => {
    expect(() => new InMemoryTaskStore({ maxTasksPerOwner: 0 })).toThrow(RangeError);
    expect(() => new InMemoryTaskStore({ sweepIntervalMs: 2 ** 31 })).toThrow(RangeError);
  });

  it('hands out copies, so callers cannot change stored state behind its back', async () => {
    const store = new InMemoryTaskStore({ now: () => 1000 });
    await store.create(task('t1'));
    const copy = await store.get('t1', 'alice');
    copy!.status = 'failed';
    expect((await store.get('t1', 'alice'))?.status).toBe('working');
  });

  it('tells watchers about every creation and saved change', async () => {
    const store = new InMemoryTaskStore({ now: () => 1000 });
    const seen: string[] = [];
    const stop = store.watch((t) => seen.push(`${t.taskId}:${t.status}`));
    await store.create(task('t1'));
    await store.save(task('t1', { status: 'input_required', inputRequests: {} }));
    stop();
    await store.save(task('t1', { status: 'working' }));
    expect(seen).toEqual(['t1:working', 't1:input_required']);
  });

  it('tells a watcher that names task ids only about those', async () => {
    const store = new InMemoryTaskStore({ now: () => 1000 });
    const seen: string[] = [];
    const stop = store.watch((t) => seen.push(t.taskId), ['t2']);
    await store.create(task('t1'));
    await store.create(task('t2'));
    stop();
    expect(seen).toEqual(['t2']);
  });
});
