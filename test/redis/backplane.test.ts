/**
 * The Redis backplane beyond the store and bus contracts: its keys (hash-tagged,
 * TTL as key expiry), what happens when Redis is down, and two McpServers
 * sharing state through it as two processes would (each with its own
 * backplane on the same Redis and prefix).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisLink, RedisTaskStore, RedisUnavailableError, redisBackplane } from '../../src/entries/redis.js';
import { McpServer, type ServerContext, type StoredTask, TASKS_EXTENSION } from '../../src/entries/server.js';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import { envelope, MODERN, rpc, sseMessages } from '../helpers/http-rpc.js';
import {
  describeWithRedis,
  freePort,
  type RedisServerProcess,
  startRedisServer,
} from '../helpers/redis-server.js';

const withTasks = envelope({ extensions: { [TASKS_EXTENSION]: {} } });
let prefixes = 0;
const nextPrefix = (name: string) => `${name}-${process.pid}-${++prefixes}`;

function working(taskId: string, owner: string | undefined, ttlMs: number | null): StoredTask {
  const now = Date.now();
  return {
    taskId,
    owner,
    status: 'working',
    createdAt: now,
    lastUpdatedAt: now,
    ttlMs,
    request: { method: 'tools/call', name: 'job' },
  };
}

describe('Redis unavailable', () => {
  it('fails task creation with a RedisUnavailableError that says what to check, within the timeout', async () => {
    const port = await freePort();
    const link = new RedisLink({
      url: `redis://:secret@127.0.0.1:${port}`,
      commandTimeoutMs: 300,
      warn: () => {},
    });
    const store = new RedisTaskStore(link);
    const started = Date.now();
    const error = await store.create(working('t1', 'alice', 60_000)).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Redis is unreachable \(/);
    expect(message).toContain('creating task t1');
    expect(message).toContain(`Check that Redis is running at redis://:***@127.0.0.1:${port}`);
    expect(message).not.toContain('secret');
    await expect(store.get('t1', 'alice')).rejects.toBeInstanceOf(RedisUnavailableError);
    await link.close();
    await expect(store.get('t1', 'alice')).rejects.toThrow(/connection is closed/);
  });

  it('keeps the event bus serving this process, and warns once per outage', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    const backplane = redisBackplane({
      url: `redis://127.0.0.1:${port}`,
      commandTimeoutMs: 300,
      warn: (message) => warnings.push(message),
    });
    const heard: unknown[] = [];
    backplane.eventBus.subscribe((event) => heard.push(event));
    await backplane.eventBus.publish({ type: 'tools/list_changed' });
    await backplane.eventBus.publish({ type: 'resources/updated', uri: 'file:///a' });
    expect(heard).toEqual([{ type: 'tools/list_changed' }, { type: 'resources/updated', uri: 'file:///a' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /Redis is unreachable .*change events reach only the listen streams of this process/,
    );
    await expect(backplane.ready()).rejects.toBeInstanceOf(RedisUnavailableError);
    await backplane.close();
  });

  it('refuses a key prefix with braces, and a link with neither url nor client', () => {
    expect(() => new RedisLink({ url: 'redis://127.0.0.1:1', keyPrefix: 'a{b}' })).toThrow(RangeError);
    expect(() => new RedisLink({} as never)).toThrow(TypeError);
  });
});

describeWithRedis('Redis backplane', () => {
  let redis: RedisServerProcess;
  let inspector: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    inspector = new Redis(redis.url);
  });
  afterAll(async () => {
    await inspector?.quit();
    await redis?.stop();
  });

  it('keeps every key under the hash-tagged prefix, and a task key expires at createdAt + ttlMs', async () => {
    const keyPrefix = nextPrefix('keys');
    const backplane = redisBackplane({ url: redis.url, keyPrefix });
    const timed = working('timed', 'alice', 60_000);
    const kept = working('kept', undefined, null);
    await backplane.taskStore.create(timed);
    await backplane.taskStore.create(kept);
    const keys = await inspector.keys(`*${keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(`{${keyPrefix}}:`)).toBe(true);
    // Redis Cluster hashes only what is inside the first braces: every key of the prefix is in one slot.
    expect(await inspector.pexpiretime(`{${keyPrefix}}:task:timed`)).toBe(timed.createdAt + 60_000);
    expect(await inspector.pttl(`{${keyPrefix}}:task:kept`)).toBe(-1);
    await backplane.close();
  });

  it('works on a client you pass, and leaves it open', async () => {
    const client = new Redis(redis.url);
    const backplane = redisBackplane({ client, keyPrefix: nextPrefix('client') });
    await backplane.taskStore.create(working('mine', 'alice', 60_000));
    expect((await backplane.taskStore.get('mine', 'alice'))?.status).toBe('working');
    await backplane.close();
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });

  it('fails with RedisUnavailableError once Redis stops, and works again once it is back on the same port', async () => {
    const own = await startRedisServer();
    const warnings: string[] = [];
    const backplane = redisBackplane({
      url: own.url,
      commandTimeoutMs: 500,
      warn: (message) => warnings.push(message),
    });
    await backplane.ready();
    await backplane.taskStore.create(working('before', 'alice', 60_000));
    await own.stop();
    await expect(backplane.taskStore.create(working('during', 'alice', 60_000))).rejects.toBeInstanceOf(
      RedisUnavailableError,
    );
    const again = await startRedisServer({ port: own.port });
    try {
      await vi.waitFor(() => backplane.taskStore.create(working('after', 'alice', 60_000)), {
        timeout: 5000,
        interval: 100,
      });
      expect((await backplane.taskStore.get('after', 'alice'))?.status).toBe('working');
      // The subscriber's loss was reported once, and its return.
      await vi.waitFor(() => expect(warnings.at(-1)).toBe('Redis is reachable again'));
      expect(warnings.filter((w) => w.startsWith('Redis is unreachable'))).toHaveLength(1);
      expect(warnings[0]).toMatch(/hears no task changes or change events from other processes/);
    } finally {
      await backplane.close();
      await again.stop();
    }
  });

  describe('two servers sharing state (as two processes)', () => {
    function serverOn(keyPrefix: string, gate: Promise<void>) {
      const backplane = redisBackplane({ url: redis.url, keyPrefix });
      const server = new McpServer(
        { name: 'jobs', version: '1' },
        {
          warn: () => {},
          eventBus: backplane.eventBus,
          tasks: { store: backplane.taskStore, pollIntervalMs: 100 },
        },
      );
      server.registerTool(
        'report',
        { execution: { taskSupport: 'required' } },
        async (ctx: ServerContext) => {
          await ctx.task.setStatusMessage('crunching');
          await gate;
          return { content: [{ type: 'text', text: `report ${ctx.task.id}` }] };
        },
      );
      const send = (method: string, params: Record<string, unknown>) =>
        rpc((request) => server.fetch(request), method, params, { meta: withTasks });
      return { backplane, server, send };
    }

    async function openListen(server: McpServer, notifications: Record<string, unknown>) {
      const message = {
        jsonrpc: '2.0',
        id: 'listen-b',
        method: 'subscriptions/listen',
        params: { notifications, _meta: withTasks },
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
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      const messages: Record<string, unknown>[] = [];
      let buffer = '';
      const until = async (done: (messages: Record<string, unknown>[]) => boolean) => {
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
      };
      return { messages, until, stop: () => controller.abort() };
    }

    it('reads on B a task created on A, and B’s listen stream hears A’s task status and list changes', async () => {
      const keyPrefix = nextPrefix('e2e');
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const a = serverOn(keyPrefix, gate);
      const b = serverOn(keyPrefix, gate);
      await Promise.all([a.backplane.ready(), b.backplane.ready()]);
      try {
        const created = await a.send('tools/call', { name: 'report', arguments: {} });
        const taskId = created.body.result?.taskId as string;
        expect(created.body.result).toMatchObject({ resultType: 'task', status: 'working' });
        const seen = await b.send('tasks/get', { taskId });
        expect(seen.body.result).toMatchObject({ taskId, status: 'working' });

        const stream = await openListen(b.server, { taskIds: [taskId], toolsListChanged: true });
        await stream.until((m) => m.length >= 2);
        expect(stream.messages[0]).toMatchObject({
          method: 'notifications/subscriptions/acknowledged',
          params: { notifications: { taskIds: [taskId], toolsListChanged: true } },
        });
        expect(stream.messages[1]).toMatchObject({ method: 'notifications/tasks', params: { taskId } });

        // A change raised on A reaches B's stream.
        a.server.registerTool('late', {}, () => ({ content: [] }));
        await stream.until((m) => m.some((message) => message.method === 'notifications/tools/list_changed'));

        release();
        await stream.until((m) =>
          m.some(
            (message) =>
              message.method === 'notifications/tasks' &&
              (message.params as { status?: string }).status === 'completed',
          ),
        );
        const completed = stream.messages.find(
          (message) =>
            message.method === 'notifications/tasks' &&
            (message.params as { status?: string }).status === 'completed',
        );
        expect(completed).toMatchObject({
          params: { taskId, result: { content: [{ type: 'text', text: `report ${taskId}` }] } },
        });
        stream.stop();
        await vi.waitFor(async () => {
          expect((await b.send('tasks/get', { taskId })).body.result).toMatchObject({ status: 'completed' });
        });
        // The runner fenced each of its writes: status message, then completion.
        expect((await b.backplane.taskStore.get(taskId, undefined))?.revision).toBe(2);
      } finally {
        release();
        a.server.close();
        b.server.close();
        await Promise.all([a.backplane.close(), b.backplane.close()]);
      }
    });

    it('without a control bus, records on A a cancel sent to B (the handler itself keeps running on A)', async () => {
      const keyPrefix = nextPrefix('cancel');
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const a = serverOn(keyPrefix, gate);
      const b = serverOn(keyPrefix, gate);
      try {
        const taskId = (await a.send('tools/call', { name: 'report', arguments: {} })).body.result
          ?.taskId as string;
        await vi.waitFor(async () => {
          expect((await b.send('tasks/get', { taskId })).body.result).toMatchObject({
            statusMessage: 'crunching',
          });
        });
        expect((await b.send('tasks/cancel', { taskId })).body.result).toMatchObject({
          resultType: 'complete',
        });
        release();
        // The runner on A finishes later, but a final status is never overwritten.
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await a.send('tasks/get', { taskId })).body.result).toMatchObject({ status: 'cancelled' });
      } finally {
        release();
        a.server.close();
        b.server.close();
        await Promise.all([a.backplane.close(), b.backplane.close()]);
      }
    });
  });
});
