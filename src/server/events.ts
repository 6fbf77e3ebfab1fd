/**
 * The server's change events: list changes and resource updates, fanned out to
 * every open `subscriptions/listen` stream (and, on 2025 sessions, to session
 * streams). In memory by default; the interface is small so a shared bus
 * (Redis, say) can carry events between server processes.
 */

/** One change a listener may want to hear about. */
export type ServerEvent =
  | { type: 'tools/list_changed' }
  | { type: 'prompts/list_changed' }
  | { type: 'resources/list_changed' }
  | { type: 'resources/updated'; uri: string };

/** Delivers server events to subscribers, possibly across processes. */
export interface ServerEventBus {
  /** Publishes an event to every subscriber (in every process sharing the bus). */
  publish(event: ServerEvent): void | Promise<void>;
  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (event: ServerEvent) => void): () => void;
}

/**
 * The in-process bus.
 *
 * @example
 * const bus = new InMemoryEventBus();
 * const stop = bus.subscribe((event) => console.log(event.type));
 * bus.publish({ type: 'tools/list_changed' });
 * stop();
 */
export class InMemoryEventBus implements ServerEventBus {
  private readonly listeners = new Set<(event: ServerEvent) => void>();

  publish(event: ServerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The number of subscribers (open listen streams, sessions). */
  get size(): number {
    return this.listeners.size;
  }
}
