/**
 * subscriptions/listen over Streamable HTTP: acknowledgement first, subscription
 * ids on everything, filters honoured, graceful close, and many streams at once.
 */
import { describe, expect, it, vi } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { InMemoryEventBus, McpServer } from '../../src/entries/server.js';
import { createInMemoryTransportPair } from '../../src/entries/session.js';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import { envelope, MODERN, sseMessages } from '../helpers/http-rpc.js';

interface Stream {
  messages: Record<string, unknown>[];
  waitFor(count: number): Promise<void>;
  done: Promise<void>;
  cancel(): void;
}

type FetchLike = (request: Request) => Promise<Response>;

async function listen(
  server: McpServer | FetchLike,
  id: number,
  notifications: Record<string, unknown>,
  url = 'http://localhost/mcp',
): Promise<Stream> {
  const message = {
    jsonrpc: '2.0',
    id,
    method: 'subscriptions/listen',
    params: { notifications, _meta: envelope() },
  };
  const controller = new AbortController();
  const send: FetchLike = typeof server === 'function' ? server : (request) => server.fetch(request);
  const response = await send(
    new Request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...requestHeadersFor(message, { protocolVersion: MODERN }),
      },
      body: JSON.stringify(message),
      signal: controller.signal,
    }),
  );
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const done = (async () => {
    try {
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        const cut = buffer.lastIndexOf('\n\n');
        if (cut === -1) continue;
        messages.push(...sseMessages(buffer.slice(0, cut + 2)));
        buffer = buffer.slice(cut + 2);
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // Cancelled by the test.
    }
  })();
  return {
    messages,
    done,
    cancel: () => {
      controller.abort();
      void reader.cancel().catch(() => {});
    },
    async waitFor(count) {
      const deadline = Date.now() + 5000;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, have ${messages.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 20);
        });
      }
    },
  };
}

function server() {
  const s = new McpServer({ name: 'listen', version: '1' }, { warn: () => {} });
  s.registerTool('t', {}, () => ({ content: [] }));
  s.registerPrompt('p', {}, () => ({ messages: [] }));
  s.registerResource('r', 'file:///r.txt', {}, (uri) => ({ contents: [{ uri: uri.href, text: 'r' }] }));
  return s;
}

describe('subscriptions/listen', () => {
  it('acknowledges first, then delivers only what the filter asked for, each tagged with the subscription id', async () => {
    const s = server();
    const stream = await listen(s, 41, {
      toolsListChanged: true,
      resourceSubscriptions: ['file:///r.txt'],
      bogus: true,
    });
    await stream.waitFor(1);
    expect(stream.messages[0]).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: {
        notifications: { toolsListChanged: true, resourceSubscriptions: ['file:///r.txt'] },
        _meta: { 'io.modelcontextprotocol/subscriptionId': 41 },
      },
    });
    s.registerPrompt('p2', {}, () => ({ messages: [] })); // not asked for
    s.registerTool('t2', {}, () => ({ content: [] }));
    s.notifyResourceUpdated('file:///other'); // not subscribed
    s.notifyResourceUpdated('file:///r.txt');
    await stream.waitFor(3);
    expect(stream.messages.slice(1)).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/tools/list_changed',
        params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 41 } },
      },
      {
        jsonrpc: '2.0',
        method: 'notifications/resources/updated',
        params: { uri: 'file:///r.txt', _meta: { 'io.modelcontextprotocol/subscriptionId': 41 } },
      },
    ]);
    s.close();
    await stream.done;
    const closing = stream.messages.at(-1)!;
    expect(closing).toMatchObject({
      id: 41,
      result: { resultType: 'complete', _meta: { 'io.modelcontextprotocol/subscriptionId': 41 } },
    });
  });

  it('carries no progress or log messages, and stops delivering when the client goes away', async () => {
    const s = server();
    const stream = await listen(s, 'sub-a' as unknown as number, {
      toolsListChanged: true,
      promptsListChanged: true,
    });
    await stream.waitFor(1);
    stream.cancel();
    await stream.done;
    const before = stream.messages.length;
    s.registerTool('after', {}, () => ({ content: [] }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stream.messages.length).toBe(before);
    expect(
      stream.messages.every(
        (m) => m.method !== 'notifications/progress' && m.method !== 'notifications/message',
      ),
    ).toBe(true);
  });

  it('serves many streams under a burst of changes, each getting every event once', async () => {
    const s = server();
    const streams = await Promise.all(
      Array.from({ length: 40 }, (_, i) => listen(s, 1000 + i, { toolsListChanged: true })),
    );
    await Promise.all(streams.map((stream) => stream.waitFor(1)));
    const handles = Array.from({ length: 50 }, (_, i) =>
      s.registerTool(`burst_${i}`, {}, () => ({ content: [] })),
    );
    await Promise.all(streams.map((stream) => stream.waitFor(51)));
    for (const [i, stream] of streams.entries()) {
      expect(stream.messages).toHaveLength(51);
      expect(
        new Set(
          stream.messages.map(
            (m) =>
              (m.params as { _meta: Record<string, unknown> })._meta[
                'io.modelcontextprotocol/subscriptionId'
              ],
          ),
        ),
      ).toEqual(new Set([1000 + i]));
    }
    for (const handle of handles) handle.remove();
    s.close();
    await Promise.all(streams.map((stream) => stream.done));
  });

  it('holds 30 listen streams over fetch and over node:http with no MaxListenersExceededWarning, and close() ends them all', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const s = server();
    const running = await serveHttp(s, { port: 0 });
    try {
      const overFetch = await Promise.all(
        Array.from({ length: 30 }, (_, i) => listen(s, 2000 + i, { toolsListChanged: true })),
      );
      const overHttp = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          listen(fetch, 3000 + i, { toolsListChanged: true }, running.url.href),
        ),
      );
      const streams = [...overFetch, ...overHttp];
      await Promise.all(streams.map((stream) => stream.waitFor(1)));
      s.registerTool('late', {}, () => ({ content: [] }));
      await Promise.all(streams.map((stream) => stream.waitFor(2)));
      s.close();
      await Promise.all(streams.map((stream) => stream.done));
      for (const [i, stream] of streams.entries()) {
        const id = i < 30 ? 2000 + i : 3000 + i - 30;
        expect(stream.messages.at(-1)).toMatchObject({ id, result: { resultType: 'complete' } });
      }
      // Warnings are emitted on the next tick; give them the chance.
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await running.close();
    }
  });

  it('serves new listen streams after close(), and ends them at the next close()', async () => {
    const s = server();
    const first = await listen(s, 1, { toolsListChanged: true });
    await first.waitFor(1);
    s.close();
    await first.done;
    const second = await listen(s, 2, { toolsListChanged: true });
    await second.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 20)); // still open a while later
    s.registerTool('after-close', {}, () => ({ content: [] }));
    await second.waitFor(2);
    expect(second.messages[1]).toMatchObject({ method: 'notifications/tools/list_changed' });
    s.close();
    await second.done;
    expect(second.messages.at(-1)).toMatchObject({ id: 2, result: { resultType: 'complete' } });
  });

  it('hears nothing from a server on the same bus registering before it serves, and one change after', async () => {
    const bus = new InMemoryEventBus();
    const a = new McpServer({ name: 'a', version: '1' }, { warn: () => {}, eventBus: bus });
    a.registerTool('t', {}, () => ({ content: [] }));
    const stream = await listen(a, 51, { toolsListChanged: true, promptsListChanged: true });
    await stream.waitFor(1);
    // B (re)starts: its registry is built before it serves, so nothing reaches A's stream.
    const b = new McpServer({ name: 'b', version: '1' }, { warn: () => {}, eventBus: bus });
    for (let i = 0; i < 5; i++) b.registerTool(`start_${i}`, {}, () => ({ content: [] }));
    b.registerPrompt('p', {}, () => ({ messages: [] }));
    b.registerResource('r', 'file:///r.txt', {}, (uri) => ({ contents: [{ uri: uri.href, text: 'r' }] }));
    b.registerTool('gone', {}, () => ({ content: [] })).remove();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stream.messages).toHaveLength(1);
    // Serving (as serveHttp does), B announces what it registers from then on.
    b.createHttpEndpoint();
    b.registerTool('later', {}, () => ({ content: [] }));
    await stream.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stream.messages.slice(1)).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/tools/list_changed',
        params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 51 } },
      },
    ]);
    a.close();
    b.close();
    await stream.done;
  });

  it('starts announcing at the first message its dispatcher serves, whatever carried it', async () => {
    const bus = new InMemoryEventBus();
    const heard: string[] = [];
    bus.subscribe((event) => heard.push(event.type));
    const s = new McpServer({ name: 's', version: '1' }, { warn: () => {}, eventBus: bus });
    s.registerTool('t', {}, () => ({ content: [] }));
    expect(heard).toEqual([]);
    // A transport of the user's own, driving the dispatcher directly.
    await s.dispatcher.handleNotification({ jsonrpc: '2.0', method: 'notifications/initialized' });
    s.registerTool('t2', {}, () => ({ content: [] }));
    expect(heard).toEqual(['tools/list_changed']);
  });
});

describe('the acknowledgement of a listen stream', () => {
  it('means subscribed: a change raised the moment the client reads it reaches the stream', async () => {
    const bus = new InMemoryEventBus();
    const s = new McpServer({ name: 'ack', version: '1.0.0' }, { warn: () => {}, eventBus: bus });
    s.registerResource('r', 'file:///r.txt', {}, () => ({ contents: [{ uri: 'file:///r.txt', text: 'r' }] }));
    const [clientSide, serverSide] = createInMemoryTransportPair();
    await s.connect(serverSide);
    const heard: string[] = [];
    await clientSide.start({
      onMessage: (message) => {
        const method = (message as { method?: string }).method;
        if (method === undefined) return;
        heard.push(method);
        // The client reacts to the acknowledgement at once, as a client may: the change it
        // causes must not fall between the acknowledgement and the subscription.
        if (method === 'notifications/subscriptions/acknowledged')
          void bus.publish({ type: 'resources/updated', uri: 'file:///r.txt' });
      },
      onInvalid: () => {},
      onClose: () => {},
    });
    await clientSide.send({
      jsonrpc: '2.0',
      id: 1,
      method: 'subscriptions/listen',
      params: { notifications: { resourceSubscriptions: ['file:///r.txt'] }, _meta: envelope() },
    });
    await vi.waitFor(() => expect(heard).toContain('notifications/resources/updated'), { timeout: 2000 });
    expect(heard.slice(0, 2)).toEqual([
      'notifications/subscriptions/acknowledged',
      'notifications/resources/updated',
    ]);
    s.close();
    await clientSide.close();
  });
});
