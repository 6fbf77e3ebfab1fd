import { describe, expect, it } from 'vitest';
import { InMemoryEventLog, type LoggedEvent } from './event-log.js';

function collect() {
  const events: LoggedEvent[] = [];
  let ended = false;
  return {
    events,
    get ended() {
      return ended;
    },
    sink: { event: (event: LoggedEvent) => events.push(event), end: () => (ended = true) },
  };
}

describe('InMemoryEventLog', () => {
  it('gives two logs (two processes) disjoint stream and event ids, and does not resume the other’s', async () => {
    const a = new InMemoryEventLog();
    const b = new InMemoryEventLog();
    const idsOf = (log: InMemoryEventLog) => {
      const stream = log.openStream();
      return [stream, log.append(stream, ''), log.append(stream, 'x'), log.append(stream, 'y', true)];
    };
    const fromA = idsOf(a);
    const fromB = idsOf(b);
    expect(fromA[1]).toMatch(/^[0-9a-z]{10}-1:0$/);
    expect(fromA.filter((id) => fromB.includes(id))).toEqual([]);
    expect(await b.resume(fromA[1]!, collect().sink)).toBeUndefined();
  });

  it('replays the events after Last-Event-ID, then follows the stream to its final event', async () => {
    const log = new InMemoryEventLog();
    const stream = log.openStream();
    const primed = log.append(stream, '');
    log.append(stream, 'one');
    const seen = collect();
    const stop = await log.resume(primed, seen.sink);
    expect(stop).toBeTypeOf('function');
    expect(seen.events.map((e) => e.data)).toEqual(['one']);
    log.append(stream, 'two', true);
    expect(seen.events.map((e) => e.data)).toEqual(['one', 'two']);
    expect(seen.ended).toBe(true);
    expect(await log.resume(`${stream}:x`, collect().sink)).toBeUndefined();
    expect(await log.resume('no-colon', collect().sink)).toBeUndefined();
  });
});
