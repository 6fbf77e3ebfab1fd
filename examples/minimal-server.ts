/**
 * A minimal 2026-07-28 MCP server built directly on mcpkit's engine: one tool,
 * `echo`, served over Streamable HTTP (default) or stdio (`--stdio`).
 *
 *   npm start                      # http://127.0.0.1:3000/mcp
 *   npm start -- --port 4000
 *   npm start -- --stdio
 */
import { pathToFileURL } from 'node:url';
import { InvalidParamsError } from '../src/protocol/errors.js';
import { MODERN_PROTOCOL_VERSIONS } from '../src/protocol/versions.js';
import { modernHttpHandlers, modernServingMiddleware } from '../src/server/modern-serving.js';
import { Dispatcher, JsonRpcPeer } from '../src/session/index.js';
import { StreamableHttpEndpoint } from '../src/transport/http/index.js';
import { type RunningHttpServer, serveEndpoint } from '../src/transport/node/index.js';
import { StdioServerTransport } from '../src/transport/stdio/index.js';

const serverInfo = { name: 'mcpkit-minimal', version: '0.1.0' };

const echoTool = {
  name: 'echo',
  title: 'Echo',
  description: 'Returns the text it is given.',
  inputSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { text: { type: 'string', description: 'What to echo' } },
    required: ['text'],
  },
};

/** The server's handlers, ready for either transport. */
export function createMinimalDispatcher(): Dispatcher {
  const dispatcher = new Dispatcher();
  dispatcher.setRequestHandler('server/discover', () => ({
    supportedVersions: [...MODERN_PROTOCOL_VERSIONS],
    capabilities: { tools: {} },
    instructions: 'A minimal mcpkit server with one tool, echo.',
  }));
  dispatcher.setRequestHandler('tools/list', () => ({ tools: [echoTool] }));
  dispatcher.setRequestHandler('tools/call', (params) => {
    if (params.name !== 'echo') throw new InvalidParamsError(`Unknown tool: ${String(params.name)}`);
    const text = (params.arguments as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') {
      return { content: [{ type: 'text', text: 'echo needs a string argument "text"' }], isError: true };
    }
    return { content: [{ type: 'text', text }] };
  });
  return dispatcher;
}

/** Serves the demo over Streamable HTTP on 127.0.0.1; port 0 picks a free one. */
export function startMinimalHttpServer(port: number): Promise<RunningHttpServer> {
  const dispatcher = createMinimalDispatcher();
  const endpoint = new StreamableHttpEndpoint(modernHttpHandlers(dispatcher, { encode: { serverInfo } }));
  return serveEndpoint(endpoint, { port });
}

/** Starts the server as the command line asks. */
export async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--stdio')) {
    const dispatcher = createMinimalDispatcher();
    const encode = { serverInfo };
    dispatcher.use(modernServingMiddleware(dispatcher, { encode }));
    const peer = new JsonRpcPeer(new StdioServerTransport(), { dispatcher });
    await peer.start();
    await peer.closed;
    return;
  }
  const portFlag = argv.indexOf('--port');
  const port = portFlag === -1 ? Number(process.env.PORT ?? 3000) : Number(argv[portFlag + 1]);
  const running = await startMinimalHttpServer(port);
  process.stderr.write(`mcpkit minimal server listening on ${running.url.href}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
