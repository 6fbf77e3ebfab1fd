/**
 * The life of one POSTed JSON-RPC request on the Streamable HTTP endpoint: the handler's view
 * of it ({@link HttpExchange}), the switch to an SSE answer on the first related message, and
 * the final answer.
 *
 * It is a class so that the per-request state lives in one object: the closures and the object
 * literal it replaced were a large part of what serving a request allocated. The members a
 * handler sees ({@link HttpExchange}) are own properties all the same, because handlers copy
 * exchanges (`{ ...exchange, notify }`) and a copy only takes own properties.
 */

import type { JSONRPCNotification, JSONRPCResponse } from '../../protocol/jsonrpc.js';
import { Cancellation } from '../../session/cancellation.js';
import { encodeMessage } from '../encode.js';
import type {
  EventNumbering,
  EventStreamWriter,
  HttpExchange,
  HttpRequestInfo,
  HttpResponder,
} from './exchange.js';
import { formatPrimingEvent, formatSseEvent, openEventStream, SSE_HEADERS } from './sse.js';

/** What the exchange needs from its endpoint. */
interface ExchangeSettings {
  /** Response headers for a given base (the endpoint adds its extra headers). */
  headers(base?: Readonly<Record<string, string>>): Record<string, string>;
  /** SSE keep-alive interval, ms; 0 for none. */
  readonly keepAliveMs: number;
  /** Which answer forms an Accept header allows (the endpoint remembers the last one parsed). */
  acceptOf(header: string | null): Readonly<{ json: boolean; eventStream: boolean }>;
}

const CLIENT_CLOSED = 'The client closed the connection';

/**
 * `signal` as an own, enumerable accessor: a copy of the exchange gets the signal itself, while
 * the original still makes it only when asked. One descriptor shared by every exchange.
 */
const SIGNAL_PROPERTY: PropertyDescriptor = {
  get(this: RequestExchange): AbortSignal {
    return this.cancellation.signal;
  },
  enumerable: true,
};

/**
 * One request's exchange; the endpoint makes it, hands it to the request handler, then offers
 * the handler's response to {@link RequestExchange.answeredOnStream}.
 *
 * @example
 * const exchange = new RequestExchange(info, respond, settings);
 * const reply = await handlers.onRequest(request, exchange);
 * if (!exchange.answeredOnStream(reply.message)) sendJson(reply);
 */
export class RequestExchange implements HttpExchange {
  readonly cancellation: Cancellation;
  declare readonly signal: AbortSignal;
  private stream: EventStreamWriter | undefined;
  private numbering: EventNumbering | undefined;
  private closedByServer = false;
  private followingClient = false;
  private withheld = false;
  /** True once the handler's answer was offered: the response has started or is being sent. */
  private answered = false;

  readonly acceptsEventStream: boolean;

  constructor(
    readonly info: HttpRequestInfo,
    private readonly respond: HttpResponder,
    private readonly settings: ExchangeSettings,
    /** The request's id was an integer beyond 2^53 - 1, kept as its digits: write them back as a number. */
    private readonly wideId = false,
  ) {
    this.acceptsEventStream = settings.acceptOf(info.header('accept')).eventStream;
    // The client's connection is followed only once someone asks for the signal; until then a
    // closed SSE stream is what marks the request cancelled, and an answer to a client that
    // already left is dropped by the adapter.
    this.cancellation = new Cancellation(() => this.followClient());
    Object.defineProperty(this, 'signal', SIGNAL_PROPERTY);
  }

  // Own functions, not methods: handlers pass them around unbound and copy the exchange.

  readonly notify = async (notification: JSONRPCNotification): Promise<void> => {
    if (!this.acceptsEventStream) return;
    // Once the client has left there is no one to tell, unless the events are numbered: then
    // they are still recorded, for the client that resumes with Last-Event-ID (2025 sessions).
    if (this.cancellation.aborted && this.numbering === undefined) return;
    this.emit(JSON.stringify(notification));
  };

  readonly numberEvents = (numbering: EventNumbering): void => {
    if (!this.stream) this.numbering = numbering;
  };

  readonly closeStream = (): void => {
    if (!this.acceptsEventStream || this.closedByServer || this.cancellation.aborted) return;
    // Once answered, only a stream still open (a withheld answer's) can be closed: opening one
    // now would start a second response.
    if (this.answered && (this.stream === undefined || this.stream.closed)) return;
    const open = this.stream ?? this.openStream();
    this.closedByServer = true;
    open.end();
  };

  readonly withholdResponse = (): void => {
    this.withheld = true;
  };

  /**
   * Ends the exchange with the handler's response. Answers it as the last event of the SSE
   * stream if one was opened (or drops it: cancelled, or closed by the server and only
   * recorded), or with 499 when the client cancelled; returns false when the response is
   * still to be sent as a body, which the endpoint does.
   */
  answeredOnStream(message: JSONRPCResponse): boolean {
    this.answered = true;
    this.settle();
    const stream = this.stream;
    if (this.withheld) {
      this.endWithoutResponse(stream);
      return true;
    }
    if (stream) {
      // After a server-side close the answer is only recorded, for a client that resumes. When the
      // client closed the stream: where that is cancellation (2026-07-28) there is no numbering and
      // the answer is dropped; a numbered stream (a 2025 session, where a disconnect is not
      // cancellation) records it, so the client resuming gets it.
      if (this.closedByServer || stream.closed) this.numbering?.next(encodeMessage(message, this.wideId));
      else {
        this.emit(encodeMessage(message, this.wideId));
        stream.end();
      }
      return true;
    }
    if (this.cancellation.aborted) {
      this.respond.send(499, this.settings.headers(), null);
      return true;
    }
    return false;
  }

  /**
   * Ends a cancelled request's exchange with no JSON-RPC response, which its client no longer
   * expects (a 2025 session cancels with `notifications/cancelled`; a response would reach the
   * client as one to an unknown id). With nothing sent yet, the answer is an SSE stream that
   * carries no message (a request's answer must be SSE or JSON), or 202 to a client that takes
   * only JSON. An open stream ends without the response, except a numbered one (2025-11-25):
   * its client would resume it after the end, so it is left open, idle, for the client to close.
   */
  private endWithoutResponse(stream: EventStreamWriter | undefined): void {
    if (stream === undefined) {
      if (this.acceptsEventStream)
        this.respond.stream(200, this.settings.headers(SSE_HEADERS), () => {}).end();
      else this.respond.send(202, this.settings.headers(), null);
      return;
    }
    if (this.numbering === undefined && !stream.closed) stream.end();
  }

  /** The handler is done: stop following the client. */
  private settle(): void {
    if (this.followingClient) {
      this.followingClient = false;
      this.info.signal.removeEventListener('abort', this.onDisconnect);
    }
  }

  private readonly onDisconnect = (): void => {
    // An AbortError, as an aborted fetch gives: a handler that ends with it was cancelled, not broken.
    this.cancellation.abort(new DOMException(CLIENT_CLOSED, 'AbortError'));
  };

  private followClient(): void {
    const signal = this.info.signal;
    if (signal.aborted) this.onDisconnect();
    else {
      this.followingClient = true;
      signal.addEventListener('abort', this.onDisconnect, { once: true });
    }
  }

  private emit(data: string): void {
    // Before opening a stream, make sure the client is still there: with nobody following the
    // client (no one asked for the signal), a stream would otherwise be opened to a client that
    // already left, and buffer until the handler ends. Checked once, at the first event.
    if (
      this.stream === undefined &&
      !this.closedByServer &&
      !this.cancellation.aborted &&
      this.info.signal.aborted
    )
      this.onDisconnect();
    if (this.closedByServer || this.cancellation.aborted || this.stream?.closed) {
      this.numbering?.next(data);
      return;
    }
    // Open first, so the priming event takes the stream's first id.
    const target = this.stream ?? this.openStream();
    target.write(formatSseEvent(data, this.numbering?.next(data)));
  }

  private openStream(): EventStreamWriter {
    const stream = openEventStream(
      this.respond,
      this.settings.headers(SSE_HEADERS),
      this.settings.keepAliveMs,
      this.onDisconnect,
    );
    this.stream = stream;
    if (this.numbering) stream.write(formatPrimingEvent(this.numbering.next(''), this.numbering.retryMs));
    return stream;
  }
}
