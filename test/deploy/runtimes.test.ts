/**
 * The README's own server deployed on workerd (Cloudflare Workers' runtime),
 * Deno and Bun through `server.fetch` as docs/deploy.md's recipes say, with
 * each runtime's binary from its npm package, and driven over HTTP by mcpkit's client on both wires: a
 * 2026-07-28 client (tools/list, the forecast's elicitation as a Multi
 * Round-Trip, a listen stream hearing a tool added at run time) and a
 * 2025-11-25 session (the same calls, the elicitation on the call's stream,
 * the change on the session's GET stream). The requests reach the server as
 * `127.0.0.1:<port>`, and a second call shows that `server.fetch` answers a
 * public Host (a `*.workers.dev` name) by default, and refuses a foreign page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { rawPost } from '../helpers/raw-post.js';
import { type RuntimeServer, startRuntimeServer } from '../helpers/runtime-server.js';
import { until } from '../helpers/stream-pair.js';
import { bundleReadmeServer, type Runtime, workerdConfig } from './readme-server.js';

const dir = mkdtempSync(join(tmpdir(), 'mcpkit-deploy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rejects after `ms` with `what`, so a hang reads as the step that hung. */
function within<T>(what: string, ms: number, pending: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}

for (const runtime of ['workerd', 'deno', 'bun'] as const satisfies readonly Runtime[]) {
  describe(`the README's server on ${runtime}`, () => {
    let server: RuntimeServer;
    let url: string;

    beforeAll(async () => {
      server = await startRuntimeServer(runtime, await bundleReadmeServer(runtime, dir), workerdConfig);
      url = `${server.origin}/mcp`;
    }, 30_000);

    afterAll(async () => {
      await server?.stop();
    });

    /** Registers one more tool on the server; resolves to its name. */
    const change = async () => (await fetch(`${server.origin}/change`)).text();

    it('serves a 2026-07-28 client: tools/list, an elicitation round, a listen stream', async () => {
      const asked: string[] = [];
      const client = await Client.connect(url, {
        protocolVersion: '2026-07-28',
        timeoutMs: 10_000,
        warn: () => {},
        onElicit: async ({ message }: { message: string }) => {
          asked.push(message);
          return { action: 'accept' as const, content: { metric: false } };
        },
      });
      const controller = new AbortController();
      try {
        expect(client.protocolVersion).toBe('2026-07-28');
        const names = (await client.listAllTools()).map((tool) => tool.name);
        expect(names).toContain('forecast');

        const result = await client.callTool('forecast', { city: 'Oslo' });
        expect(result.structuredContent).toEqual({ tempC: 70 });
        expect(asked).toEqual(['Metric units for Oslo?']);

        const events = client.listen({ toolsListChanged: true }, { signal: controller.signal });
        const iterator = events[Symbol.asyncIterator]();
        const ack = await within('listen acknowledgement', 10_000, iterator.next());
        expect(ack.value?.method).toBe('notifications/subscriptions/acknowledged');
        const added = await change();
        const heard = await within('tools/list_changed on the listen stream', 10_000, iterator.next());
        expect(heard.value?.method).toBe('notifications/tools/list_changed');
        expect((await client.listAllTools()).map((tool) => tool.name)).toContain(added);
      } finally {
        controller.abort();
        await client.close();
      }
    }, 30_000);

    it('serves a 2025-11-25 session: tools/list, an elicitation on the call stream, the GET stream', async () => {
      const asked: string[] = [];
      const heard: string[] = [];
      const connecting = Date.now();
      const client = await Client.connect(url, {
        protocolVersion: '2025-11-25',
        timeoutMs: 10_000,
        warn: () => {},
        onElicit: async ({ message }: { message: string }) => {
          asked.push(message);
          return { action: 'accept' as const, content: { metric: true } };
        },
        onNotification: ({ method }) => {
          heard.push(method);
        },
      });
      // The client waits up to 5 s for the GET stream's headers: a runtime that holds them back
      // until the first body bytes (Bun) stalls every connect unless the server writes at once.
      const connectMs = Date.now() - connecting;
      try {
        expect(connectMs).toBeLessThan(4000);
        expect(client.protocolVersion).toBe('2025-11-25');
        expect((await client.listAllTools()).map((tool) => tool.name)).toContain('forecast');
        const result = await client.callTool('forecast', { city: 'Lima' });
        expect(result.structuredContent).toEqual({ tempC: 21 });
        expect(asked).toEqual(['Metric units for Lima?']);

        // The session's GET stream opens after initialize; a change raised now must reach it.
        const added = await change();
        await until(() => heard.includes('notifications/tools/list_changed'), 10_000);
        expect((await client.listAllTools()).map((tool) => tool.name)).toContain(added);
      } finally {
        await client.close();
      }
    }, 30_000);

    it('answers a public Host by default and refuses a foreign web page, naming the option', async () => {
      // A Worker's deployed name, sent as the Workers edge would (fetch cannot set Host; node:http can).
      const deployed = await rawPost(url, { host: 'weather.example.workers.dev' });
      expect(deployed.status).toBe(200);
      expect(deployed.body).toContain('"protocolVersion":"2025-11-25"');
      const page = await rawPost(url, { origin: 'https://evil.example' });
      expect(page.status).toBe(403);
      expect(page.body).toContain('hostProtection');
    });
  });
}
