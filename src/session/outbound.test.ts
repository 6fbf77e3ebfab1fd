import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestTimeoutError } from '../protocol/errors.js';
import { OutboundRequests } from './outbound.js';

describe('OutboundRequests timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times each request out on its own deadline, the later-sent shorter one first', async () => {
    const cancelled: string[] = [];
    const table = new OutboundRequests({ defaultTimeoutMs: 1_000 }, (id, reason) =>
      cancelled.push(`${id} ${reason}`),
    );
    const slow = table.register(1, 'tools/call', undefined);
    const quick = table.register(2, 'tools/list', { timeoutMs: 100 });
    const outcomes: string[] = [];
    slow.catch((error: RequestTimeoutError) => outcomes.push(`slow ${error.message}`));
    quick.catch((error: RequestTimeoutError) => outcomes.push(`quick ${error.message}`));

    await vi.advanceTimersByTimeAsync(150);
    expect(outcomes).toEqual([expect.stringMatching(/^quick .*tools\/list.*100/)]);
    expect(cancelled).toEqual(['2 timeout']);
    expect(table.size).toBe(1);

    await vi.advanceTimersByTimeAsync(900);
    expect(outcomes).toHaveLength(2);
    expect(outcomes[1]).toMatch(/^slow .*tools\/call.*1000/);
    expect(table.size).toBe(0);
  });

  it('names maxTotalTimeoutMs when that ends the wait, even as progress resets the timeout', async () => {
    const table = new OutboundRequests({});
    const onProgress = vi.fn();
    const call = table.register(7, 'tools/call', {
      timeoutMs: 100,
      resetTimeoutOnProgress: true,
      maxTotalTimeoutMs: 250,
      onProgress,
    });
    const failure = call.catch((error: unknown) => error);
    for (let step = 1; step <= 4; step++) {
      await vi.advanceTimersByTimeAsync(80);
      table.progress({ progressToken: 7, progress: step });
    }
    expect(onProgress).toHaveBeenCalledTimes(3);
    const error = await failure;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toMatch(/250/);
  });

  it('keeps no timer once nothing waits', async () => {
    const table = new OutboundRequests({ defaultTimeoutMs: 60_000 });
    const answered = table.register(1, 'ping', undefined);
    expect(vi.getTimerCount()).toBe(1);
    table.settle({ jsonrpc: '2.0', id: 1, result: {} });
    await answered;
    expect(vi.getTimerCount()).toBe(0);
  });
});
