/**
 * A body over the limit gets a readable 413, not a reset connection: the server stops
 * reading, answers with a JSON-RPC error naming the limit and the option that raises it,
 * and closes only after a bounded linger, so a client still uploading reads the answer
 * instead of failing with EPIPE or ECONNRESET. Over a real loopback socket (node:http)
 * and through the web-standard handler (`server.fetch`).
 */
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { INITIALIZE } from '../helpers/raw-post.js';

const MiB = 1024 * 1024;
const LIMIT = 1 * MiB;

/** `total` bytes of a JSON-looking body, made lazily from one reused chunk; `sent` counts what was pulled. */
function largeBody(total: number) {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const counter = { sent: 0 };
  async function* generate() {
    yield Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"');
    while (counter.sent < total) {
      counter.sent += chunk.length;
      yield chunk;
    }
    yield Buffer.from('"}}');
  }
  return { generate, counter };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Streams a large body to `url` with node:http and resolves with the answer once it has been
 * read whole; the upload is abandoned then, as a client does once the server has answered.
 * An error before the answer (EPIPE, ECONNRESET) rejects.
 */
function uploadLarge(url: URL, total: number, declareLength: boolean): Promise<Answer> {
  const { generate } = largeBody(total);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    if (declareLength) headers['content-length'] = String(total + 64);
    const request = httpRequest(url, { method: 'POST', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        body += text;
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        request.destroy();
      });
    });
    request.on('error', reject);
    Readable.from(generate()).pipe(request);
  });
}

function expectReadable413(answer: { status: number; body: string }) {
  expect(answer.status).toBe(413);
  const error = JSON.parse(answer.body).error;
  expect(error.code).toBe(-32600);
  expect(error.message).toContain(`${LIMIT} bytes`);
  expect(error.message).toContain('maxBodyBytes');
}

describe('a body over maxBodyBytes on node:http', () => {
  let running: RunningHttpServer;
  beforeAll(async () => {
    const server = new McpServer({ name: 'limits', version: '1.0.0' }, { warn: () => {} });
    running = await serveHttp(server, { port: 0, maxBodyBytes: LIMIT });
  });
  afterAll(() => running.close());

  it.each([
    ['streamed without a length', false],
    ['with a declared Content-Length', true],
  ])('a 100 MiB body %s gets a readable 413 with Connection: close', async (_how, declared) => {
    const answer = await uploadLarge(running.url, 100 * MiB, declared);
    expectReadable413(answer);
    expect(answer.headers.connection).toBe('close');
  });

  it('reads an endless upload only for a bounded linger, then closes the connection', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const endless = Readable.from(
      (function* () {
        for (;;) yield chunk;
      })(),
    );
    const started = Date.now();
    const outcome = await new Promise<{ answer?: Answer; closedBy?: string }>((resolve) => {
      let answer: Answer | undefined;
      const request = httpRequest(
        running.url,
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' } },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (text: string) => {
            body += text;
          });
          // The client keeps uploading after the answer: only the server can end this.
          response.on('end', () => {
            answer = { status: response.statusCode ?? 0, headers: response.headers, body };
          });
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => resolve({ answer, closedBy: error.code }));
      request.on('close', () => resolve({ answer, closedBy: 'close' }));
      endless.pipe(request);
    });
    endless.destroy();
    expect(outcome.answer).toBeDefined();
    expectReadable413(outcome.answer!);
    expect(outcome.closedBy).toBeDefined();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('still serves requests afterwards', async () => {
    await uploadLarge(running.url, 8 * MiB, false);
    const fine = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: INITIALIZE,
    });
    expect(fine.status).toBe(200);
  });
});

describe('a body over maxBodyBytes through server.fetch', () => {
  it('is answered 413 without reading the rest of the body', async () => {
    const server = new McpServer(
      { name: 'limits', version: '1.0.0' },
      { warn: () => {}, http: { maxBodyBytes: LIMIT } },
    );
    const { generate, counter } = largeBody(100 * MiB);
    const iterator = generate();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      },
    });
    const response = await server.fetch(
      new Request('http://localhost/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expectReadable413({ status: response.status, body: await response.text() });
    expect(response.headers.get('connection')).toBe('close');
    // It stopped reading near the limit: nowhere near the 100 MiB on offer.
    expect(counter.sent).toBeLessThan(4 * LIMIT);
  });
});
