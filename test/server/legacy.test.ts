/**
 * The same McpServer serving 2025-era clients: the initialize handshake,
 * sessions over HTTP, session methods, and write-once handlers whose input
 * calls become real requests on the originating stream.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryEventLog, McpServer } from '../../src/entries/server.js';
import { JsonRpcPeer } from '../../src/entries/session.js';
import { StdioClientTransport } from '../../src/entries/stdio.js';
import { envelope, sseMessages } from '../helpers/http-rpc.js';

const LEGACY = '2025-11-25';

function server() {
  const s = new McpServer({ name: 'legacy', version: '1.0.0' }, { warn: () => {} });
  s.registerTool(
    'greet',
    { inputSchema: { type: 'object', properties: { who: { type: 'string' } }, required: ['who'] } },
    async ({ who }, ctx) => {
      const answer = await ctx.elicit({
        message: `Greet ${String(who)} how?`,
        requestedSchema: { type: 'object', properties: { style: { type: 'string' } } },
      });
      await ctx.log('info', 'greeting');
      return { content: [{ type: 'text', text: `${String(answer.content?.style)} hello, ${String(who)}` }] };
    },
  );
  s.registerResource('missing-ok', 'file:///present.txt', {}, (uri) => ({
    contents: [{ uri: uri.href, text: 'here' }],
  }));
  return s;
}

async function post(s: McpServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await s.fetch(
    new Request('http://localhost/mcp', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );
  return response;
}

async function openSession(s: McpServer, version: string = LEGACY): Promise<string> {
  const response = await post(s, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: version,
      capabilities: { elicitation: {} },
      clientInfo: { name: 'old', version: '1' },
    },
  });
  const body = await response.json();
  expect(body.result).toMatchObject({
    protocolVersion: version,
    serverInfo: { name: 'legacy' },
    capabilities: { tools: { listChanged: true } },
  });
  expect(body.result).not.toHaveProperty('resultType');
  const id = response.headers.get('mcp-session-id')!;
  expect(id).toMatch(/^[\x21-\x7e]+$/);
  await post(
    s,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { 'mcp-session-id': id, 'mcp-protocol-version': version },
  );
  return id;
}

/** Resumes a 2025 session's stream with GET and Last-Event-ID; the messages it replays. */
async function resume(s: McpServer, headers: Record<string, string>, lastId: string) {
  const resumed = await s.fetch(
    new Request('http://localhost/mcp', {
      method: 'GET',
      headers: { ...headers, accept: 'text/event-stream', 'last-event-id': lastId },
    }),
  );
  return sseMessages(await resumed.text());
}

describe('2025-11-25 over HTTP sessions', () => {
  it('negotiates, never offering a modern revision, and serves results in the 2025 shape', async () => {
    const s = server();
    const response = await post(s, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2026-07-28', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    });
    expect((await response.json()).result.protocolVersion).toBe(LEGACY);
    const id = await openSession(s);
    const headers = { 'mcp-session-id': id, 'mcp-protocol-version': LEGACY };
    const list = await (await post(s, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers)).json();
    expect(list.result.tools.map((t: { name: string }) => t.name)).toEqual(['greet']);
    expect(list.result).not.toHaveProperty('ttlMs');
    const ping = await (await post(s, { jsonrpc: '2.0', id: 3, method: 'ping' }, headers)).json();
    expect(ping).toEqual({ jsonrpc: '2.0', id: 3, result: {} });
    const missing = await (
      await post(
        s,
        { jsonrpc: '2.0', id: 4, method: 'resources/read', params: { uri: 'file:///nope' } },
        headers,
      )
    ).json();
    expect(missing.error).toMatchObject({ code: -32002, data: { uri: 'file:///nope' } });
  });

  it('requires the session id, answers 404 for unknown or deleted sessions', async () => {
    const s = server();
    expect(
      (await post(s, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-protocol-version': LEGACY }))
        .status,
    ).toBe(400);
    expect(
      (await post(s, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': 'nope' })).status,
    ).toBe(404);
    const id = await openSession(s);
    const deleted = await s.fetch(
      new Request('http://localhost/mcp', { method: 'DELETE', headers: { 'mcp-session-id': id } }),
    );
    expect(deleted.status).toBe(200);
    expect((await post(s, { jsonrpc: '2.0', id: 2, method: 'ping' }, { 'mcp-session-id': id })).status).toBe(
      404,
    );
  });

  it('sends ctx.elicit as an elicitation/create request on the call’s own stream and resumes with the POSTed answer', async () => {
    const s = server();
    const id = await openSession(s);
    const headers = { 'mcp-session-id': id, 'mcp-protocol-version': LEGACY };
    await post(s, { jsonrpc: '2.0', id: 5, method: 'logging/setLevel', params: { level: 'info' } }, headers);
    const call = await post(
      s,
      { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'greet', arguments: { who: 'Ada' } } },
      headers,
    );
    expect(call.headers.get('content-type')).toBe('text/event-stream');
    const reader = call.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('elicitation/create'))
      text += decoder.decode((await reader.read()).value, { stream: true });
    const request = sseMessages(text).find((m) => m.method === 'elicitation/create')!;
    expect(request.params).toMatchObject({ message: 'Greet Ada how?' });
    const answered = await post(
      s,
      { jsonrpc: '2.0', id: request.id, result: { action: 'accept', content: { style: 'warm' } } },
      headers,
    );
    expect(answered.status).toBe(202);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const messages = sseMessages(text);
    expect(messages.find((m) => m.method === 'notifications/message')).toMatchObject({
      params: { level: 'info', data: 'greeting' },
    });
    expect(messages.at(-1)).toMatchObject({
      id: 6,
      result: { content: [{ type: 'text', text: 'warm hello, Ada' }] },
    });
  });

  it('gives server-to-client requests and stream events ids of their own on every server (no collisions across processes)', async () => {
    const seen = async (s: McpServer) => {
      const id = await openSession(s);
      const headers = { 'mcp-session-id': id, 'mcp-protocol-version': LEGACY };
      const call = await post(
        s,
        { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'greet', arguments: { who: 'Ada' } } },
        headers,
      );
      const reader = call.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('elicitation/create'))
        text += decoder.decode((await reader.read()).value, { stream: true });
      const request = sseMessages(text).find((m) => m.method === 'elicitation/create')!;
      await post(s, { jsonrpc: '2.0', id: request.id, result: { action: 'decline' } }, headers);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return { requestId: request.id, eventIds: [...text.matchAll(/^id: (\S+)$/gm)].map((m) => m[1]) };
    };
    const a = await seen(server());
    const b = await seen(server());
    expect(a.requestId).toMatch(/^s-[0-9a-z]{10}-1$/);
    expect(b.requestId).toMatch(/^s-[0-9a-z]{10}-1$/);
    expect(a.requestId).not.toBe(b.requestId);
    expect(a.eventIds.length).toBeGreaterThan(1);
    expect(a.eventIds.filter((id) => b.eventIds.includes(id))).toEqual([]);
  });

  it('closes a stream mid-call and replays the rest to a client resuming with Last-Event-ID (SEP-1699)', async () => {
    const s = server();
    s.registerTool('poll', {}, async (ctx) => {
      await ctx.progress(1, 2);
      ctx.closeSseStream();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await ctx.progress(2, 2);
      return { content: [{ type: 'text', text: 'finished after the stream closed' }] };
    });
    const id = await openSession(s);
    const headers = { 'mcp-session-id': id, 'mcp-protocol-version': LEGACY };
    const call = await post(
      s,
      {
        jsonrpc: '2.0',
        id: 8,
        method: 'tools/call',
        params: { name: 'poll', _meta: { progressToken: 'p' } },
      },
      headers,
    );
    const first = await call.text();
    const primed = first.split('\n\n')[0]!;
    expect(primed).toMatch(/^id: \S+\nretry: \d+\ndata: $/);
    const lastId = [...first.matchAll(/^id: (\S+)$/gm)].at(-1)![1]!;
    expect(sseMessages(first).at(-1)).toMatchObject({
      method: 'notifications/progress',
      params: { progress: 1 },
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    const rest = await resume(s, headers, lastId);
    expect(rest.map((m) => m.method ?? 'response')).toEqual(['notifications/progress', 'response']);
    expect(rest.at(-1)).toMatchObject({
      id: 8,
      result: { content: [{ text: 'finished after the stream closed' }] },
    });
  });

  it('records the answer of a call whose client disconnected, for the client resuming with Last-Event-ID', async () => {
    const s = server();
    let letFinish!: () => void;
    const clientGone = new Promise<void>((resolve) => {
      letFinish = resolve;
    });
    s.registerTool('slow', {}, async (ctx) => {
      await ctx.progress(1, 2);
      await clientGone;
      await ctx.progress(2, 2);
      return { content: [{ type: 'text', text: 'finished after the client left' }] };
    });
    const id = await openSession(s);
    const headers = { 'mcp-session-id': id, 'mcp-protocol-version': LEGACY };
    const call = await post(
      s,
      {
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'slow', _meta: { progressToken: 'p' } },
      },
      headers,
    );
    const reader = call.body!.getReader();
    let seen = '';
    while (!seen.includes('notifications/progress'))
      seen += new TextDecoder().decode((await reader.read()).value);
    const lastId = [...seen.matchAll(/^id: (\S+)$/gm)].at(-1)![1]!;
    // The client drops the connection; on a 2025 session that is not cancellation.
    await reader.cancel();
    letFinish();
    const rest = await resume(s, headers, lastId);
    expect(rest.map((m) => m.method ?? 'response')).toEqual(['notifications/progress', 'response']);
    expect(rest.at(-1)).toMatchObject({
      id: 9,
      result: { content: [{ text: 'finished after the client left' }] },
    });
  });

  it('keeps serving 2026-07-28 requests on the same endpoint', async () => {
    const s = server();
    await openSession(s);
    const response = await post(
      s,
      { jsonrpc: '2.0', id: 9, method: 'server/discover', params: { _meta: envelope() } },
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' },
    );
    expect((await response.json()).result).toMatchObject({
      supportedVersions: ['2026-07-28'],
      resultType: 'complete',
    });
  });
});

let peer: JsonRpcPeer | undefined;
afterEach(async () => {
  await peer?.close();
});

describe('each 2025 revision over HTTP sessions gets its own stream rules', () => {
  /** A tool that reports progress, closes its stream (SEP-1699), reports again and answers. */
  function pollingServer() {
    const s = server();
    s.registerTool('poll', {}, async (ctx) => {
      await ctx.progress(1, 2);
      ctx.closeSseStream();
      await ctx.progress(2, 2);
      return { content: [{ type: 'text', text: 'done' }] };
    });
    return s;
  }

  /** A tool that waits until its request is cancelled, after reporting progress when asked. */
  function waitingServer(seen: { cancelled: boolean }) {
    const s = server();
    s.registerTool('wait', {}, async (ctx) => {
      await ctx.progress(1); // sent only when the call asked for progress
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      seen.cancelled = true;
      return { content: [{ type: 'text', text: 'too late' }] };
    });
    return s;
  }

  for (const version of ['2025-06-18', '2025-03-26']) {
    it(`sends ${version} no priming event, and keeps the answer on the stream a tool asks to close`, async () => {
      const s = pollingServer();
      const headers = { 'mcp-session-id': await openSession(s, version), 'mcp-protocol-version': version };
      const call = await post(
        s,
        {
          jsonrpc: '2.0',
          id: 8,
          method: 'tools/call',
          params: { name: 'poll', _meta: { progressToken: 'p' } },
        },
        headers,
      );
      expect(call.headers.get('content-type')).toBe('text/event-stream');
      const text = await call.text();
      // Every event carries a message: no empty priming event, no ids, no retry.
      expect(text).not.toMatch(/^(id|retry):/m);
      expect(text).not.toMatch(/^data: ?$/m);
      const messages = sseMessages(text);
      expect(messages.map((m) => m.method ?? 'response')).toEqual([
        'notifications/progress',
        'notifications/progress',
        'response',
      ]);
      expect(messages.at(-1)).toMatchObject({ id: 8, result: { content: [{ text: 'done' }] } });
    });
  }

  for (const version of ['2025-11-25', '2025-06-18', '2025-03-26']) {
    it(`answers a request cancelled with notifications/cancelled (${version}) with no JSON-RPC response`, async () => {
      const seen = { cancelled: false };
      const s = waitingServer(seen);
      const headers = { 'mcp-session-id': await openSession(s, version), 'mcp-protocol-version': version };
      const call = post(
        s,
        { jsonrpc: '2.0', id: 11, method: 'tools/call', params: { name: 'wait' } },
        headers,
      );
      await new Promise((resolve) => setTimeout(resolve, 30));
      const cancel = await post(
        s,
        {
          jsonrpc: '2.0',
          method: 'notifications/cancelled',
          params: { requestId: 11, reason: 'changed my mind' },
        },
        headers,
      );
      expect(cancel.status).toBe(202);
      const answer = await call;
      expect(seen.cancelled).toBe(true);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/event-stream');
      expect(await answer.text()).toBe('');
    });
  }

  it('sends progress messages from 2025-03-26 on, and progress without them to 2024-11-05', async () => {
    const s = server();
    s.registerTool('report', {}, async (ctx) => {
      await ctx.progress(1, 2, 'half way');
      return { content: [{ type: 'text', text: 'reported' }] };
    });
    const progressOn = async (version: string) => {
      const headers = { 'mcp-session-id': await openSession(s, version), 'mcp-protocol-version': version };
      const call = await post(
        s,
        {
          jsonrpc: '2.0',
          id: 13,
          method: 'tools/call',
          params: { name: 'report', _meta: { progressToken: 'r' } },
        },
        headers,
      );
      return sseMessages(await call.text())[0]!.params;
    };
    expect(await progressOn('2024-11-05')).toEqual({ progressToken: 'r', progress: 1, total: 2 });
    expect(await progressOn('2025-03-26')).toEqual({
      progressToken: 'r',
      progress: 1,
      total: 2,
      message: 'half way',
    });
  });

  it('ends an open stream of a cancelled request (2025-06-18) after its notifications, without the response', async () => {
    const seen = { cancelled: false };
    const s = waitingServer(seen);
    const version = '2025-06-18';
    const headers = { 'mcp-session-id': await openSession(s, version), 'mcp-protocol-version': version };
    const call = await post(
      s,
      {
        jsonrpc: '2.0',
        id: 12,
        method: 'tools/call',
        params: { name: 'wait', _meta: { progressToken: 'w' } },
      },
      headers,
    );
    const text = call.text();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await post(s, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 12 } }, headers);
    const messages = sseMessages(await text);
    expect(seen.cancelled).toBe(true);
    expect(messages.map((m) => m.method ?? 'response')).toEqual(['notifications/progress']);
  });
  it('leaves the stream of a cancelled 2025-11-25 request open without the response, and ends it with the session', async () => {
    const seen = { cancelled: false };
    const s = waitingServer(seen);
    const version = '2025-11-25';
    const headers = { 'mcp-session-id': await openSession(s, version), 'mcp-protocol-version': version };
    const call = await post(
      s,
      {
        jsonrpc: '2.0',
        id: 14,
        method: 'tools/call',
        params: { name: 'wait', _meta: { progressToken: 'w' } },
      },
      headers,
    );
    let ended = false;
    const text = call.text().then((body) => {
      ended = true;
      return body;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await post(s, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 14 } }, headers);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.cancelled).toBe(true);
    // A resuming 1.32 client would wait on a closed stream for an answer that never comes.
    expect(ended).toBe(false);
    const deleted = await s.fetch(new Request('http://localhost/mcp', { method: 'DELETE', headers }));
    expect(deleted.status).toBe(200);
    const messages = sseMessages(await text);
    expect(messages.map((m) => m.method ?? 'response')).toEqual(['notifications/progress']);
  });
});

describe('2025-11-25 over stdio', () => {
  it('pins a session with initialize and serves claim-less requests in it', async () => {
    const script = fileURLToPath(new URL('../fixtures/stdio-mcp-server.ts', import.meta.url));
    peer = new JsonRpcPeer(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', script],
        stderr: 'pipe',
      }),
    );
    await peer.start();
    const init = await peer.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'old', version: '1' },
    });
    expect(init).toMatchObject({ protocolVersion: '2025-06-18', serverInfo: { name: 'stdio-test' } });
    await peer.notify('notifications/initialized');
    await expect(peer.request('tools/call', { name: 'echo', arguments: { text: 'hi' } })).resolves.toEqual({
      content: [{ type: 'text', text: 'hi' }],
    });
    await expect(peer.request('ping')).resolves.toEqual({});
  });
});

describe('2025-11-25 over HTTP without sessions (stateless mode)', () => {
  it('serves each request on its own, with no session id and no GET stream', async () => {
    const s = new McpServer(
      { name: 'stateless', version: '1.0.0' },
      { warn: () => {}, sessions: { mode: 'stateless' } },
    );
    s.registerTool(
      'echo',
      { inputSchema: { type: 'object', properties: { text: { type: 'string' } } } },
      ({ text }) => ({
        content: [{ type: 'text', text: String(text) }],
      }),
    );
    const init = await post(s, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'lb', version: '1' } },
    });
    expect(init.headers.get('mcp-session-id')).toBeNull();
    expect((await init.json()).result).toMatchObject({ protocolVersion: LEGACY });
    const call = await post(
      s,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } },
      { 'mcp-protocol-version': LEGACY },
    );
    expect(await call.json()).toEqual({
      jsonrpc: '2.0',
      id: 2,
      result: { content: [{ type: 'text', text: 'hi' }] },
    });
    const get = await s.fetch(
      new Request('http://localhost/mcp', { method: 'GET', headers: { accept: 'text/event-stream' } }),
    );
    expect(get.status).toBe(405);
  });
});

describe('a pluggable event log for 2025 streams', () => {
  it('keeps request streams in the store the server was given', async () => {
    const appended: string[] = [];
    const s = new McpServer(
      { name: 'legacy', version: '1.0.0' },
      {
        warn: () => {},
        sessions: {
          eventLog: () => {
            const log = new InMemoryEventLog();
            const append = log.append.bind(log);
            log.append = (stream, data, final) => {
              appended.push(
                data === '' ? 'priming' : ((JSON.parse(data) as { method?: string }).method ?? 'response'),
              );
              return append(stream, data, final);
            };
            return log;
          },
        },
      },
    );
    s.registerTool('step', {}, async (ctx) => {
      await ctx.progress(1);
      return { content: [] };
    });
    const id = await openSession(s);
    const call = await post(
      s,
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'step', _meta: { progressToken: 1 } } },
      { 'mcp-session-id': id, 'mcp-protocol-version': LEGACY },
    );
    await call.text();
    expect(appended).toEqual(['priming', 'notifications/progress', 'response']);
  });
});

describe('2025 session methods are validated like every other request', () => {
  // Found by test/fuzz/validators.fuzz.test.ts: ping, logging/setLevel and resources/(un)subscribe
  // were answered by the session before the params check, so `_meta: null` was accepted.
  it('answers resources/subscribe with `_meta: null` with -32602 naming params._meta', async () => {
    const s = server();
    const session = await openSession(s);
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': LEGACY };
    const answers = [];
    for (const [method, params] of [
      ['resources/subscribe', { uri: 'file:///a', _meta: null }],
      ['ping', { _meta: 5 }],
      ['logging/setLevel', { level: 'loud' }],
    ] as const) {
      const response = await post(s, { jsonrpc: '2.0', id: method, method, params }, headers);
      answers.push(await response.json());
    }
    expect(answers).toMatchObject([
      {
        id: 'resources/subscribe',
        error: { code: -32602, message: expect.stringContaining('params._meta') },
      },
      { id: 'ping', error: { code: -32602, message: expect.stringContaining('params._meta') } },
      { id: 'logging/setLevel', error: { code: -32602, message: expect.stringContaining('params.level') } },
    ]);
  });
});
