/**
 * examples/scale-out.ts as its header says to run it: two copies on one Redis,
 * a client sending each request to the next copy (round-robin, no stickiness),
 * on 2026-07-28 (a task answered and finished across copies) and on a
 * 2025-11-25 session (state of the example's own in Redis, a resource update
 * raised by one copy reaching the stream another holds).
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createScaleOutServer } from '../../examples/scale-out.js';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { describeWithRedis, type RedisServerProcess, startRedisServer } from '../helpers/redis-server.js';

const secret = 'a-scale-out-example-test-secret-of-50-characters!!';

describeWithRedis('examples/scale-out.ts', () => {
  let redis: RedisServerProcess;
  const stops: (() => Promise<void>)[] = [];
  let urls: URL[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    for (let copy = 0; copy < 2; copy++) {
      const { server, backplane } = createScaleOutServer({
        redisUrl: redis.url,
        stateSecret: secret,
        keyPrefix: `scale-out-${process.pid}`,
      });
      await backplane.ready();
      const running = await serveHttp(server, { port: 0 });
      urls.push(running.url);
      stops.push(async () => {
        server.close();
        await running.close();
        await backplane.close();
      });
    }
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    urls = [];
    await redis?.stop();
  });

  /** A fetch that sends each request to the next copy. */
  function roundRobin(): { fetch: typeof fetch; served: number[] } {
    const served: number[] = [];
    let turn = 0;
    return {
      served,
      fetch: (input, init) => {
        const copy = turn++ % urls.length;
        served.push(copy);
        const path = new URL(typeof input === 'string' || input instanceof URL ? input : input.url).pathname;
        return fetch(new URL(path, urls[copy]), init);
      },
    };
  }

  it('runs a task that asks a question through two copies, on 2026-07-28', async () => {
    const balancer = roundRobin();
    const client = await Client.connect(urls[0]!, {
      fetch: balancer.fetch,
      tasks: true,
      onElicit: async () => ({ action: 'accept', content: { approve: true } }),
    });
    try {
      const statuses: string[] = [];
      const result = await client.callTool(
        'approve_release',
        { version: '1.2.3' },
        { onTaskStatus: (task) => statuses.push(task.status) },
      );
      expect(result.content).toEqual([{ type: 'text', text: 'Tagged 1.2.3.' }]);
      // It ran as a task, asked its question, and finished; polled through both copies.
      expect(statuses).toContain('input_required');
      expect(statuses.at(-1)).toBe('completed');
      expect(new Set(balancer.served)).toEqual(new Set([0, 1]));
    } finally {
      await client.close();
    }
  });

  it('serves one 2025-11-25 session from both copies, with the example’s own state in Redis', async () => {
    const balancer = roundRobin();
    const updates: string[] = [];
    const client = await Client.connect(urls[0]!, {
      protocolVersion: '2025-11-25',
      fetch: balancer.fetch,
      onNotification: ({ method, params }) => {
        if (method === 'notifications/resources/updated') updates.push(String(params?.uri));
      },
    });
    try {
      await client.request('resources/subscribe', { uri: 'memo://notes' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const text of ['first', 'second']) {
        await client.callTool('write_notes', { text });
        const read = await client.readResource('memo://notes');
        expect(read.contents).toEqual([{ uri: 'memo://notes', text }]);
      }
      await vi.waitFor(() => expect(updates).toEqual(['memo://notes', 'memo://notes']), { timeout: 3000 });
      expect(new Set(balancer.served)).toEqual(new Set([0, 1]));
    } finally {
      await client.close();
    }
  });
});
