/**
 * Configured response headers (`http.responseHeaders`, CORS say) reach every response the HTTP
 * endpoint writes, on both eras: answers, SSE streams, the 2025 GET stream, DELETE, and every
 * error status. The endpoint writes them all in one place.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpServer } from '../src/entries/server.js';
import { envelope, rpc } from './helpers/http-rpc.js';

const CONFIGURED = { 'access-control-allow-origin': 'https://app.example', 'x-deployment': 'blue' };

function corsServer(): McpServer {
  const server = new McpServer(
    { name: 'headers', version: '1.0.0' },
    { http: { responseHeaders: CONFIGURED, maxBodyBytes: 1024 } },
  );
  server.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }, ctx) => {
    await ctx.progress(1, 2);
    return { content: [{ type: 'text', text }] };
  });
  return server;
}

function expectConfigured(response: Response | { headers: Headers }, what: string): void {
  for (const [name, value] of Object.entries(CONFIGURED)) {
    expect(response.headers.get(name), `${name} on ${what}`).toBe(value);
  }
}

function send(
  server: McpServer,
  method: string,
  options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<Response> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  return server.fetch(
    new Request('http://localhost/mcp', {
      method,
      headers: {
        accept: 'application/json, text/event-stream',
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    }),
  );
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

describe('configured response headers on every 2025 response', () => {
  it('POST answers, the GET stream, DELETE, and each error status', async () => {
    const server = corsServer();
    const opened = await send(server, 'POST', { body: initialize });
    expect(opened.status).toBe(200);
    expectConfigured(opened, 'initialize');
    const session = opened.headers.get('mcp-session-id')!;
    const inSession = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };

    const initialized = await send(server, 'POST', {
      body: { jsonrpc: '2.0', method: 'notifications/initialized' },
      headers: inSession,
    });
    expect(initialized.status).toBe(202);
    expectConfigured(initialized, 'a notification');

    const called = await send(server, 'POST', {
      body: {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'echo', arguments: { text: 'a' }, _meta: { progressToken: 1 } },
      },
      headers: inSession,
    });
    expect(called.headers.get('content-type')).toMatch(/text\/event-stream/);
    expectConfigured(called, 'an SSE answer');
    await called.text();

    const stream = await send(server, 'GET', { headers: { ...inSession, accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expectConfigured(stream, 'the GET stream');
    await stream.body?.cancel();

    const statuses: [string, Promise<Response>, number][] = [
      ['GET without a session', send(server, 'GET', { headers: { accept: 'text/event-stream' } }), 400],
      [
        'GET of an unknown session',
        send(server, 'GET', { headers: { 'mcp-session-id': 'nope', accept: 'text/event-stream' } }),
        404,
      ],
      [
        'GET not accepting SSE',
        send(server, 'GET', { headers: { ...inSession, accept: 'application/json' } }),
        406,
      ],
      [
        'POST without a session',
        send(server, 'POST', { body: { jsonrpc: '2.0', id: 3, method: 'tools/list' } }),
        400,
      ],
      [
        'POST of an unknown session',
        send(server, 'POST', {
          body: { jsonrpc: '2.0', id: 4, method: 'tools/list' },
          headers: { 'mcp-session-id': 'nope' },
        }),
        404,
      ],
      ['DELETE without a session', send(server, 'DELETE'), 400],
      [
        'DELETE of an unknown session',
        send(server, 'DELETE', { headers: { 'mcp-session-id': 'nope' } }),
        404,
      ],
      [
        'a wrong Content-Type',
        send(server, 'POST', { rawBody: '{}', headers: { 'content-type': 'text/plain' } }),
        415,
      ],
      [
        'a body over the limit',
        send(server, 'POST', { rawBody: JSON.stringify({ pad: 'x'.repeat(2000) }) }),
        413,
      ],
      ['unreadable JSON', send(server, 'POST', { rawBody: '{' }), 400],
      [
        'a foreign web page',
        send(server, 'POST', { body: initialize, headers: { origin: 'https://evil.example' } }),
        403,
      ],
      ['PUT', send(server, 'PUT'), 405],
    ];
    for (const [what, pending, status] of statuses) {
      const response = await pending;
      expect(response.status, what).toBe(status);
      expectConfigured(response, what);
      await response.text();
    }

    const deleted = await send(server, 'DELETE', { headers: inSession });
    expect(deleted.status).toBe(200);
    expectConfigured(deleted, 'DELETE');
    server.close();
  });
});

describe('configured response headers on every 2026-07-28 response', () => {
  it('answers, SSE answers, gate refusals and GET', async () => {
    const server = corsServer();
    const fetchLike = (request: Request) => server.fetch(request);
    const listed = await rpc(fetchLike, 'tools/list');
    expect(listed.status).toBe(200);
    expectConfigured(listed, 'tools/list');

    const streamed = await rpc(
      fetchLike,
      'tools/call',
      { name: 'echo', arguments: { text: 'b' } },
      { meta: envelope({}, { progressToken: 'p' }) },
    );
    expect(streamed.headers.get('content-type')).toMatch(/text\/event-stream/);
    expectConfigured(streamed, 'an SSE answer');

    const unsupported = await rpc(
      fetchLike,
      'tools/list',
      {},
      {
        meta: {
          'io.modelcontextprotocol/protocolVersion': '2099-01-01',
          'io.modelcontextprotocol/clientCapabilities': {},
        },
        headers: { 'mcp-protocol-version': '2099-01-01' },
      },
    );
    expect(unsupported.status).toBe(400);
    expectConfigured(unsupported, 'an unsupported version');

    const missing = await rpc(fetchLike, 'no/such-method');
    expect(missing.status).toBe(404);
    expectConfigured(missing, 'an unknown method');

    const mismatch = await rpc(fetchLike, 'tools/list', {}, { headers: { 'mcp-method': 'prompts/list' } });
    expect(mismatch.status).toBe(400);
    expectConfigured(mismatch, 'a header mismatch');

    const get = await send(server, 'GET', {
      headers: { 'mcp-protocol-version': '2026-07-28', accept: 'text/event-stream' },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expectConfigured(get, 'GET');
    server.close();
  });
});
