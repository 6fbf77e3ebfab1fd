/**
 * The 2025-era standalone SSE stream of a Streamable HTTP session: a GET on
 * the endpoint that carries what the server sends outside any request (list
 * changes, resource updates, and, with some servers, requests for input).
 * Opened once the session exists; resumed with `Last-Event-ID` after the
 * server's `retry` delay when it ends; dropped quietly when the server offers
 * none (405). 2026-07-28 has no such stream.
 *
 * The HTTP transport does not open this stream itself, so the client taps the
 * transport's inbound side and delivers the stream's messages through it.
 */

import type { JSONRPCMessage, RequestId } from '../protocol/jsonrpc.js';
import type { SendOptions, Transport, TransportHandlers } from '../session/transport.js';
import { decodeMessage } from '../transport/decode.js';
import { endEventStream, isFatalSseError } from '../transport/http/client.js';
import { loadSseParser } from '../transport/http/sse-parser.js';
import { type HttpWire, type WireAnswer, WireCancel } from '../transport/http/wire.js';

/**
 * A transport wrapper whose owner can deliver messages that arrived by
 * another way (the standalone GET stream) as if the transport had read them.
 */
export class TappedTransport implements Transport {
  private handlers: TransportHandlers | undefined;

  constructor(readonly inner: Transport) {}

  start(handlers: TransportHandlers): void | Promise<void> {
    this.handlers = handlers;
    return this.inner.start(handlers);
  }

  send(message: JSONRPCMessage, options?: SendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  cancel(requestId: RequestId, reason: string): boolean {
    return this.inner.cancel?.(requestId, reason) ?? false;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Hands one inbound message to whoever drives the transport. */
  deliver(message: JSONRPCMessage): void {
    this.handlers?.onMessage(message);
  }

  /** Reports unreadable inbound input. */
  reportInvalid(detail: string): void {
    this.handlers?.onInvalid(undefined, detail);
  }
}

/** How to reach the endpoint for the standalone stream. */
export interface StandaloneStreamOptions {
  url: URL;
  /**
   * How the GETs are sent: the client's own wire (Node's HTTP client, or the fetch given), not a
   * web `fetch` built over it, so that opening the stream does not load Node's web streams and
   * `Response` (tens of milliseconds of a fresh process).
   */
  wire: HttpWire;
  /** The session's headers (session id, protocol version, authorization), per attempt. */
  headers: () => Promise<Record<string, string>>;
  /** Where the stream's messages and unreadable events go: the transport the client reads. */
  sink: Pick<TappedTransport, 'deliver' | 'reportInvalid'>;
  /** Largest SSE event, bytes. */
  maxMessageBytes?: number;
}

/** Delay before reconnecting when the server named none, ms. */
export const DEFAULT_STANDALONE_RETRY_MS = 1000;
/** How long opening waits for the server's first answer before going on, ms. */
export const OPEN_WAIT_MS = 5000;
/** Failed GETs in a row (no HTTP answer at all) before the client gives up. */
export const MAX_GET_FAILURES = 3;
/** Reconnections in a row that delivered nothing before the client gives up. */
export const MAX_IDLE_RECONNECTS = 5;

/** The standalone stream of one session. */
export class StandaloneStream {
  // Not an AbortController: its signal costs several hundred bytes for as long as the session
  // lives, most often for a server that offers no stream at all.
  private readonly cancel = new WireCancel();
  private lastEventId: string | undefined;
  private retryMs: number | undefined;
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(private readonly options: StandaloneStreamOptions) {}

  /** Whether the stream may still deliver: opened, and not given up (405, 404, repeated failures) or closed. */
  get active(): boolean {
    return this.running;
  }

  /**
   * Opens the stream. Resolves once the server answered the first GET (so
   * that nothing the server sends right after is lost), whatever it said;
   * the stream then runs in the background until {@link close}.
   */
  open(waitMs = OPEN_WAIT_MS): Promise<void> {
    let opened!: () => void;
    const first = new Promise<void>((resolve) => {
      opened = resolve;
    });
    this.running = true;
    this.loop = this.run(opened).finally(() => {
      this.running = false;
      opened();
    });
    // A server that holds back the headers of its stream must not hold up the client.
    const timer = setTimeout(opened, waitMs);
    return first.finally(() => clearTimeout(timer));
  }

  /** Stops reading and reconnecting. */
  async close(): Promise<void> {
    this.cancel.abort();
    await this.loop?.catch(() => {});
  }

  private async run(opened: () => void): Promise<void> {
    const cancel = this.cancel;
    for (let idle = 0, failures = 0; idle <= MAX_IDLE_RECONNECTS && !cancel.aborted; ) {
      let response: WireAnswer;
      try {
        const headers: Record<string, string> = {
          ...(await this.options.headers()),
          accept: 'text/event-stream',
        };
        if (this.lastEventId !== undefined) headers['last-event-id'] = this.lastEventId;
        response = await this.options.wire({ method: 'GET', url: this.options.url, headers, signal: cancel });
      } catch {
        // Closed; or the connection failed (a reset keep-alive connection, say): GET may go again.
        if (cancel.aborted || ++failures > MAX_GET_FAILURES) break;
        await sleep(failures === 1 ? 0 : (this.retryMs ?? DEFAULT_STANDALONE_RETRY_MS), cancel);
        continue;
      }
      failures = 0;
      opened();
      const contentType = response.headers.get('content-type') ?? '';
      const ok = response.status >= 200 && response.status < 300;
      if (!ok || !/^text\/event-stream/i.test(contentType)) {
        // 405: the server offers no standalone stream; 404: the session ended.
        await response.discard().catch(() => {});
        return;
      }
      const delivered = await this.consume(response, cancel);
      if (cancel.aborted) return;
      idle = delivered ? 0 : idle + 1;
      await sleep(this.retryMs ?? DEFAULT_STANDALONE_RETRY_MS, cancel);
    }
  }

  /** Reads one response to its end; true when it carried at least one event. */
  private async consume(response: WireAnswer, cancel: WireCancel): Promise<boolean> {
    let delivered = false;
    let broken = false;
    const { createParser } = await loadSseParser();
    const parser = createParser({
      maxBufferSize: this.options.maxMessageBytes,
      onRetry: (ms) => {
        this.retryMs = ms;
      },
      onEvent: (event) => {
        if (event.id !== undefined) this.lastEventId = event.id;
        if (event.event !== undefined && event.event !== 'message') return;
        if (event.data === '') return; // A priming event.
        delivered = true;
        const decoded = decodeMessage(event.data);
        if ('message' in decoded) this.options.sink.deliver(decoded.message);
        else
          this.options.sink.reportInvalid(`Unreadable event on the standalone SSE stream: ${decoded.detail}`);
      },
      onError: (error) => {
        if (isFatalSseError(error)) broken = true;
      },
    });
    // Closing must end a read even when the body does not follow the request's signal.
    // (It takes over from the wire's own callback, which would end the request the same way.)
    const stopFollowing = cancel.follow(() => void response.discard().catch(() => {}));
    try {
      let text = '';
      for await (const piece of response.chunks()) {
        if (piece !== '') text = piece;
        parser.feed(piece);
        if (cancel.aborted || broken) break;
      }
      if (!cancel.aborted && !broken) endEventStream(parser, text);
    } catch {
      // A broken connection ends this read; the loop decides whether to reconnect.
    } finally {
      stopFollowing();
    }
    return delivered;
  }
}

/** Waits `ms`, or less when `cancel` aborts first (it is followed only while waiting). */
function sleep(ms: number, cancel: WireCancel): Promise<void> {
  return new Promise((resolve) => {
    if (cancel.aborted) return resolve();
    const timer = setTimeout(done, ms);
    const stopFollowing = cancel.follow(done);
    function done() {
      clearTimeout(timer);
      stopFollowing();
      resolve();
    }
  });
}
