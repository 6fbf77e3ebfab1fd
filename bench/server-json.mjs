/**
 * The mcpkit bench server (see bench/README.md for the contract): `echo`,
 * `add` (with an outputSchema) and `bench://blob/{size}`, on stdio, or on
 * Streamable HTTP at http://127.0.0.1:$BENCH_HTTP_PORT/mcp when that is set.
 * Imports the built package: run `npm run build` first.
 */
import { McpServer, ResourceTemplate } from 'mcpkit/server';

import { blob, exitOnSignal, httpPort } from './servers/common.mjs';

function createServer() {
  const server = new McpServer({ name: 'mcpkit-bench', version: '0.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns the text it is given.', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
    ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers.',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a','b'] },
      outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
    },
    ({ a, b }) => {
      const result = { sum: a + b };
      return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
    },
  );
  server.registerResource(
    'blob',
    new ResourceTemplate('bench://blob/{size}', { list: undefined }),
    { description: 'Exactly {size} bytes of text', mimeType: 'text/plain' },
    (uri, { size }) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: blob(size) }] }),
  );
  return server;
}

const port = httpPort();
const server = createServer();
exitOnSignal();
if (port === undefined) {
  const { serveStdio } = await import('mcpkit/stdio');
  const running = await serveStdio(server);
  await running.closed;
  process.exit(0);
} else {
  const { serveHttp } = await import('mcpkit/node');
  await serveHttp(server, { port, host: '127.0.0.1', path: '/mcp' });
}
