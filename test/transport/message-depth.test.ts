/**
 * maxMessageDepth: a message nesting arrays and objects deeper than the limit (default 128)
 * is refused with -32600 naming the limit and its option, before anything walks it; the
 * connection goes on serving. Over node:http (serveHttp) and over a stream transport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { envelope, MODERN } from '../helpers/http-rpc.js';
import { rawPost } from '../helpers/raw-post.js';
import { rawServer } from '../helpers/stream-pair.js';

/** `levels` of nested arrays as text: `[[[...]]]`. */
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** A modern tools/call whose argument `deep` nests `levels` arrays (the message adds 4 levels above it). */
function callWithDepth(id: number, levels: number): string {
  const params = JSON.stringify({ name: 'echo', arguments: { deep: 0 }, _meta: envelope() });
  return `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":${params.replace('"deep":0', `"deep":${nested(levels)}`)}}`;
}

describe('maxMessageDepth over node:http', () => {
  let running: RunningHttpServer;
  beforeAll(async () => {
    const server = new McpServer({ name: 'depth', version: '1.0.0' }, { warn: () => {} });
    server.registerTool('echo', {}, () => ({ content: [{ type: 'text', text: 'ok' }] }));
    running = await serveHttp(server, { port: 0 });
  });
  afterAll(() => running.close());

  const headers = { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'echo' };

  it('serves a message within the default of 128 levels', async () => {
    const reply = await rawPost(running.url.href, headers, callWithDepth(1, 120));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).result.content).toEqual([{ type: 'text', text: 'ok' }]);
  });

  it.each([130, 1_000_000])('refuses %d levels with 400 and -32600, naming the option', async (levels) => {
    const reply = await rawPost(running.url.href, headers, callWithDepth(7, levels));
    expect(reply.status).toBe(400);
    const body = JSON.parse(reply.body);
    expect(body.id).toBe(7);
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toContain('more than 128 levels');
    expect(body.error.message).toContain('maxMessageDepth');
    const after = await rawPost(running.url.href, headers, callWithDepth(8, 2));
    expect(after.status).toBe(200);
  });
});

describe('maxMessageDepth over a stream transport', () => {
  it('answers a too-deep request with -32600 and its id, then the next request', async () => {
    const raw = rawServer({ transport: { maxMessageDepth: 8 } });
    raw.peer.dispatcher.setRequestHandler('ping', () => ({}));
    await raw.peer.start();
    raw.writeLine(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":${nested(8)}}}`);
    raw.writeLine(`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"x":${nested(6)}}}`);
    const replies = await raw.waitForReplies(2);
    expect(replies[0]).toMatchObject({
      id: 1,
      error: { code: -32600, message: expect.stringContaining('more than 8 levels') },
    });
    expect(replies[1]).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
    await raw.peer.close();
  });
});
