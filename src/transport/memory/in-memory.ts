/**
 * Two transports wired to each other in one process: for tests, and for
 * running a client and server together without any I/O.
 */
import { ConnectionClosedError } from '../../protocol/errors.js';
import type { JSONRPCMessage } from '../../protocol/jsonrpc.js';
import type { InboundBinding, SendOptions, Transport, TransportHandlers } from '../../session/transport.js';

/**
 * One end of an in-memory pair. Messages are delivered on a later microtask,
 * as objects (no serialisation), in the order sent.
 */
export class InMemoryTransport implements Transport {
  private handlers: TransportHandlers | undefined;
  private readonly backlog: JSONRPCMessage[] = [];
  private closed = false;
  /** The other end; set by {@link createInMemoryTransportPair}. */
  other!: InMemoryTransport;

  constructor(private readonly binding?: InboundBinding) {}

  start(handlers: TransportHandlers): void {
    this.handlers = handlers;
    // Deliver what arrived before start, in order.
    for (const message of this.backlog.splice(0)) handlers.onMessage(message, this.binding);
  }

  async send(message: JSONRPCMessage, _options?: SendOptions): Promise<void> {
    if (this.closed) throw new ConnectionClosedError('Cannot send: the in-memory transport is closed');
    const peer = this.other;
    queueMicrotask(() => peer.deliver(message));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers?.onClose();
    const peer = this.other;
    queueMicrotask(() => void peer.close());
  }

  private deliver(message: JSONRPCMessage): void {
    if (this.closed) return;
    if (this.handlers) this.handlers.onMessage(message, this.binding);
    else this.backlog.push(message);
  }
}

/**
 * Creates two connected transports.
 *
 * @example
 * const [clientTransport, serverTransport] = createInMemoryTransportPair();
 */
export function createInMemoryTransportPair(origin?: {
  a?: InboundBinding;
  b?: InboundBinding;
}): [InMemoryTransport, InMemoryTransport] {
  const a = new InMemoryTransport(origin?.a);
  const b = new InMemoryTransport(origin?.b);
  a.other = b;
  b.other = a;
  return [a, b];
}
