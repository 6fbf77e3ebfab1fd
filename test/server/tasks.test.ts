/**
 * The tasks extension (io.modelcontextprotocol/tasks) through McpServer's HTTP
 * handler: opt-in per request, the flat task answer, tasks/get views by status,
 * input inside a task, cancellation, errors, routing headers, and status
 * notifications on listen streams.
 */
import { describe, expect, it } from 'vitest';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import { InternalError } from '../../src/protocol/index.js';
import { McpServer, type ServerContext, TASKS_EXTENSION, toolError } from '../../src/server/index.js';
import { envelope, MODERN, rpc, sseMessages } from '../helpers/http-rpc.js';

const withTasks = envelope({ elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } });
const withoutTasks = envelope({ elicitation: {} });
const confirmSchema = {
  type: 'object' as const,
  properties: { ok: { type: 'boolean' as const } },
  required: ['ok'],
};

/** A promise the test resolves when it wants the handler to go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
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
  /** Polls tasks/get until the task leaves `working` (or reaches `status`). */
  const settle = async (taskId: string, status?: string) => {
    for (;;) {
      const reply = await task('tasks/get', { taskId });
      const current = reply.body.result?.status;
      if (current === undefined || current === status || (status === undefined && current !== 'working'))
        return reply.body.result ?? reply.body;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { server, release, aborted, call, task, settle };
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
  async function openListen(server: McpServer, notifications: Record<string, unknown>, meta = withTasks) {
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
