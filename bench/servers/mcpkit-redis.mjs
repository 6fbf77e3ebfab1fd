/**
 * The mcpkit bench server (bench/server.mjs, JSON Schema) as one process of a
 * cluster: its change events, tasks, task control and leases go through the
 * Redis backplane at $BENCH_REDIS_URL, and its Multi Round-Trip keys come
 * from $BENCH_STATE_SECRET, as docs/scaling.md says to run several processes.
 * `npm run bench -- --cluster` (bench/lib/cluster.mjs) starts it over HTTP only.
 *
 * One tool of its own, `memory`: this process's `process.memoryUsage()`, after
 * a full garbage collection when node runs with --expose-gc, so the cluster
 * bench can read the heap, not only the RSS it reads from /proc.
 */
import { redisBackplane } from 'mcpkit/redis';
import { stateKeysFromSecret } from 'mcpkit/server';
import { serveMcpkitBench } from './mcpkit.mjs';

const url = process.env.BENCH_REDIS_URL;
const secret = process.env.BENCH_STATE_SECRET;
if (!url || !secret) throw new Error('servers/mcpkit-redis.mjs needs BENCH_REDIS_URL and BENCH_STATE_SECRET');

const backplane = redisBackplane({ url, keyPrefix: 'mcpkit-bench' });
await backplane.ready();

const number = { type: 'number' };
await serveMcpkitBench(
  {
    echoInput: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    addInput: { type: 'object', properties: { a: number, b: number }, required: ['a', 'b'] },
    addOutput: { type: 'object', properties: { sum: number }, required: ['sum'] },
  },
  {
    serverOptions: {
      eventBus: backplane.eventBus,
      tasks: { store: backplane.taskStore, control: backplane.taskControl, leases: backplane.taskLeases },
      stateKeys: stateKeysFromSecret(secret),
    },
    register(server) {
      server.registerTool(
        'memory',
        { description: "This process's memory use (after a full GC when node runs with --expose-gc)." },
        () => {
          globalThis.gc?.();
          const usage = process.memoryUsage();
          return { content: [{ type: 'text', text: JSON.stringify(usage) }], structuredContent: usage };
        },
      );
    },
  },
);
