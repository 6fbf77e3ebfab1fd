/**
 * What every TaskControlBus promises (src/server/tasks/control-bus.ts), as
 * one suite run against each implementation: the in-memory bus always, the
 * Redis bus against a real redis-server. A subject may hold several buses
 * sharing one channel (as several processes would); tests publish on the
 * last and listen on all of them.
 */
import { expect, it, vi } from 'vitest';
import type { TaskControlBus, TaskControlMessage } from '../../src/server/tasks/control-bus.js';

/** Buses under test, sharing one channel. */
export interface TaskControlBusSubject {
  /** One bus, or several as several processes would hold them. */
  buses: readonly TaskControlBus[];
  close(): Promise<void>;
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, 150));

/**
 * Registers the contract's tests (call inside a `describe`).
 *
 * @example
 * describe('InMemoryTaskControlBus', () => taskControlBusContract(async () => ({ buses: [new InMemoryTaskControlBus()], close: async () => {} })));
 */
export function taskControlBusContract(open: () => Promise<TaskControlBusSubject>): void {
  async function withSubject(body: (buses: readonly TaskControlBus[]) => Promise<void>) {
    const subject = await open();
    try {
      await body(subject.buses);
    } finally {
      await subject.close();
    }
  }

  it('delivers each message once to every subscriber on every bus, the publisher’s included, in order', () =>
    withSubject(async (buses) => {
      const heard = buses.map(() => [] as TaskControlMessage[]);
      const stops = buses.map((bus, index) => bus.subscribe((message) => heard[index]!.push(message)));
      const messages: TaskControlMessage[] = [
        { type: 'cancel', taskId: 't1' },
        {
          type: 'update',
          taskId: 't2',
          inputResponses: { 'elicitation-1': { action: 'accept', content: { ok: true } } },
        },
      ];
      for (const message of messages) await buses.at(-1)!.publish(message);
      await vi.waitFor(() => expect(heard.every((list) => list.length === messages.length)).toBe(true), {
        timeout: 3000,
        interval: 10,
      });
      await quiet();
      for (const list of heard) expect(list).toEqual(messages);
      for (const stop of stops) stop();
    }));

  it('stops delivering to a subscriber that unsubscribed, and survives a throwing one', () =>
    withSubject(async (buses) => {
      const bus = buses[0]!;
      const heard: TaskControlMessage[] = [];
      const gone: TaskControlMessage[] = [];
      const stopThrowing = bus.subscribe(() => {
        throw new Error('broken listener');
      });
      const stop = bus.subscribe((message) => heard.push(message));
      const stopGone = bus.subscribe((message) => gone.push(message));
      stopGone();
      await buses.at(-1)!.publish({ type: 'cancel', taskId: 'x' });
      await vi.waitFor(() => expect(heard).toEqual([{ type: 'cancel', taskId: 'x' }]), { timeout: 3000 });
      await quiet();
      expect(gone).toEqual([]);
      stop();
      stopThrowing();
    }));

  it('gives each subscriber its own copy of the input responses', () =>
    withSubject(async (buses) => {
      const bus = buses[0]!;
      const copies: TaskControlMessage[] = [];
      const stops = [
        bus.subscribe((message) => copies.push(message)),
        bus.subscribe((message) => copies.push(message)),
      ];
      const sent: TaskControlMessage = {
        type: 'update',
        taskId: 't',
        inputResponses: { k: { action: 'decline' } },
      };
      await bus.publish(sent);
      await vi.waitFor(() => expect(copies).toHaveLength(2), { timeout: 3000 });
      expect(copies[0]).toEqual(sent);
      expect(copies[0]).not.toBe(copies[1]);
      expect(copies[0]).not.toBe(sent);
      for (const stop of stops) stop();
    }));
}
