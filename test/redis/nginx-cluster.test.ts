/**
 * Three `everything-server --redis` processes behind a real nginx balancing
 * round-robin with no stickiness (issue 14's cluster test, the 2026-07-28
 * parts): mcpkit's `Client` talks only to nginx. Concurrently, Multi
 * Round-Trip calls whose rounds land on different processes, tasks created,
 * polled and cancelled through the balancer, and listen streams hearing the
 * list changes raised through other processes; then one process is killed
 * with SIGKILL and the traffic after it still succeeds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { describeWithNginx, type NginxProcess, startNginx } from '../helpers/nginx.js';
import {
  describeWithRedis,
  freePort,
  type RedisServerProcess,
  startRedisServer,
} from '../helpers/redis-server.js';

const script = fileURLToPath(new URL('../../conformance/everything-server.ts', import.meta.url));
const secret = 'an-nginx-cluster-test-secret-of-44-characters';

/** One everything-server child process. */
interface Instance {
  port: number;
  child: ChildProcess;
}

/** Starts an instance on a free port sharing state through `redisUrl`; resolves once it listens. */
async function startInstance(redisUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, '--port', String(port), '--redis', redisUrl, '--state-secret', secret],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance on ${port} did not start: ${stderr}`)), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance on ${port} exited (${code}): ${stderr}`));
    });
  });
  return { port, child };
}

/** Stops `instance` (SIGTERM, SIGKILL after three seconds) and resolves once it has exited. */
function stopInstance({ child }: Instance): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    if (child.pid) process.kill(child.pid, 'SIGTERM');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One Multi Round-Trip call: the tool asks for input, `onElicit` answers, the retry completes. */
async function elicitationCall(client: Client, n: number): Promise<void> {
  const result = await client.callTool('test_elicitation', { message: `Who is ${n}?` });
  expect(result.isError).toBeFalsy();
  expect(result.content).toEqual([
    { type: 'text', text: `User response: action=accept, content={"response":"answer to Who is ${n}?"}` },
  ]);
}

/** The upstream ports of the access log lines for `tools/call` of `tool`. */
function upstreamsOf(log: string, tool: string): string[] {
  return log
    .split('\n')
    .filter((line) => line.includes('"tools/call"') && line.includes(`"${tool}"`))
    .map((line) => line.split(' ')[0]!);
}

describeWithRedis('a cluster behind nginx', () => {
  describeWithNginx('three --redis everything-server processes behind nginx round-robin', () => {
    let redis: RedisServerProcess;
    let nginx: NginxProcess;
    let client: Client;
    const instances: Instance[] = [];

    beforeAll(async () => {
      redis = await startRedisServer();
      instances.push(...(await Promise.all([0, 1, 2].map(() => startInstance(redis.url)))));
      nginx = await startNginx(
        instances.map((instance) => instance.port),
        { failTimeout: '60s' },
      );
      client = await Client.connect(nginx.url, {
        protocolVersion: '2026-07-28',
        timeoutMs: 20_000,
        warn: () => {},
        onElicit: async ({ message }) => ({
          action: 'accept',
          content: { response: `answer to ${message}` },
        }),
      });
    }, 40_000);

    afterAll(async () => {
      await client?.close();
      await nginx?.stop();
      await Promise.all(instances.map(stopInstance));
      await redis?.stop();
    });

    it('serves MRTR calls, tasks and listen streams concurrently, and goes on after one process is killed', async () => {
      // Ten listen streams, each open on whichever process nginx picked.
      const streams = Array.from({ length: 10 }, () => {
        const controller = new AbortController();
        const heard: string[] = [];
        const done = (async () => {
          for await (const notification of client.listen(
            { toolsListChanged: true },
            { signal: controller.signal },
          ))
            heard.push(notification.method);
        })().catch(() => {});
        return { controller, heard, done };
      });
      const subscribed = async () => {
        for (let waited = 0; waited < 5000; waited += 20) {
          if (streams.every((stream) => stream.heard.includes('notifications/subscriptions/acknowledged')))
            return;
          await sleep(20);
        }
        throw new Error('the listen streams were not all acknowledged within 5 s');
      };
      await subscribed();
      // The subscription follows the acknowledgement at once; leave it a moment.
      await sleep(200);

      // Each trigger adds a tool on the process it reaches and removes it at once: two list
      // changes, each reaching every stream once (the removal's listing differs from the
      // addition's just before it, so the bus does not merge them, see docs/scaling.md "One
      // notification per change"). Spaced out to run alongside the other traffic.
      const triggers = 4;
      const listChanges = (async () => {
        for (let n = 0; n < triggers; n++) {
          const result = await client.callTool('test_trigger_tool_change');
          expect(result.content).toEqual([{ type: 'text', text: 'Tool list changed' }]);
          await sleep(1300);
        }
      })();

      const mrtr = Promise.all(Array.from({ length: 50 }, (_, n) => elicitationCall(client, n)));

      const tasks = Promise.all(
        Array.from({ length: 20 }, async (_, n) => {
          const task = await client.callToolTask('slow_compute', { seconds: 0.3, label: `job ${n}` });
          expect(task.taskId).not.toBe('');
          const result = await task.result();
          expect(result.content).toEqual([{ type: 'text', text: `Computed job ${n} in 0.3s` }]);
          task.dispose();
        }),
      );
      const cancelled = (async () => {
        const task = await client.callToolTask('slow_compute', { seconds: 30, label: 'cancelled' });
        expect(task.taskId).not.toBe('');
        await sleep(200);
        await task.cancel();
        task.dispose();
        // Read back through the balancer (most likely another process).
        for (let n = 0; n < 3; n++) expect((await client.task(task.taskId)).state.status).toBe('cancelled');
      })();

      await Promise.all([mrtr, tasks, cancelled, listChanges]);
      // Long enough for a stray duplicate to arrive, were there one.
      await sleep(500);
      for (const stream of streams) {
        expect(stream.heard.filter((method) => method === 'notifications/tools/list_changed')).toHaveLength(
          2 * triggers,
        );
      }
      for (const stream of streams) stream.controller.abort();
      await Promise.all(streams.map((stream) => stream.done));

      // Both rounds of every call went through nginx; they were not all served by one process.
      const rounds = upstreamsOf(nginx.accessLog(), 'test_elicitation');
      expect(rounds.length).toBeGreaterThanOrEqual(100);
      expect(new Set(rounds).size).toBeGreaterThanOrEqual(2);

      // Midway: one process dies. Calls in flight on it may fail; none may hang.
      const killed = instances[2]!;
      const inFlight = Promise.allSettled(
        Array.from({ length: 15 }, (_, n) => elicitationCall(client, 100 + n)),
      );
      await sleep(20);
      killed.child.kill('SIGKILL');
      await inFlight;

      // Everything after it succeeds: a refused connection is retried on another process, which
      // nginx then uses alone.
      await Promise.all([
        Promise.all(Array.from({ length: 30 }, (_, n) => elicitationCall(client, 200 + n))),
        Promise.all(
          Array.from({ length: 5 }, async (_, n) => {
            const task = await client.callToolTask('slow_compute', { seconds: 0.2, label: `after ${n}` });
            expect((await task.result()).content).toEqual([
              { type: 'text', text: `Computed after ${n} in 0.2s` },
            ]);
            task.dispose();
          }),
        ),
      ]);
      expect(killed.child.signalCode).toBe('SIGKILL');
    }, 60_000);
  });
});
