/**
 * The `node:http` face of the Streamable HTTP endpoint. It reads and writes
 * Node's request and response objects directly, with no Request/Response
 * objects built per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  BodyReader,
  EventStreamWriter,
  HttpRequestInfo,
  HttpResponder,
  StreamableHttpEndpoint,
} from '../http/endpoint.js';

/** A `node:http` request listener. */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Wraps an endpoint as a `node:http` (or Express) request listener. Requests
 * for other paths should be routed elsewhere before they reach it.
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(createNodeRequestListener(endpoint)).listen(3000, '127.0.0.1');
 */
export function createNodeRequestListener(
  endpoint: StreamableHttpEndpoint,
  extra?: (req: IncomingMessage) => Record<string, unknown>,
): NodeRequestListener {
  return (req, res) => {
    const info = new NodeRequestInfo(req, res, extra);
    endpoint
      .handle(info, readNodeBody(req), nodeResponder(req, res, endpoint.maxSseBufferBytes))
      .catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        const message = error instanceof Error ? error.message : 'Internal error';
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message } }));
      });
  };
}

/**
 * The request as the endpoint sees it. Its `signal` (the client going away) is made on first
 * access: most requests are answered without anyone asking, and an AbortController plus a
 * 'close' listener per request was a measurable share of serving one.
 */
class NodeRequestInfo implements HttpRequestInfo {
  readonly method: string;
  readonly url: string;
  readonly extra: Record<string, unknown>;
  private controller: AbortController | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    extra: ((req: IncomingMessage) => Record<string, unknown>) | undefined,
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    this.url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
    this.extra = extra === undefined ? { nodeRequest: req } : { ...extra(req), nodeRequest: req };
  }

  get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
  }

  /** An own function, not a method: callers pass `info.header` around unbound. */
  readonly header = (name: string): string | null => {
    const value = this.req.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  };

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      const res = this.res;
      // The client going away before we answered is cancellation.
      if (clientLeft(res))
        controller.abort(new DOMException('The client closed the connection', 'AbortError'));
      else
        res.once('close', () => {
          if (!res.writableFinished)
            controller.abort(new DOMException('The client closed the connection', 'AbortError'));
        });
    }
    return this.controller.signal;
  }
}

/** True once the response closed before it was finished: the client went away. */
function clientLeft(res: ServerResponse): boolean {
  return (res.destroyed || res.closed) && !res.writableFinished;
}

/** Bodies longer than this (in UTF-16 code units) are encoded to bytes before they are written. */
const LARGE_BODY_CHARS = 64 * 1024;

/**
 * How long, and for how many bytes, a response that closes the connection waits for the rest of
 * a request body it will never read (a 413's): long enough for a client still uploading to read
 * the answer, bounded so an endless upload cannot hold the connection.
 */
const CLOSE_LINGER_MS = 2_000;
const CLOSE_LINGER_BYTES = 16 * 1024 * 1024;

function nodeResponder(req: IncomingMessage, res: ServerResponse, maxSseBufferBytes: number): HttpResponder {
  return {
    send(status, headers, body) {
      if (res.headersSent || res.destroyed) return;
      if (headers.connection === 'close' && !req.complete)
        return sendThenLinger(req, res, status, headers, body);
      // A large body is encoded once, here: Node would otherwise scan the text for its byte length,
      // then copy it once more joining it to the header block, then once more encoding it for the
      // socket. A Buffer goes out beside the header as it is. Measured on a 10 MiB resources/read:
      // about a fifth more throughput. Small bodies stay strings, which Node sends in one write.
      const data = body !== null && body.length > LARGE_BODY_CHARS ? Buffer.from(body, 'utf8') : body;
      if (data !== null) headers['content-length'] = String(Buffer.byteLength(data));
      res.writeHead(status, headers);
      res.end(data ?? undefined);
    },
    stream(status, headers, onClose): EventStreamWriter {
      let ended = false;
      let gone = clientLeft(res);
      const onGone = () => {
        if (ended || res.writableFinished) return;
        gone = true;
        onClose();
      };
      if (gone) queueMicrotask(onClose);
      else {
        res.writeHead(status, headers);
        res.flushHeaders();
        res.once('close', onGone);
      }
      return {
        write(chunk) {
          if (ended || gone) return;
          // A reader that takes nothing must not grow this process without bound: past the limit
          // the stream is dropped (its unsent bytes with it) as if the client had left.
          if (res.writableLength > maxSseBufferBytes) {
            res.off('close', onGone);
            gone = true;
            res.destroy();
            onClose();
            return;
          }
          res.write(chunk);
        },
        end() {
          if (ended) return;
          ended = true;
          res.off('close', onGone);
          if (!gone) res.end();
        },
        get closed() {
          return ended || gone;
        },
      };
    },
  };
}

/**
 * Answers a request whose body is still arriving and will not be read, then closes. Closing at
 * once (what Node does after a `Connection: close` response) resets a connection the client is
 * still writing to, and the reset can reach it before it reads the answer: it then sees EPIPE or
 * ECONNRESET instead of the status. So the answer is written whole, the rest of the body is read
 * and discarded until it ends or for at most {@link CLOSE_LINGER_MS} and
 * {@link CLOSE_LINGER_BYTES}, and only then is the response ended and the socket closed.
 */
function sendThenLinger(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | null,
): void {
  const data = body === null ? null : Buffer.from(body, 'utf8');
  headers['content-length'] = String(data?.length ?? 0);
  res.writeHead(status, headers);
  if (data !== null) res.write(data);
  const socket = req.socket;
  let discarded = 0;
  const finish = () => {
    clearTimeout(timer);
    req.off('data', count);
    req.off('end', finish);
    res.end();
    // An upload still going: the connection is closed now rather than read any further.
    if (!req.complete) socket.destroy();
  };
  const count = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > CLOSE_LINGER_BYTES) finish();
  };
  const timer = setTimeout(finish, CLOSE_LINGER_MS);
  timer.unref();
  req.on('data', count);
  req.once('end', finish);
  res.once('close', () => clearTimeout(timer));
  req.resume();
}

/** Reads an IncomingMessage body, stopping as soon as it passes the limit. */
function readNodeBody(req: IncomingMessage): BodyReader {
  return (limit) =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        req.resume(); // Discard the body so the connection can be reused or closed cleanly.
        resolve({ tooLarge: declared });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (chunk: Buffer) => {
        if (over) return;
        size += chunk.length;
        if (size > limit) {
          over = true;
          chunks.length = 0;
          resolve({ tooLarge: size });
          return;
        }
        chunks.push(chunk);
      });
      req.once('end', () => {
        if (!over)
          resolve({
            text: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8'),
          });
      });
      req.once('error', reject);
    });
}
