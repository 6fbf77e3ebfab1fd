/**
 * The tasks extension (io.modelcontextprotocol/tasks) through McpServer's HTTP
 * handler: opt-in per request, the flat task answer, tasks/get views by status,
 * input inside a task, cancellation, errors, routing headers, and status
 * notifications on listen streams.
 */
import { describe, expect, it } from 'vitest';
import type { AuthPrincipal } from '../../src/auth/server/principal.js';
import { InternalError } from '../../src/entries/protocol.js';
import {
  InMemoryTaskStore,
  McpServer,
  type ServerContext,
  type StoredTask,
  TASKS_EXTENSION,
  type TaskStore,
  toolError,
} from '../../src/entries/server.js';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import { envelope, MODERN, type RpcReply, rpc, sseMessages } from '../helpers/http-rpc.js';

const withTasks = envelope({ elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } });
const withoutTasks = envelope({ elicitation: {} });
const confirmSchema = {
  type: 'object' as const,
  properties: { ok: { type: 'boolean' as const } },
  required: ['ok'],
};

/** A promise the test resolves when it wants the handler to go on. */
function gate() {
  const state = { isOpen: false, open: () => {}, opened: Promise.resolve() };
  state.opened = new Promise<void>((resolve) => {
    state.open = () => {
      state.isOpen = true;
      resolve();
    };
  });
  return state;
}

function jobServer() {
  const release = gate();
  const aborted: string[] = [];
  const server = new McpServer(
    { name: 'jobs', version: '1' },
    { warn: () => {}, tasks: { pollIntervalMs: 250 } },
  );
  server.registerTool('quick', {}, () => ({ content: [{ type: 'text', text: 'quick' }] }));
  server.registerTool('report', { execution: { taskSupport: 'optional' } }, async (ctx: ServerContext) => {
    await ctx.task.setStatusMessage('crunching');
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
  server.registerTool('confirm', { execution: { taskSupport: 'optional' } }, async (ctx: ServerContext) => {
    const [a, b] = await Promise.all([
      ctx.elicit({ message: 'First?', requestedSchema: confirmSchema }),
      ctx.elicit({ message: 'Second?', requestedSchema: confirmSchema }),
    ]);
    return { content: [{ type: 'text', text: `${a.content?.ok} ${b.content?.ok}` }] };
  });
  server.registerTool(
    'greet_later',
    { execution: { taskSupport: 'required', createTask: 'when-started' } },
    async (ctx: ServerContext) => {
      const answer = await ctx.elicit({
        message: 'Name?',
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      });
      await ctx.task.start('greeting');
      return { content: [{ type: 'text', text: `Hello, ${answer.content?.name}` }] };
    },
  );
  const call = (name: string, meta = withTasks, extra: Record<string, unknown> = {}) =>
    rpc((r) => server.fetch(r), 'tools/call', { name, arguments: {}, ...extra }, { meta });
  const task = (method: string, params: Record<string, unknown>, meta = withTasks) =>
    rpc((r) => server.fetch(r), method, params, { meta });
  const settle = (taskId: string, status?: string) => settleTask(task, taskId, status);
  return { server, release, aborted, call, task, settle };
}

type TaskRequest = (method: string, params: Record<string, unknown>) => Promise<RpcReply>;

/**
 * Polls tasks/get until the task leaves `working` (or reaches `status`);
 * a task that never gets there fails the test instead of hanging it.
 */
async function settleTask(task: TaskRequest, taskId: string, status?: string) {
  let last: unknown;
  for (let poll = 0; poll < 2000; poll++) {
    const reply = await task('tasks/get', { taskId });
    const current = reply.body.result?.status;
    if (current === undefined || current === status || (status === undefined && current !== 'working'))
      return reply.body.result ?? reply.body;
    last = reply.body.result;
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect.fail(`task ${taskId} never got ${status ?? 'past working'}; last seen ${JSON.stringify(last)}`);
}

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

/** Requests to `server` acting for `who`, declaring the tasks extension. */
function actingFor(server: McpServer, who: AuthPrincipal | undefined) {
  const send = (r: Request) => server.fetch(r, who ? { auth: who } : {});
  const task: TaskRequest = (method, params) => rpc(send, method, params, { meta: withTasks });
  return {
    task,
    call: (name: string) => rpc(send, 'tools/call', { name, arguments: {} }, { meta: withTasks }),
    settle: (taskId: string, status?: string) => settleTask(task, taskId, status),
  };
}

/** Lets timers run for `ms` (to give a misfiring timer its chance), asserting nothing about time. */
function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('tasks extension: negotiation', () => {
  it('is advertised only when the server enables it', async () => {
    const plain = new McpServer({ name: 'plain', version: '1' }, { warn: () => {} });
    const off = await rpc((r) => plain.fetch(r), 'server/discover');
    expect(off.body.result?.capabilities).not.toHaveProperty(['extensions', TASKS_EXTENSION]);
    const { server } = jobServer();
    const on = await rpc((r) => server.fetch(r), 'server/discover');
    expect(on.body.result?.capabilities).toMatchObject({ extensions: { [TASKS_EXTENSION]: {} } });
    expect(on.body.result?.capabilities).not.toHaveProperty('tasks');
  });

  it('runs a task-capable tool as an ordinary call for a request that did not declare the extension', async () => {
    const { call, release } = jobServer();
    release.open();
    const reply = await call('report', withoutTasks);
    expect(reply.body.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text' }] });
    expect(reply.body.result).not.toHaveProperty('taskId');
  });

  it('refuses a task-only tool with -32021 naming the extension when the request did not declare it', async () => {
    const { call } = jobServer();
    const reply = await call('render', withoutTasks);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    });
  });

  it('refuses tasks/get, tasks/update and tasks/cancel from requests that did not declare it', async () => {
    const { task } = jobServer();
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
      const reply = await task(method, { taskId: 'x', inputResponses: {} }, withoutTasks);
      expect(reply.body.error?.code, method).toBe(-32021);
    }
  });

  it('has no tasks/result or tasks/list, and no task methods on a server without the extension', async () => {
    const { task } = jobServer();
    expect((await task('tasks/result', { taskId: 'x' })).body.error?.code).toBe(-32601);
    expect((await task('tasks/list', {})).body.error?.code).toBe(-32601);
    const plain = new McpServer({ name: 'plain', version: '1' }, { warn: () => {} });
    plain.registerTool('t', {}, () => ({ content: [] }));
    const reply = await rpc((r) => plain.fetch(r), 'tasks/get', { taskId: 'x' }, { meta: withTasks });
    expect(reply.body.error?.code).toBe(-32601);
  });

  it('will not register a task-only tool on a server that does not serve tasks', () => {
    const plain = new McpServer({ name: 'plain', version: '1' }, { warn: () => {} });
    expect(() => plain.registerTool('job', { execution: { taskSupport: 'required' } }, () => ({}))).toThrow(
      /tasks/,
    );
  });
});

describe('tasks extension: lifecycle', () => {
  it('answers with a flat task at once, readable by tasks/get, and inlines the result when done', async () => {
    const { call, settle, task, release } = jobServer();
    const created = (await call('report')).body.result!;
    expect(created).toMatchObject({
      resultType: 'task',
      status: 'working',
      ttlMs: 3_600_000,
      pollIntervalMs: 250,
    });
    expect(typeof created.taskId).toBe('string');
    expect(Date.parse(created.createdAt as string)).not.toBeNaN();
    for (const absent of ['result', 'error', 'inputRequests', 'requestState', 'task', 'ttl', 'pollInterval'])
      expect(created).not.toHaveProperty(absent);

    const working = (await task('tasks/get', { taskId: created.taskId })).body.result!;
    expect(working).toMatchObject({ resultType: 'complete', taskId: created.taskId });
    expect(working).not.toHaveProperty('result');

    release.open();
    const done = await settle(created.taskId as string);
    expect(done).toMatchObject({
      status: 'completed',
      statusMessage: 'crunching',
      result: { content: [{ type: 'text', text: `report from ${created.taskId}` }] },
    });
  });

  it('reports a tool error as completed with isError, and a protocol error as failed with the error', async () => {
    const { call, settle } = jobServer();
    const toolFailed = await settle((await call('render')).body.result!.taskId as string);
    expect(toolFailed).toMatchObject({ status: 'completed', result: { isError: true } });
    const crashed = await settle((await call('crash')).body.result!.taskId as string);
    expect(crashed).toMatchObject({
      status: 'failed',
      statusMessage: 'worker lost',
      error: { code: -32603, message: 'worker lost' },
    });
    expect(crashed).not.toHaveProperty('result');
  });

  it('cancels: an empty ack, the handler signal aborts, the task ends cancelled, and cancelling again is acked', async () => {
    const { call, task, settle, aborted } = jobServer();
    const { taskId } = (await call('hang')).body.result!;
    const ack = (await task('tasks/cancel', { taskId })).body.result!;
    expect(ack.resultType).toBe('complete');
    for (const field of ['taskId', 'status', 'result', 'error']) expect(ack).not.toHaveProperty(field);
    expect(await settle(taskId as string)).toMatchObject({ status: 'cancelled' });
    expect(aborted).toEqual(['hang']);
    expect((await task('tasks/cancel', { taskId })).body.result?.resultType).toBe('complete');
  });

  it('aborts a handler still running when its task expires, and forgets the task', async () => {
    const server = new McpServer({ name: 'short', version: '1' }, { warn: () => {}, tasks: { ttlMs: 20 } });
    const stopped = gate();
    let reason: unknown;
    server.registerTool('forever', { execution: { taskSupport: 'optional' } }, (ctx: ServerContext) => {
      return new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => {
          reason = ctx.signal.reason;
          stopped.open();
          reject(ctx.signal.reason);
        });
      });
    });
    const created = await rpc((r) => server.fetch(r), 'tools/call', { name: 'forever' }, { meta: withTasks });
    await stopped.opened;
    expect(String(reason)).toMatch(/expired before it finished/);
    const gone = await rpc(
      (r) => server.fetch(r),
      'tasks/get',
      { taskId: created.body.result!.taskId },
      { meta: withTasks },
    );
    expect(gone.body.error?.code).toBe(-32602);
  });

  it('answers -32602 for a task id it does not know', async () => {
    const { task } = jobServer();
    const reply = await task('tasks/get', { taskId: 'no-such-task' });
    expect(reply.body.error?.code).toBe(-32602);
  });
});

describe('tasks extension: input', () => {
  it('parks in input_required with every question, accepts answers one at a time, then completes', async () => {
    const { call, task, settle } = jobServer();
    const { taskId } = (await call('confirm')).body.result!;
    let parked = await settle(taskId as string, 'input_required');
    while (Object.keys(parked.inputRequests as object).length < 2)
      parked = await settle(taskId as string, 'input_required');
    const [first, second] = Object.keys(parked.inputRequests as object);
    expect((parked.inputRequests as Record<string, { method: string }>)[first!]!.method).toBe(
      'elicitation/create',
    );

    const ack = await task('tasks/update', {
      taskId,
      inputResponses: { [first!]: { action: 'accept', content: { ok: true } }, stale: { action: 'decline' } },
    });
    expect(ack.body.result?.resultType).toBe('complete');
    const partial = (await task('tasks/get', { taskId })).body.result!;
    expect(partial.status).toBe('input_required');
    expect(Object.keys(partial.inputRequests as object)).toEqual([second]);

    await task('tasks/update', {
      taskId,
      inputResponses: { [second!]: { action: 'accept', content: { ok: false } } },
    });
    expect(await settle(taskId as string, 'completed')).toMatchObject({
      result: { content: [{ text: 'true false' }] },
    });
  });

  it('asks in ordinary rounds first, then hands off to a task that uses the answer', async () => {
    const { call, settle } = jobServer();
    const round1 = (await call('greet_later')).body.result!;
    expect(round1.resultType).toBe('input_required');
    expect(round1).not.toHaveProperty('taskId');
    const [key] = Object.keys(round1.inputRequests as object);
    const round2 = (
      await call('greet_later', withTasks, {
        inputResponses: { [key!]: { action: 'accept', content: { name: 'Alice' } } },
        requestState: round1.requestState,
      })
    ).body.result!;
    expect(round2).toMatchObject({ resultType: 'task', statusMessage: 'greeting' });
    expect(round2).not.toHaveProperty('requestState');
    expect(await settle(round2.taskId as string)).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'Hello, Alice' }] },
    });
  });
});

describe('tasks extension: routing headers', () => {
  it('rejects a task request whose Mcp-Name is not its task id', async () => {
    const { server, call } = jobServer();
    const { taskId } = (await call('hang')).body.result!;
    const good = await rpc((r) => server.fetch(r), 'tasks/get', { taskId }, { meta: withTasks });
    expect(good.body.result?.taskId).toBe(taskId);
    const bad = await rpc(
      (r) => server.fetch(r),
      'tasks/get',
      { taskId },
      {
        meta: withTasks,
        headers: { 'Mcp-Name': 'someone-else' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe(-32020);
  });
});

describe('tasks extension: status notifications', () => {
  async function openListen(
    server: McpServer,
    notifications: Record<string, unknown>,
    meta = withTasks,
    extra: Record<string, unknown> = {},
  ) {
    const message = {
      jsonrpc: '2.0',
      id: 'listen-1',
      method: 'subscriptions/listen',
      params: { notifications, _meta: meta },
    };
    const controller = new AbortController();
    const response = await server.fetch(
      new Request('http://localhost/mcp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...requestHeadersFor(message, { protocolVersion: MODERN }),
        },
        body: JSON.stringify(message),
        signal: controller.signal,
      }),
      extra,
    );
    return { response, controller };
  }

  /** Reads a stream's SSE messages; `until` reads on until `done` says enough. */
  function sseReader(response: Response) {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const messages: Record<string, unknown>[] = [];
    let buffer = '';
    return {
      messages,
      async until(done: (messages: Record<string, unknown>[]) => boolean) {
        while (!done(messages)) {
          const { value, done: finished } = await reader.read();
          if (finished) break;
          buffer += decoder.decode(value, { stream: true });
          const cut = buffer.lastIndexOf('\n\n');
          if (cut === -1) continue;
          messages.push(...sseMessages(buffer.slice(0, cut + 2)));
          buffer = buffer.slice(cut + 2);
        }
        return messages;
      },
    };
  }

  it("acknowledges the caller's task ids and pushes the detailed task as it changes", async () => {
    const { server, call, release } = jobServer();
    const { taskId } = (await call('report')).body.result!;
    const { response, controller } = await openListen(server, { taskIds: [taskId, 'unknown-task'] });
    const stream = sseReader(response);
    const ackOnly = await stream.until((m) => m.length >= 1);
    expect(ackOnly[0]).toMatchObject({
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: { taskIds: [taskId] } },
    });
    release.open();
    const rest = await stream.until((m) =>
      m.some((n) => (n.params as { status?: string } | undefined)?.status === 'completed'),
    );
    controller.abort();
    const completed = rest.find((n) => (n.params as { status?: string }).status === 'completed')!;
    expect(completed).toMatchObject({
      method: 'notifications/tasks',
      params: {
        taskId,
        result: { content: [{ text: `report from ${taskId}` }] },
        _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' },
      },
    });
  });

  it('sends the current state of a task that finished before the stream opened', async () => {
    const { server, call, settle, release } = jobServer();
    release.open();
    const { taskId } = (await call('report')).body.result!;
    await settle(taskId as string, 'completed');
    const { response, controller } = await openListen(server, { taskIds: [taskId] });
    const messages = await sseReader(response).until((m) => m.length >= 2);
    controller.abort();
    expect(messages[0]).toMatchObject({ method: 'notifications/subscriptions/acknowledged' });
    expect(messages[1]).toMatchObject({
      method: 'notifications/tasks',
      params: { taskId, status: 'completed', result: { content: [{ text: `report from ${taskId}` }] } },
    });
  });

  it("does not let one principal follow another's task", async () => {
    const server = new McpServer({ name: 'jobs', version: '1' }, { warn: () => {}, tasks: {} });
    server.registerTool('job', { execution: { taskSupport: 'required' } }, () => ({ content: [] }));
    const alice = actingFor(server, principal('alice'));
    const { taskId } = (await alice.call('job')).body.result!;
    const { response, controller } = await openListen(server, { taskIds: [taskId] }, withTasks, {
      auth: principal('mallory'),
    });
    const [ack] = await sseReader(response).until((m) => m.length >= 1);
    controller.abort();
    expect(ack).toMatchObject({ params: { notifications: { taskIds: [] } } });
  });

  it('refuses task ids on a listen stream whose request did not declare the extension', async () => {
    const { server } = jobServer();
    const { response } = await openListen(server, { taskIds: ['x'] }, withoutTasks);
    const body = await response.text();
    const [reply] = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
      ? sseMessages(body)
      : [JSON.parse(body)];
    expect((reply as { error?: { code: number } }).error?.code).toBe(-32021);
  });
});

describe('tasks extension: principals', () => {
  it("makes another principal's task look unknown to tasks/get, tasks/update and tasks/cancel", async () => {
    const server = new McpServer({ name: 'jobs', version: '1' }, { warn: () => {}, tasks: {} });
    const release = gate();
    server.registerTool('job', { execution: { taskSupport: 'required' } }, async () => {
      await release.opened;
      return { content: [{ type: 'text', text: 'done' }] };
    });
    const alice = actingFor(server, principal('alice'));
    const mallory = actingFor(server, principal('mallory'));
    const anonymous = actingFor(server, undefined);
    const { taskId } = (await alice.call('job')).body.result!;
    for (const intruder of [mallory, anonymous]) {
      for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
        const reply = await intruder.task(method, { taskId, inputResponses: {} });
        expect(reply.body.error?.code, method).toBe(-32602);
      }
    }
    release.open();
    expect(await alice.settle(taskId as string)).toMatchObject({ status: 'completed' });
  });
});

describe('tasks extension: limits', () => {
  function limitedServer(store: InMemoryTaskStore) {
    const server = new McpServer({ name: 'jobs', version: '1' }, { warn: () => {}, tasks: { store } });
    server.registerTool('maybe', { execution: { taskSupport: 'optional' } }, () => ({
      content: [{ type: 'text', text: 'ran' }],
    }));
    server.registerTool(
      'later',
      { execution: { taskSupport: 'optional', createTask: 'when-started' } },
      async (ctx: ServerContext) => {
        await ctx.task.start('going');
        return { content: [{ type: 'text', text: `later ${ctx.task.id ?? 'inline'}` }] };
      },
    );
    server.registerTool('must', { execution: { taskSupport: 'required' } }, () => ({ content: [] }));
    return server;
  }

  it('keeps a finished task for its TTL when full: optional tools answer inline, task-only ones are refused', async () => {
    const server = limitedServer(new InMemoryTaskStore({ maxTasks: 1 }));
    const client = actingFor(server, undefined);
    const first = (await client.call('maybe')).body.result!;
    expect(first.resultType).toBe('task');
    expect(await client.settle(first.taskId as string)).toMatchObject({ status: 'completed' });

    const inline = (await client.call('maybe')).body.result!;
    expect(inline).toMatchObject({ resultType: 'complete', content: [{ text: 'ran' }] });
    const started = (await client.call('later')).body.result!;
    expect(started).toMatchObject({ resultType: 'complete', content: [{ text: 'later inline' }] });
    const refused = await client.call('must');
    expect(refused.body.error).toMatchObject({
      code: -32603,
      message: expect.stringMatching(/Too many tasks/),
    });

    // The finished task was not evicted to make room: its result is still there.
    expect((await client.task('tasks/get', { taskId: first.taskId })).body.result).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'ran' }] },
    });
  });

  it('caps tasks per principal, so one caller cannot take every slot', async () => {
    const server = limitedServer(new InMemoryTaskStore({ maxTasks: 10, maxTasksPerOwner: 1 }));
    const alice = actingFor(server, principal('alice'));
    const bob = actingFor(server, principal('bob'));
    expect((await alice.call('maybe')).body.result?.resultType).toBe('task');
    expect((await alice.call('maybe')).body.result).toMatchObject({ resultType: 'complete' });
    expect((await alice.call('must')).body.error?.code).toBe(-32603);
    expect((await bob.call('maybe')).body.result?.resultType).toBe('task');
  });
});

describe('tasks extension: robustness', () => {
  it('keeps a task whose TTL is beyond what setTimeout holds (2^31 ms) running until its handler ends', async () => {
    const ttlMs = 2 ** 31 + 60_000;
    const server = new McpServer({ name: 'long', version: '1' }, { warn: () => {}, tasks: { ttlMs } });
    const release = gate();
    server.registerTool('slow', { execution: { taskSupport: 'required' } }, async (ctx: ServerContext) => {
      await release.opened;
      return { content: [{ type: 'text', text: ctx.signal.aborted ? 'aborted' : 'fine' }] };
    });
    const client = actingFor(server, undefined);
    const { taskId } = (await client.call('slow')).body.result!;
    await pause(30);
    expect((await client.task('tasks/get', { taskId })).body.result).toMatchObject({
      status: 'working',
      ttlMs,
    });
    release.open();
    expect(await client.settle(taskId as string)).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'fine' }] },
    });
  });

  it('stores a result as the wire would carry it, and fails a task whose result has no JSON form', async () => {
    const server = new McpServer({ name: 'odd', version: '1' }, { warn: () => {}, tasks: {} });
    server.registerTool('with_function', { execution: { taskSupport: 'required' } }, () => ({
      content: [{ type: 'text', text: 'ok' }],
      structuredContent: { total: 3, format: () => 'three' },
    }));
    server.registerTool('with_bigint', { execution: { taskSupport: 'required' } }, () => ({
      content: [{ type: 'text', text: 'big' }],
      structuredContent: { total: 3n },
    }));
    const client = actingFor(server, undefined);
    const plain = (await client.call('with_function')).body.result!;
    expect(await client.settle(plain.taskId as string)).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'ok' }], structuredContent: { total: 3 } },
    });
    const big = (await client.call('with_bigint')).body.result!;
    const failed = await client.settle(big.taskId as string);
    expect(failed).toMatchObject({ status: 'failed', error: { code: -32603 } });
    expect((failed as { error: { message: string } }).error.message).toMatch(/JSON/);
  });

  it('never turns a task that just finished into a cancelled one', async () => {
    const inner = new InMemoryTaskStore();
    const finalWrite = gate();
    const finalWriteStarted = gate();
    // A store whose write of the completed state is slow, as a remote store's may be: it lands
    // only once a read made while it was pending has been fully acted on (the cancel's lookup).
    const store: TaskStore = {
      create: (task) => inner.create(task),
      get: async (taskId, owner) => {
        const found = await inner.get(taskId, owner);
        if (finalWriteStarted.isOpen) setImmediate(finalWrite.open);
        return found;
      },
      watch: (listener, taskIds) => inner.watch(listener, taskIds),
      save: async (task: StoredTask) => {
        if (task.status === 'completed') {
          finalWriteStarted.open();
          await finalWrite.opened;
        }
        return inner.save(task);
      },
    };
    const server = new McpServer({ name: 'race', version: '1' }, { warn: () => {}, tasks: { store } });
    server.registerTool('quick', { execution: { taskSupport: 'required' } }, () => ({
      content: [{ type: 'text', text: 'done' }],
    }));
    const client = actingFor(server, undefined);
    const { taskId } = (await client.call('quick')).body.result!;
    await finalWriteStarted.opened;
    expect((await client.task('tasks/cancel', { taskId })).body.result?.resultType).toBe('complete');
    expect(await client.settle(taskId as string)).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'done' }] },
    });
  });

  it('answers tasks/update with an error, and warns once, when the task runs in another process', async () => {
    const store = new InMemoryTaskStore();
    const warnings: string[] = [];
    const owner = new McpServer({ name: 'a', version: '1' }, { warn: () => {}, tasks: { store } });
    const other = new McpServer(
      { name: 'b', version: '1' },
      { warn: (m) => warnings.push(m), tasks: { store } },
    );
    for (const server of [owner, other]) {
      server.registerTool('ask', { execution: { taskSupport: 'required' } }, async (ctx: ServerContext) => {
        const answer = await ctx.elicit({ message: 'Go?', requestedSchema: confirmSchema });
        return { content: [{ type: 'text', text: String(answer.content?.ok) }] };
      });
    }
    const here = actingFor(owner, undefined);
    const there = actingFor(other, undefined);
    const { taskId } = (await here.call('ask')).body.result!;
    const parked = await here.settle(taskId as string, 'input_required');
    const [key] = Object.keys(parked.inputRequests as object);
    const answer = { taskId, inputResponses: { [key!]: { action: 'accept', content: { ok: true } } } };
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await there.task('tasks/update', answer);
      expect(reply.body.error?.message).toMatch(/another server instance/);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(taskId as string);
    // Keys that are not outstanding are ignored there as anywhere: the ack is empty.
    const stale = await there.task('tasks/update', { taskId, inputResponses: { stale: {} } });
    expect(stale.body.result?.resultType).toBe('complete');
    expect((await here.task('tasks/update', answer)).body.result?.resultType).toBe('complete');
    expect(await here.settle(taskId as string)).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'true' }] },
    });
  });
});
