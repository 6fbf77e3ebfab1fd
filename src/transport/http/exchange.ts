/**
 * The shapes the Streamable HTTP endpoint shares with its adapters (fetch, `node:http`), its
 * handlers and the per-request exchange: the request as seen, the responder, the exchange a
 * handler gets, and what it returns. Types only, so every module of the endpoint can import
 * them without importing each other.
 */
import type { JSONRPCNotification, JSONRPCResponse } from '../../protocol/jsonrpc.js';
import type { Cancellation } from '../../session/cancellation.js';

/** The inbound HTTP request as the endpoint sees it. */
export interface HttpRequestInfo {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The request URL (absolute when the adapter knows the host). */
  readonly url: string;
  /** A request header by name (case-insensitive), or null. */
  header(name: string): string | null;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** Whatever the adapter or middleware attached (the raw request, an authenticated principal, ...). */
  readonly extra: Record<string, unknown>;
}

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
}

/** How a request's SSE events are numbered and kept for resumption. */
export interface EventNumbering {
  /** The reconnection delay sent with the priming event, ms. */
  retryMs?: number;
  /** Records one event (`''` for the priming event) and returns its id. */
  next(data: string): string;
}

/** Non-POST requests an endpoint may serve (the legacy GET stream, session DELETE); 405 otherwise. */
export type HttpMethodHandler = (info: HttpRequestInfo, respond: HttpResponder) => Promise<void> | void;
