/**
 * Shared pieces of the interop matrix: the servers of each SDK on real HTTP
 * (127.0.0.1, port 0), the stdio fixture commands, and a small way to declare
 * per cell which features run, which a peer does not support (skipped, with
 * the reason) and which fail because of a known mcpkit bug.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { createMcpkitServer } from '../fixtures/interop/mcpkit-server.js';
import { createOfficialV1Server } from '../fixtures/interop/official-v1-server.js';
import { createOfficialV2Server } from '../fixtures/interop/official-v2-server.js';

/** A server under test, reachable at `url`. */
export interface RunningServer {
  url: URL;
  close(): Promise<void>;
}

/** The features every cell exercises, in the order of the compatibility table. */
export const FEATURES = [
  'tools',
  'resources',
  'prompts',
  'elicitation',
  'sampling',
  'progress',
  'logging',
  'listChanged',
] as const;
export type Feature = (typeof FEATURES)[number];

/**
 * How a feature fares in one cell: `true` runs it; `{ skip }` skips it
 * because the peer (not mcpkit) does not offer it on this era and transport;
 * `{ fails }` runs it as `it.fails` because of the mcpkit bug it names.
 */
export type Verdict = true | { skip: string } | { fails: string };
export type Support = Record<Feature, Verdict>;

/** Declares one feature test according to the cell's verdict for it. */
export function feature(support: Support, name: Feature, title: string, body: () => Promise<void>): void {
  const verdict = support[name];
  if (verdict === true) it(title, body);
  else if ('skip' in verdict) it.skip(`${title} (not supported: ${verdict.skip})`, body);
  else it.fails(`${title} (mcpkit bug: ${verdict.fails})`, body);
}

/** Every feature supported. */
export function allSupported(overrides: Partial<Support> = {}): Support {
  const support = Object.fromEntries(FEATURES.map((f) => [f, true])) as Support;
  return { ...support, ...overrides };
}

/** The answer of every sampling handler in the matrix. */
export const SAMPLED = {
  role: 'assistant',
  content: { type: 'text', text: 'hi' },
  model: 'test-model',
} as const;

// ---------------------------------------------------------------- stdio

/** The command that runs a stdio fixture of `test/fixtures/interop/`. */
export function stdioFixture(name: 'mcpkit-stdio' | 'official-v1-stdio' | 'official-v2-stdio'): {
  command: string;
  args: string[];
} {
  const path = fileURLToPath(new URL(`../fixtures/interop/${name}.ts`, import.meta.url));
  return { command: process.execPath, args: ['--import', 'tsx', path] };
}

// ---------------------------------------------------------------- HTTP

async function listen(server: Server): Promise<RunningServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** mcpkit's McpServer on `serveHttp`. */
export async function startMcpkitHttp(): Promise<RunningServer> {
  const server = createMcpkitServer();
  const running = await serveHttp(server, { port: 0 });
  return {
    url: running.url,
    close: async () => {
      server.close();
      await running.close();
    },
  };
}

/**
 * The official v1 server on `node:http` with `StreamableHTTPServerTransport`:
 * one stateful session (and one McpServer) per `initialize`.
 */
export async function startOfficialV1Http(): Promise<RunningServer> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const all = new Set<StreamableHTTPServerTransport>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const id = req.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!transport && typeof id === 'string') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }),
        );
      return;
    }
    if (!transport) {
      const fresh = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, fresh);
        },
      });
      all.add(fresh);
      await createOfficialV1Server().connect(fresh);
      transport = fresh;
    }
    await transport.handleRequest(req, res);
  });
  const running = await listen(server);
  return {
    url: running.url,
    close: async () => {
      await Promise.all([...all].map((t) => t.close().catch(() => {})));
      await running.close();
    },
  };
}

/**
 * The official v2 server: `createMcpHandler` (2026-07-28, and 2025 through
 * its stateless legacy fallback) behind a small `node:http` adapter.
 * `touch` publishes on the handler's bus, which feeds its listen streams.
 */
export async function startOfficialV2Http(): Promise<RunningServer & { handler: McpHttpHandler }> {
  const handler: McpHttpHandler = createMcpHandler(() =>
    createOfficialV2Server(() => handler.notify.toolsChanged()),
  );
  const running = await listen(createServer((req, res) => void serveFetch(handler.fetch, req, res)));
  return {
    handler,
    url: running.url,
    close: async () => {
      await handler.close();
      await running.close();
    },
  };
}

/** Serves one node:http exchange with a web-standard fetch handler, streaming the answer. */
async function serveFetch(
  handle: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'DELETE';
    const response = await handle(
      new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Buffer.concat(chunks) : undefined,
        signal: gone.signal,
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) {
      res.end();
      return;
    }
    res.flushHeaders();
    const reader = response.body.getReader();
    gone.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  } catch {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
}

/** Resolves when `check` holds, polling; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
