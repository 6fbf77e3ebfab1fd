/**
 * Starts a `node:http` server for a Streamable HTTP endpoint.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { StreamableHttpEndpoint } from '../http/endpoint.js';
import { createNodeRequestListener } from './node-handler.js';

/** Options of {@link serveEndpoint}. */
export interface ServeEndpointOptions {
  /** Port to listen on; 0 picks a free one. Default 3000. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`: reachable from this machine only. */
  host?: string;
  /** The MCP endpoint path. Other paths get 404. Default `/mcp`. */
  path?: string;
  /** More paths the endpoint answers itself (the OAuth protected resource metadata, say). */
  alsoServe?: readonly string[];
  /**
   * How long a client may take to send a request's headers, in ms; a slower one gets 408 and
   * the connection closes. It bounds connections held open by clients that trickle bytes.
   * Default 15 000.
   */
  headersTimeoutMs?: number;
  /**
   * How long a client may take to send a whole request, headers and body, in ms; a slower one
   * gets 408 and the connection closes. Streaming answers are not limited by it. Default 60 000.
   */
  requestTimeoutMs?: number;
}

/** Default of {@link ServeEndpointOptions.headersTimeoutMs}. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 15_000;
/** Default of {@link ServeEndpointOptions.requestTimeoutMs}. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** A running server. */
export interface RunningHttpServer {
  /** The endpoint's URL, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: URL;
  /** The underlying `node:http` server. */
  readonly server: Server;
  /** Stops accepting connections, closes open ones, and resolves when done. */
  close(): Promise<void>;
}

/**
 * Serves an endpoint over `node:http` until closed.
 *
 * @example
 * const running = await serveEndpoint(endpoint, { port: 0 });
 * console.log(`listening on ${running.url}`);
 * await running.close();
 */
export async function serveEndpoint(
  endpoint: StreamableHttpEndpoint,
  options: ServeEndpointOptions = {},
): Promise<RunningHttpServer> {
  const path = options.path ?? '/mcp';
  const host = options.host ?? '127.0.0.1';
  const listener = createNodeRequestListener(endpoint);
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  const serverOptions = {
    headersTimeout,
    requestTimeout,
    // Node checks the two timeouts on this interval (30 s by default), so a short timeout is
    // only as precise as the interval: keep it a fraction of the shorter one.
    connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(headersTimeout / 4))),
  };
  const server = createServer(serverOptions, (req, res) => {
    const requested = (req.url ?? '/').split('?', 1)[0]!;
    if (requested !== path && !options.alsoServe?.includes(requested)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`Not found: the MCP endpoint is ${path}\n`);
      return;
    }
    listener(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(error, socket, headersTimeout, requestTimeout),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: new URL(`http://${shownHost}:${address.port}${path}`),
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Answers a request Node could not take (a timeout, malformed HTTP) before closing, as Node
 * would, but with a JSON-RPC error body that says which limit was hit and which option raises it.
 */
function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Socket,
  headersTimeoutMs: number,
  requestTimeoutMs: number,
): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, text, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [
          408,
          'Request Timeout',
          `The request did not arrive in time: headers must arrive within ${headersTimeoutMs} ms (headersTimeoutMs) and the whole request within ${requestTimeoutMs} ms (requestTimeoutMs); raise those serveHttp options for slower clients`,
        ]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The request headers are too large']
        : [400, 'Bad Request', `The request is not valid HTTP (${error.code ?? error.message})`];
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32600, message } });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
