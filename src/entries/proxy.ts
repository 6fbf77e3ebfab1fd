/**
 * `mcpkit/proxy`: a server that serves a remote MCP server's tools, prompts and resources
 * through mcpkit's Client, everything forwarded both ways (see docs/composition.md, "Proxy").
 * An entry of its own because it brings both the client and the server.
 *
 * @packageDocumentation
 */
export { DEFAULT_HELD_CALL_TTL_MS, DEFAULT_MAX_HELD_CALLS } from '../client/proxy/held-calls.js';
export { createProxy, type McpProxy, type ProxyOptions } from '../client/proxy/proxy.js';
export { proxyClientInput } from '../client/proxy/upstream-input.js';
