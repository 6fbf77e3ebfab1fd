/**
 * Streamable HTTP end to end: the client transport against the fetch handler
 * and against the node:http adapter, and the endpoint's request checks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFetchHandler,
  dispatcherHandlers,
  HttpStatusError,
  StreamableHttpClientTransport,
  StreamableHttpEndpoint,
  type StreamableHttpHandlers,
  type StreamableHttpOptions,
} from '../src/entries/http.js';
import { type RunningHttpServer, serveEndpoint } from '../src/entries/node.js';
import { Dispatcher, JsonRpcPeer, type ProgressUpdate } from '../src/entries/session.js';
import { ErrorCode, MessageTooLargeError, RequestCancelledError } from '../src/protocol/errors.js';
import { HTTP_PATHS, type HttpPath, type StubTarget, stubTarget } from './helpers/fetch-stub-server.js';
import { until } from './helpers/stream-pair.js';

function makeDispatcher() {
  const dispatcher = new Dispatcher();
  const seen = { hangStarted: false, hangAborted: false, notifications: [] as string[] };
  dispatcher.setRequestHandler('echo', (params) => ({ echoed: params.text }));
  dispatcher.setRequestHandler('count-to', async (params, ctx) => {
    const n = params.n as number;
    for (let i = 1; i <= n; i++) await ctx.sendProgress(i, n, `step ${i}`);
    return { counted: n };
  });
  dispatcher.setRequestHandler('hang', (_params, ctx) => {
    seen.hangStarted = true;
    return new Promise((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        seen.hangAborted = true;
        resolve({});
      });
    });
  });
  dispatcher.setNotificationHandler('notifications/hello', () => {
    seen.notifications.push('hello');
  });
  return { dispatcher, seen };
}

const running: RunningHttpServer[] = [];
const peers: JsonRpcPeer[] = [];
const stubs: StubTarget[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  await Promise.all(running.splice(0).map((server) => server.close()));
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

/** `stub` as a server on `path` (see stubTarget), closed after the test. */
async function stubbed(path: HttpPath, stub: typeof fetch): Promise<StubTarget> {
  const target = await stubTarget(path, stub);
  stubs.push(target);
  return target;
}

async function clientFor(url: URL, fetchImpl?: typeof fetch) {
  const peer = new JsonRpcPeer(new StreamableHttpClientTransport(url, { fetch: fetchImpl }));
  peers.push(peer);
  await peer.start();
  return peer;
}

describe.each([
  ['the fetch handler', 'fetch'],
  ['node:http', 'node'],
  ['node:http, the client on the global fetch', 'node-fetch'],
] as const)('HTTP round trip through %s', (_label, kind) => {
  async function setup(
    options?: StreamableHttpOptions,
    around: (handlers: StreamableHttpHandlers) => StreamableHttpHandlers = (handlers) => handlers,
  ) {
    const { dispatcher, seen } = makeDispatcher();
    const endpoint = new StreamableHttpEndpoint(around(dispatcherHandlers(dispatcher)), options);
    if (kind === 'fetch') {
      const handle = createFetchHandler(endpoint);
      const inProcessFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        // undici links request.signal to init.signal through a weak reference; a real runtime holds
        // the request for as long as it is served, and so must this stand-in for one.
        init?.signal?.addEventListener('abort', () => request.signal.aborted, { once: true });
        return handle(request);
      }) as typeof fetch;
      return { seen, client: await clientFor(new URL('http://localhost/mcp'), inProcessFetch) };
    }
    const server = await serveEndpoint(endpoint, { port: 0 });
    running.push(server);
    const globalFetch: typeof fetch = (input, init) => fetch(input, init);
    return { seen, client: await clientFor(server.url, kind === 'node-fetch' ? globalFetch : undefined) };
  }

  it('answers a request with a JSON body', async () => {
    const { client } = await setup();
    await expect(client.request('echo', { text: 'über' })).resolves.toEqual({ echoed: 'über' });
  });

  it('streams progress over SSE before the response', async () => {
    const { client } = await setup();
    const updates: ProgressUpdate[] = [];
    const result = await client.request('count-to', { n: 3 }, { onProgress: (u) => updates.push(u) });
    expect(result).toEqual({ counted: 3 });
    expect(updates.map((u) => u.progress)).toEqual([1, 2, 3]);
    expect(updates[2]).toEqual({ progress: 3, total: 3, message: 'step 3' });
  });

  it('cancels by closing the response stream, and the handler sees it', async () => {
    const { client, seen } = await setup();
    await cancelHang(client, seen);
  });

  it('serves handlers that pass on a copy of the exchange with their own notify', async () => {
    const forwarded: string[] = [];
    const { client, seen } = await setup(undefined, (inner) => ({
      ...inner,
      onRequest: (request, exchange) =>
        inner.onRequest(request, {
          ...exchange,
          notify: (notification) => {
            forwarded.push(notification.method);
            return exchange.notify(notification);
          },
        }),
    }));
    const updates: ProgressUpdate[] = [];
    await expect(
      client.request('count-to', { n: 2 }, { onProgress: (u) => updates.push(u) }),
    ).resolves.toEqual({
      counted: 2,
    });
    expect(updates.map((u) => u.progress)).toEqual([1, 2]);
    expect(forwarded).toEqual(['notifications/progress', 'notifications/progress']);
    await cancelHang(client, seen);
  });

  it('serves an exchange made by hand with a signal and no cancellation', async () => {
    const { client, seen } = await setup(undefined, (inner) => ({
      ...inner,
      onRequest: (request, exchange) =>
        inner.onRequest(request, {
          info: exchange.info,
          signal: exchange.signal,
          notify: exchange.notify,
          acceptsEventStream: exchange.acceptsEventStream,
          numberEvents: (numbering) => exchange.numberEvents(numbering),
          closeStream: () => exchange.closeStream(),
        }),
    }));
    await expect(client.request('echo', { text: 'hi' })).resolves.toEqual({ echoed: 'hi' });
    await cancelHang(client, seen);
  });

  it('delivers notifications with 202', async () => {
    const { client, seen } = await setup();
    await client.notify('notifications/hello');
    await until(() => seen.notifications.length === 1);
  });

  it('serves many concurrent requests', async () => {
    const { client } = await setup();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.request('echo', { text: `m${i}` })),
    );
    expect(results.map((r) => r.echoed)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
  });
});

/** Calls `hang`, cancels it once the handler runs, and waits for the handler to see the abort. */
async function cancelHang(
  client: JsonRpcPeer,
  seen: ReturnType<typeof makeDispatcher>['seen'],
): Promise<void> {
  seen.hangStarted = false;
  seen.hangAborted = false;
  const controller = new AbortController();
  const call = client.request('hang', {}, { signal: controller.signal });
  await until(() => seen.hangStarted);
  controller.abort('stop');
  await expect(call).rejects.toBeInstanceOf(RequestCancelledError);
  await until(() => seen.hangAborted);
}

describe('a copy of the exchange', () => {
  it('numbers and closes the SSE answer like the original', async () => {
    const recorded: string[] = [];
    const handle = createFetchHandler(
      new StreamableHttpEndpoint({
        async onRequest(request, exchange) {
          const copy = { ...exchange };
          expect(copy.signal).toBeInstanceOf(AbortSignal);
          copy.numberEvents({
            retryMs: 10,
            next: (data) => {
              recorded.push(data);
              return `e${recorded.length}`;
            },
          });
          await copy.notify({
            jsonrpc: '2.0',
            method: 'notifications/message',
            params: { level: 'info', data: 1 },
          });
          copy.closeStream();
          return { message: { jsonrpc: '2.0', id: request.id, result: { done: true } } };
        },
      }),
    );
    const response = await handle(
      new Request('http://localhost/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'work' }),
      }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^id: e1$/m);
    expect(text).toMatch(/^retry: 10$/m);
    expect(text).toMatch(/^id: e2$/m);
    expect(text).toContain('notifications/message');
    // The server closed the stream; the answer is only recorded, for a client that resumes.
    expect(text).not.toContain('"done"');
    await until(() => recorded.length === 3);
    expect(JSON.parse(recorded[2]!)).toEqual({ jsonrpc: '2.0', id: 4, result: { done: true } });
  });
});

describe('an exchange whose response is withheld (a cancelled 2025 request)', () => {
  function endpoint(notifyFirst: boolean, numbered = false) {
    return createFetchHandler(
      new StreamableHttpEndpoint({
        async onRequest(request, exchange) {
          if (numbered) exchange.numberEvents({ next: (data) => `e${data.length}` });
          if (notifyFirst)
            await exchange.notify({
              jsonrpc: '2.0',
              method: 'notifications/progress',
              params: { progress: 1 },
            });
          // A copy, as handlers make them: the original still withholds.
          ({ ...exchange }).withholdResponse?.();
          return { message: { jsonrpc: '2.0', id: request.id, result: { late: true } } };
        },
      }),
    );
  }
  const post = (handle: (request: Request) => Promise<Response>, accept: string) =>
    handle(
      new Request('http://localhost/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'work' }),
      }),
    );

  it('answers with an SSE stream carrying no message when nothing was sent yet', async () => {
    const response = await post(endpoint(false), 'application/json, text/event-stream');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('');
  });

  it('answers 202 with no body to a client that takes only JSON', async () => {
    const response = await post(endpoint(false), 'application/json');
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
  });

  it('ends an open stream after its notifications, without the response', async () => {
    const text = await (await post(endpoint(true), 'application/json, text/event-stream')).text();
    expect(text).toContain('notifications/progress');
    expect(text).not.toContain('"late"');
  });

  it('leaves a numbered stream open without the response, for its client to close', async () => {
    const response = await post(endpoint(true, true), 'application/json, text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('notifications/progress')) {
      const { value } = await reader.read();
      text += decoder.decode(value, { stream: true });
    }
    const next = reader.read();
    const pending = Symbol('pending');
    // Nothing more arrives (and the stream does not end) while the client keeps reading.
    expect(await Promise.race([next, new Promise((resolve) => setTimeout(() => resolve(pending), 50))])).toBe(
      pending,
    );
    await reader.cancel();
    expect(text).not.toContain('"late"');
  });
});

describe('a client that left before the first notification', () => {
  it('gets no event stream opened for it; the request ends as cancelled (499)', async () => {
    const dispatcher = new Dispatcher();
    let proceed!: () => void;
    const clientLeft = new Promise<void>((resolve) => {
      proceed = resolve;
    });
    let handlerStarted!: () => void;
    const serving = new Promise<void>((resolve) => {
      handlerStarted = resolve;
    });
    const delivered: boolean[] = [];
    // The handler never looks at its signal, so nothing follows the client until it notifies.
    dispatcher.setRequestHandler('late-news', async (_params, ctx) => {
      handlerStarted();
      await clientLeft;
      for (let i = 0; i < 3; i++) {
        await ctx.notify('notifications/message', { level: 'info', data: i });
        delivered.push(true);
      }
      return {};
    });
    const handle = createFetchHandler(new StreamableHttpEndpoint(dispatcherHandlers(dispatcher)));
    const controller = new AbortController();
    const request = new Request('http://localhost/mcp', {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'late-news' }),
    });
    const response = handle(request);
    await serving;
    controller.abort();
    proceed();
    const answered = await response;
    expect(request.signal.aborted).toBe(true);
    expect(answered.headers.get('content-type')).not.toBe('text/event-stream');
    expect(answered.status).toBe(499);
    expect(delivered).toHaveLength(3);
  });
});

describe('endpoint request checks', () => {
  const { dispatcher } = makeDispatcher();
  const handle = createFetchHandler(
    new StreamableHttpEndpoint(dispatcherHandlers(dispatcher), { maxBodyBytes: 1024 }),
  );
  const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: { text: 'x' } });
  const post = (headers: Record<string, string>, body: string = ping, url = 'http://localhost:3000/mcp') =>
    handle(
      new Request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body,
      }),
    );

  it('accepts localhost under each of its names', async () => {
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'localhost']) {
      expect((await post({}, ping, `http://${host}/mcp`)).status, host).toBe(200);
    }
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const response = await post({}, ping, 'http://evil.example:3000/mcp');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { code: ErrorCode.InvalidRequest, message: expect.stringContaining('evil.example') },
    });
  });

  it('refuses a foreign Origin with 403 and accepts a local one', async () => {
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ origin: 'http://localhost:5173' })).status).toBe(200);
  });

  it('honours explicit allow-lists', async () => {
    const open = createFetchHandler(
      new StreamableHttpEndpoint(dispatcherHandlers(dispatcher), {
        hostProtection: { allowedHosts: ['mcp.example.com'], allowedOrigins: ['https://app.example.com'] },
      }),
    );
    const call = (host: string, origin?: string) =>
      open(
        new Request(`https://${host}/mcp`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...(origin ? { origin } : {}),
          },
          body: ping,
        }),
      );
    expect((await call('mcp.example.com')).status).toBe(200);
    expect((await call('mcp.example.com', 'https://app.example.com')).status).toBe(200);
    expect((await call('mcp.example.com', 'https://other.example.com')).status).toBe(403);
    expect((await call('localhost')).status).toBe(403);
  });

  it('requires a JSON content type (415) and an acceptable Accept (406)', async () => {
    expect((await post({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post({ accept: 'text/html' })).status).toBe(406);
  });

  it('answers with SSE when the client accepts only an event stream', async () => {
    const response = await post({ accept: 'text/event-stream' });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toContain('"echoed":"x"');
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await post(
      {},
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: { text: 'x'.repeat(2000) } }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringContaining('exceeds the limit of 1024 bytes') },
    });
  });

  it('answers malformed JSON with 400 and -32700', async () => {
    const response = await post({}, '{"jsonrpc":');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: ErrorCode.ParseError } });
  });

  it('answers GET and DELETE with 405 when no handler serves them', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await handle(
        new Request('http://localhost/mcp', { method, headers: { accept: 'text/event-stream' } }),
      );
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('accepts notifications with 202 and refuses responses with 400', async () => {
    expect((await post({}, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/hello' }))).status).toBe(
      202,
    );
    expect((await post({}, JSON.stringify({ jsonrpc: '2.0', id: 4, result: {} }))).status).toBe(400);
  });
});

describe.each(HTTP_PATHS)('HTTP client errors (%s)', (path) => {
  it('reports a status without a JSON-RPC body as HttpStatusError', async () => {
    const fetchImpl = (async () =>
      new Response('upstream down', { status: 502, statusText: 'Bad Gateway' })) as typeof fetch;
    const target = await stubbed(path, fetchImpl);
    const client = await clientFor(target.url, target.fetch);
    const error = await client.request('echo', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(502);
    expect((error as Error).message).toContain('upstream down');
  });

  it('fails a request whose SSE stream ends without its response', async () => {
    const fetchImpl = (async () =>
      new Response(
        'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n\n',
        {
          status: 200,
          headers: { 'content-type': 'text/event-stream' },
        },
      )) as typeof fetch;
    const target = await stubbed(path, fetchImpl);
    const client = await clientFor(target.url, target.fetch);
    await expect(client.request('echo', {})).rejects.toThrow(/ended before its response/);
  });

  it('resumes a numbered stream the server closed, with GET and Last-Event-ID after its retry delay (SEP-1699)', async () => {
    const seen: { method: string; lastEventId: string | null; sessionId: string | null }[] = [];
    const fetchImpl = (async (_url: URL, init: RequestInit) => {
      const headers = new Headers(init.headers);
      seen.push({
        method: init.method ?? 'GET',
        lastEventId: headers.get('last-event-id'),
        sessionId: headers.get('mcp-session-id'),
      });
      const sse = (text: string) =>
        new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });
      if (init.method === 'POST') {
        const { id } = JSON.parse(String(init.body)) as { id: number };
        pendingId = id;
        return sse('id: e1\nretry: 20\ndata: \n\n');
      }
      return sse(
        `id: e2\nevent: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: pendingId, result: { resumed: true } })}\n\n`,
      );
    }) as unknown as typeof fetch;
    let pendingId = 0;
    const target = await stubbed(path, fetchImpl);
    const client = new JsonRpcPeer(
      new StreamableHttpClientTransport(target.url, {
        fetch: target.fetch,
        messageHeaders: () => ({ 'mcp-session-id': 'abc' }),
      }),
    );
    peers.push(client);
    await client.start();
    await expect(client.request('tools/call', { name: 'slow' })).resolves.toEqual({ resumed: true });
    expect(seen).toEqual([
      { method: 'POST', lastEventId: null, sessionId: 'abc' },
      { method: 'GET', lastEventId: 'e1', sessionId: 'abc' },
    ]);
  });

  it('fails a request whose JSON answer is over maxMessageBytes with MessageTooLargeError, and stays open', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 0, result: { text: 'x'.repeat(2000) } });
    const wide = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { text: 'é'.repeat(1000) } });
    const answers: Array<(id: number) => Response> = [
      // Content-Length says it all: refused unread.
      () =>
        new Response(big, {
          headers: { 'content-type': 'application/json', 'content-length': `${big.length}` },
        }),
      // No Content-Length (a stream of multi-byte text): refused once read, with its size in bytes.
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(wide));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      (id) => Response.json({ jsonrpc: '2.0', id, result: { small: true } }),
    ];
    const fetchImpl = (async (_url: URL, init: RequestInit) => {
      const { id } = JSON.parse(String(init.body)) as { id: number };
      return answers.shift()!(id);
    }) as unknown as typeof fetch;
    const target = await stubbed(path, fetchImpl);
    const client = new JsonRpcPeer(
      new StreamableHttpClientTransport(target.url, {
        fetch: target.fetch,
        maxMessageBytes: 1024,
      }),
    );
    peers.push(client);
    await client.start();

    const declared = await client.request('echo', {}).catch((e: unknown) => e);
    expect(declared).toBeInstanceOf(MessageTooLargeError);
    expect(declared).toMatchObject({ size: big.length, limit: 1024 });
    const measured = await client.request('echo', {}).catch((e: unknown) => e);
    expect(measured).toBeInstanceOf(MessageTooLargeError);
    expect(measured).toMatchObject({ size: Buffer.byteLength(wide), limit: 1024 });
    expect(Buffer.byteLength(wide)).toBeGreaterThan(wide.length);
    expect((measured as Error).message).toMatch(/exceeds the limit of 1024 bytes; raise maxMessageBytes/);
    await expect(client.request('echo', {})).resolves.toEqual({ small: true });
  });

  it('surfaces a refused connection clearly', async () => {
    const client = await clientFor(new URL('http://127.0.0.1:9/mcp'), path === 'fetch' ? fetch : undefined);
    await expect(client.request('echo', {})).rejects.toThrow(/POST to http:\/\/127.0.0.1:9\/mcp failed/);
  });
});

describe.each(HTTP_PATHS)('a server that moved its endpoint (%s)', (path) => {
  it('is reached through a 308 redirect, with the method and body kept', async () => {
    const { dispatcher } = makeDispatcher();
    const server = await serveEndpoint(new StreamableHttpEndpoint(dispatcherHandlers(dispatcher)), {
      port: 0,
    });
    running.push(server);
    const moved = createServer((_request, response) => {
      response.writeHead(308, { location: server.url.href }).end();
    });
    await new Promise<void>((resolve) => moved.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = moved.address() as AddressInfo;
      const client = await clientFor(
        new URL(`http://127.0.0.1:${port}/old`),
        path === 'fetch' ? fetch : undefined,
      );
      await expect(client.request('echo', { text: 'moved' })).resolves.toEqual({ echoed: 'moved' });
    } finally {
      moved.closeAllConnections();
      moved.close();
    }
  });
});
