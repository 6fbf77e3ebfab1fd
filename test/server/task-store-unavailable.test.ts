/**
 * A task store (or lease keeper) that cannot be reached: a `tools/call` that
 * would make a task runs inline for a tool with `taskSupport: 'optional'`
 * (2026-07-28 extension and 2025-11-25 core tasks alike), fails with -32603
 * for a task-only tool, and the server says so through `warn`, once per
 * outage. Stores of this file are fakes that throw TaskStoreUnavailableError;
 * test/redis/tasks-redis-down.test.ts does the same with a stopped redis-server.
 */
import { describe, expect, it } from 'vitest';
import {
  InMemoryTaskStore,
  McpServer,
  type ServerContext,
  type StoredTask,
  TASKS_EXTENSION,
  type TaskLeases,
  TaskStoreUnavailableError,
} from '../../src/entries/server.js';
import { envelope, legacyHttpSession, rpc } from '../helpers/http-rpc.js';

const withTasks = envelope({ extensions: { [TASKS_EXTENSION]: {} } });
const SECRET_DETAIL = 'db.internal:5432 refused the connection';

/** An in-memory store that can be taken down: then `create` rejects as an unreachable store does. */
class FlakyStore extends InMemoryTaskStore {
  down = false;
  creates = 0;
  override async create(task: StoredTask): Promise<void> {
    this.creates += 1;
    if (this.down) throw new TaskStoreUnavailableError(`the task database is unreachable (${SECRET_DETAIL})`);
    return super.create(task);
  }
}

function serverOn(store: FlakyStore, leases?: TaskLeases) {
  const warnings: string[] = [];
  const server = new McpServer(
    { name: 'jobs', version: '1' },
    { warn: (message) => warnings.push(message), tasks: { store, leases } },
  );
  server.registerTool('maybe', { execution: { taskSupport: 'optional' } }, (ctx: ServerContext) => ({
    content: [{ type: 'text', text: `ran ${ctx.task.id ?? 'inline'}` }],
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
  const call = (name: string) =>
    rpc((request) => server.fetch(request), 'tools/call', { name, arguments: {} }, { meta: withTasks });
  return { server, warnings, call };
}

describe('an unreachable task store', () => {
  it('answers optional-task tools inline, refuses task-only ones with a clear -32603, and warns once per outage', async () => {
    const store = new FlakyStore();
    const { call, warnings } = serverOn(store);
    expect((await call('maybe')).body.result?.resultType).toBe('task');

    store.down = true;
    expect((await call('maybe')).body.result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'ran inline' }],
    });
    expect((await call('later')).body.result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'later inline' }],
    });
    const refused = (await call('must')).body.error;
    expect(refused).toMatchObject({
      code: -32603,
      message: expect.stringMatching(/runs only as a task.*no task can be created right now/),
    });
    // The store's details are for the operator, not the client.
    expect(refused?.message).not.toContain(SECRET_DETAIL);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/task store is unavailable/);
    expect(warnings[0]).toContain(SECRET_DETAIL);

    store.down = false;
    expect((await call('maybe')).body.result?.resultType).toBe('task');
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/reachable again/);
    store.down = true;
    expect((await call('maybe')).body.result?.resultType).toBe('complete');
    expect(warnings).toHaveLength(3);
  });

  it('does the same for 2025-11-25 core tasks: a task call of an optional tool gets its CallToolResult', async () => {
    const store = new FlakyStore();
    const { server, warnings } = serverOn(store);
    const request = await legacyHttpSession((r) => server.fetch(r));
    const created = await request('tools/call', { name: 'maybe', arguments: {}, task: {} });
    expect(created.result).toMatchObject({ task: { status: 'working' } });

    store.down = true;
    const inline = await request('tools/call', { name: 'maybe', arguments: {}, task: {} });
    expect(inline.result).toEqual({ content: [{ type: 'text', text: 'ran inline' }] });
    const refused = await request('tools/call', { name: 'must', arguments: {}, task: {} });
    expect(refused.error).toMatchObject({
      code: -32603,
      message: expect.stringMatching(/runs only as a task/),
    });
    expect(refused.error?.message).not.toContain(SECRET_DETAIL);
    expect(warnings).toHaveLength(1);
  });

  it('treats a lease that cannot be taken the same way, and never stores the task', async () => {
    const store = new FlakyStore();
    const released: string[] = [];
    const leases: TaskLeases = {
      hold: () => Promise.reject(new TaskStoreUnavailableError('the lease store is unreachable')),
      release: (taskId) => released.push(taskId),
      start: () => {},
      stop: () => {},
    };
    const { call, warnings } = serverOn(store, leases);
    expect((await call('maybe')).body.result).toMatchObject({ resultType: 'complete' });
    expect((await call('must')).body.error?.code).toBe(-32603);
    expect(store.creates).toBe(0);
    expect(released).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/lease store is unreachable/);
  });

  it('still answers -32603 for other store failures, without falling back', async () => {
    const store = new FlakyStore();
    store.create = () => Promise.reject(new Error('disk full'));
    const { call } = serverOn(store);
    expect((await call('maybe')).body.error?.code).toBe(-32603);
  });
});
