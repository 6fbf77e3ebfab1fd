/**
 * What every ServerEventBus promises (src/server/events.ts), as one suite run
 * against each implementation: the in-memory bus always, the Redis bus
 * against a real redis-server. A subject may hold several buses sharing one
 * channel (as several processes would); tests publish on the first and
 * listen on all of them.
 */
import { expect, it, vi } from 'vitest';
import type { ServerEvent, ServerEventBus } from '../../src/server/events.js';

/** Buses under test, sharing one channel. */
export interface EventBusSubject {
  /** One bus, or several as several processes would hold them. */
  buses: readonly ServerEventBus[];
  close(): Promise<void>;
}

/** Waits long enough for a stray duplicate to arrive, were there one. */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 150));

/**
 * Registers the contract's tests (call inside a `describe`).
 *
 * @example
 * describe('InMemoryEventBus', () => eventBusContract(async () => ({ buses: [new InMemoryEventBus()], close: async () => {} })));
 */
export function eventBusContract(open: () => Promise<EventBusSubject>): void {
  async function withSubject(body: (buses: readonly ServerEventBus[]) => Promise<void>) {
    const subject = await open();
    try {
      await body(subject.buses);
    } finally {
      await subject.close();
    }
  }

  it('delivers each published event once to every subscriber, in order, on every bus', () =>
    withSubject(async (buses) => {
      const heard = buses.map(() => [] as ServerEvent[]);
      const stops = buses.map((bus, index) => bus.subscribe((event) => heard[index]!.push(event)));
      const events: ServerEvent[] = [
        { type: 'tools/list_changed' },
        { type: 'resources/updated', uri: 'file:///a.txt' },
        { type: 'prompts/list_changed' },
        { type: 'resources/list_changed' },
      ];
      for (const event of events) await buses[0]!.publish(event);
      // The publishing process's own subscribers hear it at once.
      expect(heard[0]).toEqual(events);
      await vi.waitFor(() => expect(heard.every((list) => list.length === events.length)).toBe(true), {
        timeout: 3000,
        interval: 10,
      });
      await quiet();
      for (const list of heard) expect(list).toEqual(events);
      for (const stop of stops) stop();
    }));

  it('stops delivering to a subscriber that unsubscribed, and survives a throwing one', () =>
    withSubject(async (buses) => {
      const last = buses.at(-1)!;
      const kept: ServerEvent[] = [];
      const dropped: ServerEvent[] = [];
      const stopBroken = last.subscribe(() => {
        throw new Error('a broken listener');
      });
      const stopKept = last.subscribe((event) => kept.push(event));
      const stopDropped = last.subscribe((event) => dropped.push(event));
      stopDropped();
      await buses[0]!.publish({ type: 'tools/list_changed' });
      await vi.waitFor(() => expect(kept).toHaveLength(1), { timeout: 3000, interval: 10 });
      await quiet();
      expect(dropped).toEqual([]);
      stopKept();
      stopBroken();
      await buses[0]!.publish({ type: 'tools/list_changed' });
      await quiet();
      expect(kept).toHaveLength(1);
    }));
}
