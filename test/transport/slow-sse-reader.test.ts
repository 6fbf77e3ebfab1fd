/**
 * A client that never reads its SSE answer must not make the server hold an unbounded backlog:
 * past `maxSseBufferBytes` waiting for the reader, the stream is dropped, which on 2026-07-28
 * cancels the request (the handler's signal aborts), and the handler stops long before it has
 * sent what it meant to. Through `server.fetch` (the stream's own byte count is exact) and over a
 * real loopback socket (where the kernel's socket buffers hold a few MiB more).
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import { envelope, MODERN } from '../helpers/http-rpc.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const LIMIT = 1 * MiB;
const CHUNK = 256 * KiB;
const PLANNED = 100 * MiB;

/** A server whose `flood` tool sends 100 MiB of progress, stopping when its request is cancelled. */
function floodingServer() {
  const server = new McpServer(
    { name: 'flood', version: '1.0.0' },
    { warn: () => {}, http: { maxSseBufferBytes: LIMIT } },
  );
  let finished!: (outcome: { sent: number; cancelled: boolean }) => void;
  const outcome = new Promise<{ sent: number; cancelled: boolean }>((resolve) => {
    finished = resolve;
  });
  const text = 'x'.repeat(CHUNK);
  server.registerTool('flood', {}, async (ctx) => {
    let sent = 0;
    while (sent < PLANNED && !ctx.signal.aborted) {
      await ctx.progress(sent, PLANNED, text);
      sent += CHUNK;
      // Let the socket move bytes between events, as a real handler doing work would.
      await new Promise((resolve) => setImmediate(resolve));
    }
    finished({ sent, cancelled: ctx.signal.aborted });
    return { content: [] };
  });
  return { server, outcome };
}

const message = {
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'flood', arguments: {}, _meta: envelope({}, { progressToken: 'p' }) },
};
const headers = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  ...requestHeadersFor(message, { protocolVersion: MODERN }),
};

describe('an SSE reader that never reads', () => {
  it('through server.fetch: the stream is dropped once 1 MiB waits, and the request is cancelled', async () => {
    const { server, outcome } = floodingServer();
    const response = await server.fetch(
      new Request('http://localhost/mcp', { method: 'POST', headers, body: JSON.stringify(message) }),
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    // The body is never read.
    const { sent, cancelled } = await outcome;
    expect(cancelled).toBe(true);
    // What was queued: at most the limit plus the one event that crossed it.
    expect(sent).toBeLessThanOrEqual(LIMIT + 2 * CHUNK);
  });

  it('over node:http: the connection is dropped and the handler stops long before 100 MiB', async () => {
    const { server, outcome } = floodingServer();
    const running = await serveHttp(server, { port: 0 });
    try {
      const request = httpRequest(running.url, { method: 'POST', headers }, (response) => {
        expect(response.headers['content-type']).toBe('text/event-stream');
        response.pause(); // Never read: only the kernel's buffers take anything.
      });
      request.on('error', () => {});
      request.end(JSON.stringify(message));
      const { sent, cancelled } = await outcome;
      expect(cancelled).toBe(true);
      // The limit, one event and the kernel's socket buffers: far below what was planned.
      expect(sent).toBeLessThan(24 * MiB);
      request.destroy();
    } finally {
      await running.close();
    }
  });
});
