/**
 * The mcpkit bench server behind bench/server.mjs (JSON Schema) and
 * servers/mcpkit-zod.mjs (the same server with zod schemas): `echo`, `add`
 * (with an outputSchema) and `bench://blob/{size}`, on stdio, or on Streamable
 * HTTP at http://127.0.0.1:$BENCH_HTTP_PORT/mcp when that is set. Imports the
 * built package: run `npm run build` first.
 */
import { McpServer, ResourceTemplate } from 'mcpkit/server';
import { blob, exitOnSignal, httpPort } from './common.mjs';

/**
 * Serves the bench contract with the given tool schemas
 * (`{ echoInput, addInput, addOutput }`) until stopped. `serverOptions` go to
 * the McpServer (servers/mcpkit-redis.mjs passes the Redis backplane's pieces);
 * `register(server)` adds tools of its own.
 */
export async function serveMcpkitBench(schemas, { serverOptions, register } = {}) {
  const server = new McpServer({ name: 'mcpkit-bench', version: '0.0.0' }, serverOptions);
  server.registerTool(
    'echo',
    { description: 'Returns the text it is given.', inputSchema: schemas.echoInput },
    ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'add',
    { description: 'Adds two numbers.', inputSchema: schemas.addInput, outputSchema: schemas.addOutput },
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
  register?.(server);

  const port = httpPort();
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
}
