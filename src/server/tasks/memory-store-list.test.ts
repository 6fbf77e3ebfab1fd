import { describe, expect, it } from 'vitest';
import { InMemoryTaskStore } from './memory-store.js';
import type { StoredTask } from './store.js';

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

describe('InMemoryTaskStore.list', () => {
  it('pages one owner’s live tasks oldest first, with cursors that survive expiry', async () => {
    let now = 1000;
    const store = new InMemoryTaskStore({ now: () => now });
    await store.create(task('a1'));
    await store.create(task('b1', { owner: 'bob' }));
    await store.create(task('a2', { ttlMs: 100 }));
    await store.create(task('a3', { ttlMs: null }));
    await store.create(task('a4'));
    const first = await store.list('alice', undefined, 2);
    expect(first?.tasks.map((t) => t.taskId)).toEqual(['a1', 'a2']);
    // a2 expires between the pages: the cursor still knows where it was.
    now = 1200;
    const second = await store.list('alice', first?.nextCursor, 2);
    expect(second?.tasks.map((t) => t.taskId)).toEqual(['a3', 'a4']);
    expect(second?.nextCursor).toBeUndefined();
    expect((await store.list('bob'))?.tasks.map((t) => t.taskId)).toEqual(['b1']);
    expect((await store.list(undefined))?.tasks).toEqual([]);
  });

  it('returns copies, and undefined for a cursor it did not issue', async () => {
    const store = new InMemoryTaskStore({ now: () => 1000 });
    await store.create(task('a1'));
    const page = await store.list('alice');
    page!.tasks[0]!.status = 'failed';
    expect((await store.get('a1', 'alice'))?.status).toBe('working');
    expect(await store.list('alice', 'nope')).toBeUndefined();
    expect(await store.list('alice', '')).toBeUndefined();
  });
});
