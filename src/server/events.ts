/**
 * The server's change events: list changes and resource updates, fanned out to
 * every open `subscriptions/listen` stream (and, on 2025 sessions, to session
 * streams). In memory by default; the interface is small so a shared bus
 * (Redis, say) can carry events between server processes.
 */

/**
 * One change a listener may want to hear about. A list change may carry
 * `change`, its identity: a digest of the listing the change produced (see
 * {@link listingDigest}). Processes that make the same change (each
 * registering the same tool at start, say) announce the same identity, so a
 * shared bus may deliver it once; distinct listings never share one. An
 * event without `change`, and every `resources/updated`, is never merged.
 *
 * @example
 * const event: ServerEvent = { type: 'tools/list_changed', change: listingDigest(['echo', 'add']) };
 */
export type ServerEvent =
  | { type: 'tools/list_changed'; change?: string }
  | { type: 'prompts/list_changed'; change?: string }
  | { type: 'resources/list_changed'; change?: string }
  | { type: 'resources/updated'; uri: string };

/**
 * The identity of a list change: a digest (64-bit FNV-1a, hex) of the
 * listing it produced, given as one string per entry (a name, or a name and
 * its definition). Order does not matter; the same entries give the same
 * digest in every process, different entries differ (collisions aside, at
 * odds of about 2^-64).
 *
 * @example
 * listingDigest(['b', 'a']) === listingDigest(['a', 'b']); // true
 * listingDigest(['a']) === listingDigest(['a', 'b']); // false
 */
export function listingDigest(entries: Iterable<string>): string {
  const text = JSON.stringify([...entries].sort());
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * Delivers server events to subscribers, possibly across processes. A bus
 * shared by several processes may merge list changes announced with the same
 * `change` identity within a short window (each subscriber hears the change
 * once); it never merges events without one, nor distinct identities.
 *
 * @example
 * const bus: ServerEventBus = new InMemoryEventBus();
 * const stop = bus.subscribe((event) => console.log(event.type));
 * await bus.publish({ type: 'resources/updated', uri: 'file:///notes.md' });
 * stop();
 */
export interface ServerEventBus {
  /** Publishes an event to every subscriber (in every process sharing the bus). */
  publish(event: ServerEvent): void | Promise<void>;
  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (event: ServerEvent) => void): () => void;
}

/**
 * The in-process bus. It delivers every event as published (one process
 * never announces the same change twice, so there is nothing to merge).
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
