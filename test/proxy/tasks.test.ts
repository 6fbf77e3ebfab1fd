/**
 * Tasks through the proxy: a proxy that serves tasks runs a task-augmented call as a task of its
 * own that forwards the call, with the upstream's question answered through the task, its result
 * fetched with tasks/result, and tasks/cancel reaching the upstream call. On both downstream eras,
 * over an upstream on either era.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/client/client.js';
import { createProxy, type McpProxy } from '../../src/client/proxy/proxy.js';
import { serveHttp } from '../../src/node/serve-http.js';
import { McpServer } from '../../src/server/mcp-server.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';

const LEGACY = '2025-11-25';

function createTaskUpstream() {
  const seen = { cancelled: 0 };
  const server = new McpServer({ name: 'task-upstream', version: '1.0.0' }, { tasks: {}, warn: () => {} });
  server.registerTool(
    'book',
    { description: 'Books after asking', execution: { taskSupport: 'optional' } },
    async (ctx) => {
      const answer = await ctx.elicit({
        message: 'Confirm the booking?',
        requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
      });
      return { content: [{ type: 'text', text: answer.content?.ok === true ? 'booked' : 'not booked' }] };
    },
  );
  server.registerTool(
    'confirm',
    { description: 'Asks within a task it must run as', execution: { taskSupport: 'required' } },
    async (ctx) => {
      const answer = await ctx.elicit({
        message: 'Really?',
        requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
      });
      return { content: [{ type: 'text', text: answer.content?.ok === true ? 'confirmed' : 'refused' }] };
    },
  );
  server.registerTool(
    'hang',
    { description: 'Runs until cancelled', execution: { taskSupport: 'required' } },
    (ctx) =>
      new Promise((resolve) => {
        ctx.signal.addEventListener(
          'abort',
          () => {
            seen.cancelled++;
            resolve({ content: [{ type: 'text', text: 'stopped' }] });
          },
          { once: true },
        );
      }),
  );
  return { server, seen };
}

for (const [upstreamName, upstreamVersion] of [
  ['2026-07-28', undefined],
  ['2025-11-25', LEGACY],
] as const) {
  describe(`tasks through the proxy, upstream on ${upstreamName}`, () => {
    let upstream: RunningHttpServer;
    let proxy: McpProxy;
    let served: RunningHttpServer;
    let seen: { cancelled: number };

    beforeAll(async () => {
      const made = createTaskUpstream();
      seen = made.seen;
      upstream = await serveHttp(made.server, { port: 0 });
      proxy = await createProxy(upstream.url, {
        client: { warn: () => {}, ...(upstreamVersion && { protocolVersion: upstreamVersion }) },
        server: { tasks: { pollIntervalMs: 20 }, warn: () => {} },
      });
      served = await serveHttp(proxy.server, { port: 0 });
    });
    afterAll(async () => {
      await served?.close();
      await proxy?.close();
      await upstream?.close();
    });

    for (const [downstreamName, downstreamVersion] of [
      ['2026-07-28', undefined],
      ['2025-11-25', LEGACY],
    ] as const) {
      it(`runs a downstream ${downstreamName} call as a task, its question answered through the task`, async () => {
        const client = await Client.connect(served.url, {
          warn: () => {},
          onElicit: async () => ({ action: 'accept', content: { ok: true } }),
          ...(downstreamVersion && { protocolVersion: downstreamVersion }),
        });
        try {
          if (downstreamVersion) await client.listAllTools(); // 2025 lists each tool's task support
          const task = await client.callToolTask('book', {});
          expect(task.taskId).not.toBe('');
          const result = await task.result();
          expect(result.content[0]).toMatchObject({ text: 'booked' });
        } finally {
          await client.close();
        }
      });

      it(`puts the question of an upstream task-only tool to a downstream ${downstreamName} caller`, async () => {
        const client = await Client.connect(served.url, {
          warn: () => {},
          onElicit: async ({ message }) => ({ action: 'accept', content: { ok: message === 'Really?' } }),
          ...(downstreamVersion && { protocolVersion: downstreamVersion }),
        });
        try {
          await client.listAllTools();
          const result = await client.callTool('confirm', {});
          expect(result.content[0]).toMatchObject({ text: 'confirmed' });
        } finally {
          await client.close();
        }
      });

      it(`cancels the upstream call when a downstream ${downstreamName} client cancels the task`, async () => {
        const client = await Client.connect(served.url, {
          warn: () => {},
          ...(downstreamVersion && { protocolVersion: downstreamVersion }),
        });
        try {
          if (downstreamVersion) await client.listAllTools();
          const before = seen.cancelled;
          const task = await client.callToolTask('hang', {});
          expect(task.taskId).not.toBe('');
          await new Promise((resolve) => setTimeout(resolve, 200));
          await task.cancel();
          await expect.poll(() => seen.cancelled, { timeout: 5000 }).toBe(before + 1);
        } finally {
          await client.close();
        }
      });
    }
  });
}
