/**
 * The official SDK v2 (`@modelcontextprotocol/server`) bench server, same
 * contract as bench/server.mjs. HTTP is served the way its docs describe for
 * plain node:http: `createMcpHandler` (2026-07-28, with its default stateless
 * fallback for 2025-era requests) wrapped by `toNodeHandler` from
 * `@modelcontextprotocol/node`, behind its localhost Host-header check.
 */
import { createServer } from 'node:http';
import { localhostHostValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { blob, exitOnSignal, httpPort } from './common.mjs';

function createBenchServer() {
  const server = new McpServer({ name: 'official-v2-bench', version: '0.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns the text it is given.', inputSchema: z.object({ text: z.string() }) },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers.',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      outputSchema: z.object({ sum: z.number() }),
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

const port = httpPort();
exitOnSignal();
if (port === undefined) {
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  serveStdio(() => createBenchServer());
  process.stdin.once('end', () => process.exit(0));
} else {
  const handler = toNodeHandler(createMcpHandler(() => createBenchServer()));
  const hostCheck = localhostHostValidation();
  const http = createServer((req, res) => {
    if (!req.url?.startsWith('/mcp')) {
      res.writeHead(404).end();
      return;
    }
    if (!hostCheck(req, res)) return;
    void handler(req, res);
  });
  http.listen(port, '127.0.0.1');
}
