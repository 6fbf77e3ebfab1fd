/**
 * The official SDK v1 (`@modelcontextprotocol/sdk` 1.x) bench server, same
 * contract as bench/server.mjs. It speaks 2025-era protocol revisions only.
 * HTTP is the sessionful Streamable HTTP wiring of its docs (one transport and
 * one McpServer per session), answering POSTs with JSON rather than SSE.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { blob, exitOnSignal, httpPort } from './common.mjs';

function createBenchServer() {
  const server = new McpServer({ name: 'official-v1-bench', version: '0.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns the text it is given.', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers.',
      inputSchema: { a: z.number(), b: z.number() },
      outputSchema: { sum: z.number() },
    },
    async ({ a, b }) => {
      const result = { sum: a + b };
      return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
    },
  );
  server.registerResource(
    'blob',
    new ResourceTemplate('bench://blob/{size}', { list: undefined }),
    { description: 'Exactly {size} bytes of text', mimeType: 'text/plain' },
    async (uri, { size }) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: blob(size) }] }),
  );
  return server;
}

function sendError(res, status, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const port = httpPort();
exitOnSignal();
if (port === undefined) {
  await createBenchServer().connect(new StdioServerTransport());
  process.stdin.once('end', () => process.exit(0));
} else {
  /** @type {Map<string, StreamableHTTPServerTransport>} */
  const transports = new Map();
  const http = createServer(async (req, res) => {
    try {
      if (!req.url?.startsWith('/mcp')) return void res.writeHead(404).end();
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
      if (existing) return void (await existing.handleRequest(req, res));
      if (req.method !== 'POST') return sendError(res, 400, 'No valid session');
      const body = await readJson(req);
      if (body?.method !== 'initialize') return sendError(res, 400, 'No valid session');
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) transports.delete(transport.sessionId);
      };
      await createBenchServer().connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, String(error));
    }
  });
  http.listen(port, '127.0.0.1');
}
