/**
 * 2025-11-25 core tasks (SEP-1686) served by McpServer from the same `tasks`
 * option, tool `execution` and TaskStore as the 2026-07-28 extension, driven
 * with raw 2025-11-25 JSON-RPC over HTTP sessions and an in-memory connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthPrincipal } from '../../src/auth/server/principal.js';
import { InternalError } from '../../src/entries/protocol.js';
import {
  InMemoryTaskStore,
  McpServer,
  type ServerContext,
  type TaskStore,
  toolError,
} from '../../src/entries/server.js';
import { createInMemoryTransportPair } from '../../src/entries/session.js';
import type { JSONRPCMessage } from '../../src/protocol/jsonrpc.js';
import { envelope, rpc, sseMessages } from '../helpers/http-rpc.js';

const V = '2025-11-25';
const RELATED = 'io.modelcontextprotocol/related-task';
const confirmSchema = {
  type: 'object' as const,
  properties: { ok: { type: 'boolean' as const } },
  required: ['ok'],
};

type Message = Record<string, unknown> & {
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown> & { task?: Record<string, unknown> };
  error?: { code: number; message: string; data?: unknown };
};

/** A promise the test resolves when it wants the handler to go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

function jobServer(options: { pageSize?: number; capabilities?: Record<string, unknown> } = {}) {
  const release = gate();
  const aborted: string[] = [];
  const server = new McpServer(
    { name: 'jobs', version: '1' },
    { warn: () => {}, tasks: { pollIntervalMs: 50, ttlMs: 60_000 }, ...options },
  );
  server.registerTool('plain', {}, () => ({ content: [{ type: 'text', text: 'plain' }] }));
  server.registerTool('report', { execution: { taskSupport: 'optional' } }, async (ctx: ServerContext) => {
    await ctx.task.setStatusMessage('crunching');
    await ctx.progress(1, 2, 'half');
    await ctx.log('info', 'reporting');
    await release.opened;
    return { content: [{ type: 'text', text: `report from ${ctx.task.id}` }] };
  });
  server.registerTool('hang', { execution: { taskSupport: 'optional' } }, (ctx: ServerContext) => {
    return new Promise((_, reject) => {
      ctx.signal.addEventListener('abort', () => {
        aborted.push('hang');
        reject(ctx.signal.reason);
      });
    });
  });
  server.registerTool('render', { execution: { taskSupport: 'required' } }, () => toolError('bad scene'));
  server.registerTool('crash', { execution: { taskSupport: 'optional' } }, () => {
    throw new InternalError('worker lost');
  });
  server.registerTool(
    'later',
    { execution: { taskSupport: 'optional', createTask: 'when-started' } },
    async (ctx) => {
      await ctx.task.start('now');
      return { content: [{ type: 'text', text: `later ${ctx.task.id}` }] };
    },
  );
  server.registerTool('confirm', { execution: { taskSupport: 'required' } }, async (ctx: ServerContext) => {
    const answer = await ctx.elicit({ message: 'Sure?', requestedSchema: confirmSchema });
    return { content: [{ type: 'text', text: `ok=${String(answer.content?.ok)}` }] };
  });
  return { server, release, aborted };
}

/** Every response, notification and request a session saw, for the wire-hygiene check. */
const seen: unknown[] = [];

/** One 2025-11-25 session over the server's fetch handler. */
async function httpSession(server: McpServer, extra: Record<string, unknown> = {}) {
  let nextId = 1;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    server.fetch(
      new Request('http://localhost/mcp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: JSON.stringify(body),
      }),
      extra,
    );
  const opened = await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: V,
      capabilities: { elicitation: {} },
      clientInfo: { name: 'raw', version: '1' },
    },
  });
  const init = (await opened.json()) as Message;
  seen.push(init);
  const headers = { 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': V };
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  /** Sends a request and reads its whole answer (JSON or SSE): every message, the response last. */
  const request = async (method: string, params: Record<string, unknown> = {}) => {
    const response = await post({ jsonrpc: '2.0', id: nextId++, method, params }, headers);
    const text = await response.text();
    const messages = (
      (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
        ? sseMessages(text)
        : [JSON.parse(text)]
    ) as Message[];
    seen.push(...messages);
    return messages.at(-1)!;
  };
  /** Sends a request and returns its open response stream, read message by message. */
  const stream = async (method: string, params: Record<string, unknown> = {}) => {
    const response = await post({ jsonrpc: '2.0', id: nextId++, method, params }, headers);
    return messageReader(response);
  };
  const answer = (id: unknown, result: Record<string, unknown>) =>
    post({ jsonrpc: '2.0', id, result }, headers);
  const getStream = async () =>
    messageReader(
      await server.fetch(
        new Request('http://localhost/mcp', {
          method: 'GET',
          headers: { ...headers, accept: 'text/event-stream' },
        }),
        extra,
      ),
    );
  return { init, request, stream, answer, getStream };
}

/** Reads an SSE body message by message. */
function messageReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queued: Message[] = [];
  const next = async (): Promise<Message | undefined> => {
    for (;;) {
      if (queued.length > 0) return queued.shift();
      const cut = buffer.indexOf('\n\n');
      if (cut >= 0) {
        const block = buffer.slice(0, cut + 2);
        buffer = buffer.slice(cut + 2);
        const messages = sseMessages(block) as Message[];
        seen.push(...messages);
        queued.push(...messages);
        continue;
      }
      const { done, value } = await reader.read();
      if (done) return undefined;
      buffer += decoder.decode(value, { stream: true });
    }
  };
  /** The next message matching `test`, skipping others. */
  const until = async (test: (message: Message) => boolean): Promise<Message> => {
    for (;;) {
      const message = await next();
      if (!message) throw new Error('stream ended');
      if (test(message)) return message;
    }
  };
  return { next, until, close: () => reader.cancel() };
}

type Session = Awaited<ReturnType<typeof httpSession>>;

/** Polls tasks/get until the task's status is `status`. */
async function statusOf(session: Session, taskId: string, status: string) {
  for (let poll = 0; poll < 2000; poll++) {
    const reply = await session.request('tasks/get', { taskId });
    if (reply.result?.status === status) return reply.result;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect.fail(`task ${taskId} never got ${status}`);
}

async function createTask(session: Session, name: string, task: Record<string, unknown> = {}) {
  const reply = await session.request('tools/call', { name, arguments: {}, task });
  expect(reply.error, JSON.stringify(reply.error)).toBeUndefined();
  return reply.result!.task as Record<string, unknown> & { taskId: string };
}

afterEach(() => {
  // Nothing any 2025-11-25 task path sent may carry 2026-07-28 fields or codes.
  const wire = JSON.stringify(seen);
  for (const field of ['"resultType"', '"ttlMs"', '"pollIntervalMs"', '"extensions"', '"inputRequests"'])
    expect(wire, field).not.toContain(field);
  for (const code of [-32021, -32020, -32022]) expect(wire).not.toContain(`"code":${code}`);
  seen.length = 0;
});

describe('2025-11-25 core tasks: negotiation', () => {
  it('declares capabilities.tasks (and never extensions) on 2025-11-25 only', async () => {
    const { server } = jobServer({ capabilities: { extensions: { 'com.example/x': {} } } });
    const session = await httpSession(server);
    expect(session.init.result?.capabilities).toMatchObject({
      tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
    });
    expect(session.init.result?.capabilities).not.toHaveProperty('extensions');
    // 2026-07-28 still sees the extension and no core capability.
    const discover = await rpc((r) => server.fetch(r), 'server/discover');
    expect(discover.body.result?.capabilities).toHaveProperty([
      'extensions',
      'io.modelcontextprotocol/tasks',
    ]);
    expect(discover.body.result?.capabilities).not.toHaveProperty('tasks');
    // A server without the tasks option declares none; nor does an older revision.
    const plain = new McpServer({ name: 'plain', version: '1' }, { warn: () => {} });
    plain.registerTool('t', {}, () => ({ content: [] }));
    expect((await httpSession(plain)).init.result?.capabilities).not.toHaveProperty('tasks');
    const old = await server.fetch(
      new Request('http://localhost/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'o', version: '1' },
          },
        }),
      }),
    );
    expect(((await old.json()) as Message).result?.capabilities).not.toHaveProperty('tasks');
  });

  it('lists execution.taskSupport (nothing more) for task-capable tools on 2025-11-25', async () => {
    const { server } = jobServer();
    const session = await httpSession(server);
    const tools = (await session.request('tools/list')).result?.tools as Record<string, unknown>[];
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(byName.report?.execution).toEqual({ taskSupport: 'optional' });
    expect(byName.render?.execution).toEqual({ taskSupport: 'required' });
    expect(byName.later?.execution).toEqual({ taskSupport: 'optional' });
    expect(byName.plain).not.toHaveProperty('execution');
  });

  it('answers -32601 for a required tool without a task and for a task on a tool without task support', async () => {
    const { server, release } = jobServer();
    release.open();
    const session = await httpSession(server);
    expect((await session.request('tools/call', { name: 'render', arguments: {} })).error?.code).toBe(-32601);
    expect(
      (await session.request('tools/call', { name: 'plain', arguments: {}, task: {} })).error?.code,
    ).toBe(-32601);
    // An optional tool called without a task is an ordinary call.
    const ordinary = await session.request('tools/call', { name: 'report', arguments: {} });
    expect(ordinary.result).toMatchObject({ content: [{ type: 'text', text: 'report from undefined' }] });
    expect(ordinary.result).not.toHaveProperty('task');
  });

  it('leaves 2026-07-28 without tasks/result and tasks/list (404, -32601)', async () => {
    const { server } = jobServer();
    const meta = envelope({ extensions: { 'io.modelcontextprotocol/tasks': {} } });
    for (const method of ['tasks/result', 'tasks/list']) {
      const reply = await rpc((r) => server.fetch(r), method, { taskId: 'x' }, { meta });
      expect(reply.status, method).toBe(404);
      expect(reply.body.error?.code, method).toBe(-32601);
    }
  });
});

describe('2025-11-25 core tasks: lifecycle', () => {
  it('creates a task, shows it with tasks/get, and blocks tasks/result until the result', async () => {
    const { server, release } = jobServer();
    const session = await httpSession(server);
    const created = await createTask(session, 'report', { ttl: 5000 });
    expect(Object.keys(created).sort()).toEqual(
      ['createdAt', 'lastUpdatedAt', 'pollInterval', 'status', 'taskId', 'ttl'].sort(),
    );
    expect(created).toMatchObject({ status: 'working', ttl: 5000, pollInterval: 50 });
    expect(new Date(created.createdAt as string).toISOString()).toBe(created.createdAt);
    const working = await session.request('tasks/get', { taskId: created.taskId });
    expect(working.result).toMatchObject({ taskId: created.taskId, status: 'working', ttl: 5000 });
    expect(working.result).not.toHaveProperty(['_meta', RELATED]);

    let answered = false;
    const result = session.request('tasks/result', { taskId: created.taskId }).then((reply) => {
      answered = true;
      return reply;
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(answered).toBe(false);
    release.open();
    const reply = await result;
    expect(reply.result).toEqual({
      content: [{ type: 'text', text: `report from ${created.taskId}` }],
      _meta: { [RELATED]: { taskId: created.taskId } },
    });
    expect(await statusOf(session, created.taskId, 'completed')).toMatchObject({
      statusMessage: 'crunching',
    });
    // Asked twice, the answer is the same.
    expect((await session.request('tasks/result', { taskId: created.taskId })).result).toEqual(reply.result);
  });

  it('grants at most the server TTL', async () => {
    const { server, release } = jobServer();
    release.open();
    const session = await httpSession(server);
    expect(await createTask(session, 'report', { ttl: 10 * 60 * 60_000 })).toMatchObject({ ttl: 60_000 });
    expect(await createTask(session, 'report')).toMatchObject({ ttl: 60_000 });
  });

  it('creates a when-started tool task at once; ctx.task.start() changes nothing', async () => {
    const { server } = jobServer();
    const session = await httpSession(server);
    const created = await createTask(session, 'later');
    const reply = await session.request('tasks/result', { taskId: created.taskId });
    expect(reply.result).toMatchObject({ content: [{ text: `later ${created.taskId}` }] });
  });

  it('fails the task of a tool result with isError, and tasks/result still returns that result', async () => {
    const { server } = jobServer();
    const session = await httpSession(server);
    const created = await createTask(session, 'render');
    const reply = await session.request('tasks/result', { taskId: created.taskId });
    expect(reply.result).toEqual({
      content: [{ type: 'text', text: 'bad scene' }],
      isError: true,
      _meta: { [RELATED]: { taskId: created.taskId } },
    });
    expect(await statusOf(session, created.taskId, 'failed')).toMatchObject({ statusMessage: 'bad scene' });
  });

  it('fails the task of a protocol error, and tasks/result answers that same JSON-RPC error', async () => {
    const { server } = jobServer();
    const session = await httpSession(server);
    const created = await createTask(session, 'crash');
    const reply = await session.request('tasks/result', { taskId: created.taskId });
    expect(reply.error).toEqual({ code: -32603, message: 'worker lost' });
    expect(await statusOf(session, created.taskId, 'failed')).toMatchObject({ statusMessage: 'worker lost' });
  });

  it('cancels a running task (its signal aborts), refuses a second cancel, and has no result for it', async () => {
    const { server, aborted } = jobServer();
    const session = await httpSession(server);
    const created = await createTask(session, 'hang');
    const waiting = session.request('tasks/result', { taskId: created.taskId });
    const cancelled = await session.request('tasks/cancel', { taskId: created.taskId });
    expect(cancelled.result).toMatchObject({ taskId: created.taskId, status: 'cancelled', ttl: 60_000 });
    expect(aborted).toEqual(['hang']);
    expect((await session.request('tasks/cancel', { taskId: created.taskId })).error).toMatchObject({
      code: -32602,
      message: expect.stringContaining("'cancelled'"),
    });
    expect((await waiting).error).toMatchObject({ code: -32603, data: { status: 'cancelled' } });
    expect((await session.request('tasks/get', { taskId: created.taskId })).result?.status).toBe('cancelled');
  });

  it('answers -32602 for unknown task ids and for another session’s tasks', async () => {
    const { server, release } = jobServer();
    release.open();
    const mine = await httpSession(server);
    const theirs = await httpSession(server);
    const created = await createTask(mine, 'report');
    for (const method of ['tasks/get', 'tasks/result', 'tasks/cancel']) {
      expect((await mine.request(method, { taskId: 'nope' })).error?.code, method).toBe(-32602);
      expect((await theirs.request(method, { taskId: created.taskId })).error?.code, method).toBe(-32602);
    }
    expect((await theirs.request('tasks/list')).result).toEqual({ tasks: [] });
  });

  it('lets the same principal read its tasks from another session, and no one else', async () => {
    const { server, release } = jobServer();
    release.open();
    const alice = await httpSession(server, { auth: principal('alice') });
    const aliceAgain = await httpSession(server, { auth: principal('alice') });
    const bob = await httpSession(server, { auth: principal('bob') });
    const created = await createTask(alice, 'report');
    expect((await aliceAgain.request('tasks/get', { taskId: created.taskId })).result?.taskId).toBe(
      created.taskId,
    );
    expect((await bob.request('tasks/get', { taskId: created.taskId })).error?.code).toBe(-32602);
  });

  it('declares no tasks.list and answers -32601 for tasks/list when the store cannot list', async () => {
    const inner = new InMemoryTaskStore();
    const store: TaskStore = {
      create: (task) => inner.create(task),
      get: (taskId, owner) => inner.get(taskId, owner),
      save: (task) => inner.save(task),
      watch: (listener, taskIds) => inner.watch(listener, taskIds),
    };
    const server = new McpServer({ name: 'nolist', version: '1' }, { warn: () => {}, tasks: { store } });
    server.registerTool('job', { execution: { taskSupport: 'optional' } }, () => ({ content: [] }));
    const session = await httpSession(server);
    expect(session.init.result?.capabilities).toMatchObject({ tasks: { cancel: {} } });
    expect(session.init.result?.capabilities).not.toHaveProperty(['tasks', 'list']);
    expect((await session.request('tasks/list')).error?.code).toBe(-32601);
    const created = await createTask(session, 'job');
    expect((await session.request('tasks/result', { taskId: created.taskId })).result).toMatchObject({
      content: [],
    });
  });

  it('answers -32603 when the store is full (never a plain result for a task call)', async () => {
    const server = new McpServer(
      { name: 'full', version: '1' },
      { warn: () => {}, tasks: { store: new InMemoryTaskStore({ maxTasksPerOwner: 1 }) } },
    );
    server.registerTool('job', { execution: { taskSupport: 'optional' } }, () => ({ content: [] }));
    const session = await httpSession(server);
    await createTask(session, 'job');
    const refused = await session.request('tools/call', { name: 'job', arguments: {}, task: {} });
    expect(refused.error).toMatchObject({ code: -32603, message: expect.stringContaining('Too many tasks') });
  });

  it('pages tasks/list with an opaque cursor, oldest first', async () => {
    const { server, release } = jobServer({ pageSize: 2 });
    release.open();
    const session = await httpSession(server);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createTask(session, 'report')).taskId);
    const first = (await session.request('tasks/list')).result!;
    expect((first.tasks as { taskId: string }[]).map((t) => t.taskId)).toEqual(ids.slice(0, 2));
    expect(typeof first.nextCursor).toBe('string');
    const second = (await session.request('tasks/list', { cursor: first.nextCursor })).result!;
    expect((second.tasks as { taskId: string }[]).map((t) => t.taskId)).toEqual(ids.slice(2));
    expect(second).not.toHaveProperty('nextCursor');
    expect((second.tasks as Record<string, unknown>[])[0]).toMatchObject({ ttl: 60_000, pollInterval: 50 });
    expect((await session.request('tasks/list', { cursor: 'not ours' })).error?.code).toBe(-32602);
  });
});

describe('2025-11-25 core tasks: input and notifications', () => {
  it('carries an elicitation on the tasks/result stream and resumes the task with the answer', async () => {
    const { server } = jobServer();
    const session = await httpSession(server);
    const notices = await session.getStream();
    const created = await createTask(session, 'confirm');
    await statusOf(session, created.taskId, 'input_required');
    expect(await notices.until((m) => m.method === 'notifications/tasks/status')).toMatchObject({
      params: { taskId: created.taskId, status: 'input_required', ttl: 60_000 },
    });

    const result = await session.stream('tasks/result', { taskId: created.taskId });
    const asked = await result.until((m) => m.method === 'elicitation/create');
    expect(asked.params).toMatchObject({
      message: 'Sure?',
      requestedSchema: confirmSchema,
      _meta: { [RELATED]: { taskId: created.taskId } },
    });
    expect((await session.answer(asked.id, { action: 'accept', content: { ok: true } })).status).toBe(202);
    const final = await result.until((m) => 'result' in m || 'error' in m);
    expect(final.result).toEqual({
      content: [{ type: 'text', text: 'ok=true' }],
      _meta: { [RELATED]: { taskId: created.taskId } },
    });
    const statuses: unknown[] = [];
    while (statuses.at(-1) !== 'completed')
      statuses.push((await notices.until((m) => m.method === 'notifications/tasks/status')).params?.status);
    expect(statuses).toEqual(['working', 'completed']);
    await notices.close();
  });

  it('sends progress, logs and status over a stdio-like connection, tagged with the task', async () => {
    const { server, release } = jobServer();
    const [client, serverSide] = createInMemoryTransportPair();
    await server.connect(serverSide);
    const inbox: Message[] = [];
    const waiters: (() => void)[] = [];
    await client.start({
      onMessage: (message: JSONRPCMessage) => {
        inbox.push(message as unknown as Message);
        seen.push(message);
        for (const wake of waiters.splice(0)) wake();
      },
      onInvalid: () => {},
      onClose: () => {},
    });
    const until = async (test: (m: Message) => boolean) => {
      for (;;) {
        const found = inbox.find(test);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    let id = 1;
    const request = async (method: string, params: Record<string, unknown> = {}) => {
      const mine = id++;
      await client.send({ jsonrpc: '2.0', id: mine, method, params } as JSONRPCMessage);
      return until((m) => m.id === mine && ('result' in m || 'error' in m));
    };
    await request('initialize', {
      protocolVersion: V,
      capabilities: {},
      clientInfo: { name: 'raw', version: '1' },
    });
    await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCMessage);
    await request('logging/setLevel', { level: 'info' });
    const created = (
      await request('tools/call', { name: 'report', arguments: {}, task: {}, _meta: { progressToken: 'p1' } })
    ).result!.task as { taskId: string };
    const related = { [RELATED]: { taskId: created.taskId } };
    expect(await until((m) => m.method === 'notifications/progress')).toMatchObject({
      params: { progressToken: 'p1', progress: 1, total: 2, message: 'half', _meta: related },
    });
    expect(await until((m) => m.method === 'notifications/message')).toMatchObject({
      params: { level: 'info', data: 'reporting', _meta: related },
    });
    release.open();
    expect(await until((m) => m.method === 'notifications/tasks/status')).toMatchObject({
      params: { taskId: created.taskId, status: 'completed' },
    });
    const status = inbox.find((m) => m.method === 'notifications/tasks/status')!;
    expect(status.params).not.toHaveProperty('_meta');
    const listed = await request('tasks/list');
    expect((listed.result!.tasks as { taskId: string }[]).map((t) => t.taskId)).toEqual([created.taskId]);
    await client.close();
  });
});

/** A verified principal as the auth layer would attach it. */
function principal(subject: string): AuthPrincipal {
  return {
    subject,
    clientId: 'app',
    scopes: [],
    audience: [],
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
    issuer: 'https://as.example.com',
    claims: { sub: subject },
  };
}
