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

  it('keeps the newer entry of a key offered again after it expired', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const cache = new DpopReplayCache(10);
    expect(cache.firstUse('k', 1_000_500)).toBe(true);
    vi.setSystemTime(1_001_000);
    expect(cache.firstUse('k', 1_100_000)).toBe(true);
    // Pruning the first record must not forget the second.
    expect(cache.firstUse('other', 1_100_000)).toBe(true);
    expect(cache.firstUse('k', 1_100_000)).toBe(false);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new DpopReplayCache(0)).toThrow(RangeError);
  });
});
