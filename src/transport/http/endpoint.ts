/**
 * The Streamable HTTP server core, independent of how HTTP arrives.
 *
 * It checks the request (Host/Origin, method, Content-Type, Accept, body size),
 * decodes the JSON-RPC message and hands it to the handlers, then answers with
 * a single JSON body or, as soon as the handler sends a related notification,
 * with an SSE stream that ends with the response. The fetch handler and the
 * `node:http` adapter are thin shells around {@link StreamableHttpEndpoint}.
 */
import { assignObject, copyObject } from '../../protocol/copy-object.js';
import { ErrorCode } from '../../protocol/errors.js';
import { MCP_PROTOCOL_VERSION_HEADER, MCP_SESSION_ID_HEADER } from '../../protocol/http-headers.js';
import {
  JSONRPC_VERSION,
  type JSONRPCErrorResponse,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type JSONRPCResponse,
} from '../../protocol/jsonrpc.js';
import { decodeMessage } from '../decode.js';
import { encodeMessage } from '../encode.js';
import type {
  BodyReader,
  HttpExchange,
  HttpMethodHandler,
  HttpMethodReply,
  HttpReply,
  HttpRequestInfo,
  HttpResponder,
  HttpStatusReply,
} from './exchange.js';
import { RequestExchange } from './request-exchange.js';
import { checkHostAndOrigin, forwardedRequest, type HostProtection, type TrustProxy } from './security.js';
import { formatSseEvent, openEventStream, SSE_HEADERS, SSE_KEEP_ALIVE } from './sse.js';

/** Default largest request body, in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/**
 * Default bound on SSE bytes written but not yet taken by a slow reader, per stream. One event
 * may pass it (a large answer is never cut); the next write after it closes the stream.
 */
export const DEFAULT_MAX_SSE_BUFFER_BYTES = 4 * 1024 * 1024;
/** Default interval between SSE keep-alive comments, in ms. */
export const DEFAULT_SSE_KEEP_ALIVE_MS = 15_000;

// The shared shapes, where they have always been imported from.
export type * from './exchange.js';

/**
 * An error answer to a GET or DELETE, as a JSON-RPC error without an id.
 *
 * @example
 * return httpErrorReply(404, 'Session not found; initialize a new session');
 */
export function httpErrorReply(
  status: number,
  message: string,
  code: number = ErrorCode.InvalidRequest,
): HttpStatusReply {
  return { status, body: { jsonrpc: JSONRPC_VERSION, error: { code, message } } };
}

/** What the endpoint calls. Only `onRequest` is required. */
export interface StreamableHttpHandlers {
  /** Serves one JSON-RPC request. */
  onRequest(request: JSONRPCRequest, exchange: HttpExchange): Promise<HttpReply>;
  /** Accepts a notification. Resolve with a status other than 202 to refuse it. Default: 202. */
  onNotification?(
    notification: JSONRPCNotification,
    info: HttpRequestInfo,
  ): Promise<number | undefined> | number | undefined;
  /** Accepts a response from the client (legacy sessions answer server requests this way). Default: 400. */
  onResponse?(
    response: JSONRPCResponse,
    info: HttpRequestInfo,
  ): Promise<number | undefined> | number | undefined;
  /** GET on the endpoint. Default: 405. */
  onGet?: HttpMethodHandler;
  /** DELETE on the endpoint. Default: 405. */
  onDelete?: HttpMethodHandler;
}

/** Options of a {@link StreamableHttpEndpoint}. */
export interface StreamableHttpOptions {
  /** Largest request body in bytes; larger bodies get 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * Deepest nesting of arrays and objects a message may have; deeper ones get 400 with
   * -32600 before anything walks them (recursion a peer could otherwise exhaust). Default 128.
   */
  maxMessageDepth?: number;
  /**
   * Host/Origin checks against DNS rebinding. Default `'loopback'` (only
   * localhost may call): the safe choice for a local server. `server.fetch`
   * defaults to `'loopback-origins'` (any Host, web pages only from localhost),
   * and so does `serveHttp` bound to a non-loopback address (with a warning).
   * A server on a public name sets explicit allow-lists, or `false` behind a
   * proxy that checks. See {@link HostProtection}.
   */
  hostProtection?: HostProtection;
  /**
   * Proxies trusted to report the client's Host and scheme in `X-Forwarded-Host`
   * and `X-Forwarded-Proto`; the Host check then applies to the forwarded name.
   * Default: none (the headers are ignored). See {@link TrustProxy}.
   */
  trustProxy?: TrustProxy;
  /** Interval of SSE keep-alive comments in ms; 0 turns them off. Default 15 000. */
  keepAliveMs?: number;
  /**
   * Most bytes an SSE stream may hold for a client that does not read them, in bytes. When a
   * write finds more than this still waiting, the stream is closed instead: a 2026-07-28
   * request stream closing cancels its request, a 2025 stream can be resumed with
   * Last-Event-ID. One event may exceed it, so large answers are never cut. Default 4 MiB.
   */
  maxSseBufferBytes?: number;
  /** Extra headers on every response (CORS, for example). */
  responseHeaders?: Record<string, string>;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/**
 * The Streamable HTTP endpoint.
 *
 * @example
 * const endpoint = new StreamableHttpEndpoint({
 *   onRequest: async (request) => ({ message: { jsonrpc: '2.0', id: request.id, result: {} } }),
 * });
 * const handle = createFetchHandler(endpoint);
 * const response = await handle(new Request('http://localhost/mcp', { method: 'POST', ... }));
 */
export class StreamableHttpEndpoint {
  readonly maxBodyBytes: number;
  private readonly maxMessageDepth: number | undefined;
  /** See {@link StreamableHttpOptions.maxSseBufferBytes}; the adapters enforce it. */
  readonly maxSseBufferBytes: number;
  private readonly hostProtection: HostProtection;
  private readonly trustProxy: TrustProxy | undefined;
  /** SSE keep-alive interval, ms (0: none). */
  readonly keepAliveMs: number;
  private readonly extraHeaders: Record<string, string> | undefined;
  private lastAccept: { header: string | null; parsed: Readonly<{ json: boolean; eventStream: boolean }> } = {
    header: null,
    parsed: Object.freeze(parseAccept(null)),
  };

  constructor(
    private readonly handlers: StreamableHttpHandlers,
    options: StreamableHttpOptions = {},
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxMessageDepth = options.maxMessageDepth;
    this.maxSseBufferBytes = options.maxSseBufferBytes ?? DEFAULT_MAX_SSE_BUFFER_BYTES;
    this.hostProtection = options.hostProtection ?? 'loopback';
    this.trustProxy = options.trustProxy;
    this.keepAliveMs = options.keepAliveMs ?? DEFAULT_SSE_KEEP_ALIVE_MS;
    this.extraHeaders = options.responseHeaders;
  }

  /** Serves one HTTP request. Resolves once the response has been started. */
  async handle(info: HttpRequestInfo, readBody: BodyReader, respond: HttpResponder): Promise<void> {
    const forwarded = forwardedRequest(this.trustProxy, info.header, info.remoteAddress);
    const host = forwarded.host ?? info.header('host');
    const refusal = checkHostAndOrigin(this.hostProtection, host, info.header('origin'));
    if (refusal) {
      const untrusted = forwarded.host === null ? info.header('x-forwarded-host') : null;
      const hint =
        untrusted === null
          ? ''
          : ` (the request came with X-Forwarded-Host ${JSON.stringify(untrusted)}, ignored: set the trustProxy option if your proxy sends it)`;
      return this.fail(respond, 403, refusal + hint);
    }

    if (info.method !== 'POST') {
      if (info.method === 'GET' && isBrowserVisit(info)) {
        const headers = this.headers({ 'content-type': 'text/plain; charset=utf-8' }, { allow: 'POST' });
        return respond.send(405, headers, browserVisitText(publicUrl(info.url, forwarded)));
      }
      const { onGet, onDelete } = this.handlers;
      const handler = info.method === 'GET' ? onGet : info.method === 'DELETE' ? onDelete : undefined;
      if (handler) return this.writeReply(respond, await handler.call(this.handlers, info));
      return this.notAllowed(respond, info.method);
    }

    const contentType = info.header('content-type');
    if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) {
      return this.fail(respond, 415, 'Content-Type must be application/json');
    }
    const accept = this.acceptOf(info.header('accept'));
    if (!accept.json && !accept.eventStream) {
      return this.fail(respond, 406, 'Accept must include application/json and text/event-stream');
    }

    const body = await readBody(this.maxBodyBytes);
    if ('tooLarge' in body) {
      // The rest of the body is never read, so the connection cannot carry another request:
      // `Connection: close` tells the client, and the node:http adapter lingers before closing
      // so that a client still uploading reads this answer rather than a reset.
      return this.fail(respond, 413, tooLargeMessage(body.tooLarge, this.maxBodyBytes), {
        connection: 'close',
      });
    }
    const decoded = decodeMessage(body.text, this.maxMessageDepth);
    if (!('message' in decoded)) {
      if (decoded.reply) return this.sendJson(respond, 400, decoded.reply, undefined, decoded.wideId);
      return this.fail(respond, 400, decoded.detail);
    }
    const message = decoded.message;

    if (!('method' in message)) {
      const status = this.handlers.onResponse ? await this.handlers.onResponse(message, info) : 400;
      if (status === undefined || status === 202) return respond.send(202, this.headers(), null);
      return this.fail(respond, status, 'This server does not accept JSON-RPC responses');
    }
    if (!('id' in message)) {
      const status = this.handlers.onNotification ? await this.handlers.onNotification(message, info) : 202;
      if (status === undefined || status === 202) return respond.send(202, this.headers(), null);
      return this.fail(respond, status, `Notification ${message.method} was not accepted`);
    }
    return this.serveRequest(message, info, respond, accept, decoded.wideId === true);
  }

  private async serveRequest(
    request: JSONRPCRequest,
    info: HttpRequestInfo,
    respond: HttpResponder,
    accept: Readonly<{ json: boolean; eventStream: boolean }>,
    wideId: boolean,
  ): Promise<void> {
    const exchange = new RequestExchange(info, respond, this, wideId);
    let reply: HttpReply;
    try {
      reply = await this.handlers.onRequest(request, exchange);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Internal error';
      const failed = { code: ErrorCode.InternalError, message };
      reply = { message: { jsonrpc: JSONRPC_VERSION, id: request.id, error: failed }, status: 500 };
    }
    if (exchange.answeredOnStream(reply.message)) return;
    // An error status (a 403 step-up challenge, a 503) must reach the client with its status and
    // headers, so it goes as JSON even to a client that accepts only SSE: a 200 stream would hide it.
    if (!accept.json && (reply.status === undefined || reply.status < 400)) {
      const only = respond.stream(200, this.headers(SSE_HEADERS), () => {});
      only.write(formatSseEvent(encodeMessage(reply.message, wideId)));
      only.end();
      return;
    }
    this.sendJson(respond, reply.status ?? 200, reply.message, reply.headers, wideId);
  }

  /** Writes a GET or DELETE answer: a status with an optional JSON body, or an SSE stream. */
  private writeReply(respond: HttpResponder, reply: HttpMethodReply): void {
    if ('stream' in reply) {
      const { open, onClose, keepAliveMs = this.keepAliveMs } = reply.stream;
      const writer = openEventStream(respond, this.headers(SSE_HEADERS), keepAliveMs, onClose);
      // A long-lived stream may have nothing to say for a while, and some runtimes (Bun) send no
      // headers before the first body bytes: a comment now lets the client know it is open.
      writer.write(SSE_KEEP_ALIVE);
      open(writer);
    } else if (reply.body === undefined)
      respond.send(reply.status, this.headers(undefined, reply.headers), null);
    else respond.send(reply.status, this.headers(JSON_HEADERS, reply.headers), JSON.stringify(reply.body));
  }

  /** {@link parseAccept}, remembering the last header: a client sends the same one every time. */
  acceptOf(header: string | null): Readonly<{ json: boolean; eventStream: boolean }> {
    if (header !== this.lastAccept.header) {
      this.lastAccept = { header, parsed: Object.freeze(parseAccept(header)) };
    }
    return this.lastAccept.parsed;
  }

  /** Response headers: `base`, then the configured extra headers, then `more`. */
  headers(base?: Readonly<Record<string, string>>, more?: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = copyObject(base);
    if (this.extraHeaders) assignObject(out, this.extraHeaders);
    return assignObject(out, more);
  }

  private sendJson(
    respond: HttpResponder,
    status: number,
    message: JSONRPCResponse,
    headers?: Record<string, string>,
    wideId = false,
  ): void {
    respond.send(status, this.headers(JSON_HEADERS, headers), encodeMessage(message, wideId));
  }

  /** An Invalid Request error without an id, with `status`. */
  private fail(
    respond: HttpResponder,
    status: number,
    message: string,
    headers?: Record<string, string>,
  ): void {
    const body: JSONRPCErrorResponse = {
      jsonrpc: JSONRPC_VERSION,
      error: { code: ErrorCode.InvalidRequest, message },
    };
    this.sendJson(respond, status, body, headers);
  }

  private notAllowed(respond: HttpResponder, method: string): void {
    this.fail(respond, 405, `Method ${method} is not allowed on this endpoint; use POST`, { allow: 'POST' });
  }
}

/** What a 413 says: the limit, its value, and the option that raises it. */
function tooLargeMessage(seen: number, limit: number): string {
  return `Request body of at least ${seen} bytes exceeds the limit of ${limit} bytes (${formatBytes(limit)}); send a smaller message, or raise the server's maxBodyBytes option (serveHttp, McpServer http.maxBodyBytes)`;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * A GET that a person's browser sent, not an MCP client: it asks for HTML,
 * not for an event stream, and carries none of the MCP headers (session,
 * protocol version, Last-Event-ID). Every GET an MCP client sends is answered
 * as before.
 */
function isBrowserVisit(info: HttpRequestInfo): boolean {
  const accept = info.header('accept') ?? '';
  return (
    /\btext\/html\b/i.test(accept) &&
    !/\btext\/event-stream\b/i.test(accept) &&
    info.header(MCP_SESSION_ID_HEADER) === null &&
    info.header(MCP_PROTOCOL_VERSION_HEADER) === null &&
    info.header('last-event-id') === null
  );
}

/** The plain answer to a browser: what this URL is and how to talk to it. */
/** The URL the client used, as far as a trusted proxy said. */
function publicUrl(url: string, forwarded: { host: string | null; proto: string | null }): string {
  if (forwarded.host === null && forwarded.proto === null) return url;
  try {
    const parsed = new URL(url);
    if (forwarded.proto === 'http' || forwarded.proto === 'https') parsed.protocol = `${forwarded.proto}:`;
    if (forwarded.host !== null) parsed.host = forwarded.host;
    return parsed.href;
  } catch {
    return url;
  }
}

function browserVisitText(url: string): string {
  const where = /^https?:\/\//i.test(url) ? url : 'this URL';
  return [
    'This is an MCP (Model Context Protocol) endpoint, not a web page.',
    '',
    'MCP clients send it JSON-RPC messages with HTTP POST (Content-Type: application/json,',
    'Accept: application/json, text/event-stream). To use it, give its URL to an MCP client,',
    'for example the mcpkit command line:',
    '',
    `  npx mcpkit tools ${where}`,
    '',
  ].join('\n');
}

/** Which of the two answer forms an Accept header allows. */
export function parseAccept(accept: string | null): { json: boolean; eventStream: boolean } {
  if (accept === null || accept.trim() === '') return { json: true, eventStream: true };
  let json = false;
  let eventStream = false;
  for (const part of accept.split(',')) {
    const type = part.split(';', 1)[0]!.trim().toLowerCase();
    if (type === '*/*') return { json: true, eventStream: true };
    if (type === 'application/json' || type === 'application/*') json = true;
    if (type === 'text/event-stream' || type === 'text/*') eventStream = true;
  }
  return { json, eventStream };
}
