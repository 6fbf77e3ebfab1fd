/**
 * Many calls at once over Streamable HTTP: an agent or gateway fires dozens of tool calls
 * together. The client must not pile listeners onto one shared signal (Node prints
 * MaxListenersExceededWarning past ten), and closing the client still fails every call in flight.
 * Nor may it hand the application one signal that every call shares: an input handler that
 * follows its `ctx.signal` (as `timers/promises` and `fetch` do) would pile listeners onto it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import { ConnectionClosedError, RequestCancelledError } from '../../src/protocol/errors.js';

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

function slowServer(gate: Promise<void>): McpServer {
  const server = new McpServer({ name: 'slow', version: '1.0.0' });
  server.registerTool('wait', { inputSchema: z.object({ n: z.number() }) }, async ({ n }) => {
    await gate;
    return { content: [{ type: 'text', text: String(n) }] };
  });
  return server;
}

describe('50 concurrent tool calls over HTTP', () => {
  for (const version of ['2026-07-28', '2025-11-25']) {
    it(`complete without a MaxListenersExceededWarning (${version})`, async () => {
      process.on('warning', onWarning);
      let open!: () => void;
      const server = slowServer(new Promise<void>((resolve) => (open = resolve)));
      const client = await Client.connect('http://localhost/mcp', {
        protocolVersion: version,
        fetch: (input, init) => server.fetch(new Request(input, init)),
      });
      const calls = Array.from({ length: 50 }, (_, n) => client.callTool('wait', { n }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      open();
      const results = await Promise.all(calls);
      expect(results.map((r) => r.content[0])).toEqual(
        Array.from({ length: 50 }, (_, n) => ({ type: 'text', text: String(n) })),
      );
      await client.close();
      server.close();
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    });
  }

  it('fails every call in flight when the client closes', async () => {
    const server = slowServer(new Promise<void>(() => {}));
    const client = await Client.connect('http://localhost/mcp', {
      fetch: (input, init) => server.fetch(new Request(input, init)),
    });
    const calls = Array.from({ length: 20 }, (_, n) => client.callTool('wait', { n }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close();
    const settled = await Promise.allSettled(calls);
    expect(settled.every((s) => s.status === 'rejected' && s.reason instanceof ConnectionClosedError)).toBe(
      true,
    );
    server.close();
  });
});

/** The client's `fetch` option per HTTP path: none (Node's own client) or the global fetch. */
const fetchOn = (path: string): { fetch?: typeof fetch } =>
  path === 'fetch' ? { fetch: (input, init) => globalThis.fetch(input, init) } : {};

describe.each(['node', 'fetch'])('200 concurrent tool calls through a real HTTP server (%s path)', (path) => {
  /** A tool that asks the user before answering: an input round (2026-07-28) or a server request (2025). */
  function askingServer(): McpServer {
    const server = new McpServer({ name: 'asking', version: '1.0.0' });
    server.registerTool('ask', { inputSchema: z.object({ n: z.number() }) }, async ({ n }, ctx) => {
      const answer = await ctx.elicit({
        mode: 'form',
        message: `Go ahead with ${n}?`,
        requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
      });
      return { content: [{ type: 'text', text: `${n}:${answer.action}` }] };
    });
    return server;
  }

  for (const version of ['2026-07-28', '2025-11-25']) {
    it(`share one caller signal, with input handlers that follow theirs, and print no MaxListenersExceededWarning (${version})`, async () => {
      process.on('warning', onWarning);
      const running = await serveHttp(askingServer(), { port: 0 });
      const client = await Client.connect(running.url.href, {
        protocolVersion: version,
        ...fetchOn(path),
        // Waits on ctx.signal, which adds an abort listener to it, as a real prompt would.
        onElicit: async (_params, ctx) => {
          await delay(100, undefined, { signal: ctx.signal });
          return { action: 'accept', content: { ok: true } };
        },
      });
      try {
        // One controller for the whole batch, as an agent cancelling a turn would use.
        const batch = new AbortController();
        const calls = Array.from({ length: 200 }, (_, n) =>
          client.callTool('ask', { n }, { signal: batch.signal }),
        );
        const results = await Promise.all(calls);
        expect(results.map((r) => r.content[0])).toEqual(
          Array.from({ length: 200 }, (_, n) => ({ type: 'text', text: `${n}:accept` })),
        );
      } finally {
        await client.close();
        await running.close();
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    }, 60_000);
  }

  it('are all cancelled by the one signal they share', async () => {
    const running = await serveHttp(slowServer(new Promise<void>(() => {})), { port: 0 });
    const client = await Client.connect(running.url.href, fetchOn(path));
    try {
      const batch = new AbortController();
      const calls = Array.from({ length: 200 }, (_, n) =>
        client.callTool('wait', { n }, { signal: batch.signal }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      batch.abort(new Error('turn cancelled'));
      const settled = await Promise.allSettled(calls);
      expect(
        settled.filter((s) => s.status === 'rejected' && s.reason instanceof RequestCancelledError),
      ).toHaveLength(200);
    } finally {
      await client.close();
      await running.close();
    }
  }, 60_000);
});

describe('a slow HTTP server', () => {
  it('is not taken for a 2025 server when its discover answer is slower than probeTimeoutMs', async () => {
    const server = new McpServer({ name: 'slow-start', version: '1.0.0' });
    server.registerTool('hello', {}, () => ({ content: [{ type: 'text', text: 'hi' }] }));
    const client = await Client.connect('http://localhost/mcp', {
      probeTimeoutMs: 20,
      fetch: async (input, init) => {
        // A busy server: every answer takes longer than the probe's stdio wait.
        await new Promise((resolve) => setTimeout(resolve, 100));
        return server.fetch(new Request(input, init));
      },
    });
    try {
      expect(client.protocolVersion).toBe('2026-07-28');
      expect((await client.callTool('hello')).content).toEqual([{ type: 'text', text: 'hi' }]);
    } finally {
      await client.close();
      server.close();
    }
  });
});
