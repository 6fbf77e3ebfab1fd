/**
 * The deprecated HTTP+SSE transport (2024-11-05) against the official v1 SDK's
 * SSE server: the fallback for servers that predate Streamable HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer as V1Server } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '../src/entries/client.js';
import { LegacySseClientTransport } from '../src/entries/http.js';
import { JsonRpcPeer } from '../src/entries/session.js';

let http: Server | undefined;
let peer: JsonRpcPeer | undefined;
afterEach(async () => {
  await peer?.close();
  await new Promise<void>((resolve) => {
    http?.closeAllConnections();
    http ? http.close(() => resolve()) : resolve();
  });
});

async function startV1SseServer(): Promise<URL> {
  const transports = new Map<string, SSEServerTransport>();
  http = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      transports.set(transport.sessionId, transport);
      const server = new V1Server({ name: 'v1-sse', version: '1.0.0' });
      server.registerTool('shout', { inputSchema: { text: z.string() } }, async ({ text }) => ({
        content: [{ type: 'text', text: text.toUpperCase() }],
      }));
      await server.connect(transport);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/messages') {
      const transport = transports.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) {
        res.writeHead(404).end();
        return;
      }
      await transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(http!.address() as AddressInfo).port}/sse`);
}

describe('HTTP+SSE (2024-11-05) client transport', () => {
  it('learns the POST endpoint, then runs the handshake and calls a tool', async () => {
    const url = await startV1SseServer();
    const transport = new LegacySseClientTransport(url);
    peer = new JsonRpcPeer(transport);
    await peer.start();
    expect(transport.postEndpoint?.pathname).toBe('/messages');
    const init = await peer.request('initialize', {
      protocolVersion: '2024-11-05',
      capabilities: {},
      clientInfo: { name: 'mcpkit', version: '0' },
    });
    expect(init).toMatchObject({ protocolVersion: '2024-11-05', serverInfo: { name: 'v1-sse' } });
    await peer.notify('notifications/initialized');
    await expect(
      peer.request('tools/call', { name: 'shout', arguments: { text: 'hi' } }),
    ).resolves.toMatchObject({
      content: [{ type: 'text', text: 'HI' }],
    });
  });

  it('is what Client.connect falls back to when the server takes no MCP POSTs', async () => {
    const url = await startV1SseServer();
    const client = await Client.connect(url, { warn: () => {} });
    try {
      expect(client.server).toMatchObject({ era: 'legacy', serverInfo: { name: 'v1-sse' } });
      await expect(client.callTool('shout', { text: 'quiet' })).resolves.toMatchObject({
        content: [{ type: 'text', text: 'QUIET' }],
      });
    } finally {
      await client.close();
    }
  });

  it('says clearly when the URL is not an HTTP+SSE server', async () => {
    const url = await startV1SseServer();
    const transport = new LegacySseClientTransport(new URL('/nope', url));
    await expect(transport.start({ onMessage() {}, onInvalid() {}, onClose() {} })).rejects.toThrow(
      /HTTP 404/,
    );
  });
});
