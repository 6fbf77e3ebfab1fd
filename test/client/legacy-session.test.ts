/**
 * 2025-11-25 Streamable HTTP sessions from the Client's side: the standalone
 * GET stream opened after `initialize` (and resumed with Last-Event-ID after
 * the server's retry delay), server requests that arrive on it, and DELETE on
 * close. Each test runs on both of the client's HTTP paths (Node's own client, and the
 * fetch it is given).
 */
import { describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import { HTTP_PATHS, stubTarget } from '../helpers/fetch-stub-server.js';
import { buildFeatureServer } from './fixtures/feature-server.js';

interface Seen {
  method: string;
  headers: Headers;
  body?: string;
}

/** A stub that records what it is sent, then passes it on to `target`. */
function recording(target: URL): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: (_input, init) => {
      seen.push({
        method: init?.method ?? 'GET',
        headers: new Headers(init?.headers),
        body: typeof init?.body === 'string' ? init.body : undefined,
      });
      return fetch(target, init);
    },
  };
}

describe.each(HTTP_PATHS)('a 2025 HTTP session (%s)', (path) => {
  it('opens the standalone stream with the session id and ends the session with DELETE', async () => {
    const { server } = buildFeatureServer();
    const running = await serveHttp(server, { port: 0 });
    const { fetch: recordingFetch, seen } = recording(running.url);
    const target = await stubTarget(path, recordingFetch);
    try {
      const client = await Client.connect(target.url, {
        protocolVersion: '2025-11-25',
        fetch: target.fetch,
        warn: () => {},
      });
      const get = seen.find((s) => s.method === 'GET');
      expect(get?.headers.get('accept')).toBe('text/event-stream');
      const session = get?.headers.get('mcp-session-id');
      expect(session).toBeTruthy();
      expect(get?.headers.get('mcp-protocol-version')).toBe('2025-11-25');
      // The GET came after the handshake.
      const order = seen.map((s) => (s.method === 'POST' ? JSON.parse(s.body ?? '{}').method : s.method));
      expect(order.indexOf('GET')).toBeGreaterThan(order.indexOf('notifications/initialized'));

      await client.close();
      const del = seen.find((s) => s.method === 'DELETE');
      expect(del?.headers.get('mcp-session-id')).toBe(session);
      // The server forgot the session.
      const after = await fetch(running.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': session!,
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list', params: {} }),
      });
      expect(after.status).toBe(404);
      await after.body?.cancel();
    } finally {
      await target.close();
      server.close();
      await running.close();
    }
  });

  it('sends no GET or DELETE on 2026-07-28', async () => {
    const server = new McpServer({ name: 'm', version: '1' }, { warn: () => {} });
    server.registerTool('noop', {}, () => ({ content: [] }));
    const running = await serveHttp(server, { port: 0 });
    const { fetch: recordingFetch, seen } = recording(running.url);
    const target = await stubTarget(path, recordingFetch);
    try {
      const client = await Client.connect(target.url, { fetch: target.fetch, warn: () => {} });
      await client.callTool('noop');
      await client.close();
      expect(seen.every((s) => s.method === 'POST')).toBe(true);
    } finally {
      await target.close();
      server.close();
      await running.close();
    }
  });

  it('answers a request that arrives on the standalone stream, and resumes the stream after its retry delay', async () => {
    const sse = new TextEncoder();
    const gets: { at: number; lastEventId: string | null }[] = [];
    const posted: Record<string, unknown>[] = [];
    let closedFirstAt = 0;
    const stub: typeof fetch = async (_input, init) => {
      const headers = new Headers(init?.headers);
      if (init?.method === 'GET') {
        gets.push({ at: Date.now(), lastEventId: headers.get('last-event-id') });
        const first = gets.length === 1;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            if (first) {
              const ask = {
                jsonrpc: '2.0',
                id: 'srv-1',
                method: 'elicitation/create',
                params: {
                  message: 'Name?',
                  requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
                },
              };
              controller.enqueue(sse.encode(`id: e1\nretry: 300\ndata: ${JSON.stringify(ask)}\n\n`));
              setTimeout(() => {
                closedFirstAt = Date.now();
                controller.close();
              }, 50);
            }
          },
        });
        return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
      }
      if (init?.method === 'DELETE') return new Response(null, { status: 405 });
      const message = JSON.parse(String(init?.body)) as Record<string, unknown>;
      posted.push(message);
      if (message.method === 'initialize') {
        return Response.json(
          {
            jsonrpc: '2.0',
            id: message.id,
            result: {
              protocolVersion: '2025-11-25',
              capabilities: {},
              serverInfo: { name: 'stub', version: '1' },
            },
          },
          { headers: { 'mcp-session-id': 'sess-1' } },
        );
      }
      return new Response(null, { status: 202 });
    };
    const target = await stubTarget(path, stub);
    const client = await Client.connect(target.url, {
      protocolVersion: '2025-11-25',
      fetch: target.fetch,
      onElicit: async () => ({ action: 'accept', content: { name: 'Ada' } }),
      warn: () => {},
    });
    try {
      const deadline = Date.now() + 5000;
      while ((gets.length < 2 || !posted.some((m) => m.id === 'srv-1')) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(posted.find((m) => m.id === 'srv-1')).toMatchObject({
        result: { action: 'accept', content: { name: 'Ada' } },
      });
      expect(gets).toHaveLength(2);
      expect(gets[1]!.lastEventId).toBe('e1');
      expect(gets[1]!.at - closedFirstAt).toBeGreaterThanOrEqual(250);
    } finally {
      await client.close();
      await target.close();
    }
  });

  it('opens the standalone stream again when the first GET fails without an answer', async () => {
    let attempts = 0;
    const stub: typeof fetch = async (_input, init) => {
      if (init?.method === 'GET') {
        attempts++;
        if (attempts === 1) {
          const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
          throw new TypeError('fetch failed', { cause });
        }
        return new Response(new ReadableStream(), { headers: { 'content-type': 'text/event-stream' } });
      }
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      const message = JSON.parse(String(init?.body)) as Record<string, unknown>;
      if (message.method !== 'initialize') return new Response(null, { status: 202 });
      return Response.json(
        {
          jsonrpc: '2.0',
          id: message.id,
          result: {
            protocolVersion: '2025-11-25',
            capabilities: {},
            serverInfo: { name: 's', version: '1' },
          },
        },
        { headers: { 'mcp-session-id': 'sess-2' } },
      );
    };
    const target = await stubTarget(path, stub);
    const client = await Client.connect(target.url, {
      protocolVersion: '2025-11-25',
      fetch: target.fetch,
      warn: () => {},
    });
    // connect() waited for the stream, so the second GET has been answered already.
    expect(attempts).toBe(2);
    await client.close();
    await target.close();
  });
});
