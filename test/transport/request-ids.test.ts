/**
 * JSON-RPC ids come back exactly as sent, compared as text: an integer id beyond
 * 2^53 - 1, which a JavaScript number cannot hold, is answered with its own digits
 * over HTTP (both eras, JSON and SSE answers) and over stdio (a real child process).
 * Ids that are not integers are refused with -32600.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { envelope, MODERN } from '../helpers/http-rpc.js';
import { rawPost } from '../helpers/raw-post.js';

const WIDE = '9007199254740993'; // 2^53 + 1: JSON.parse reads it as 9007199254740992.

function makeServer(): McpServer {
  const server = new McpServer({ name: 'ids', version: '1.0.0' }, { warn: () => {} });
  server.registerTool('echo', {}, () => ({ content: [{ type: 'text', text: 'ok' }] }));
  server.registerTool('chatty', {}, async (ctx) => {
    await ctx.progress(1, 2, 'half way');
    return { content: [{ type: 'text', text: 'done' }] };
  });
  return server;
}

/** A modern tools/call as raw text, with `id` written exactly as given. */
function modernCall(id: string, tool: string, meta: Record<string, unknown> = envelope()): string {
  const params = JSON.stringify({ name: tool, arguments: {}, _meta: meta });
  return `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":${params}}`;
}

const MODERN_HEADERS = { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call' };

function initialize(id: string): string {
  const params = JSON.stringify({
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  });
  return `{"jsonrpc":"2.0","id":${id},"method":"initialize","params":${params}}`;
}

describe('request ids over HTTP (node:http)', () => {
  let running: RunningHttpServer;
  beforeAll(async () => {
    running = await serveHttp(makeServer(), { port: 0 });
  });
  afterAll(() => running.close());

  it.each([WIDE, `-${WIDE}`, '123456789012345678901234567890'])(
    'answers a 2026-07-28 request with id %s exactly as sent',
    async (id) => {
      const reply = await rawPost(
        running.url.href,
        { ...MODERN_HEADERS, 'mcp-name': 'echo' },
        modernCall(id, 'echo'),
      );
      expect(reply.status).toBe(200);
      expect(reply.body).toContain(`"id":${id},`);
      expect(JSON.parse(reply.body).result.content).toEqual([{ type: 'text', text: 'ok' }]);
    },
  );

  it('answers with the exact id at the end of an SSE stream', async () => {
    const meta = envelope({}, { progressToken: 'p' });
    const reply = await rawPost(
      running.url.href,
      { ...MODERN_HEADERS, 'mcp-name': 'chatty' },
      modernCall(WIDE, 'chatty', meta),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('notifications/progress');
    expect(reply.body).toContain(`data: {"jsonrpc":"2.0","id":${WIDE},"result":`);
  });

  it('answers a 2025 initialize with the exact id', async () => {
    const reply = await rawPost(running.url.href, {}, initialize(WIDE));
    expect(reply.status).toBe(200);
    expect(reply.body).toContain(`"id":${WIDE},`);
    expect(reply.body).toContain('"protocolVersion":"2025-11-25"');
  });

  it('answers an error to a wide id with that id too', async () => {
    // A request missing its _meta envelope is refused by the gate, still naming the request.
    const text = `{"jsonrpc":"2.0","id":${WIDE},"method":"tools/call","params":{"name":"echo"}}`;
    const reply = await rawPost(running.url.href, MODERN_HEADERS, text);
    expect(reply.body).toContain(`"id":${WIDE},`);
    expect(JSON.parse(reply.body).error.code).toBe(-32602);
  });

  it.each([
    ['1.5', 'fractional number 1.5'],
    ['1e400', 'too large'],
    [`${WIDE}.5`, 'plain digits'],
    ['1e20', 'plain digits'],
  ])('refuses the id %s with -32600 and says why', async (id, why) => {
    const reply = await rawPost(
      running.url.href,
      { ...MODERN_HEADERS, 'mcp-name': 'echo' },
      modernCall(id, 'echo'),
    );
    expect(reply.status).toBe(400);
    const body = JSON.parse(reply.body);
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toContain(why);
    expect(body).not.toHaveProperty('id');
  });
});

describe('request ids over stdio', () => {
  const script = fileURLToPath(new URL('../fixtures/stdio-mcp-server.ts', import.meta.url));
  let child: ChildProcessWithoutNullStreams;
  let output = '';
  beforeAll(() => {
    child = spawn(process.execPath, ['--import', 'tsx', script]);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
  });
  afterAll(() => {
    child.stdin.end();
  });

  /** The first line the server wrote that contains `needle`. */
  async function lineWith(needle: string): Promise<string> {
    for (;;) {
      const line = output.split('\n').find((candidate) => candidate.includes(needle));
      if (line !== undefined) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('answers a 2026-07-28 request and a 2025 initialize with their exact ids', async () => {
    child.stdin.write(`${modernCall(WIDE, 'echo')}\n`);
    const modern = await lineWith(`"id":${WIDE},`);
    expect(JSON.parse(modern).result.resultType).toBe('complete');

    const other = '18446744073709551617'; // 2^64 + 1
    child.stdin.write(`${initialize(other)}\n`);
    const legacy = await lineWith(`"id":${other},`);
    expect(JSON.parse(legacy).result.protocolVersion).toBe('2025-11-25');
  });

  it('answers a string id that looks like a wide number as a string', async () => {
    child.stdin.write(`${modernCall(`"${WIDE}"`, 'echo')}\n`);
    const line = await lineWith(`"id":"${WIDE}"`);
    expect(JSON.parse(line).result).toBeDefined();
  });
});
