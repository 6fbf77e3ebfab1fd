import { afterEach, describe, expect, it, vi } from 'vitest';
import { DpopReplayCache } from './dpop-proof.js';

describe('DpopReplayCache', () => {
  afterEach(() => vi.useRealTimers());

  it('accepts a proof id once until it expires, then again', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const cache = new DpopReplayCache();
    expect(cache.firstUse('k:1', 1_060_000)).toBe(true);
    expect(cache.firstUse('k:1', 1_060_000)).toBe(false);
    vi.setSystemTime(1_060_001);
    expect(cache.firstUse('k:1', 1_120_000)).toBe(true);
  });

  it('stays within its bound, forgetting the oldest entries first', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const cache = new DpopReplayCache(3);
    for (const id of ['a', 'b', 'c', 'd']) expect(cache.firstUse(id, 2_000_000)).toBe(true);
    expect(cache.firstUse('d', 2_000_000)).toBe(false);
    expect(cache.firstUse('a', 2_000_000)).toBe(true);
  });
});
