/**
 * `serveHttp`: an McpServer on `node:http`, the quickest way to run one.
 */

import { loopbackOrigin } from '../auth/server/loopback-origin.js';
import { ProtectedHttpEndpoint } from '../auth/server/protected-endpoint.js';
import { PROTECTED_RESOURCE_WELL_KNOWN } from '../auth/server/resource-metadata.js';
import type { McpServer } from '../server/mcp-server.js';
import type { StreamableHttpOptions } from '../transport/http/endpoint.js';
import { isLoopbackAddress } from '../transport/http/security.js';
import { type RunningHttpServer, serveEndpoint } from '../transport/node/serve.js';

/** Options of {@link serveHttp}. */
export interface ServeHttpOptions extends StreamableHttpOptions {
  /** Port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1` (this machine only). */
  host?: string;
  /** Endpoint path. Default `/mcp`. */
  path?: string;
  /** How long a client may take to send a request's headers, ms; then 408. Default 15 000. */
  headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, ms; then 408. Default 60 000. */
  requestTimeoutMs?: number;
}

/**
 * Serves an McpServer over Streamable HTTP with `node:http`, without building
 * a web `Request`/`Response` per request. Bound to localhost, it accepts only
 * localhost Host and Origin headers (DNS-rebinding defence); bound elsewhere
 * without `hostProtection`, it answers any Host, refuses non-loopback web
 * pages, and warns once at start: set `hostProtection` to the names clients
 * use. Behind a reverse proxy, `trustProxy` makes the Host check apply to the
 * proxy's `X-Forwarded-Host` (docs/deploy.md). With `auth` on the server,
 * it also serves the Protected Resource Metadata; bound to a loopback host,
 * the resource defaults to the URL it listens on under the host name given
 * (`localhost` stays `localhost`). Bound elsewhere (`0.0.0.0`, a public
 * name), `auth.resource` is required: only the caller knows the URL clients use.
 *
 * @example
 * const running = await serveHttp(server, { port: 3000 });
 * console.log(`MCP server at ${running.url}`);
 */
export async function serveHttp(
  server: McpServer,
  options: ServeHttpOptions = {},
): Promise<RunningHttpServer> {
  const { port, host = '127.0.0.1', path, headersTimeoutMs, requestTimeoutMs, ...http } = options;
  const timeouts = { headersTimeoutMs, requestTimeoutMs };
  const loopback = isLoopbackAddress(host);
  const chosen = http.hostProtection ?? server.options.http?.hostProtection;
  const hostProtection = chosen ?? (loopback ? 'loopback' : 'loopback-origins');
  if (chosen === undefined && !loopback) {
    const warn = server.options.warn ?? ((message: string) => console.warn(`[mcpkit] ${message}`));
    warn(
      `serveHttp: bound to ${host}, a non-loopback address, without a Host/Origin policy: any Host is answered and web pages only from localhost. Set hostProtection (serveHttp option or McpServer \`http.hostProtection\`) to the names clients use, e.g. { allowedHosts: ['mcp.example.com'] }, or false behind a proxy that checks; see docs/deploy.md`,
    );
  }
  const endpoint = server.createHttpEndpoint({ ...http, hostProtection });
  if (!(endpoint instanceof ProtectedHttpEndpoint))
    return serveEndpoint(endpoint, { port, host, path, ...timeouts });
  if (endpoint.guard.resource === undefined && !isLoopbackAddress(host)) {
    throw new TypeError(
      `serveHttp: auth.resource (the public URL clients use) is required when binding to ${host}, which is not a loopback address`,
    );
  }
  // A protected server also answers its metadata document; its resource defaults to the URL it listens on.
  const metadataPath =
    endpoint.metadataPath ??
    `${PROTECTED_RESOURCE_WELL_KNOWN}${path === undefined ? '/mcp' : path === '/' ? '' : path}`;
  const running = await serveEndpoint(endpoint, { port, host, path, alsoServe: [metadataPath], ...timeouts });
  if (endpoint.guard.resource === undefined) {
    // The caller's loopback host name, not the resolved address: `localhost` is what clients type.
    endpoint.guard.useResource(`${loopbackOrigin(host, Number(running.url.port))}${running.url.pathname}`);
  }
  return running;
}
