/**
 * The client end of Streamable HTTP: each outbound message is one POST; the
 * answer comes back as a JSON body or an SSE stream of related messages ending
 * with the response.
 */
import type { EventSourceParser, ParseError } from 'eventsource-parser';
import { ConnectionClosedError, McpkitLocalError, MessageTooLargeError } from '../../protocol/errors.js';
import type { JSONRPCMessage, RequestId } from '../../protocol/jsonrpc.js';
import type { SendOptions, Transport, TransportHandlers } from '../../session/transport.js';
import { decodeMessage } from '../decode.js';
import { defaultHostWire, defaultHttpWire } from './default-wire.js';
import { HttpStatusError, StreamInterruptedError } from './errors.js';
import { OutboundGuard, type SsrfProtection } from './outbound-guard.js';
import { loadSseParser } from './sse-parser.js';
import { bodyChunks, type HttpResponseHead, type HttpWire, type WireAnswer, WireCancel } from './wire.js';

/** Default largest inbound message (one JSON body or one SSE event), in bytes. */
export const DEFAULT_MAX_HTTP_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Options of a {@link StreamableHttpClientTransport}. */
export interface StreamableHttpClientTransportOptions {
  /**
   * The fetch to use (for proxies, tests, instrumentation). Default: on Node, Node's own HTTP
   * client with a keep-alive connection pool (much cheaper per request than fetch); elsewhere the
   * global `fetch`.
   */
  fetch?: typeof fetch;
  /** Headers on every POST (authorization, for example). A function is called per message. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Headers that depend on the message (`MCP-Protocol-Version`, `Mcp-Method`, ...). */
  messageHeaders?: (message: JSONRPCMessage) => Record<string, string> | undefined;
  /**
   * How an outbound request is cancelled. `'close-stream'` (2026-07-28) aborts
   * its POST; `'notification'` (2025 sessions, where a disconnect is not
   * cancellation) leaves the session to send `notifications/cancelled`. Default `'close-stream'`.
   */
  cancellation?: 'close-stream' | 'notification' | (() => 'close-stream' | 'notification');
  /**
   * Largest inbound message in bytes. Default 64 MiB. A JSON answer past it fails its request
   * with `MessageTooLargeError`; the transport stays open.
   */
  maxMessageBytes?: number;
  /** Called with each response's status and headers, before its body is read. */
  onResponse?: (response: HttpResponseHead, message: JSONRPCMessage) => void;
  /**
   * Credentials for every request to the server (POST, resumption GET): see
   * {@link HttpAuthorizer}. Its headers win over `headers`.
   */
  authorizer?: HttpAuthorizer;
  /**
   * Where redirects from the server, and the URLs the authorizer discovers through it (metadata,
   * authorization servers), may lead: see {@link SsrfProtection}. The server's own host is always
   * allowed. Default: on, loopback allowed only when the server URL is loopback.
   */
  ssrfProtection?: SsrfProtection;
}

/**
 * One HTTP request about to go to the MCP server, as an {@link HttpAuthorizer} sees it.
 *
 * @example
 * const request: AuthorizedRequest = { method: 'POST', url: new URL('https://mcp.example.com/mcp') };
 */
export interface AuthorizedRequest {
  /** `POST`, `GET` or `DELETE`. */
  readonly method: string;
  /** The exact URL (a DPoP proof's `htu` is built from it). */
  readonly url: URL;
  /**
   * Judges the URLs this server makes the authorizer fetch (its resource metadata, its
   * authorization server and that server's endpoints), under the client's `ssrfProtection`.
   * Absent when the fetch was wrapped without one; an authorizer then applies the default.
   */
  readonly outboundGuard?: OutboundGuard;
}

/**
 * The seam through which credentials reach an MCP server over HTTP. The
 * transport asks it for headers before every request and hands it every
 * 401/403 answer; OAuth (`OAuthClientAuth`), static tokens, DPoP or any other
 * scheme plugs in here without the transport knowing which.
 *
 * @example
 * const staticToken: HttpAuthorizer = {
 *   headers: () => ({ authorization: 'Bearer my-token' }),
 *   onUnauthorized: async () => false, // nothing better to offer: let the 401 through
 * };
 * await Client.connect('https://example.com/mcp', { auth: staticToken });
 */
export interface HttpAuthorizer {
  /** Headers that authorize this one request (`Authorization`, `DPoP`, ...). */
  headers(request: AuthorizedRequest): Record<string, string> | Promise<Record<string, string>>;
  /**
   * The server answered 401 or 403. Resolve `true` once new credentials are in
   * place to send the request again, `false` to pass the answer on as it is,
   * or throw a typed error that says why access is impossible. `retries` counts
   * how often this same request was already sent again.
   */
  onUnauthorized(response: Response, request: AuthorizedRequest, retries: number): Promise<boolean>;
  /** Sees every response from the server (to pick up a `DPoP-Nonce`, say). */
  onResponse?(response: Response, request: AuthorizedRequest): void;
  /**
   * Names the credential requests to `url` carry now (an access token, say), or `undefined`
   * for none. The client keeps results a server marks `private` apart per credential, so a
   * result cached for one identity is never served to another. Without it, only a static
   * `Authorization` header in the client's `headers` tells identities apart.
   */
  credential?(url: URL): string | undefined | Promise<string | undefined>;
  /**
   * Capability extensions this kind of authorization implies (the OAuth client
   * credentials extension, say). `Client.connect` declares them for the client.
   */
  readonly extensions?: Readonly<Record<string, object>>;
}

/**
 * Sends of one request an authorizer may ask for, whatever it says: a guard against loops.
 *
 * @example
 * if (retries >= MAX_AUTHORIZED_RETRIES) return false;
 */
export const MAX_AUTHORIZED_RETRIES = 5;

/**
 * Wraps a fetch so that each request carries the authorizer's headers and a
 * 401/403 goes to the authorizer, which may have the request sent again. Every
 * HTTP request the client makes to the server goes through one of these.
 *
 * @example
 * const authorized = authorizingFetch(fetch, authorizer);
 * await authorized('https://example.com/mcp', { method: 'DELETE' });
 */
export function authorizingFetch(
  fetchImpl: typeof fetch,
  authorizer: HttpAuthorizer,
  outboundGuard?: OutboundGuard,
): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const request: AuthorizedRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      url,
      ...(outboundGuard ? { outboundGuard } : {}),
    };
    for (let retries = 0; ; retries++) {
      const headers = new Headers(init?.headers);
      for (const [name, value] of Object.entries(await authorizer.headers(request))) headers.set(name, value);
      const response = await fetchImpl(input, { ...init, headers });
      authorizer.onResponse?.(response, request);
      if ((response.status !== 401 && response.status !== 403) || retries >= MAX_AUTHORIZED_RETRIES)
        return response;
      if (!(await authorizer.onUnauthorized(response, request, retries))) return response;
      // The answer is spent; its body must not hold the connection open.
      await response.body?.cancel().catch(() => {});
    }
  };
}

/**
 * {@link authorizingFetch} for a {@link HttpWire}: the transport's own requests on any wire.
 *
 * @example
 * const authorized = authorizingWire(defaultHttpWire(), authorizer);
 */
export function authorizingWire(
  wire: HttpWire,
  authorizer: HttpAuthorizer,
  outboundGuard?: OutboundGuard,
): HttpWire {
  return async (init) => {
    const request: AuthorizedRequest = {
      method: init.method,
      url: init.url,
      ...(outboundGuard ? { outboundGuard } : {}),
    };
    for (let retries = 0; ; retries++) {
      const headers = { ...init.headers };
      // Header names are case-insensitive: the authorizer's replace any spelling of the same name.
      for (const [name, value] of Object.entries(await authorizer.headers(request))) {
        for (const existing of Object.keys(headers))
          if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
        headers[name] = value;
      }
      const answer = await wire({ ...init, headers });
      if (authorizer.onResponse) authorizer.onResponse(answer.head(), request);
      if ((answer.status !== 401 && answer.status !== 403) || retries >= MAX_AUTHORIZED_RETRIES)
        return answer;
      const response = answer.response();
      if (!(await authorizer.onUnauthorized(response, request, retries))) return rewrap(answer, response);
      // The answer is spent; its body must not hold the connection open.
      await response.body?.cancel().catch(() => {});
    }
  };
}

/** An answer whose body now belongs to `response` (handed to an authorizer): read through it. */
function rewrap(answer: WireAnswer, response: Response): WireAnswer {
  return {
    status: answer.status,
    statusText: answer.statusText,
    headers: response.headers,
    text: () => response.text(),
    chunks: () => bodyChunks(response),
    discard: async () => {
      await response.body?.cancel().catch(() => {});
    },
    head: () => response,
    response: () => response,
  };
}

/** The cancellation of one POST, linked into its transport's list of POSTs in flight. */
class PostCancel extends WireCancel {
  older: PostCancel | undefined;
  newer: PostCancel | undefined;
  constructor(readonly requestId: RequestId | undefined) {
    super();
  }
}

/**
 * Streamable HTTP for a client.
 *
 * @example
 * const transport = new StreamableHttpClientTransport(new URL('http://127.0.0.1:3000/mcp'));
 * const peer = new JsonRpcPeer(transport);
 * await peer.start();
 */
export class StreamableHttpClientTransport implements Transport {
  private handlers: TransportHandlers | undefined;
  /**
   * The newest of the POSTs still being sent or read, each linked to the one before: close()
   * aborts them all, cancel() finds a request's. A list threaded through the POSTs themselves,
   * so that an idle connection keeps no table (a process may hold thousands).
   */
  private newest: PostCancel | undefined;
  private closed = false;
  /** What the POSTs go out on (guard and authorization included): a client sends its 2025 session's GET stream and DELETE on it too. */
  readonly wire: HttpWire;
  private readonly maxMessageBytes: number;

  constructor(
    readonly url: URL,
    private readonly options: StreamableHttpClientTransportOptions = {},
  ) {
    // The server's own host is always allowed; the guard matters for where it redirects to.
    if (
      options.fetch === undefined &&
      options.authorizer === undefined &&
      options.ssrfProtection === undefined
    ) {
      this.wire = defaultHostWire(url);
    } else {
      const guard = new OutboundGuard({ named: url, protection: options.ssrfProtection });
      const base = defaultHttpWire(options.fetch, guard);
      this.wire = options.authorizer ? authorizingWire(base, options.authorizer, guard) : base;
    }
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_HTTP_MESSAGE_BYTES;
  }

  start(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }

  async send(message: JSONRPCMessage, _options?: SendOptions): Promise<void> {
    if (this.closed) throw new ConnectionClosedError('Cannot send: the HTTP transport is closed');
    const requestId = 'method' in message && 'id' in message ? message.id : undefined;
    const isRequest = requestId !== undefined;
    // Tracked in the transport's list that close() aborts, not as a listener on one shared
    // signal: with many POSTs in flight, listeners on one signal pile up (and Node warns past ten).
    const controller = this.track(new PostCancel(requestId));
    const release = () => this.untrack(controller);

    let response: WireAnswer;
    const built = this.buildHeaders(message);
    // Static headers build without a promise turn; only a headers function may be async.
    const headers = built instanceof Promise ? await built : built;
    try {
      response = await this.wire({
        method: 'POST',
        url: this.url,
        headers,
        body: JSON.stringify(message),
        signal: controller,
      });
    } catch (error) {
      release();
      if (controller.aborted) return; // Cancelled or closed: the session already knows.
      // Our own typed errors (authorization refused, say) reach the caller as they are.
      if (error instanceof McpkitLocalError) throw error;
      throw new ConnectionClosedError(`POST to ${this.url.href} failed: ${describe(error)}`, {
        cause: error,
      });
    }
    this.options.onResponse?.(response, message);

    if (response.status === 202) {
      release();
      await response.discard();
      return;
    }
    if (isEventStream(response)) {
      // The stream is read in the background; send() resolves once it is open.
      void this.readEventStream(response, requestId, controller, headers).finally(release);
      return;
    }
    try {
      const text = await readLimited(response, this.maxMessageBytes);
      const decoded = text === undefined ? undefined : decodeMessage(text);
      if (decoded && 'message' in decoded) {
        let answer = decoded.message;
        // An error that names no request, in answer to a POST that carried one, is that request's
        // answer (servers that cannot read a request's id say null): settle it now, not at timeout.
        if (isRequest && 'error' in answer && !('method' in answer) && answer.id === undefined)
          answer = { ...answer, id: requestId };
        this.handlers?.onMessage(answer);
        return;
      }
      if (!isOk(response) || isRequest)
        throw new HttpStatusError(response.head(), (text ?? '').slice(0, 4096));
    } catch (error) {
      if (controller.aborted) return;
      throw error;
    } finally {
      release();
    }
  }

  cancel(requestId: RequestId, reason: string): boolean {
    const { cancellation } = this.options;
    if ((typeof cancellation === 'function' ? cancellation() : cancellation) === 'notification') return false;
    // The newest POST of that id: an id a request was sent again under belongs to the last send.
    let controller = this.newest;
    while (controller && controller.requestId !== requestId) controller = controller.older;
    controller?.abort(new Error(reason));
    return true;
  }

  private track(controller: PostCancel): PostCancel {
    controller.older = this.newest;
    if (this.newest) this.newest.newer = controller;
    this.newest = controller;
    return controller;
  }

  /** Takes a POST off the list (once: a second call finds it unlinked). */
  private untrack(controller: PostCancel): void {
    const { older, newer } = controller;
    if (newer) newer.older = older;
    else if (this.newest === controller) this.newest = older;
    else return;
    if (older) older.newer = newer;
    controller.older = controller.newer = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason = new ConnectionClosedError('The HTTP transport was closed');
    for (let controller = this.newest; controller; controller = controller.older) controller.abort(reason);
    this.newest = undefined;
    this.handlers?.onClose();
  }

  private buildHeaders(message: JSONRPCMessage): Record<string, string> | Promise<Record<string, string>> {
    const { headers } = this.options;
    if (typeof headers === 'function')
      return Promise.resolve(headers()).then((base) => this.withMessageHeaders(base, message));
    return this.withMessageHeaders(headers, message);
  }

  private withMessageHeaders(
    base: Record<string, string> | undefined,
    message: JSONRPCMessage,
  ): Record<string, string> {
    return {
      ...base,
      ...this.options.messageHeaders?.(message),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
  }

  private async readEventStream(
    response: WireAnswer,
    requestId: RequestId | undefined,
    signal: WireCancel,
    requestHeaders: Record<string, string>,
  ): Promise<void> {
    const cursor: StreamCursor = { answered: false, lastEventId: undefined, retryMs: undefined };
    let failure = await this.consumeEventStream(response, requestId, cursor);
    if (requestId === undefined) return;
    // A 2025-era server that numbers its events may close the stream on purpose (SEP-1699 polling):
    // wait as it asked, then resume with GET and Last-Event-ID until the response arrives.
    for (
      let resumes = 0;
      !cursor.answered && !signal.aborted && cursor.lastEventId !== undefined;
      resumes++
    ) {
      if (resumes >= MAX_STREAM_RESUMES) break;
      await sleep(cursor.retryMs ?? DEFAULT_RESUME_DELAY_MS, signal.signal);
      if (signal.aborted) return;
      let resumed: WireAnswer;
      try {
        resumed = await this.wire({
          method: 'GET',
          url: this.url,
          headers: resumeHeaders(requestHeaders, cursor.lastEventId),
          signal,
        });
      } catch (error) {
        failure = asError(error);
        break;
      }
      if (!isOk(resumed) || !isEventStream(resumed)) {
        await resumed.discard();
        failure = new Error(`resuming with GET answered HTTP ${resumed.status}`);
        break;
      }
      failure = await this.consumeEventStream(resumed, requestId, cursor);
    }
    if (cursor.answered || signal.aborted) return;
    const why = failure ? `: ${failure.message}` : '';
    const message = `The response stream for request ${JSON.stringify(requestId)} ended before its response${why}; send it again as a new request`;
    this.handlers?.onRequestFailed?.(requestId, new StreamInterruptedError(message));
  }

  /** Reads one SSE response to its end, delivering messages; returns what went wrong, if anything. */
  private async consumeEventStream(
    response: WireAnswer,
    requestId: RequestId | undefined,
    cursor: StreamCursor,
  ): Promise<Error | undefined> {
    let failure: Error | undefined;
    const { createParser } = await loadSseParser();
    const parser = createParser({
      maxBufferSize: this.maxMessageBytes,
      onRetry: (ms) => {
        cursor.retryMs = ms;
      },
      onEvent: (event) => {
        if (event.id !== undefined) cursor.lastEventId = event.id;
        if (event.event !== undefined && event.event !== 'message') return;
        if (event.data === '') return; // A priming event carries no message.
        const decoded = decodeMessage(event.data);
        if (!('message' in decoded)) {
          // The server is not ours to answer on this stream; report the problem only.
          this.handlers?.onInvalid(
            undefined,
            `Unreadable SSE event from ${this.url.href}: ${decoded.detail}`,
          );
          return;
        }
        const message = decoded.message;
        if (requestId !== undefined && !('method' in message) && message.id === requestId)
          cursor.answered = true;
        // A request the server sends on this stream belongs to the request the stream answers.
        if (requestId !== undefined && 'method' in message && 'id' in message)
          this.handlers?.onMessage(message, { relatedRequestId: requestId });
        else this.handlers?.onMessage(message);
      },
      onError: (error) => {
        if (isFatalSseError(error)) failure = error;
      },
    });
    try {
      await feedEventStream(response.chunks(), parser, () => failure !== undefined);
    } catch (error) {
      failure ??= asError(error);
    }
    return failure;
  }
}

/** Where a response stream got to: whether the response came, and how to resume it. */
interface StreamCursor {
  answered: boolean;
  lastEventId: string | undefined;
  retryMs: number | undefined;
}

/** Resumptions of one response stream before giving up. */
const MAX_STREAM_RESUMES = 5;
/** Wait before resuming when the server gave no `retry`, ms. */
const DEFAULT_RESUME_DELAY_MS = 1000;

/** Request headers that described the POST body; a resuming GET keeps only identity and session ones. */
const POST_ONLY_HEADER = /^(?:content-type|accept)$|^mcp-(?:method|name|param-)/i;

function resumeHeaders(requestHeaders: Record<string, string>, lastEventId: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(requestHeaders)) {
    if (!POST_ONLY_HEADER.test(name)) headers[name] = value;
  }
  headers.accept = 'text/event-stream';
  headers['last-event-id'] = lastEventId;
  return headers;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The body of a JSON answer, refused with {@link MessageTooLargeError} past `limit` bytes: unread
 * when its Content-Length says so, otherwise once read. The transport stays open; only this
 * request fails.
 */
async function readLimited(response: WireAnswer, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.discard();
    throw new MessageTooLargeError(declared, limit);
  }
  const text = await response.text();
  // A UTF-16 unit is at least one UTF-8 byte, so more units than `limit` is more bytes than
  // `limit`. The exact byte count is computed only then, for the error.
  if (text.length > limit) throw new MessageTooLargeError(new TextEncoder().encode(text).length, limit);
  return text === '' ? undefined : text;
}

/** Whether a response is an SSE stream. */
export function isEventStream(response: HttpResponseHead): boolean {
  return /^text\/event-stream/i.test(response.headers.get('content-type') ?? '');
}

/** Whether a status is a success (2xx), as `Response.ok` says. */
function isOk(response: HttpResponseHead): boolean {
  return response.status >= 200 && response.status < 300;
}

/**
 * Feeds an SSE body's chunks to `parser` until it ends, or until `stop()` (asked after each
 * chunk) says to cancel it (leaving the loop cancels the rest). Rejects when reading fails.
 */
export async function feedEventStream(
  chunks: AsyncIterable<string>,
  parser: EventSourceParser,
  stop: () => boolean = () => false,
): Promise<void> {
  // The last non-empty chunk: a stream ending in a lone CR must still end its last line.
  let last = '';
  for await (const chunk of chunks) {
    if (chunk !== '') last = chunk;
    parser.feed(chunk);
    if (stop()) return;
  }
  endEventStream(parser, last);
}

/**
 * Tells `parser` that the stream ended after `lastText`. A CR is a whole line end in SSE, but the
 * parser holds a trailing one in case an LF follows; at the end of the stream none will, so the
 * blank line that ends the last event of a CR-only stream must be completed here, or that event
 * (the response, say) is lost. An LF after a CR is part of the same line end, so this adds no
 * line, and an event the stream left unfinished stays undelivered, as SSE requires.
 */
export function endEventStream(parser: EventSourceParser, lastText: string): void {
  if (lastText.endsWith('\r')) parser.feed('\n');
}

/**
 * Whether an error the SSE parser reports ends the stream. Only an event past the size limit
 * does: SSE ignores fields it does not define and a `retry` that is not a number, so a server
 * sending either is still read.
 */
export function isFatalSseError(error: ParseError): boolean {
  return error.type === 'max-buffer-size-exceeded';
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
