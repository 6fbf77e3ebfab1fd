/**
 * What every LegacySessionStore promises (src/server/legacy/session-store.ts)
 * and the StreamEventLog it makes, as one suite run against each
 * implementation: the in-memory store always, the Redis store against a real
 * redis-server. A subject may hold several stores sharing state (as several
 * processes would): tests write through the first and read through the last.
 */
import { expect, it, vi } from 'vitest';
import type { LoggedEvent, StreamEventLog } from '../../src/server/legacy/event-log.js';
import type {
  LegacySessionStore,
  SessionMessage,
  SessionRecord,
} from '../../src/server/legacy/session-store.js';

/** Stores under test, sharing state. */
export interface SessionStoreSubject {
  /** One store, or several as several processes would hold them. */
  stores: readonly LegacySessionStore[];
  /**
   * A writer's and a reader's log of one session: two processes' logs over a
   * shared store, one log twice in memory (one process has one log per session).
   */
  logs(sessionId: string): [writer: StreamEventLog, reader: StreamEventLog];
  close(): Promise<void>;
}

let sessions = 0;

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: `session-${process.pid}-${++sessions}`,
    protocolVersion: '2025-11-25',
    clientCapabilities: { elicitation: {} },
    clientInfo: { name: 'contract', version: '1.0.0' },
    owner: 'https://issuer.example|alice',
    initialized: false,
    subscriptions: [],
    revision: 0,
    ...overrides,
  };
}

/** A record with its subscriptions sorted (stores keep them as a set). */
function normalized(record: SessionRecord | undefined): SessionRecord | undefined {
  return record && { ...record, subscriptions: [...record.subscriptions].sort() };
}

/** Collects what a resumed stream delivers. */
function collector() {
  const events: LoggedEvent[] = [];
  let ended = false;
  return {
    events,
    data: () => events.map((event) => event.data),
    get ended() {
      return ended;
    },
    sink: { event: (event: LoggedEvent) => events.push(event), end: () => (ended = true) },
  };
}

/**
 * Registers the contract's tests (call inside a `describe`).
 *
 * @example
 * describe('InMemoryLegacySessionStore (contract)', () => sessionStoreContract(async () => ({ stores: [store], logs, close })));
 */
export function sessionStoreContract(open: () => Promise<SessionStoreSubject>): void {
  async function withSubject(body: (subject: SessionStoreSubject) => Promise<void>) {
    const subject = await open();
    try {
      await body(subject);
    } finally {
      await subject.close();
    }
  }

  it('stores a session once, reads it from every store, and saves, touches and deletes it', () =>
    withSubject(async ({ stores }) => {
      const first = stores[0]!;
      const last = stores[stores.length - 1]!;
      const opened = record();
      await first.create(opened, 60_000);
      await expect(first.create(opened, 60_000)).rejects.toThrow(/already exists/);
      expect(normalized(await last.load(opened.id))).toEqual(opened);
      expect(await last.load('no-such-session')).toBeUndefined();

      const changed = await last.update(
        opened.id,
        {
          initialized: true,
          logLevel: 'debug',
          subscribe: ['file:///a.txt', 'file:///b.txt'],
          holdStream: 'p2',
        },
        60_000,
      );
      const expected: SessionRecord = {
        ...opened,
        initialized: true,
        logLevel: 'debug',
        subscriptions: ['file:///a.txt', 'file:///b.txt'],
        streamHolder: 'p2',
        revision: 1,
      };
      expect(normalized(changed)).toEqual(expected);
      expect(normalized(await first.load(opened.id))).toEqual(expected);
      expect(await first.touch(opened.id, 60_000)).toBe(true);

      // Releasing the stream clears the holder only if the releaser still holds it.
      const stale = await first.update(
        opened.id,
        { releaseStream: 'p1', unsubscribe: ['file:///a.txt'] },
        60_000,
      );
      expect(stale).toMatchObject({ streamHolder: 'p2', subscriptions: ['file:///b.txt'], revision: 2 });
      const released = await first.update(opened.id, { releaseStream: 'p2' }, 60_000);
      expect(released?.streamHolder).toBeUndefined();
      expect(released?.revision).toBe(3);

      await last.delete(opened.id);
      expect(await first.load(opened.id)).toBeUndefined();
      expect(await first.update(opened.id, { initialized: true }, 60_000)).toBeUndefined();
      expect(await first.touch(opened.id, 60_000)).toBe(false);
    }));

  it('keeps both of two changes made to one session at once through different stores', () =>
    withSubject(async ({ stores }) => {
      const first = stores[0]!;
      const last = stores[stores.length - 1]!;
      const opened = record();
      await first.create(opened, 60_000);
      const uris = Array.from({ length: 20 }, (_, i) => `file:///${i}.txt`);
      await Promise.all([
        ...uris.map((uri, i) => (i % 2 ? first : last).update(opened.id, { subscribe: [uri] }, 60_000)),
        last.update(opened.id, { holdStream: 'p2' }, 60_000),
        first.update(opened.id, { logLevel: 'info' }, 60_000),
      ]);
      const stored = normalized(await first.load(opened.id));
      expect(stored?.subscriptions).toEqual([...uris].sort());
      expect(stored).toMatchObject({ streamHolder: 'p2', logLevel: 'info', revision: 22 });
      await first.delete(opened.id);
    }));

  it('forgets a session its ttl after it was last stored or touched, and keeps one with ttl 0', () =>
    withSubject(async ({ stores }) => {
      const first = stores[0]!;
      const last = stores[stores.length - 1]!;
      const short = record();
      const forever = record();
      await first.create(short, 300);
      await first.create(forever, 0);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await last.touch(short.id, 300)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // 350 ms after creation, but 200 after the touch: alive.
      expect(normalized(await last.load(short.id))).toEqual(short);
      await vi.waitFor(async () => expect(await last.load(short.id)).toBeUndefined(), {
        timeout: 3000,
        interval: 50,
      });
      expect(await last.touch(short.id, 300)).toBe(false);
      expect(normalized(await last.load(forever.id))).toEqual(forever);
      await first.delete(forever.id);
    }));

  it('carries every kind of message to the subscribers of every store, and stops at unsubscribe', () =>
    withSubject(async ({ stores }) => {
      const heard = stores.map(() => [] as SessionMessage[]);
      const stops = stores.map((store, index) => store.subscribe((message) => heard[index]!.push(message)));
      const sessionId = 'messages';
      const messages: SessionMessage[] = [
        { type: 'state', from: 'p1', sessionId, record: record({ id: sessionId, initialized: true }) },
        { type: 'cancel', from: 'p1', sessionId, requestId: 7 },
        { type: 'cancel', from: 'p1', sessionId, requestId: 'r-8' },
        {
          type: 'response',
          from: 'p1',
          sessionId,
          response: { jsonrpc: '2.0', id: 's-x-1', result: { ok: 1 } },
        },
        {
          type: 'notify',
          from: 'p1',
          sessionId,
          notification: { jsonrpc: '2.0', method: 'notifications/tasks/status', params: { taskId: 't' } },
        },
        { type: 'end', from: 'p1', sessionId },
      ];
      for (const message of messages) await stores[0]!.publish(message);
      await vi.waitFor(() => expect(heard.every((list) => list.length === messages.length)).toBe(true), {
        timeout: 3000,
        interval: 10,
      });
      for (const list of heard) expect(list).toEqual(messages);

      for (const stop of stops) stop();
      await stores[0]!.publish({ type: 'end', from: 'p1', sessionId });
      await new Promise((resolve) => setTimeout(resolve, 150));
      for (const list of heard) expect(list).toHaveLength(messages.length);
    }));

  it('replays a stream after Last-Event-ID through another log, follows it live, and ends at its final event', () =>
    withSubject(async ({ logs }) => {
      const [writer, reader] = logs('resume');
      const stream = writer.openStream();
      const primed = writer.append(stream, '');
      writer.append(stream, 'one');
      const seen = collector();
      const stop = await vi.waitFor(async () => {
        // A shared log writes in the background: wait until the events are readable.
        const resumed = await reader.resume(primed, seen.sink);
        expect(resumed).toBeTypeOf('function');
        return resumed!;
      });
      await vi.waitFor(() => expect(seen.data()).toEqual(['one']), { timeout: 3000, interval: 10 });
      writer.append(stream, 'two');
      const answer = writer.append(stream, 'three', true);
      await vi.waitFor(() => expect(seen.ended).toBe(true), { timeout: 3000, interval: 10 });
      expect(seen.data()).toEqual(['one', 'two', 'three']);
      expect(seen.events.at(-1)!.id).toBe(answer);
      stop();

      // A finished stream replays what the client missed and ends at once.
      const late = collector();
      await reader.resume(primed, late.sink);
      await vi.waitFor(() => expect(late.ended).toBe(true), { timeout: 3000, interval: 10 });
      expect(late.data()).toEqual(['one', 'two', 'three']);
    }));

  it('gives ids that name their stream and differ between logs, and resumes no unknown id', () =>
    withSubject(async ({ logs }) => {
      const [a, b] = logs('ids');
      const fromA = a.openStream();
      const fromB = b.openStream();
      expect(fromA).not.toBe(fromB);
      const first = a.append(fromA, 'x');
      expect(first.startsWith(`${fromA}:`)).toBe(true);
      expect(b.append(fromB, 'y')).not.toBe(first);
      expect(await b.resume('no-colon', collector().sink)).toBeUndefined();
      expect(await b.resume(`${fromA}:x`, collector().sink)).toBeUndefined();
      expect(await b.resume('zzzzzzzz-999:0', collector().sink)).toBeUndefined();
    }));
}
