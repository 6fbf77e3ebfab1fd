/**
 * Keeps the SSE events of a 2025 session's request streams so a client that
 * lost a stream (or whose stream the server closed, SEP-1699) can resume it
 * with Last-Event-ID. Event ids name their stream (`<stream>:<n>`), so a
 * resumption replays only that stream. In memory and bounded; the interface
 * is small enough for a shared store.
 */
import { randomIdTag } from '../../session/ids.js';

/** One recorded event. */
export interface LoggedEvent {
  id: string;
  data: string;
}

/** Receives the events of a resumed stream. */
export interface ReplaySink {
  event(event: LoggedEvent): void;
  /** The stream's final event (the response) has been delivered. */
  end(): void;
}

/**
 * A store of stream events for resumption. An event id must name its stream
 * (the log finds its place from `Last-Event-ID` alone), and ids made by
 * different processes must differ, so that a process never replays a stream
 * it did not write as if it were the client's.
 */
export interface StreamEventLog {
  /** Starts a stream and returns its id. */
  openStream(): string;
  /** Records an event of a stream and returns its id. */
  append(streamId: string, data: string, final?: boolean): string;
  /**
   * Replays the events after `lastEventId` to `sink`, then follows the stream
   * live until its final event (written by this process or, for a shared log,
   * another). Resolves with a function that stops following, or undefined
   * when the id is unknown (or already forgotten).
   */
  resume(lastEventId: string, sink: ReplaySink): Promise<(() => void) | undefined>;
}

interface StreamRecord {
  events: LoggedEvent[];
  next: number;
  done: boolean;
  sinks: Set<ReplaySink>;
}

/** Bounds of the in-memory log. */
export interface EventLogLimits {
  /** Streams kept per session; the oldest finished ones go first. Default 64. */
  maxStreams?: number;
  /** Events kept per stream; the oldest go first. Default 1000. */
  maxEventsPerStream?: number;
}

/**
 * The in-memory event log of one session. Stream ids are `<tag>-<n>`, the tag
 * drawn once per log, so a `Last-Event-ID` from another process's log is
 * unknown here rather than mistaken for one of ours.
 *
 * @example
 * const log = new InMemoryEventLog();
 * const stream = log.openStream();
 * const id = log.append(stream, '{"jsonrpc":"2.0","method":"notifications/progress"}');
 * log.resume(id, { event: (e) => write(e), end: () => close() });
 */
export class InMemoryEventLog implements StreamEventLog {
  private readonly streams = new Map<string, StreamRecord>();
  private counter = 0;
  private readonly streamIdPrefix = `${randomIdTag()}-`;
  private readonly maxStreams: number;
  private readonly maxEvents: number;

  constructor(limits: EventLogLimits = {}) {
    this.maxStreams = limits.maxStreams ?? 64;
    this.maxEvents = limits.maxEventsPerStream ?? 1000;
  }

  openStream(): string {
    const id = `${this.streamIdPrefix}${++this.counter}`;
    this.streams.set(id, { events: [], next: 0, done: false, sinks: new Set() });
    this.evict();
    return id;
  }

  append(streamId: string, data: string, final = false): string {
    const record = this.streams.get(streamId);
    const id = `${streamId}:${record ? record.next : 0}`;
    if (!record) return id;
    record.next++;
    const event = { id, data };
    record.events.push(event);
    if (record.events.length > this.maxEvents) record.events.shift();
    if (final) record.done = true;
    for (const sink of [...record.sinks]) {
      sink.event(event);
      if (final) sink.end();
    }
    if (final) record.sinks.clear();
    return id;
  }

  // Async only for the interface: the sink is registered before this returns, so no append is missed.
  async resume(lastEventId: string, sink: ReplaySink): Promise<(() => void) | undefined> {
    const colon = lastEventId.lastIndexOf(':');
    if (colon === -1) return undefined;
    const record = this.streams.get(lastEventId.slice(0, colon));
    const seq = Number(lastEventId.slice(colon + 1));
    if (!record || !Number.isSafeInteger(seq)) return undefined;
    const oldest = record.events[0];
    if (oldest && Number(oldest.id.slice(oldest.id.lastIndexOf(':') + 1)) > seq + 1) return undefined;
    for (const event of record.events) {
      if (Number(event.id.slice(event.id.lastIndexOf(':') + 1)) > seq) sink.event(event);
    }
    if (record.done) {
      sink.end();
      return () => {};
    }
    record.sinks.add(sink);
    return () => record.sinks.delete(sink);
  }

  private evict(): void {
    if (this.streams.size <= this.maxStreams) return;
    for (const [id, record] of this.streams) {
      if (this.streams.size <= this.maxStreams) break;
      if (record.done || record.sinks.size === 0) this.streams.delete(id);
    }
  }
}
