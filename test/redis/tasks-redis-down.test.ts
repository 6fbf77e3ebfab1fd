/**
 * Task calls while the backplane's redis-server is stopped: a tool with
 * `taskSupport: 'optional'` answers inline (2026-07-28 extension and
 * 2025-11-25 core tasks), a task-only tool fails with a clear -32603 that
 * shows clients nothing of Redis, the server says why through `warn` once per
 * outage, and tasks are created again once Redis is back on the same port.
 */
import { afterAll, expect, it, vi } from 'vitest';
import { redisBackplane } from '../../src/entries/redis.js';
import { McpServer, type ServerContext, TASKS_EXTENSION } from '../../src/entries/server.js';
import { envelope, legacyHttpSession, rpc } from '../helpers/http-rpc.js';
import { describeWithRedis, type RedisServerProcess, startRedisServer } from '../helpers/redis-server.js';

const withTasks = envelope({ extensions: { [TASKS_EXTENSION]: {} } });

describeWithRedis('task calls while Redis is down', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('answers optional-task tools inline, refuses task-only ones, warns, and makes tasks again once Redis is back', async () => {
    let redis: RedisServerProcess = await startRedisServer();
    cleanups.push(() => redis.stop());
    const commandTimeoutMs = 400;
    const backplane = redisBackplane({ url: redis.url, keyPrefix: 'down', commandTimeoutMs, warn: () => {} });
    const warnings: string[] = [];
    const server = new McpServer(
      { name: 'jobs', version: '1' },
      {
        warn: (message) => warnings.push(message),
        eventBus: backplane.eventBus,
        tasks: { store: backplane.taskStore, control: backplane.taskControl, leases: backplane.taskLeases },
      },
    );
    cleanups.push(async () => {
      server.close();
      await backplane.close();
    });
    server.registerTool('maybe', { execution: { taskSupport: 'optional' } }, (ctx: ServerContext) => ({
      content: [{ type: 'text', text: `ran ${ctx.task.id ?? 'inline'}` }],
    }));
    server.registerTool('must', { execution: { taskSupport: 'required' } }, () => ({ content: [] }));
    const call = (name: string) =>
      rpc((request) => server.fetch(request), 'tools/call', { name, arguments: {} }, { meta: withTasks });
    await backplane.ready();
    const legacy = await legacyHttpSession((request) => server.fetch(request));
    expect((await call('maybe')).body.result?.resultType).toBe('task');

    await redis.stop();
    const startedAt = Date.now();
    expect((await call('maybe')).body.result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'ran inline' }],
    });
    // One command timeout (the lease), not a hang.
    expect(Date.now() - startedAt).toBeLessThan(commandTimeoutMs + 1000);
    const refused = (await call('must')).body.error;
    expect(refused).toMatchObject({
      code: -32603,
      message: expect.stringMatching(/runs only as a task.*task store is unavailable/),
    });
    expect(refused?.message).not.toMatch(/redis|127\.0\.0\.1/i);
    // 2025-11-25: a task call of an optional tool gets the plain CallToolResult.
    expect(await legacy('tools/call', { name: 'maybe', arguments: {}, task: {} })).toMatchObject({
      result: { content: [{ type: 'text', text: 'ran inline' }] },
    });
    expect((await legacy('tools/call', { name: 'must', arguments: {}, task: {} })).error?.code).toBe(-32603);
    // Said once for the outage, with what Redis reported and what to check.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /Tasks cannot be created: the task store is unavailable \(Redis is unreachable/,
    );
    expect(warnings[0]).toMatch(/Check that Redis is running at redis:\/\/127\.0\.0\.1:/);

    redis = await startRedisServer({ port: redis.port });
    await vi.waitFor(async () => expect((await call('maybe')).body.result?.resultType).toBe('task'), {
      timeout: 8000,
      interval: 200,
    });
    expect(warnings.at(-1)).toBe('The task store is reachable again: tasks are created again');
  }, 20_000);
});
