/**
 * `serveStdio`: an McpServer over this process's stdin and stdout.
 */
import type { McpServer } from '../server/mcp-server.js';
import type { JsonRpcPeer } from '../session/peer.js';
import { StdioServerTransport, type StdioServerTransportOptions } from '../transport/stdio/server.js';

/** A server running on stdio. */
export interface RunningStdioServer {
  /** The connection. */
  readonly peer: JsonRpcPeer;
  /** Settles when the client closes stdin (or the connection fails). */
  readonly closed: Promise<Error | undefined>;
  /** Stops serving. */
  close(): Promise<void>;
}

/**
 * Serves an McpServer on stdio until stdin ends. A `server/discover` probe is
 * answered like any request; `notifications/cancelled` cancels a request.
 * Nothing but protocol messages is written to stdout, so log to stderr.
 *
 * @example
 * const running = await serveStdio(server);
 * await running.closed;
 */
export async function serveStdio(
  server: McpServer,
  options: StdioServerTransportOptions = {},
): Promise<RunningStdioServer> {
  const peer = await server.connect(new StdioServerTransport(options));
  return {
    peer,
    closed: peer.closed,
    async close() {
      server.close();
      await peer.close();
    },
  };
}
