import { describe, expect, it } from 'vitest';
import { ConnectionClosedError } from '../protocol/errors.js';
import { TaskHandle, type TaskState, type TaskWire } from './tasks.js';

/** A time `offsetS` seconds from the start of this run's current second, written without milliseconds. */
const second = Math.floor(Date.now() / 1000) * 1000;
const at = (offsetS: number, fraction = '') =>
  `${new Date(second + offsetS * 1000).toISOString().slice(0, 19)}${fraction}Z`;
// Times near now: the handle checks the TTL against the clock, so fixed dates would expire.
const base = { taskId: 't1', createdAt: at(0), ttlMs: 60_000, pollIntervalMs: 10 };

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
    const working: TaskState = { ...base, status: 'working', lastUpdatedAt: at(0, '.5') };
    const done: TaskState = {
      ...base,
      status: 'completed',
      lastUpdatedAt: at(1),
      result: { content: [{ type: 'text', text: 'ok' }] },
    };
    const handle = new TaskHandle(wire([done]), working, (result) => result);
    expect(await handle.result()).toEqual({ content: [{ type: 'text', text: 'ok' }] });
  });

  it('reads a task created already final once more to get its result', async () => {
    const bare: TaskState = { ...base, status: 'completed', lastUpdatedAt: at(0) };
    const full: TaskState = { ...bare, result: { content: [{ type: 'text', text: 'late' }] } };
    const fake = wire([full]);
    const handle = new TaskHandle(fake, bare, (result) => result);
    expect(await handle.result()).toEqual({ content: [{ type: 'text', text: 'late' }] });
    expect(fake.gets).toBe(1);
  });

  it('survives a few polls that fail for reasons other than the task', async () => {
    const working: TaskState = { ...base, status: 'working', lastUpdatedAt: at(0) };
    const reset = new ConnectionClosedError('reset');
    const done: TaskState = {
      ...working,
      status: 'completed',
      lastUpdatedAt: at(1),
      result: { ok: 1 },
    };
    const handle = new TaskHandle(wire([reset, reset, done]), working, (result) => result);
    expect(await handle.result()).toEqual({ ok: 1 });
  });
});
