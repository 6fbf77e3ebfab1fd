/**
 * 2025-11-25 sessions served by several processes on one Redis, with no
 * sticky sessions: two McpServers, each with a backplane of its own (as two
 * processes would have), each served over HTTP, and mcpkit's Client talking
 * through a balancer (a fetch that picks the process per request). Every
 * request of the session may land anywhere: tool calls, the client's answer to
 * a server's elicitation, `notifications/cancelled`, the GET stream, a
 * `Last-Event-ID` resumption, DELETE. The session is opened once.
 */
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { type RedisBackplane, redisBackplane } from '../../src/entries/redis.js';
import { McpServer } from '../../src/entries/server.js';
import { describeWithRedis, type RedisServerProcess, startRedisServer } from '../helpers/redis-server.js';

const LEGACY = '2025-11-25';
let prefixes = 0;

/** One request as the balancer routed it. */
interface Routed {
  node: number;
  httpMethod: string;
  /** The JSON-RPC method, `response` for the client's answers, absent for GET and DELETE. */
  rpc?: string;
  lastEventId?: string;
  sessionId?: string;
}

interface Node {
  server: McpServer;
  url: URL;
  backplane: RedisBackplane;
  close(): Promise<void>;
}

describeWithRedis('2025 sessions across processes', () => {
  let redis: RedisServerProcess;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** Two processes sharing state, and what their tools saw. */
  async function cluster(redisUrl = redis.url) {
    const keyPrefix = `sessions-${process.pid}-${++prefixes}`;
    const aborted: number[] = [];
    const warnings: string[] = [];
    const nodes: Node[] = [];
    for (const index of [0, 1]) {
      const backplane = redisBackplane({ url: redisUrl, keyPrefix, warn: () => {}, commandTimeoutMs: 500 });
      await backplane.ready();
      const server = new McpServer(
        { name: 'sessions', version: '1.0.0' },
        {
          warn: (message) => warnings.push(message),
          eventBus: backplane.eventBus,
          sessions: { store: backplane.sessions, retryMs: 50 },
        },
      );
      server.registerTool('whoami', {}, () => ({ content: [{ type: 'text', text: `node ${index}` }] }));
      server.registerTool('ask', {}, async (ctx) => {
        const answer = await ctx.elicit({
          message: 'Your name?',
          requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        });
        return {
          content: [{ type: 'text', text: `${index} asked, ${String(answer.content?.name)} answered` }],
        };
      });
      server.registerTool('wait', {}, async (ctx) => {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        aborted.push(index);
        return { content: [] };
      });
      server.registerTool('polled', {}, async (ctx) => {
        await ctx.progress(1, 2);
        // SEP-1699: the server ends the stream; the client resumes it, through another process.
        ctx.closeSseStream();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await ctx.progress(2, 2);
        return { content: [{ type: 'text', text: `polled on ${index}` }] };
      });
      server.registerResource('note', 'file:///note.txt', {}, () => ({
        contents: [{ uri: 'file:///note.txt', text: 'hello' }],
      }));
      const running = await serveHttp(server, { port: 0 });
      const node: Node = {
        server,
        url: running.url,
        backplane,
        close: async () => {
          server.close();
          await running.close();
          await backplane.close();
        },
      };
      nodes.push(node);
      cleanups.push(() => node.close());
    }

    const routed: Routed[] = [];
    let turn = 0;
    let lastCallNode = 0;
    /**
     * Round-robin, except that what answers or continues a tool call (the client's answer to a
     * server request, `notifications/cancelled`, a resumption) goes to the process that did
     * not serve the call: the cases a sticky-free balancer makes happen some of the time.
     */
    const balancer: typeof fetch = async (input, init) => {
      const method = init?.method ?? 'GET';
      const headers = new Headers(init?.headers);
      let rpc: string | undefined;
      if (typeof init?.body === 'string') {
        const message = JSON.parse(init.body) as { method?: string };
        rpc = message.method ?? 'response';
      }
      const lastEventId = headers.get('last-event-id') ?? undefined;
      const away = rpc === 'response' || rpc === 'notifications/cancelled' || lastEventId !== undefined;
      const node = away ? (lastCallNode + 1) % nodes.length : turn++ % nodes.length;
      if (rpc === 'tools/call') lastCallNode = node;
      routed.push({
        node,
        httpMethod: method,
        rpc,
        lastEventId,
        sessionId: headers.get('mcp-session-id') ?? undefined,
      });
      const target = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      return fetch(new URL(target.pathname, nodes[node]!.url), init);
    };
    return { nodes, aborted, routed, balancer, warnings };
  }

  it('serves tool calls, an elicitation answered through the other process, and DELETE, on one session', async () => {
    const { nodes, routed, balancer } = await cluster();
    const client = await Client.connect(nodes[0]!.url, {
      protocolVersion: LEGACY,
      fetch: balancer,
      warn: () => {},
      onElicit: async () => ({ action: 'accept', content: { name: 'Ada' } }),
    });
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const result = await client.callTool('whoami');
      served.add((result.content[0] as { text: string }).text);
    }
    expect(served).toEqual(new Set(['node 0', 'node 1']));

    for (let i = 0; i < 2; i++) {
      const result = await client.callTool('ask');
      expect((result.content[0] as { text: string }).text).toMatch(/^[01] asked, Ada answered$/);
    }
    const answers = routed.filter((r) => r.rpc === 'response');
    expect(answers.length).toBeGreaterThanOrEqual(2);
    const calls = routed.filter((r) => r.rpc === 'tools/call');
    // Each answer went to the process that did not send the question.
    expect(calls.at(-1)!.node).not.toBe(answers.at(-1)!.node);

    const sessionId = routed.at(-1)!.sessionId!;
    expect(sessionId).toBeTruthy();
    await client.close();
    expect(routed.filter((r) => r.rpc === 'initialize')).toHaveLength(1);
    expect(routed.some((r) => r.httpMethod === 'DELETE')).toBe(true);
    // Deleted for every process, not only the one that took the DELETE.
    for (const node of nodes) expect(await postStatus(node.url, sessionId)).toBe(404);
  });

  it('cancels a request on the process running it when notifications/cancelled lands on the other', async () => {
    const { nodes, aborted, routed, balancer } = await cluster();
    const client = await Client.connect(nodes[0]!.url, {
      protocolVersion: LEGACY,
      fetch: balancer,
      warn: () => {},
    });
    const controller = new AbortController();
    const call = client.callTool('wait', {}, { signal: controller.signal });
    await vi.waitFor(() => expect(routed.some((r) => r.rpc === 'tools/call')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(call).rejects.toThrow();
    const ranOn = routed.filter((r) => r.rpc === 'tools/call').at(-1)!.node;
    await vi.waitFor(() => expect(aborted).toEqual([ranOn]), { timeout: 3000 });
    const cancel = routed.find((r) => r.rpc === 'notifications/cancelled');
    expect(cancel?.node).not.toBe(ranOn);
    await client.close();
  });

  it('delivers resources/updated raised in either process to the GET stream held by one', async () => {
    const { nodes, routed, balancer } = await cluster();
    const updates: string[] = [];
    const client = await Client.connect(nodes[0]!.url, {
      protocolVersion: LEGACY,
      fetch: balancer,
      warn: () => {},
      onNotification: ({ method, params }) => {
        if (method === 'notifications/resources/updated') updates.push(String(params?.uri));
      },
    });
    await vi.waitFor(() => expect(routed.some((r) => r.httpMethod === 'GET')).toBe(true));
    await client.request('resources/subscribe', { uri: 'file:///note.txt' });
    // Let the GET stream open before the updates are raised.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const node of nodes) node.server.notifyResourceUpdated('file:///note.txt');
    nodes[1]!.server.notifyResourceUpdated('file:///not-subscribed.txt');
    await vi.waitFor(() => expect(updates).toHaveLength(2), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(updates).toEqual(['file:///note.txt', 'file:///note.txt']);
    await client.close();
  });

  it('resumes a request stream the server closed with Last-Event-ID through the other process', async () => {
    const { nodes, routed, balancer } = await cluster();
    const client = await Client.connect(nodes[0]!.url, {
      protocolVersion: LEGACY,
      fetch: balancer,
      warn: () => {},
    });
    const progress: number[] = [];
    const result = await client.callTool(
      'polled',
      {},
      { onProgress: (update) => progress.push(update.progress) },
    );
    const ranOn = routed.filter((r) => r.rpc === 'tools/call').at(-1)!.node;
    expect((result.content[0] as { text: string }).text).toBe(`polled on ${ranOn}`);
    expect(progress).toEqual([1, 2]);
    const resume = routed.find((r) => r.lastEventId !== undefined);
    expect(resume).toBeDefined();
    expect(resume!.node).not.toBe(ranOn);
    expect(routed.filter((r) => r.rpc === 'initialize')).toHaveLength(1);
    await client.close();
  });

  it('answers 503 (retry), never 404 (start over), while Redis is down, and says why in warn', async () => {
    const own = await startRedisServer();
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await own.stop();
    });
    const { nodes, warnings } = await cluster(own.url);
    const opened = await post(nodes[0]!.url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    expect(opened.status).toBe(200);
    const sessionId = opened.headers.get('mcp-session-id')!;
    await opened.body?.cancel();
    const initialized = await post(
      nodes[1]!.url,
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      sessionId,
    );
    expect(initialized.status).toBe(202);

    await own.stop();
    stopped = true;
    // The process holding the session serves what changes nothing shared.
    const call = await post(
      nodes[1]!.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'whoami' } },
      sessionId,
    );
    expect(call.status).toBe(200);
    expect(await call.text()).toContain('node 1');
    // A subscription must reach the other processes: it cannot, so the request is refused for now.
    const subscribe = await post(
      nodes[1]!.url,
      { jsonrpc: '2.0', id: 3, method: 'resources/subscribe', params: { uri: 'file:///note.txt' } },
      sessionId,
    );
    expect(subscribe.status).toBe(503);
    expect(await subscribe.json()).toMatchObject({
      id: 3,
      error: { message: expect.stringMatching(/retry/) },
    });
    // A new session cannot be stored anywhere.
    const again = await post(nodes[0]!.url, {
      jsonrpc: '2.0',
      id: 5,
      method: 'initialize',
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    expect(again.status).toBe(503);
    expect(await again.json()).toMatchObject({
      id: 5,
      error: {
        message: 'The session could not be created: the session store is unreachable; try again later',
      },
    });
    expect(warnings.some((warning) => /creating a session failed: .*Redis/i.test(warning))).toBe(true);
  });

  it('answers 503 to a request of a session a process cannot read while Redis is down', async () => {
    const own = await startRedisServer();
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await own.stop();
    });
    const { nodes } = await cluster(own.url);
    const opened = await post(nodes[0]!.url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    const sessionId = opened.headers.get('mcp-session-id')!;
    await opened.body?.cancel();
    await own.stop();
    stopped = true;
    // nodes[1] never saw the session: it must read it, cannot, and says so.
    const response = await post(nodes[1]!.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, sessionId);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      id: 2,
      error: { message: expect.stringMatching(/unreachable/) },
    });
  });
});

/** POSTs a JSON-RPC message to `url`, in session `sessionId` when given. */
function post(url: URL, message: unknown, sessionId?: string): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': LEGACY,
  };
  if (sessionId !== undefined) headers['mcp-session-id'] = sessionId;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(message) });
}

/** The HTTP status of a tools/list POST in session `sessionId` to `url`. */
async function postStatus(url: URL, sessionId: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': LEGACY,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
  await response.body?.cancel();
  return response.status;
}
