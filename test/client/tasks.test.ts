/**
 * The client side of the tasks extension (2026-07-28, SEP-2663) against mcpkit's own server over
 * Streamable HTTP: a tool call the server runs as a task is waited for (or handed back as a
 * handle), its questions are answered by the same input handlers as ordinary rounds, its status
 * changes are reported, it can be cancelled, its TTL is honoured, and a result whose `resultType`
 * the method does not allow is refused.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  Client,
  type ClientOptions,
  TaskCancelledByServerError,
  type TaskState,
} from '../../src/entries/client.js';
import { McpError } from '../../src/entries/protocol.js';
import { McpServer, type ServerContext } from '../../src/entries/server.js';

const opened: { client: Client; server: McpServer }[] = [];

afterEach(async () => {
  for (const { client, server } of opened.splice(0)) {
    await client.close();
    server.close();
  }
});

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

const confirm = {
  type: 'object' as const,
  properties: { confirm: { type: 'boolean' as const } },
  required: ['confirm'],
};

/** A server with one tool of each kind; `aborted` collects the tools whose signal fired. */
function taskServer(ttlMs: number | null = 60_000) {
  const aborted: string[] = [];
  const server = new McpServer(
    { name: 'jobs', version: '1.0.0' },
    { warn: () => {}, tasks: { ttlMs, pollIntervalMs: 20 } },
  );
  server.registerTool(
    'report',
    { inputSchema: z.object({ quarter: z.string() }), execution: { taskSupport: 'optional' } },
    async ({ quarter }, ctx) => {
      for (const step of ['collecting', 'rendering']) {
        await ctx.task.setStatusMessage(step);
        await pause(60, ctx.signal);
      }
      return { content: [{ type: 'text', text: `${quarter} via ${ctx.task.id ?? 'inline'}` }] };
    },
  );
  server.registerTool('purge', { execution: { taskSupport: 'required' } }, async (ctx: ServerContext) => {
    await pause(40, ctx.signal);
    return { content: [{ type: 'text', text: 'purged' }] };
  });
  server.registerTool(
    'confirm_then_run',
    { execution: { taskSupport: 'required', createTask: 'when-started' } },
    async (ctx: ServerContext) => {
      const answer = await ctx.elicit({ message: 'Go?', requestedSchema: confirm });
      if (answer.content?.confirm !== true) return { content: [{ type: 'text', text: 'declined' }] };
      await ctx.task.start('running');
      await pause(40, ctx.signal);
      return { content: [{ type: 'text', text: `ran as ${ctx.task.id ? 'task' : 'call'}` }] };
    },
  );
  server.registerTool('publish', { execution: { taskSupport: 'optional' } }, async (ctx: ServerContext) => {
    await pause(30, ctx.signal);
    const review = await ctx.elicit({ message: 'Publish?', requestedSchema: confirm });
    return { content: [{ type: 'text', text: review.content?.confirm ? 'published' : 'draft' }] };
  });
  server.registerTool('hang', { execution: { taskSupport: 'optional' } }, (ctx: ServerContext) => {
    return new Promise((_, reject) => {
      ctx.signal.addEventListener('abort', () => {
        aborted.push('hang');
        reject(ctx.signal.reason);
      });
    });
  });
  server.registerTool('broken', { execution: { taskSupport: 'required' } }, () => {
    throw new McpError(-32602, 'bad quarter', { field: 'quarter' });
  });
  return { server, aborted };
}

async function connect(server: McpServer, options: ClientOptions = {}): Promise<Client> {
  const client = await Client.connect('http://localhost/mcp', {
    fetch: (input, init) => server.fetch(new Request(input, init)),
    ...options,
  });
  opened.push({ client, server });
  return client;
}

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe('client tasks on 2026-07-28', () => {
  it('runs an optional tool inline without the tasks option, and as a task with it', async () => {
    const { server } = taskServer();
    const plain = await connect(server);
    expect(text(await plain.callTool('report', { quarter: 'Q1' }))).toBe('Q1 via inline');

    const tasking = await connect(server, { tasks: true });
    const seen: TaskState[] = [];
    const result = await tasking.callTool('report', { quarter: 'Q2' }, { onTaskStatus: (s) => seen.push(s) });
    expect(text(result)).toMatch(/^Q2 via [0-9a-f]{32}$/);
    expect(result.resultType).toBe('complete');
    expect(seen.at(-1)?.status).toBe('completed');
    expect(seen.map((s) => s.statusMessage)).toContain('rendering');
  });

  it('runs a task-only tool as a task without the tasks option (the call declares the extension)', async () => {
    const { server } = taskServer();
    const client = await connect(server);
    expect(text(await client.callTool('purge'))).toBe('purged');
  });

  it('answers input before a when-started task in ordinary rounds, then waits for the task', async () => {
    const { server } = taskServer();
    const asked: string[] = [];
    const client = await connect(server, {
      onElicit: async ({ message }) => {
        asked.push(message);
        return { action: 'accept', content: { confirm: true } };
      },
    });
    expect(text(await client.callTool('confirm_then_run'))).toBe('ran as task');
    expect(asked).toEqual(['Go?']);
  });

  it('answers a question asked inside a running task through onElicit (tasks/update)', async () => {
    const { server } = taskServer();
    const statuses: string[] = [];
    const client = await connect(server, {
      tasks: true,
      onElicit: async () => ({ action: 'accept', content: { confirm: true } }),
    });
    const result = await client.callTool('publish', {}, { onTaskStatus: (s) => statuses.push(s.status) });
    expect(text(result)).toBe('published');
    expect(statuses).toContain('input_required');
    expect(statuses.at(-1)).toBe('completed');
  });

  it('hands back a task handle whose iteration yields each status and whose result is the tool result', async () => {
    const { server } = taskServer();
    const client = await connect(server);
    const task = await client.callToolTask('report', { quarter: 'Q3' });
    expect(task.taskId).toMatch(/^[0-9a-f]{32}$/);
    const states: string[] = [];
    for await (const state of task) states.push(`${state.status}:${state.statusMessage ?? ''}`);
    expect(states[0]).toMatch(/^working/);
    expect(states.at(-1)).toBe('completed:rendering');
    expect(text(await task.result())).toBe(`Q3 via ${task.taskId}`);
    // The same handle can be found again by id.
    const again = await client.task(task.taskId);
    expect(again.state.status).toBe('completed');
  });

  it('with manual input, leaves the questions to the caller, who answers with update()', async () => {
    const { server } = taskServer();
    const client = await connect(server, {
      inputMode: 'manual',
      onElicit: async () => ({ action: 'accept', content: { confirm: false } }),
    });
    const task = await client.callToolTask('publish');
    for await (const state of task) {
      if (state.status === 'input_required') {
        const [key] = Object.keys(state.inputRequests ?? {});
        expect(state.inputRequests?.[key as string]?.method).toBe('elicitation/create');
        await task.update({ [key as string]: { action: 'accept', content: { confirm: true } } });
      }
    }
    expect(text(await task.result())).toBe('published');
  });

  it('delivers every status of a task on listen({ taskIds })', async () => {
    const { server } = taskServer();
    const client = await connect(server);
    const task = await client.callToolTask('report', { quarter: 'Q4' });
    const controller = new AbortController();
    const statuses: string[] = [];
    for await (const event of client.listen({ taskIds: [task.taskId] }, { signal: controller.signal })) {
      if (event.method !== 'notifications/tasks') continue;
      statuses.push(`${event.params?.status}:${event.params?.statusMessage ?? ''}`);
      if (event.params?.status === 'completed') controller.abort();
    }
    expect(statuses.at(-1)).toBe('completed:rendering');
    expect(statuses).toContain('working:rendering');
  });

  it('cancels a task: the handle, or aborting callTool, stops the handler', async () => {
    const { server, aborted } = taskServer();
    const client = await connect(server, { tasks: true });
    const task = await client.callToolTask('hang');
    await task.cancel();
    await expect(task.result()).rejects.toBeInstanceOf(TaskCancelledByServerError);
    expect(task.state.status).toBe('cancelled');
    expect(aborted).toEqual(['hang']);

    const controller = new AbortController();
    const call = client.callTool('hang', {}, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('user gave up'));
    await expect(call).rejects.toThrow('user gave up');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(aborted).toEqual(['hang', 'hang']);
  });

  it('reports a task that failed with a protocol error as that McpError', async () => {
    const { server } = taskServer();
    const client = await connect(server);
    const failure = await client.callTool('broken').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(McpError);
    expect(failure).toMatchObject({ code: -32602, message: 'bad quarter', data: { field: 'quarter' } });
  });

  it('honours the TTL: a task still running when it passes fails, and its handler is aborted', async () => {
    const { server, aborted } = taskServer(150);
    const client = await connect(server, { tasks: true });
    // Failed with "expired" if a poll saw it fail, or TaskExpiredError if the server already dropped it.
    const failure = await client.callTool('hang').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/expired/);
    // The server's expiry timer aborts the handler when the TTL passes (a poll may land just before).
    await vi.waitFor(() => expect(aborted).toEqual(['hang']));
  });
});

describe('client tasks on 2025-11-25 (core tasks) against mcpkit’s server', () => {
  const legacy = (server: McpServer, options: ClientOptions = {}) =>
    connect(server, { protocolVersion: '2025-11-25', ...options });

  it('runs a task-only tool as a task, with a question asked inside it answered on the tasks/result stream', async () => {
    const { server } = taskServer();
    server.registerTool(
      'ask_inside',
      { execution: { taskSupport: 'required' } },
      async (ctx: ServerContext) => {
        await pause(20, ctx.signal);
        const answer = await ctx.elicit({ message: 'Sure?', requestedSchema: confirm });
        return { content: [{ type: 'text', text: answer.content?.confirm ? 'confirmed' : 'not confirmed' }] };
      },
    );
    const client = await legacy(server, {
      onElicit: async () => ({ action: 'accept', content: { confirm: true } }),
    });
    const statuses: string[] = [];
    expect(text(await client.callTool('purge', {}, { onTaskStatus: (s) => statuses.push(s.status) }))).toBe(
      'purged',
    );
    expect(statuses[0]).toBe('working');
    expect(statuses.at(-1)).toBe('completed');
    expect(text(await client.callTool('ask_inside'))).toBe('confirmed');
    // Only iterating a handle also gets the question answered (it calls tasks/result on input_required).
    const handle = await client.callToolTask('ask_inside');
    const seen: string[] = [];
    for await (const state of handle) seen.push(state.status);
    expect(seen.at(-1)).toBe('completed');
    expect(text(await handle.result())).toBe('confirmed');
    // An optional tool runs inline unless the client asks for tasks.
    expect(text(await client.callTool('report', { quarter: 'Q1' }))).toBe('Q1 via inline');
  });

  it('cancels a task (the handler aborts), lists it, and reports a protocol error as that McpError', async () => {
    const { server, aborted } = taskServer();
    const client = await legacy(server, { tasks: true });
    const task = await client.callToolTask('hang', {}, { taskTtlMs: 30_000 });
    expect(task.state).toMatchObject({ status: 'working', ttlMs: 30_000 });
    await task.cancel();
    expect(task.state.status).toBe('cancelled');
    await vi.waitFor(() => expect(aborted).toEqual(['hang']));
    const listed = [];
    for await (const state of client.listTasks()) listed.push(state);
    expect(listed.map((t) => [t.taskId, t.status])).toContainEqual([task.taskId, 'cancelled']);
    const failure = await client.callTool('broken').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: -32602, message: 'bad quarter' });
  });
});

describe('results whose resultType the method does not allow', () => {
  /** A server double answering every request but the probe with `answer`. */
  function fakeServer(answer: (method: string) => Record<string, unknown>) {
    return async (_input: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { id: number; method: string };
      const result =
        body.method === 'server/discover'
          ? {
              resultType: 'complete',
              supportedVersions: ['2026-07-28'],
              capabilities: { tools: {} },
              _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'fake', version: '1' } },
            }
          : answer(body.method);
      return new Response(JSON.stringify({ jsonrpc: '2.0', id: body.id, result }), {
        headers: { 'content-type': 'application/json' },
      });
    };
  }

  it('refuses a task for a call that did not declare the extension, and unknown result types', async () => {
    const client = await Client.connect('http://localhost/mcp', {
      fetch: fakeServer((method) =>
        method === 'tools/list'
          ? { resultType: 'complete', tools: [{ name: 't', inputSchema: { type: 'object' } }] }
          : method === 'tools/call'
            ? {
                resultType: 'task',
                taskId: 'x',
                status: 'working',
                createdAt: '',
                lastUpdatedAt: '',
                ttlMs: null,
              }
            : { resultType: 'eventually' },
      ),
    });
    await expect(client.callTool('t')).rejects.toThrow(
      /resultType "task", which needs the tasks extension declared/,
    );
    await expect(client.request('resources/list')).rejects.toThrow(
      /resources\/list with resultType "eventually", which that method does not allow/,
    );
    await client.close();
  });
});
