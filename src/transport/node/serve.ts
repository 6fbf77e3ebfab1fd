/**
 * Starts a `node:http` server for a Streamable HTTP endpoint.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
}

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
  const server = createServer((req, res) => {
    const requested = (req.url ?? '/').split('?', 1)[0]!;
    if (requested !== path && !options.alsoServe?.includes(requested)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`Not found: the MCP endpoint is ${path}\n`);
      return;
    }
    listener(req, res);
  });
  server.keepAliveTimeout = 65_000;
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
