/**
 * headersTimeoutMs and requestTimeoutMs: a client that trickles its headers, or stalls in the
 * middle of its body, gets 408 with a JSON-RPC error naming the limit and the option, and the
 * connection closes, so slow clients cannot hold connections open. Over a raw loopback socket.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';

/** Writes `text` on a fresh connection and resolves with everything the server sends until it closes. */
function sendAndWait(url: URL, text: string): Promise<{ received: string; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ received, elapsedMs: Date.now() - started }));
  });
}

function bodyOf(received: string) {
  return JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4));
}

describe('slow clients on serveHttp', () => {
  let running: RunningHttpServer;
  beforeAll(async () => {
    const server = new McpServer({ name: 'slow', version: '1.0.0' }, { warn: () => {} });
    running = await serveHttp(server, { port: 0, headersTimeoutMs: 300, requestTimeoutMs: 600 });
  });
  afterAll(() => running.close());

  it('answers 408 naming headersTimeoutMs to a client that never finishes its headers', async () => {
    const { received, elapsedMs } = await sendAndWait(
      running.url,
      `POST /mcp HTTP/1.1\r\nHost: ${running.url.host}\r\nContent-Type: application/json\r\n`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).toContain('Connection: close');
    const body = bodyOf(received);
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toContain('300 ms (headersTimeoutMs)');
    expect(elapsedMs).toBeLessThan(3_000);
  });

  it('answers 408 naming requestTimeoutMs to a client that stalls in its body', async () => {
    const { received, elapsedMs } = await sendAndWait(
      running.url,
      `POST /mcp HTTP/1.1\r\nHost: ${running.url.host}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 100\r\n\r\n{"jsonrpc":`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(received).error.message).toContain('600 ms (requestTimeoutMs)');
    expect(elapsedMs).toBeGreaterThanOrEqual(500);
    expect(elapsedMs).toBeLessThan(3_000);
  });

  it('keeps serving prompt clients', async () => {
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}',
    });
    expect(response.status).toBe(200);
  });
});
