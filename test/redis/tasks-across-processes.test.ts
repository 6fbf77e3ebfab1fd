/**
 * Tasks served by several processes on one Redis: `tasks/cancel` and
 * `tasks/update` reach the handler wherever it runs (the control bus), and a
 * process that dies has its tasks failed by another (leases and the reaper).
 * Two McpServers with a backplane each stand for two processes; the killed
 * one is a real child process.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { redisBackplane } from '../../src/entries/redis.js';
import {
  LEASE_EXPIRED_ERROR,
  McpServer,
  type ServerContext,
  type StoredTask,
  TASKS_EXTENSION,
  TaskLeaseLostError,
} from '../../src/entries/server.js';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import { envelope, legacyHttpSession, MODERN, rpc, sseMessages } from '../helpers/http-rpc.js';
import { describeWithRedis, type RedisServerProcess, startRedisServer } from '../helpers/redis-server.js';

const withTasks = envelope({ elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } });
const runner = fileURLToPath(new URL('../fixtures/lease-runner.ts', import.meta.url));
let prefixes = 0;
const nextPrefix = (name: string) => `${name}-${process.pid}-${++prefixes}`;
const schema = {
  type: 'object' as const,
  properties: { ok: { type: 'boolean' as const } },
  required: ['ok'],
};

describeWithRedis('tasks across processes', () => {
  let redis: RedisServerProcess;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await redis?.stop();
  });

  /** One "process": a backplane and a server using every task piece of it. */
  function processOn(keyPrefix: string, leaseMs = 15_000, reapIntervalMs?: number) {
    const backplane = redisBackplane({
      url: redis.url,
      keyPrefix,
      tasks: { leaseMs, reapIntervalMs },
      warn: () => {},
    });
    const server = new McpServer(
      { name: 'jobs', version: '1' },
      {
        warn: () => {},
        eventBus: backplane.eventBus,
        tasks: {
          store: backplane.taskStore,
          control: backplane.taskControl,
          leases: backplane.taskLeases,
          pollIntervalMs: 100,
        },
      },
    );
    const send = (method: string, params: Record<string, unknown>) =>
      rpc((request) => server.fetch(request), method, params, { meta: withTasks });
    cleanups.push(async () => {
      server.close();
      await backplane.close();
    });
    return { backplane, server, send };
  }

  /**
   * Starts test/fixtures/lease-runner.ts as a child process on `keyPrefix`
   * and resolves once it printed the id of the task it runs.
   */
  async function startRunner(keyPrefix: string, leaseMs: number, env: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', runner], {
      env: { ...process.env, REDIS_URL: redis.url, KEY_PREFIX: keyPrefix, LEASE_MS: String(leaseMs), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
    });
    let output = '';
    child.stderr!.on('data', (chunk) => {
      output += chunk.toString();
    });
    child.stdout!.on('data', (chunk) => {
      output += chunk.toString();
    });
    const taskId = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const found = /task ([0-9a-f]{32})/.exec(output);
        if (found) resolve(found[1]!);
      });
      child.once('exit', () => reject(new Error(`the runner exited early: ${output}`)));
    });
    return { child, exited, taskId, output: () => output };
  }

  it('aborts the handler on A within a second when tasks/cancel reaches B', async () => {
    const keyPrefix = nextPrefix('cancel');
    const a = processOn(keyPrefix);
    const b = processOn(keyPrefix);
    let abortedAt: number | undefined;
    let reason: unknown;
    a.server.registerTool('long', { execution: { taskSupport: 'required' } }, (ctx: ServerContext) => {
      return new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => {
          abortedAt = Date.now();
          reason = ctx.signal.reason;
          reject(ctx.signal.reason);
        });
      });
    });
    await Promise.all([a.backplane.ready(), b.backplane.ready()]);
    const taskId = (await a.send('tools/call', { name: 'long', arguments: {} })).body.result
      ?.taskId as string;
    expect(typeof taskId).toBe('string');

    const sentAt = Date.now();
    expect((await b.send('tasks/cancel', { taskId })).body.result).toMatchObject({ resultType: 'complete' });
    await vi.waitFor(() => expect(abortedAt).toBeDefined(), { timeout: 1000, interval: 10 });
    expect(abortedAt! - sentAt).toBeLessThan(1000);
    expect((reason as Error).name).toBe('TaskCancelledError');
    for (const server of [a, b]) {
      expect((await server.send('tasks/get', { taskId })).body.result).toMatchObject({ status: 'cancelled' });
    }
  });

  it('delivers to the handler on A the answers tasks/update brought to B, and the task completes', async () => {
    const keyPrefix = nextPrefix('update');
    const a = processOn(keyPrefix);
    const b = processOn(keyPrefix);
    a.server.registerTool(
      'confirm',
      { execution: { taskSupport: 'required' } },
      async (ctx: ServerContext) => {
        const answer = await ctx.elicit({ message: 'Go?', requestedSchema: schema });
        return { content: [{ type: 'text', text: `ok=${answer.content?.ok}` }] };
      },
    );
    await Promise.all([a.backplane.ready(), b.backplane.ready()]);
    const taskId = (await a.send('tools/call', { name: 'confirm', arguments: {} })).body.result
      ?.taskId as string;
    let parked: Record<string, unknown> = {};
    await vi.waitFor(async () => {
      parked = (await b.send('tasks/get', { taskId })).body.result!;
      expect(parked.status).toBe('input_required');
    });
    const [key] = Object.keys(parked.inputRequests as object);

    const ack = await b.send('tasks/update', {
      taskId,
      inputResponses: { [key!]: { action: 'accept', content: { ok: true } } },
    });
    expect(ack.body.error).toBeUndefined();
    expect(ack.body.result).toMatchObject({ resultType: 'complete' });
    await vi.waitFor(
      async () => {
        expect((await b.send('tasks/get', { taskId })).body.result).toMatchObject({
          status: 'completed',
          result: { content: [{ type: 'text', text: 'ok=true' }] },
        });
      },
      { timeout: 2000, interval: 20 },
    );
    expect((await b.send('tasks/get', { taskId })).body.result).not.toHaveProperty('inputRequests');
  });

  it('fails, on B, the task of a process that was killed, once its lease runs out; B’s listen stream sees it', async () => {
    const keyPrefix = nextPrefix('killed');
    const leaseMs = 600;
    const reapIntervalMs = 200;
    const b = processOn(keyPrefix, leaseMs, reapIntervalMs);
    await b.backplane.ready();
    const { child, exited, taskId } = await startRunner(keyPrefix, leaseMs);

    const stream = await openListen(b.server, taskId);
    await stream.until((messages) => messages.some((m) => statusOf(m) === 'working'));
    // Alive, it keeps its lease: nothing is reaped over several lease periods.
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 2));
    expect((await b.send('tasks/get', { taskId })).body.result).toMatchObject({ status: 'working' });

    process.kill(child.pid!, 'SIGKILL');
    await exited;
    const killedAt = Date.now();
    await stream.until((messages) => messages.some((m) => statusOf(m) === 'failed'));
    const elapsed = Date.now() - killedAt;
    expect(elapsed).toBeLessThan(leaseMs + reapIntervalMs + 500);
    const failed = stream.messages.find((m) => statusOf(m) === 'failed');
    expect(failed?.params).toMatchObject({
      taskId,
      status: 'failed',
      error: { code: -32603, message: LEASE_EXPIRED_ERROR.message },
    });
    stream.stop();
    expect((await b.send('tasks/get', { taskId })).body.result).toMatchObject({ status: 'failed' });
  }, 20_000);

  it('aborts, once its event loop runs again, the handler of a process that stalled past its lease and had its task failed by another', async () => {
    const keyPrefix = nextPrefix('stalled');
    const leaseMs = 600;
    const b = processOn(keyPrefix, leaseMs, 200);
    await b.backplane.ready();
    // The runner's handler blocks its event loop for 2.5 s, a few leases long.
    const runner = await startRunner(keyPrefix, leaseMs, { STALL_MS: '2500' });
    const { taskId } = runner;

    // B fails the task while the runner is still blocked.
    await vi.waitFor(
      async () =>
        expect((await b.send('tasks/get', { taskId })).body.result).toMatchObject({
          status: 'failed',
          error: { code: -32603, message: LEASE_EXPIRED_ERROR.message },
        }),
      { timeout: 2000, interval: 50 },
    );
    expect(runner.output()).not.toMatch(/resumed/);

    await vi.waitFor(() => expect(runner.output()).toMatch(/aborted \d+ /), { timeout: 5000, interval: 20 });
    const resumedAt = Number(/resumed (\d+)/.exec(runner.output())?.[1]);
    const [, abortedAt, reason] = /aborted (\d+) (.*)/.exec(runner.output())!;
    expect(Number(abortedAt) - resumedAt).toBeGreaterThanOrEqual(0);
    expect(Number(abortedAt) - resumedAt).toBeLessThan(1000);
    expect(reason).toBe(
      `TaskLeaseLostError: Task ${taskId} was failed by another server process because its lease expired (this process did not renew it in time); its handler is aborted and its result ignored`,
    );

    // What the handler did after the abort (a status message, a result) was never written.
    await vi.waitFor(() => expect(runner.output()).toMatch(/returned/), { timeout: 3000, interval: 20 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = (await b.send('tasks/get', { taskId })).body.result!;
    expect(after).toMatchObject({ status: 'failed', statusMessage: LEASE_EXPIRED_ERROR.message });
    expect(after).not.toHaveProperty('result');
  }, 20_000);

  it('aborts A’s handler (TaskLeaseLostError) as soon as B fails the task whose lease A stopped renewing; A writes nothing more', async () => {
    const keyPrefix = nextPrefix('taken');
    const leaseMs = 150;
    const a = processOn(keyPrefix, leaseMs);
    const b = processOn(keyPrefix, leaseMs, 60_000);
    let reason: unknown;
    let abortedAt = 0;
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => {
      finish = resolve;
    });
    a.server.registerTool('long', { execution: { taskSupport: 'required' } }, async (ctx: ServerContext) => {
      await new Promise<void>((resolve) =>
        ctx.signal.addEventListener('abort', () => {
          abortedAt = Date.now();
          reason = ctx.signal.reason;
          resolve();
        }),
      );
      await finishing;
      await ctx.task.setStatusMessage('still here');
      return { content: [{ type: 'text', text: 'a late result' }] };
    });
    await Promise.all([a.backplane.ready(), b.backplane.ready()]);
    const taskId = (await a.send('tools/call', { name: 'long', arguments: {} })).body.result
      ?.taskId as string;
    const saves: StoredTask[] = [];
    const save = a.backplane.taskStore.save.bind(a.backplane.taskStore);
    a.backplane.taskStore.save = (task) => {
      saves.push(task);
      return save(task);
    };
    // A stalls as far as its leases go: no renewal (and no reaping) from here on.
    a.backplane.taskLeases.stop();
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 2));
    expect(await b.backplane.taskLeases.reap()).toBe(1);
    const reapedAt = Date.now();
    await vi.waitFor(() => expect(reason).toBeDefined(), { timeout: 1000, interval: 5 });
    expect(abortedAt - reapedAt).toBeLessThan(500);
    expect(reason).toBeInstanceOf(TaskLeaseLostError);
    expect((reason as TaskLeaseLostError).taskId).toBe(taskId);

    finish();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(saves).toEqual([]);
    expect((await b.send('tasks/get', { taskId })).body.result).toMatchObject({
      status: 'failed',
      statusMessage: LEASE_EXPIRED_ERROR.message,
    });
  });

  it('aborts a 2025-11-25 core task’s handler on A the same way once B fails its task', async () => {
    const keyPrefix = nextPrefix('core-taken');
    const leaseMs = 150;
    const a = processOn(keyPrefix, leaseMs);
    const b = processOn(keyPrefix, leaseMs, 60_000);
    let reason: unknown;
    a.server.registerTool('long', { execution: { taskSupport: 'required' } }, (ctx: ServerContext) => {
      return new Promise((_, reject) =>
        ctx.signal.addEventListener('abort', () => {
          reason = ctx.signal.reason;
          reject(ctx.signal.reason);
        }),
      );
    });
    await Promise.all([a.backplane.ready(), b.backplane.ready()]);
    const session = await legacyHttpSession((request) => a.server.fetch(request));
    const created = await session('tools/call', { name: 'long', arguments: {}, task: {} });
    const taskId = (created.result!.task as { taskId: string }).taskId;
    a.backplane.taskLeases.stop();
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 2));
    expect(await b.backplane.taskLeases.reap()).toBe(1);
    await vi.waitFor(() => expect(reason).toBeInstanceOf(TaskLeaseLostError), { timeout: 1000, interval: 5 });
    expect((await session('tasks/get', { taskId })).result).toMatchObject({
      status: 'failed',
      statusMessage: LEASE_EXPIRED_ERROR.message,
    });
  });

  it('tells the holder at its next heartbeat that a held task was failed by another process', async () => {
    const keyPrefix = nextPrefix('heartbeat');
    const leaseMs = 90;
    const a = redisBackplane({ url: redis.url, keyPrefix, tasks: { leaseMs }, warn: () => {} });
    const b = redisBackplane({ url: redis.url, keyPrefix, tasks: { leaseMs }, warn: () => {} });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const now = Date.now();
    await a.taskStore.create({
      taskId: 'held',
      owner: undefined,
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: 60_000,
      request: { method: 'tools/call', name: 'job' },
      revision: 1,
    });
    let lostAt: number | undefined;
    await a.taskLeases.hold('held', () => {
      lostAt = Date.now();
    });
    // A stalls (no heartbeat), B's reaper fails the task, then A's heartbeat runs again.
    a.taskLeases.stop();
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 2));
    expect(await b.taskLeases.reap()).toBe(1);
    expect(lostAt).toBeUndefined();
    const resumedAt = Date.now();
    a.taskLeases.start();
    await vi.waitFor(() => expect(lostAt).toBeDefined(), { timeout: 1000, interval: 5 });
    expect(lostAt! - resumedAt).toBeLessThan(leaseMs);
    a.taskLeases.stop();
  });

  it('fences the reaper: a stalled runner’s later writes are ignored; renewed and released leases are never reaped', async () => {
    const keyPrefix = nextPrefix('fence');
    const leaseMs = 120;
    const a = redisBackplane({ url: redis.url, keyPrefix, tasks: { leaseMs }, warn: () => {} });
    const b = redisBackplane({ url: redis.url, keyPrefix, tasks: { leaseMs }, warn: () => {} });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const now = Date.now();
    const task = (taskId: string): StoredTask => ({
      taskId,
      owner: undefined,
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: 60_000,
      request: { method: 'tools/call', name: 'job' },
      revision: 1,
    });
    await a.taskStore.create(task('alive'));
    await a.taskStore.create(task('stalled'));
    a.taskLeases.hold('alive');
    a.taskLeases.hold('stalled');
    // 'orphan' has a lease nobody renews (its runner stalled); 'alive' is renewed; 'stalled' is released.
    const inspector = new Redis(redis.url);
    cleanups.push(() => void inspector.quit());
    await vi.waitFor(async () => expect(await inspector.zcard(`{${keyPrefix}}:tasks:leases`)).toBe(2));
    a.taskLeases.release('stalled');
    await a.taskStore.create(task('orphan'));
    await inspector.zadd(`{${keyPrefix}}:tasks:leases`, 0, 'orphan');
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 3));
    expect(await b.taskLeases.reap()).toBe(1);
    expect(await b.taskStore.get('alive', undefined)).toMatchObject({ status: 'working' });
    // A lease given up (the run ended here, or was dropped) is not reaped either.
    expect(await b.taskStore.get('stalled', undefined)).toMatchObject({ status: 'working' });
    const reaped = await b.taskStore.get('orphan', undefined);
    expect(reaped).toMatchObject({ status: 'failed', error: LEASE_EXPIRED_ERROR, revision: 2 });
    // The late runner's next write carries the revision it would have written: ignored.
    await a.taskStore.save({ ...task('orphan'), status: 'completed', result: {}, revision: 2 });
    expect(await b.taskStore.get('orphan', undefined)).toMatchObject({ status: 'failed' });
    expect(await inspector.zscore(`{${keyPrefix}}:tasks:leases`, 'orphan')).toBeNull();
    a.taskLeases.release('alive');
  });

  it('holds a task’s lease from its first instant: taken before the task is stored', async () => {
    const keyPrefix = nextPrefix('first-instant');
    const a = processOn(keyPrefix);
    a.server.registerTool('forever', { execution: { taskSupport: 'required' } }, () => new Promise(() => {}));
    await a.backplane.ready();
    const inspector = new Redis(redis.url);
    cleanups.push(() => void inspector.quit());
    const leasesKey = `{${keyPrefix}}:tasks:leases`;
    // What the leases hold at the moment the task is stored: a process killed then is still reaped.
    const atCreate: (string | null)[] = [];
    const create = a.backplane.taskStore.create.bind(a.backplane.taskStore);
    a.backplane.taskStore.create = async (task) => {
      atCreate.push(await inspector.zscore(leasesKey, task.taskId));
      return create(task);
    };
    const taskId = (await a.send('tools/call', { name: 'forever', arguments: {} })).body.result
      ?.taskId as string;
    expect(typeof taskId).toBe('string');
    expect(atCreate).toHaveLength(1);
    expect(atCreate[0]).not.toBeNull();
    expect(await inspector.zscore(leasesKey, taskId)).not.toBeNull();
  });

  it('drops, without failing anything, a lease whose task was never stored', async () => {
    const keyPrefix = nextPrefix('dangling');
    const leaseMs = 60;
    const a = redisBackplane({ url: redis.url, keyPrefix, tasks: { leaseMs }, warn: () => {} });
    const b = redisBackplane({ url: redis.url, keyPrefix, tasks: { leaseMs }, warn: () => {} });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const inspector = new Redis(redis.url);
    cleanups.push(() => void inspector.quit());
    const leasesKey = `{${keyPrefix}}:tasks:leases`;
    // A process takes the lease, then dies before it stores the task: its lease is in Redis, renewed by nobody.
    await a.taskLeases.hold('never-stored');
    expect(await inspector.zscore(leasesKey, 'never-stored')).not.toBeNull();
    a.taskLeases.stop();
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 3));
    expect(await b.taskLeases.reap()).toBe(0);
    expect(await inspector.zscore(leasesKey, 'never-stored')).toBeNull();
    expect(await b.taskStore.get('never-stored', undefined)).toBeUndefined();
  });
});

function statusOf(message: Record<string, unknown>): string | undefined {
  if (message.method !== 'notifications/tasks') return undefined;
  return (message.params as { status?: string }).status;
}

/** Opens a `subscriptions/listen` stream for one task on `server` and reads it on demand. */
async function openListen(server: McpServer, taskId: string) {
  const message = {
    jsonrpc: '2.0',
    id: 'listen',
    method: 'subscriptions/listen',
    params: { notifications: { taskIds: [taskId] }, _meta: withTasks },
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
      if (finished) throw new Error('the listen stream ended');
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
