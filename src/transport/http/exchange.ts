/**
 * The shapes the Streamable HTTP endpoint shares with its adapters (fetch, `node:http`), its
 * handlers and the per-request exchange: the request as seen, the responder, the exchange a
 * handler gets, and what it returns. Types only, so every module of the endpoint can import
 * them without importing each other.
 */
import type { JSONRPCNotification, JSONRPCResponse } from '../../protocol/jsonrpc.js';
import type { Cancellation } from '../../session/cancellation.js';
import type { HttpRequestInfo } from '../../session/transport.js';

/** The inbound HTTP request as the endpoint sees it (declared with the message binding it travels in). */
export type { HttpRequestInfo } from '../../session/transport.js';

/** Reads the body, refusing more than `limit` bytes. */
export type BodyReader = (limit: number) => Promise<{ text: string } | { tooLarge: number }>;

/** Writes to an open SSE response. */
export interface EventStreamWriter {
  /** Writes one chunk (already SSE-framed). Ignored once closed. */
  write(chunk: string): void;
  /** Ends the response. */
  end(): void;
  /** True once the response ended or the client went away. */
  readonly closed: boolean;
}

/** How the endpoint answers; implemented by each adapter. Exactly one method is called per request. */
export interface HttpResponder {
  /** A complete response. `body` null means no body. */
  send(status: number, headers: Record<string, string>, body: string | null): void;
  /** Starts a streaming (SSE) response. `onClose` fires if the client goes away first. */
  stream(status: number, headers: Record<string, string>, onClose: () => void): EventStreamWriter;
}

/** What a request handler returns: the response message and, optionally, the HTTP status and headers. */
export interface HttpReply {
  message: JSONRPCResponse;
  /** Default 200. Only used when the answer is a JSON body (a stream has already sent 200). */
  status?: number;
  headers?: Record<string, string>;
}

/** Handed to a request handler: where related messages go, and the request's cancellation. */
export interface HttpExchange {
  readonly info: HttpRequestInfo;
  /** Aborts when the client closes the response stream, which is cancellation in 2026-07-28. */
  readonly signal: AbortSignal;
  /**
   * The same cancellation without allocating a signal until one is asked for: hand it to
   * `Dispatcher.handleRequest` so a request no handler watches costs no AbortController.
   * Optional, so that an exchange made by hand with only a `signal` still serves; consumers
   * use `exchange.cancellation ?? exchange.signal`. The endpoint's exchanges keep every member
   * as an own property, so a copy (`{ ...exchange, notify }`) works like the original.
   */
  readonly cancellation?: Cancellation;
  /** Sends a notification related to the request, switching the response to SSE on first use. */
  notify(notification: JSONRPCNotification): Promise<void>;
  /** Whether the client accepts an SSE answer. When false, related notifications are dropped. */
  readonly acceptsEventStream: boolean;
  /**
   * Numbers this request's SSE events so a client can resume them (2025-era
   * resumability, SEP-1699). Call before the first event: the stream then
   * opens with a priming event carrying an id and `retry`.
   */
  numberEvents(numbering: EventNumbering): void;
  /**
   * Ends the SSE answer now while the request goes on (SEP-1699 polling). Later
   * events are only numbered, for a client that resumes with Last-Event-ID.
   */
  closeStream(): void;
  /** The request was cancelled: end the exchange without the response the handler returns. */
  withholdResponse?(): void;
}

/** How a request's SSE events are numbered and kept for resumption. */
export interface EventNumbering {
  /** The reconnection delay sent with the priming event, ms. */
  retryMs?: number;
  /** Records one event (`''` for the priming event) and returns its id. */
  next(data: string): string;
}

/** A complete answer to a GET or DELETE: a status, and a JSON body when there is something to say. */
export interface HttpStatusReply {
  readonly status: number;
  /** Sent as JSON (a JSON-RPC error, say); no body when absent. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A long-lived SSE answer to a GET (the 2025 session stream, or a resumed request stream). */
export interface HttpStreamReply {
  readonly stream: {
    /** Called once with the open stream; write SSE-framed chunks to it, end it when done. */
    open(writer: EventStreamWriter): void;
    /** The client left before the stream ended. */
    onClose(): void;
    /** Keep-alive comment interval, ms; 0 for none. Default: the endpoint's. */
    readonly keepAliveMs?: number;
  };
}

/** What a GET or DELETE handler answers; the endpoint writes it, with the configured response headers. */
export type HttpMethodReply = HttpStatusReply | HttpStreamReply;

/** Non-POST requests an endpoint may serve (the legacy GET stream, session DELETE); 405 otherwise. */
export type HttpMethodHandler = (info: HttpRequestInfo) => Promise<HttpMethodReply> | HttpMethodReply;
