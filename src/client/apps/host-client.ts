/**
 * What the app host needs of an MCP client: the few calls it proxies for an app. mcpkit's
 * `Client` has them all; keeping the host on this interface keeps the browser entry free of the
 * Client module (and of the stdio transport it can spawn).
 */
import type { CallToolResult, ReadResourceResult, ReceivedResult, Tool } from '../../protocol/types/index.js';

/**
 * The client an app host renders apps with: connected to the app's server, and declaring the
 * `io.modelcontextprotocol/ui` extension so the server lists the tools only apps may call.
 *
 * @example
 * import { Client } from 'mcpkit/client';
 * import type { AppHostClient } from 'mcpkit/apps-host';
 * const client: AppHostClient = await Client.connect('http://127.0.0.1:3000/mcp', {
 *   capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } } },
 * });
 */
export interface AppHostClient {
  /** Every tool the server lists to this client (app-only ones included). */
  listAllTools(options?: { signal?: AbortSignal }): Promise<Tool[]>;
  /** Calls a tool and gives its result. */
  callTool(
    name: string,
    args?: Record<string, unknown>,
    options?: { signal?: AbortSignal },
  ): Promise<CallToolResult>;
  /** Reads a resource. */
  readResource(uri: string, options?: { signal?: AbortSignal }): Promise<ReceivedResult<ReadResourceResult>>;
}
