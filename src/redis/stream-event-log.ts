/**
 * A 2025 session's request streams kept in Redis, so a client whose stream
 * was cut (or closed by the server, SEP-1699) resumes it with `Last-Event-ID`
 * through any process, and follows it live while the process that runs the
 * request goes on writing it.
 */
import type { LoggedEvent, ReplaySink, StreamEventLog } from '../server/legacy/event-log.js';
import { luaScript, type RedisLink } from './link.js';

/** How long and how much of a stream is kept. */
export interface RedisEventLogLimits {
  /** A stream is forgotten this long after its last event, ms. Default 30 minutes. */
  retentionMs?: number;
  /** Events kept per stream; the oldest go first. Default 1000. */
  maxEventsPerStream?: number;
}

/** One event as stored: its number in the stream, its data, and whether it ends the stream. */
interface StoredEvent {
  n: number;
  d: string;
  f?: 1;
}

/**
 * Appends an event and announces it to live followers, in one step, so a
 * follower that subscribed before it read the list misses nothing: an event
 * is either in what it read or announced after. KEYS: the list, the channel.
 * ARGV: the stored event, the events kept, the retention in ms.
 */
const APPEND = luaScript(`
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', KEYS[2], ARGV[1])
return 1
`);

/** Stream ids this process makes: its tag, a dash, a counter (see {@link RedisEventLog}). */
const STREAM_ID = /^[0-9a-z]{1,32}-\d{1,16}$/;

/**
 * The event log of one session in Redis: each stream a list
 * (`{p}:session:<id>:stream:<stream>`) trimmed to `maxEventsPerStream` and
 * expiring `retentionMs` after its last event, with a channel next to it that
 * carries each event to the processes following the stream.
 *
 * Appending returns the event's id at once (the interface is synchronous: ids
 * are `<stream>:<n>`, numbered here) and writes in the background, in order on
 * the link's connection. A write that fails (Redis down) is reported once per
 * outage through the link's `warn`: the event still reaches the open stream,
 * but a resumption through another process would miss it.
 *
 * Made by the session store of `redisBackplane` (`backplane.sessions`).
 *
 * @example
 * const log = new RedisEventLog(link, sessionId, () => `${tag}-${++counter}`);
 * const stream = log.openStream();
 * log.append(stream, '{"jsonrpc":"2.0","method":"notifications/progress","params":{}}');
 */
export class RedisEventLog implements StreamEventLog {
  private readonly counters = new Map<string, number>();
  private readonly retentionMs: number;
  private readonly maxEvents: number;

  constructor(
    private readonly link: RedisLink,
    private readonly sessionId: string,
    private readonly newStreamId: () => string,
    limits: RedisEventLogLimits = {},
  ) {
    this.retentionMs = limits.retentionMs ?? 30 * 60_000;
    this.maxEvents = limits.maxEventsPerStream ?? 1000;
  }

  openStream(): string {
    const id = this.newStreamId();
    this.counters.set(id, 0);
    return id;
  }

  append(streamId: string, data: string, final = false): string {
    const n = this.counters.get(streamId);
    const id = `${streamId}:${n ?? 0}`;
    if (n === undefined) return id;
    if (final) this.counters.delete(streamId);
    else this.counters.set(streamId, n + 1);
    const stored: StoredEvent = final ? { n, d: data, f: 1 } : { n, d: data };
    this.link
      .script('keeping a stream event for resumption', APPEND, this.keys(streamId), [
        JSON.stringify(stored),
        this.maxEvents,
        this.retentionMs,
      ])
      .then(
        () => this.link.recovered(),
        (error: unknown) =>
          this.link.reportOutage('request streams cannot be resumed through other processes', error),
      );
    return id;
  }

  async resume(lastEventId: string, sink: ReplaySink): Promise<(() => void) | undefined> {
    const colon = lastEventId.lastIndexOf(':');
    if (colon === -1) return undefined;
    const streamId = lastEventId.slice(0, colon);
    const after = Number(lastEventId.slice(colon + 1));
    if (!STREAM_ID.test(streamId) || !Number.isSafeInteger(after)) return undefined;
    const [key, channel] = this.keys(streamId);
    let last = after;
    let done = false;
    let early: StoredEvent[] | undefined = [];
    const deliver = (event: StoredEvent) => {
      if (done || event.n <= last) return;
      last = event.n;
      const logged: LoggedEvent = { id: `${streamId}:${event.n}`, data: event.d };
      sink.event(logged);
      if (event.f) {
        stop();
        sink.end();
      }
    };
    // Follow first, then read: an event appended meanwhile is in the list or heard here.
    const unsubscribe = this.link.subscribe(channel, (raw) => {
      const event = parseEvent(raw);
      if (!event) return;
      if (early) early.push(event);
      else deliver(event);
    });
    const stop = () => {
      done = true;
      unsubscribe();
    };
    let stored: StoredEvent[];
    try {
      await this.link.subscribedTo(channel);
      const raw = await this.link.run(`reading stream ${streamId}`, (client) => client.lrange(key, 0, -1));
      stored = raw.map(parseEvent).filter((event): event is StoredEvent => event !== undefined);
    } catch (error) {
      stop();
      throw error;
    }
    // Unknown, expired, or trimmed past the client's place: nothing to resume from.
    const oldest = stored[0];
    if (oldest === undefined || oldest.n > after + 1) {
      stop();
      return undefined;
    }
    const heard = early;
    early = undefined;
    for (const event of stored) deliver(event);
    for (const event of heard.sort((a, b) => a.n - b.n)) deliver(event);
    return stop;
  }

  private keys(streamId: string): [list: string, channel: string] {
    const list = this.link.key('session', this.sessionId, 'stream', streamId);
    return [list, `${list}:live`];
  }
}

function parseEvent(raw: string): StoredEvent | undefined {
  try {
    const event = JSON.parse(raw) as Partial<StoredEvent>;
    if (typeof event.n !== 'number' || typeof event.d !== 'string') return undefined;
    return event as StoredEvent;
  } catch {
    return undefined;
  }
}
