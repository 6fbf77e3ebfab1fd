/**
 * A 2025-era session: what the `initialize` handshake fixed for a stdio
 * connection or an HTTP `Mcp-Session-Id`, and the session-wide state the
 * 2025 revisions keep (log level, resource subscriptions, the stream for
 * unsolicited notifications).
 */
import type { JSONRPCNotification } from '../../protocol/jsonrpc.js';
import type { ClientCapabilities } from '../../protocol/types/modern/capabilities.js';
import type { ClientIdentity } from '../client-identity.js';
import type { ServerEvent, ServerEventBus } from '../events.js';
import type { LogLevel } from '../logging.js';

/** Where a session's unsolicited notifications go (the stdio connection, the HTTP GET stream). */
export type SessionSink = (notification: JSONRPCNotification) => void;

/**
 * One legacy session, opened with the handshake's outcome.
 *
 * @example
 * const session = new LegacySession('2025-11-25', clientCapabilities, clientInfo);
 * session.attach(bus, (notification) => peer.notify(notification.method, notification.params));
 */
export class LegacySession {
  /** Set by `logging/setLevel`; no messages until then. */
  logLevel: LogLevel | undefined;
  /** URIs subscribed with `resources/subscribe`. */
  readonly subscriptions = new Set<string>();
  /** True once `notifications/initialized` arrived. */
  initialized = false;
  /** Last time a message of this session arrived (ms since epoch). */
  lastActive = Date.now();
  private sink: SessionSink | undefined;
  /** Where notifications go when another process holds the session's stream. */
  private remoteSink: SessionSink | undefined;
  private detach: (() => void) | undefined;

  constructor(
    /** The negotiated revision. */
    readonly protocolVersion: string,
    /** What the client declared in `initialize`. */
    readonly clientCapabilities: ClientCapabilities = {},
    /** Who the client said it is. */
    readonly clientInfo?: ClientIdentity,
    /** The HTTP session id, when there is one. */
    readonly id?: string,
  ) {}

  /** Starts forwarding the server's change events to this session. */
  attach(bus: ServerEventBus, sink?: SessionSink): void {
    if (sink) this.sink = sink;
    this.detach ??= bus.subscribe((event) => this.forward(event));
  }

  /** Replaces where unsolicited notifications go (a new GET stream, say); undefined drops them. */
  setSink(sink: SessionSink | undefined): void {
    this.sink = sink;
  }

  /**
   * Where {@link notify} sends when this process holds no stream of the
   * session but another process does (a shared session store): the
   * notification is passed on to it. Change events are not: every process
   * hears them, and the one holding the stream forwards them itself.
   */
  setRemoteSink(sink: SessionSink | undefined): void {
    this.remoteSink = sink;
  }

  /**
   * Sends an unsolicited notification on the session's stream (stdio, the HTTP
   * GET stream), here or in the process holding it. False when there is none
   * to send it on.
   */
  notify(method: string, params?: Record<string, unknown>): boolean {
    const sink = this.sink ?? this.remoteSink;
    if (!sink) return false;
    sink(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
    return true;
  }

  /** Ends the session: no more events. */
  close(): void {
    this.detach?.();
    this.detach = undefined;
    this.sink = undefined;
    this.remoteSink = undefined;
  }

  private forward(event: ServerEvent): void {
    if (!this.sink || !this.initialized) return;
    if (event.type === 'resources/updated') {
      if (this.subscriptions.has(event.uri)) {
        this.sink({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: event.uri } });
      }
      return;
    }
    this.sink({ jsonrpc: '2.0', method: `notifications/${event.type}` });
  }
}
