/**
 * The contract every transport fulfils: a duplex of JSON-RPC messages.
 *
 * Correlation, timeouts, cancellation and progress live once, in the session
 * engine; a transport only moves whole messages and reports what it could not
 * read.
 */
import type { JSONRPCErrorResponse, JSONRPCMessage, RequestId } from '../protocol/jsonrpc.js';

/** What a transport knows about where an inbound message came from. */
export interface MessageOrigin {
  /** Extra, binding-specific facts (HTTP headers, the authenticated principal, ...). */
  readonly [key: string]: unknown;
}

/** Callbacks a transport calls. Set once, by whoever drives the transport. */
export interface TransportHandlers {
  /** A well-formed JSON-RPC message arrived. */
  onMessage(message: JSONRPCMessage, origin?: MessageOrigin): void;
  /**
   * Input arrived that is not a usable JSON-RPC message (bad JSON, wrong
   * `jsonrpc`, too large). `reply` is the error response the peer should get,
   * with the id when it could be read, or undefined when nothing may be sent
   * back (the input was a malformed response).
   */
  onInvalid(reply: JSONRPCErrorResponse | undefined, detail: string): void;
  /**
   * An outbound request can no longer be answered on this transport (its
   * response stream broke, or the server refused it without a JSON-RPC
   * answer). The session fails that request with `error`.
   */
  onRequestFailed?(requestId: RequestId, error: Error): void;
  /** The transport closed, by either side. `error` is set when it closed because something failed. */
  onClose(error?: Error): void;
}

/** Per-send hints; transports that cannot use one ignore it. */
export interface SendOptions {
  /** The inbound request this message belongs to, so it travels on that request's stream. */
  relatedRequestId?: RequestId;
}

/**
 * A duplex of JSON-RPC messages.
 *
 * @example
 * const [a, b] = createInMemoryTransportPair();
 * a.start({ onMessage: (m) => console.log(m), onInvalid() {}, onClose() {} });
 * await b.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
 */
export interface Transport {
  /** Begins delivering inbound messages to `handlers`. Called once. */
  start(handlers: TransportHandlers): void | Promise<void>;
  /** Sends one message. Rejects with `ConnectionClosedError` once closed. */
  send(message: JSONRPCMessage, options?: SendOptions): Promise<void>;
  /**
   * Cancels an outbound request in the way this transport defines, if it has
   * one (Streamable HTTP 2026-07-28 closes the response stream). Returns false
   * when the session should send `notifications/cancelled` instead.
   */
  cancel?(requestId: RequestId, reason: string): boolean;
  /** Closes the transport; `onClose` fires once. Safe to call twice. */
  close(): Promise<void>;
}
