import { describe, expect, it } from 'vitest';
import { ConnectionClosedError } from '../protocol/errors.js';
import { TaskHandle, type TaskState, type TaskWire } from './tasks.js';

const base = { taskId: 't1', createdAt: '2026-12-07T10:00:00Z', ttlMs: 60_000, pollIntervalMs: 10 };

/** A 2026-07-28 wire whose tasks/get answers from `answers` in turn (an Error is thrown). */
function wire(answers: (TaskState | Error)[]): TaskWire & { gets: number } {
  const fake = {
    era: 'modern' as const,
    gets: 0,
    get: async () => {
      const next = answers[Math.min(fake.gets++, answers.length - 1)] as TaskState | Error;
      if (next instanceof Error) throw next;
      return next;
    },
    fetchResult: async () => ({}),
    update: async () => {},
    cancel: async () => undefined,
    answer: undefined,
    watch: () => () => {},
  };
  return fake;
}

describe('TaskHandle', () => {
  it('takes a newer state whose time is written with fewer fraction digits (times, not strings)', async () => {
    const working: TaskState = { ...base, status: 'working', lastUpdatedAt: '2026-12-07T10:40:00.5Z' };
    const done: TaskState = {
      ...base,
      status: 'completed',
      lastUpdatedAt: '2026-12-07T10:40:01Z',
      result: { content: [{ type: 'text', text: 'ok' }] },
    };
    const handle = new TaskHandle(wire([done]), working, (result) => result);
    expect(await handle.result()).toEqual({ content: [{ type: 'text', text: 'ok' }] });
  });

  it('reads a task created already final once more to get its result', async () => {
    const bare: TaskState = { ...base, status: 'completed', lastUpdatedAt: '2026-12-07T10:00:00Z' };
    const full: TaskState = { ...bare, result: { content: [{ type: 'text', text: 'late' }] } };
    const fake = wire([full]);
    const handle = new TaskHandle(fake, bare, (result) => result);
    expect(await handle.result()).toEqual({ content: [{ type: 'text', text: 'late' }] });
    expect(fake.gets).toBe(1);
  });

  it('survives a few polls that fail for reasons other than the task', async () => {
    const working: TaskState = { ...base, status: 'working', lastUpdatedAt: '2026-12-07T10:00:00Z' };
    const reset = new ConnectionClosedError('reset');
    const done: TaskState = {
      ...working,
      status: 'completed',
      lastUpdatedAt: '2026-12-07T10:00:01Z',
      result: { ok: 1 },
    };
    const handle = new TaskHandle(wire([reset, reset, done]), working, (result) => result);
    expect(await handle.result()).toEqual({ ok: 1 });
  });
});
