/**
 * What every DpopReplayStore and RateLimitStore promises, as suites run
 * against each implementation: the in-memory ones always, the Redis ones
 * against a real redis-server. A subject may hold several stores sharing
 * state (as several processes would); tests spread their calls over them.
 */
import { expect, it } from 'vitest';
import type { DpopReplayStore } from '../../src/auth/server/dpop-proof.js';
import type { RateLimitStore } from '../../src/server/rate-limit.js';

/** Stores under test, sharing state. */
export interface StoresSubject<S> {
  stores: readonly S[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withStores<S>(
  open: () => Promise<StoresSubject<S>>,
  body: (stores: readonly S[]) => Promise<void>,
) {
  const subject = await open();
  try {
    await body(subject.stores);
  } finally {
    await subject.close();
  }
}

/**
 * Registers the DPoP replay store contract's tests (call inside a `describe`).
 *
 * @example
 * describe('DpopReplayCache', () => dpopReplayStoreContract(async () => ({ stores: [new DpopReplayCache()], close: async () => {} })));
 */
export function dpopReplayStoreContract(open: () => Promise<StoresSubject<DpopReplayStore>>): void {
  it('accepts a key once, on whichever store, until it expires', () =>
    withStores(open, async (stores) => {
      const first = stores[0]!;
      const last = stores[stores.length - 1]!;
      expect(await first.remember('jkt:a', Date.now() + 300)).toBe(true);
      expect(await last.remember('jkt:a', Date.now() + 300)).toBe(false);
      expect(await last.remember('jkt:b', Date.now() + 60_000)).toBe(true);
      await sleep(1200);
      expect(await last.remember('jkt:a', Date.now() + 60_000)).toBe(true);
      expect(await first.remember('jkt:b', Date.now() + 60_000)).toBe(false);
    }));

  it('accepts exactly one of many concurrent offers of the same key', () =>
    withStores(open, async (stores) => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          stores[i % stores.length]!.remember('jkt:race', Date.now() + 60_000),
        ),
      );
      expect(answers.filter(Boolean)).toHaveLength(1);
    }));
}

/**
 * Registers the rate-limit store contract's tests (call inside a `describe`).
 *
 * @example
 * describe('InMemoryRateLimitStore', () => rateLimitStoreContract(async () => ({ stores: [new InMemoryRateLimitStore()], close: async () => {} })));
 */
export function rateLimitStoreContract(open: () => Promise<StoresSubject<RateLimitStore>>): void {
  it('counts concurrent hits on every store exactly once each, in one window', () =>
    withStores(open, async (stores) => {
      const before = Date.now();
      const hits = await Promise.all(
        Array.from({ length: 30 }, (_, i) => stores[i % stores.length]!.hit('alice:tools/call:echo', 60_000)),
      );
      expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      for (const hit of hits) {
        expect(hit.resetAt).toBeGreaterThan(before);
        expect(hit.resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
      }
      expect((await stores[0]!.hit('bob:tools/call:echo', 60_000)).count).toBe(1);
    }));

  it('starts a new window once the last one ended', () =>
    withStores(open, async (stores) => {
      const last = stores[stores.length - 1]!;
      await stores[0]!.hit('carol', 300);
      expect((await last.hit('carol', 300)).count).toBe(2);
      await sleep(450);
      expect((await last.hit('carol', 300)).count).toBe(1);
    }));
}
