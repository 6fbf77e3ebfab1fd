/**
 * The contract every transport fulfils: a duplex of JSON-RPC messages.
 *
 * Correlation, timeouts, cancellation and progress live once, in the session
 * engine; a transport only moves whole messages and reports what it could not
 * read.
 */
import type { JSONRPCErrorResponse, JSONRPCMessage, RequestId } from '../protocol/jsonrpc.js';

/** The HTTP request that carried an inbound message, as the Streamable HTTP endpoint sees it. */
export interface HttpRequestInfo {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The request URL (absolute when the adapter knows the host). */
  readonly url: string;
  /** A request header by name (case-insensitive), or null. */
  header(name: string): string | null;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** The TCP peer's address, where the adapter knows it (`node:http` does; fetch runtimes do not). */
  readonly remoteAddress?: string;
  /** Whatever the adapter or middleware attached (the raw request, an authenticated principal, ...). */
  readonly extra: Record<string, unknown>;
}

/**
 * What carried an inbound message: built by the transport side (the HTTP request, the
 * connection) and completed by the serving edge, which adds what it decided (a server's
 * binding extends this one). Handlers and middleware read it as `ctx.binding`.
 */
export interface InboundBinding {
  /** The HTTP request, when Streamable HTTP carried the message. */
  readonly http?: HttpRequestInfo;
  /**
   * State that lives as long as the connection: one per stdio or in-memory connection, one
   * per 2025 HTTP session. The engine never looks inside; a server keeps its session there.
   */
  readonly connection?: object;
  /** Ends the request's SSE answer now while the request goes on (SEP-1699), where the transport can. */
  readonly closeStream?: () => void;
  /**
   * Client side: the id of this side's request whose response stream carried this message (a
   * 2025 server's `elicitation/create` on a POST's SSE stream), so the client can give it to the
   * handlers of the call that asked. Absent where nothing ties the two (stdio, a standalone stream).
   */
  readonly relatedRequestId?: RequestId;
}

/** Callbacks a transport calls. Set once, by whoever drives the transport. */
export interface TransportHandlers {
  /** A well-formed JSON-RPC message arrived. */
  onMessage(message: JSONRPCMessage, binding?: InboundBinding): void;
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
