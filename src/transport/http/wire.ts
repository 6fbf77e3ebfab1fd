/**
 * How the Streamable HTTP client puts one request on the network and reads its answer, whatever
 * carries it: the web-standard `fetch` (every runtime, and whatever fetch a user passes), or
 * Node's own HTTP client (`node-wire.ts`), which costs a fraction of fetch per request. The
 * transport reads a status, a few headers and the body, and builds a web `Response` only where an
 * application hook asks for one.
 */

/**
 * The status and headers of an answer, all that response hooks and errors read.
 *
 * @example
 * const head: HttpResponseHead = new Response(null, { status: 202 });
 * head.headers.get('mcp-session-id'); // null
 */
export interface HttpResponseHead {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
}

/** One HTTP request the client makes. */
export interface WireRequest {
  readonly method: 'POST' | 'GET' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * Aborting it ends the request and its answer's body. A {@link WireCancel} is the cheaper form
   * (no AbortController unless a wire needs one); {@link abortSignalOf} gives an AbortSignal either way.
   */
  readonly signal?: AbortSignal | WireCancel;
}

/**
 * A request's cancellation that makes an `AbortSignal` only when something asks for one. The
 * transport makes one per POST; Node's wire reacts to it through a single callback, so a request
 * that is never cancelled costs no AbortController and no event listener (at thousands of calls
 * per second those were a visible part of the client's CPU).
 *
 * @example
 * const cancel = new WireCancel();
 * const answer = wire({ method: 'GET', url, headers: {}, signal: cancel });
 * cancel.abort(new Error('no longer needed'));
 */
export class WireCancel {
  #aborted = false;
  #reason: unknown;
  #onAbort: (() => void) | undefined;
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** An AbortSignal that follows this cancellation, made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /**
   * Runs `callback` when this is aborted, in place of any callback set before (one request at a
   * time owns it: a POST, then the GETs that resume its stream). Returns what stops it, which
   * leaves a later request's callback alone.
   */
  follow(callback: () => void): () => void {
    this.#onAbort = callback;
    return () => {
      if (this.#onAbort === callback) this.#onAbort = undefined;
    };
  }

  /** Aborts with `reason`; later calls are ignored, as with AbortController. */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const callback = this.#onAbort;
    this.#onAbort = undefined;
    callback?.();
    this.#controller?.abort(this.#reason);
  }
}

/**
 * The AbortSignal of a request's `signal`, whichever form it has.
 *
 * @example
 * const init: RequestInit = { signal: abortSignalOf(request.signal) };
 */
export function abortSignalOf(signal: AbortSignal | WireCancel | undefined): AbortSignal | undefined {
  return signal instanceof WireCancel ? signal.signal : signal;
}

/** The answer to a {@link WireRequest}: status and headers at once, the body on demand, read once. */
export interface WireAnswer extends HttpResponseHead {
  readonly statusText: string;
  /** The whole body as text; `''` for none. */
  text(): Promise<string>;
  /** The body as text chunks in arrival order (an SSE stream is parsed as it comes). */
  chunks(): AsyncIterable<string>;
  /** Drops the body unread, so the connection is free for another request. */
  discard(): Promise<void>;
  /** Status and headers as a web `Response` without a body, for hooks that take one. */
  head(): Response;
  /** The whole answer as a web `Response` (the body unread), for hooks that may read it. */
  response(): Response;
}

/**
 * Sends one request. Rejects when no answer arrives (the network failed, or the signal aborted).
 *
 * @example
 * const answer = await wire({ method: 'GET', url, headers: { accept: 'text/event-stream' } });
 */
export type HttpWire = (request: WireRequest) => Promise<WireAnswer>;

/**
 * A {@link HttpWire} on a `fetch` (the global one, or one a user passed).
 *
 * @example
 * const wire = fetchWire(globalThis.fetch);
 * const answer = await wire({ method: 'DELETE', url: new URL('http://127.0.0.1:3000/mcp'), headers: {} });
 */
export function fetchWire(fetchImpl: typeof fetch): HttpWire {
  return async ({ method, url, headers, body, signal }) => {
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = body;
    if (signal) init.signal = abortSignalOf(signal)!;
    return new FetchAnswer(await fetchImpl(url, init));
  };
}

class FetchAnswer implements WireAnswer {
  /** Cancels the body's reader once `chunks()` holds it (the body itself is locked then). */
  #cancelReading: (() => Promise<void>) | undefined;

  constructor(private readonly answer: Response) {}
  get status(): number {
    return this.answer.status;
  }
  get statusText(): string {
    return this.answer.statusText;
  }
  get headers(): Headers {
    return this.answer.headers;
  }
  text(): Promise<string> {
    return this.answer.text();
  }
  chunks(): AsyncIterable<string> {
    return bodyChunks(this.answer, (cancel) => {
      this.#cancelReading = cancel;
    });
  }
  async discard(): Promise<void> {
    // A body being read is cancelled through its reader: that also ends a read in progress, even
    // when the fetch that made it does not follow its signal.
    if (this.#cancelReading) await this.#cancelReading().catch(() => {});
    else await this.answer.body?.cancel().catch(() => {});
  }
  head(): Response {
    return this.answer;
  }
  response(): Response {
    return this.answer;
  }
}

/**
 * A web response's body as text chunks; leaving the loop early cancels the rest of the body.
 * `onReading` is given what cancels the reader, for a caller that must stop a read in progress.
 *
 * @example
 * for await (const chunk of bodyChunks(await fetch(url))) parser.feed(chunk);
 */
export async function* bodyChunks(
  response: Response,
  onReading?: (cancel: () => Promise<void>) => void,
): AsyncIterable<string> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  onReading?.(() => reader.cancel());
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield decoder.decode(value, { stream: true });
    }
  } finally {
    // Stopping early (a broken stream, the response already here) releases the connection.
    await reader.cancel().catch(() => {});
  }
}

/**
 * A `fetch` that sends through a {@link HttpWire}: for the code that speaks `fetch` (the 2025
 * standalone stream, DELETE, the HTTP+SSE fallback) on the same connections as the transport.
 *
 * @example
 * const viaWire = wireFetch(wire);
 * await viaWire('http://127.0.0.1:3000/mcp', { method: 'DELETE' });
 */
export function wireFetch(wire: HttpWire): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE')
      throw new TypeError(`The MCP client sends no ${method} requests`);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    if (init?.body !== undefined && init.body !== null && typeof init.body !== 'string')
      throw new TypeError('The MCP client sends text bodies only');
    const request: WireRequest = {
      method,
      url,
      headers,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      ...(init?.signal ? { signal: init.signal } : {}),
    };
    return (await wire(request)).response();
  };
}
