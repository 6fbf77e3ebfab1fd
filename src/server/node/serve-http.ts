/**
 * `serveHttp`: an McpServer on `node:http`, the quickest way to run one.
 */

import type { StreamableHttpOptions } from '../../transport/http/endpoint.js';
import { isLoopbackAddress } from '../../transport/http/security.js';
import { type RunningHttpServer, serveEndpoint } from '../../transport/node/serve.js';
import type { McpServer } from '../mcp-server.js';

/** Options of {@link serveHttp}. */
export interface ServeHttpOptions extends StreamableHttpOptions {
  /** Port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1` (this machine only). */
  host?: string;
  /** Endpoint path. Default `/mcp`. */
  path?: string;
}

/**
 * Serves an McpServer over Streamable HTTP with `node:http`, without building
 * a web `Request`/`Response` per request. Bound to localhost, it accepts only
 * localhost Host and Origin headers (DNS-rebinding defence); bound elsewhere,
 * set `hostProtection` to the names clients use.
 *
 * @example
 * const running = await serveHttp(server, { port: 3000 });
 * console.log(`MCP server at ${running.url}`);
 */
export function serveHttp(server: McpServer, options: ServeHttpOptions = {}): Promise<RunningHttpServer> {
  const { port, host = '127.0.0.1', path, ...http } = options;
  const hostProtection =
    http.hostProtection ??
    server.options.http?.hostProtection ??
    (isLoopbackAddress(host) ? 'loopback' : false);
  const endpoint = server.createHttpEndpoint({ ...http, hostProtection });
  return serveEndpoint(endpoint, { port, host, path });
}
