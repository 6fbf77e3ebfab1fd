/**
 * Several everything-server processes started with `--redis` on one
 * redis-server act as one server: a task created through one is read through
 * another, a Multi Round-Trip round started on one finishes on another, and
 * an instance restarted on the same port rejoins. Then the rule of one
 * notification per change: the same list change announced by several
 * processes reaches a listen stream once, distinct changes every time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { optionsFromFlags } from '../../conformance/everything-server.js';
import { redisBackplane } from '../../src/entries/redis.js';
import { McpServer, TASKS_EXTENSION } from '../../src/entries/server.js';
import { requestHeadersFor } from '../../src/protocol/http-headers.js';
import { RedisEventBus } from '../../src/redis/event-bus.js';
import { RedisLink } from '../../src/redis/link.js';
import { listingDigest, type ServerEvent } from '../../src/server/events.js';
import { envelope, MODERN, rpc, sseMessages } from '../helpers/http-rpc.js';
import {
  describeWithRedis,
  freePort,
  type RedisServerProcess,
  startRedisServer,
} from '../helpers/redis-server.js';

const script = fileURLToPath(new URL('../../conformance/everything-server.ts', import.meta.url));
const secret = 'a-cluster-test-secret-of-forty-characters!';
const withTasks = envelope({ elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } });

/** One everything-server child process. */
interface Instance {
  port: number;
  child: ChildProcess;
  /** Forwards a request to this instance's endpoint. */
  fetch(request: Request): Promise<Response>;
  /** Sends a JSON-RPC request to this instance. */
  send(
    method: string,
    params: Record<string, unknown>,
    meta?: Record<string, unknown>,
  ): ReturnType<typeof rpc>;
  /** Stops it with SIGTERM and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Runs the everything-server with `args`; resolves with its exit code and what it wrote to stderr. */
function runToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** Starts an instance on `port` (a free one by default) sharing state through `redisUrl`. */
async function startInstance(redisUrl: string, port?: number): Promise<Instance> {
  const at = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, '--port', String(at), '--redis', redisUrl, '--state-secret', secret],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance on ${at} did not start: ${stderr}`)), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance on ${at} exited (${code}): ${stderr}`));
    });
  });
  const url = `http://127.0.0.1:${at}/mcp`;
  const fetchHere = async (request: Request) =>
    fetch(url, {
      method: request.method,
      headers: request.headers,
      body: await request.text(),
      signal: request.signal,
    });
  return {
    port: at,
    fetch: fetchHere,
    child,
    send: (method, params, meta) => rpc(fetchHere, method, params, { meta: meta ?? withTasks }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        if (child.pid) process.kill(child.pid, 'SIGTERM');
      }),
  };
}

describeWithRedis('everything-server instances on one Redis (--redis)', () => {
  let redis: RedisServerProcess;
  const instances: Instance[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    instances.push(...(await Promise.all([0, 1, 2].map(() => startInstance(redis.url)))));
  }, 30_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis?.stop();
  });

  it('reads through instance 2 a task created through instance 1', async () => {
    const [one, two] = instances;
    const created = await one!.send('tools/call', { name: 'slow_compute', arguments: { seconds: 0.2 } });
    const taskId = created.body.result?.taskId as string;
    expect(typeof taskId).toBe('string');
    await vi.waitFor(
      async () => {
        expect((await two!.send('tasks/get', { taskId })).body.result).toMatchObject({
          status: 'completed',
          result: { content: [{ type: 'text', text: 'Computed result in 0.2s' }] },
        });
      },
      { timeout: 5000, interval: 50 },
    );
  });

  it('finishes on instance 2 a Multi Round-Trip round started on instance 1', async () => {
    const [one, two] = instances;
    const meta = envelope({ elicitation: {} });
    const args = { name: 'test_elicitation', arguments: { message: 'Who?' } };
    const round1 = await one!.send('tools/call', args, meta);
    expect(round1.body.result).toMatchObject({ resultType: 'input_required' });
    const [key] = Object.keys(round1.body.result?.inputRequests as object);
    const round2 = await two!.send(
      'tools/call',
      {
        ...args,
        requestState: round1.body.result?.requestState,
        inputResponses: {
          [key!]: { action: 'accept', content: { username: 'Ada', email: 'ada@example.com' } },
        },
      },
      meta,
    );
    expect(round2.body.error).toBeUndefined();
    expect(round2.body.result).toMatchObject({
      resultType: 'complete',
      content: [
        {
          type: 'text',
          text: 'User response: action=accept, content={"username":"Ada","email":"ada@example.com"}',
        },
      ],
    });
  });

  it('rejoins when restarted on the same port, without a list change per tool it registers', async () => {
    const [one, , three] = instances;
    const stream = await openListen(one!.fetch);
    await vi.waitFor(() => expect(stream.messages.length).toBeGreaterThanOrEqual(1), {
      timeout: 3000,
      interval: 10,
    });
    const port = three!.port;
    await three!.stop();
    const again = await startInstance(redis.url, port);
    instances[2] = again;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(listChanged(stream.messages)).toBe(0);
    stream.close();
    const created = await one!.send('tools/call', { name: 'slow_compute', arguments: { seconds: 0.1 } });
    const taskId = created.body.result?.taskId as string;
    await vi.waitFor(
      async () =>
        expect((await again.send('tasks/get', { taskId })).body.result).toMatchObject({
          status: 'completed',
        }),
      { timeout: 5000, interval: 50 },
    );
  }, 30_000);

  it('refuses a bad --redis URL, and --redis without --state-secret, with a usage error', async () => {
    const bad = await runToExit(['--port', '0', '--redis', 'localhost:6379', '--state-secret', secret]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--redis needs a redis://host:port URL');
    const noSecret = await runToExit(['--port', '0', '--redis', redis.url]);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('--redis needs --state-secret');
  }, 30_000);

  it('takes --task-lease-ms with --redis as the task lease (15 s without it), and refuses it otherwise', async () => {
    const leaseOf = async (argv: string[]) => {
      const { options, backplane } = optionsFromFlags(argv);
      await backplane?.close();
      return (options.tasks?.leases as { leaseMs?: number } | undefined)?.leaseMs;
    };
    const shared = ['--redis', redis.url, '--state-secret', secret];
    expect(await leaseOf([...shared, '--task-lease-ms', '2500'])).toBe(2500);
    expect(await leaseOf(shared)).toBe(15_000);
    expect(() => optionsFromFlags([...shared, '--task-lease-ms', '10'])).toThrow(
      '--task-lease-ms needs a whole number of milliseconds, 30 or more (got 10)',
    );
    expect(() => optionsFromFlags([...shared, '--task-lease-ms', '1.5s'])).toThrow('(got 1.5s)');
    expect(() => optionsFromFlags(['--state-secret', secret, '--task-lease-ms', '2500'])).toThrow(
      '--task-lease-ms needs --redis',
    );
  });
});

let prefixes = 0;

describeWithRedis('one notification per change across processes', () => {
  let redis: RedisServerProcess;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await redis?.stop();
  });

  it('gives a listen stream one tools/list_changed when three processes register the same tool, and one per distinct change', async () => {
    const keyPrefix = `dedup-${process.pid}-${++prefixes}`;
    const servers = await Promise.all(
      [0, 1, 2].map(async () => {
        const backplane = redisBackplane({ url: redis.url, keyPrefix, warn: () => {} });
        await backplane.ready();
        const server = new McpServer(
          { name: 'same', version: '1' },
          { warn: () => {}, eventBus: backplane.eventBus },
        );
        cleanups.push(async () => {
          server.close();
          await backplane.close();
        });
        return server;
      }),
    );
    for (const server of servers) {
      server.registerTool('base', { description: 'there from the start' }, () => ({ content: [] }));
      // Serving (as serveHttp does): registrations are announced from now on, the ones above were not.
      server.createHttpEndpoint();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stream = await openListen(servers[1]!);
    // Subscribed once the acknowledgement is out.
    await vi.waitFor(() => expect(stream.messages.length).toBeGreaterThanOrEqual(1), {
      timeout: 3000,
      interval: 10,
    });
    try {
      for (const server of servers)
        server.registerTool('shared', { description: 'on every process' }, () => ({ content: [] }));
      await new Promise((resolve) => setTimeout(resolve, 500));
      servers[0]!.registerTool('only-here', { description: 'on one process' }, () => ({ content: [] }));
      await vi.waitFor(() => expect(listChanged(stream.messages)).toBeGreaterThanOrEqual(2), {
        timeout: 3000,
        interval: 20,
      });
      // Long enough for a stray duplicate to arrive, were there one.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(listChanged(stream.messages)).toBe(2);
    } finally {
      stream.close();
    }
  });

  it('merges the same identity within the window, never distinct ones nor events without one', async () => {
    const keyPrefix = `rule-${process.pid}-${++prefixes}`;
    const links = [0, 1].map(() => new RedisLink({ url: redis.url, keyPrefix, warn: () => {} }));
    cleanups.push(() => Promise.all(links.map((link) => link.close())).then(() => {}));
    // The buses subscribe as they are made; ready() then waits for their subscriptions.
    const [a, b] = links.map((link) => new RedisEventBus(link));
    await Promise.all(links.map((link) => link.ready()));
    const heard: ServerEvent[] = [];
    b!.subscribe((event) => heard.push(event));
    const sent: ServerEvent[] = [
      { type: 'tools/list_changed', change: 'x' },
      { type: 'tools/list_changed', change: 'x' }, // the same change again: merged
      { type: 'prompts/list_changed', change: 'x' }, // another type: delivered
      { type: 'tools/list_changed', change: 'y' }, // distinct: delivered
      { type: 'tools/list_changed', change: 'x' }, // changed back: delivered
      { type: 'tools/list_changed' }, // no identity: never merged
      { type: 'tools/list_changed' },
      { type: 'resources/updated', uri: 'file:///a' },
      { type: 'resources/updated', uri: 'file:///a' },
    ];
    await a!.publish(sent[0]!);
    await b!.publish(sent[1]!); // from the other process, as a second process announcing it
    for (const event of sent.slice(2)) await a!.publish(event);
    const expected = [sent[0], ...sent.slice(2)];
    await vi.waitFor(() => expect(heard).toHaveLength(expected.length), { timeout: 3000, interval: 10 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(heard).toEqual(expected);
  });

  it('stops merging once the window has passed', async () => {
    const keyPrefix = `window-${process.pid}-${++prefixes}`;
    const link = new RedisLink({ url: redis.url, keyPrefix, warn: () => {} });
    cleanups.push(() => link.close());
    const bus = new RedisEventBus(link, { mergeWindowMs: 50 });
    const heard: ServerEvent[] = [];
    bus.subscribe((event) => heard.push(event));
    await bus.publish({ type: 'tools/list_changed', change: 'x' });
    await bus.publish({ type: 'tools/list_changed', change: 'x' });
    expect(heard).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await bus.publish({ type: 'tools/list_changed', change: 'x' });
    expect(heard).toHaveLength(2);
  });
});

/** How many `notifications/tools/list_changed` are among `messages`. */
function listChanged(messages: readonly Record<string, unknown>[]): number {
  return messages.filter((message) => message.method === 'notifications/tools/list_changed').length;
}

/** Opens a `subscriptions/listen` stream for tool list changes on `server` (or through `fetch`), read as it comes. */
async function openListen(server: McpServer | ((request: Request) => Promise<Response>)) {
  const message = {
    jsonrpc: '2.0',
    id: 'listen',
    method: 'subscriptions/listen',
    params: { notifications: { toolsListChanged: true }, _meta: envelope() },
  };
  const controller = new AbortController();
  const send = typeof server === 'function' ? server : (request: Request) => server.fetch(request);
  const response = await send(
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
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        const cut = buffer.lastIndexOf('\n\n');
        if (cut === -1) continue;
        messages.push(...sseMessages(buffer.slice(0, cut + 2)));
        buffer = buffer.slice(cut + 2);
      }
    } catch {
      // Closed by the test.
    }
  })();
  return {
    messages,
    close: () => {
      controller.abort();
      void reader.cancel().catch(() => {});
    },
  };
}

describe('listingDigest (the identity of a list change)', () => {
  it('is the same for the same entries in any order, and differs for different entries', () => {
    expect(listingDigest(['b', 'a'])).toBe(listingDigest(['a', 'b']));
    expect(listingDigest(['a'])).not.toBe(listingDigest(['a', 'b']));
    expect(listingDigest(['a b'])).not.toBe(listingDigest(['a', 'b']));
    expect(listingDigest([])).toMatch(/^[0-9a-f]{16}$/);
  });
});
