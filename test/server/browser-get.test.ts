/**
 * `GET /mcp` from a browser (Accept: text/html, no MCP headers) gets a short
 * plain answer saying what the endpoint is and how to use it; every GET an
 * MCP client sends keeps its conformance-checked status.
 */
import { describe, expect, it } from 'vitest';
import { McpServer } from '../../src/entries/server.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function get(server: McpServer, headers: Record<string, string>): Promise<Response> {
  return server.fetch(new Request('http://localhost/mcp', { method: 'GET', headers }));
}

function servers(): [string, McpServer][] {
  return [
    ['with 2025 sessions (the default)', new McpServer({ name: 'a', version: '1' }, { warn: () => {} })],
    [
      'stateless',
      new McpServer({ name: 'b', version: '1' }, { warn: () => {}, sessions: { mode: 'stateless' } }),
    ],
  ];
}

describe('a browser visiting the endpoint', () => {
  it.each(servers())('gets 405 with a plain explanation (%s)', async (_name, server) => {
    const response = await get(server, { accept: BROWSER_ACCEPT });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('This is an MCP (Model Context Protocol) endpoint, not a web page.');
    expect(text).toMatch(/JSON-RPC messages with HTTP POST/);
    expect(text).toContain('npx mcpkit tools http://localhost/mcp');
    expect(text).not.toContain('Mcp-Session-Id');
  });

  it('an MCP client GET keeps its statuses: 400 without a session, 404 for an unknown one', async () => {
    const server = new McpServer({ name: 'c', version: '1' }, { warn: () => {} });
    const missing = await get(server, { accept: 'text/event-stream' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toContain('Mcp-Session-Id');
    const unknown = await get(server, { accept: 'text/event-stream', 'mcp-session-id': 'nope' });
    expect(unknown.status).toBe(404);
    // HTML in Accept does not make a request with MCP headers a browser visit.
    const withSession = await get(server, { accept: BROWSER_ACCEPT, 'mcp-session-id': 'nope' });
    expect(withSession.status).toBe(404);
    const withVersion = await get(server, { accept: BROWSER_ACCEPT, 'mcp-protocol-version': '2026-07-28' });
    expect(withVersion.status).toBe(405);
    expect(withVersion.headers.get('content-type')).toContain('application/json');
  });
});
