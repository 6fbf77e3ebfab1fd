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
 * A {@link ServerEventBus} shared by every process on the same key prefix.
 * A published event reaches this process's subscribers at once, and every
 * other process's through Redis. When Redis cannot be reached, events still
 * reach this process's subscribers and the link's `warn` hears once per
 * outage that they reach no other process: nothing pretends to be shared.
 * Each publish is one message: when several processes announce the same
 * change, subscribers hear it once per process (not yet merged).
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

  constructor(private readonly link: RedisLink) {
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
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }
}

/** Whether a message from the channel holds an event this bus knows (any process may publish there). */
function isServerEvent(value: unknown): value is ServerEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { type, uri } = value as { type?: unknown; uri?: unknown };
  if (type === 'resources/updated') return typeof uri === 'string';
  return (
    type === 'tools/list_changed' || type === 'prompts/list_changed' || type === 'resources/list_changed'
  );
}
