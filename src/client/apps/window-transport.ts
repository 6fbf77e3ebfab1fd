/**
 * A transport over `postMessage` between the host page and one window (the sandbox proxy's
 * iframe). Only messages whose `source` is that window and whose `origin` is its origin are
 * taken: any other frame or page posting to the host is ignored, whatever it claims.
 */
import { JSONRPC_VERSION, type JSONRPCMessage } from '../../protocol/jsonrpc.js';
import { classifyMessage } from '../../protocol/validation/jsonrpc.js';
import type { Transport, TransportHandlers } from '../../session/transport.js';

/**
 * The host's end of the conversation with one framed window.
 *
 * @example
 * const transport = new WindowMessageTransport(window, iframe.contentWindow!, 'https://sandbox.example.net');
 * const peer = new JsonRpcPeer(transport);
 */
export class WindowMessageTransport implements Transport {
  private handlers: TransportHandlers | undefined;
  private readonly listener = (event: MessageEvent): void => this.receive(event);
  private closed = false;

  constructor(
    /** The window whose `message` events are read (the host page's). */
    private readonly self: Window,
    /** The window spoken to, and the only one listened to. */
    private readonly peer: Window,
    /** The peer's origin: the target of every message sent and the only origin accepted. */
    private readonly peerOrigin: string,
  ) {}

  start(handlers: TransportHandlers): void {
    this.handlers = handlers;
    this.self.addEventListener('message', this.listener);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return;
    this.peer.postMessage(message, this.peerOrigin);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.self.removeEventListener('message', this.listener);
    this.handlers?.onClose();
  }

  private receive(event: MessageEvent): void {
    if (this.closed || event.source !== this.peer || event.origin !== this.peerOrigin) return;
    const classified = classifyMessage(event.data);
    const handlers = this.handlers;
    if (!handlers) return;
    switch (classified.kind) {
      case 'request':
      case 'notification':
      case 'result':
        handlers.onMessage(classified.message);
        return;
      case 'error': {
        const { id, error } = classified.message;
        handlers.onMessage(
          id === null || id === undefined
            ? { jsonrpc: JSONRPC_VERSION, error }
            : { jsonrpc: JSONRPC_VERSION, id, error },
        );
        return;
      }
      case 'batch':
        handlers.onInvalid({ jsonrpc: JSONRPC_VERSION, error: classified.error }, classified.error.message);
        return;
      case 'invalid':
        handlers.onInvalid(
          classified.shape === 'response'
            ? undefined
            : classified.id === undefined
              ? { jsonrpc: JSONRPC_VERSION, error: classified.error }
              : { jsonrpc: JSONRPC_VERSION, id: classified.id, error: classified.error },
          classified.error.message,
        );
    }
  }
}
