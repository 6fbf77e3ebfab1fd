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

  it('makes room by dropping the oldest finished task, and refuses when every task is live', async () => {
    const store = new InMemoryTaskStore({ maxTasks: 2, now: () => 1000 });
    await store.create(task('old', { status: 'completed', result: { content: [] } }));
    await store.create(task('live'));
    await store.create(task('new'));
    expect(await store.get('old', 'alice')).toBeUndefined();
    expect(await store.get('new', 'alice')).toBeDefined();
    await expect(store.create(task('one-too-many'))).rejects.toBeInstanceOf(TaskLimitError);
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
});
