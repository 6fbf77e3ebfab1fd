/**
 * Server change events carried between processes over Redis pub/sub, so a
 * listen stream held by one process hears a list change or a resource update
 * raised in any other.
 */
import { randomUUID } from 'node:crypto';
import type { ServerEvent, ServerEventBus } from '../server/events.js';
import type { RedisLink } from './link.js';

type Listener = (event: ServerEvent) => void;

/** What goes over the channel: the publishing bus and the event. */
interface Envelope {
  /** The bus that published it (it has delivered it locally already). */
  from: string;
  event: ServerEvent;
}

/**
 * Options of {@link RedisEventBus}.
 *
 * @example
 * const bus = new RedisEventBus(link, { mergeWindowMs: 2000 });
 */
export interface RedisEventBusOptions {
  /**
   * How long a list change's identity (`change`) is remembered to merge the
   * same change announced by another process, in milliseconds. Default 5000.
   * 0 turns merging off.
   */
  mergeWindowMs?: number;
}

/**
 * The default of {@link RedisEventBusOptions.mergeWindowMs}, in milliseconds.
 *
 * @example
 * new RedisEventBus(link, { mergeWindowMs: 2 * DEFAULT_MERGE_WINDOW_MS });
 */
export const DEFAULT_MERGE_WINDOW_MS = 5000;

/**
 * A {@link ServerEventBus} shared by every process on the same key prefix.
 * A published event reaches this process's subscribers at once, and every
 * other process's through Redis. When Redis cannot be reached, events still
 * reach this process's subscribers and the link's `warn` hears once per
 * outage that they reach no other process: nothing pretends to be shared.
 *
 * One notification per change: when several processes announce the same list
 * change (each registering the same tool at start, say), they announce the
 * same identity (`change`, the digest of the listing it produced), and this
 * bus delivers a list change whose type and identity equal those of the last
 * list change of that type it delivered, less than `mergeWindowMs` ago, to no
 * one. So every subscriber hears the change once, and distinct changes are
 * never merged: a different listing has a different identity, and a listing
 * that changed back (A, then B, then A again) is delivered each time, since
 * only the last identity counts. Events without an identity (a
 * `notifyResourceListChanged()`, every `resources/updated`) are never merged.
 *
 * Usually made by `redisBackplane`; on its own it needs a {@link RedisLink}.
 *
 * @example
 * const link = new RedisLink({ url: process.env.REDIS_URL! });
 * const server = new McpServer({ name: 'files', version: '1.0.0' }, { eventBus: new RedisEventBus(link) });
 * server.events.publish({ type: 'resources/updated', uri: 'file:///notes.md' }); // every process's streams hear it
 */
export class RedisEventBus implements ServerEventBus {
  private readonly listeners = new Set<Listener>();
  /** This bus, among every bus on the channel. */
  private readonly id = randomUUID();
  private readonly channel: string;

  /** Per list-change type, the identity last delivered and when. */
  private readonly lastChange = new Map<string, { change: string; at: number }>();
  private readonly mergeWindowMs: number;

  constructor(
    private readonly link: RedisLink,
    options: RedisEventBusOptions = {},
  ) {
    this.mergeWindowMs = options.mergeWindowMs ?? DEFAULT_MERGE_WINDOW_MS;
    this.channel = link.key('events');
    // Subscribed for the bus's life: a subscriber added later hears events at once.
    link.subscribe(this.channel, (message) => this.receive(message));
  }

  /**
   * Delivers `event` to this process's subscribers, then publishes it to the
   * others. Resolves once Redis took it (or once the failure was reported);
   * never rejects.
   *
   * @example
   * await bus.publish({ type: 'resources/updated', uri: 'file:///notes.md' });
   */
  async publish(event: ServerEvent): Promise<void> {
    // Sent to the others even when merged here: their streams may not have heard it.
    this.deliver(event);
    try {
      // Waits for the connection at most commandTimeoutMs, and is never queued beyond it:
      // a change delivered long after the outage would mislead.
      const envelope: Envelope = { from: this.id, event };
      await this.link.run('publishing a change event', (client) =>
        client.publish(this.channel, JSON.stringify(envelope)),
      );
      this.link.recovered();
    } catch (error) {
      this.link.reportOutage(
        'change events reach only the listen streams of this process until it is back',
        error,
      );
    }
  }

  /**
   * Calls `listener` with every event published by any process on the
   * prefix; returns the unsubscribe function.
   *
   * @example
   * const stop = bus.subscribe((event) => console.log(event.type));
   */
  subscribe(listener: (event: ServerEvent) => void): () => void {
    // Keyed by a wrapper, so one function may subscribe twice.
    const entry: Listener = (event) => listener(event);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /**
   * The number of subscribers in this process (open listen streams, sessions).
   *
   * @example
   * console.log(`${bus.size} streams listening here`);
   */
  get size(): number {
    return this.listeners.size;
  }

  private receive(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === this.id || !isServerEvent(envelope.event)) return;
    this.deliver(envelope.event);
  }

  private deliver(event: ServerEvent): void {
    if (this.merged(event)) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }

  /**
   * Whether `event` repeats the list change of its type this bus delivered
   * last (same identity, within the window); records it when not.
   */
  private merged(event: ServerEvent): boolean {
    if (event.type === 'resources/updated' || event.change === undefined || this.mergeWindowMs <= 0) {
      return false;
    }
    const now = Date.now();
    const last = this.lastChange.get(event.type);
    if (last && last.change === event.change && now - last.at < this.mergeWindowMs) return true;
    this.lastChange.set(event.type, { change: event.change, at: now });
    return false;
  }
}

/** Whether a message from the channel holds an event this bus knows (any process may publish there). */
function isServerEvent(value: unknown): value is ServerEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { type, uri, change } = value as { type?: unknown; uri?: unknown; change?: unknown };
  if (type === 'resources/updated') return typeof uri === 'string';
  if (change !== undefined && typeof change !== 'string') return false;
  return (
    type === 'tools/list_changed' || type === 'prompts/list_changed' || type === 'resources/list_changed'
  );
}
