/**
 * The Client's result cache against McpServer on 2026-07-28: a cacheable
 * result is reused for its `ttlMs`, fetched again after it, and dropped as
 * soon as a list_changed notification arrives on a listen stream.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type HttpAuthorizer } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import type { Middleware } from '../../src/entries/session.js';
import { type Connected, connect, eventually } from './fixtures/connect.js';
import { FILLER_TOOLS, NAMED_TOOLS, PAGE_SIZE } from './fixtures/feature-server.js';

const PAGES = Math.ceil((NAMED_TOOLS + FILLER_TOOLS) / PAGE_SIZE);

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

async function listRequests(c: Connected): Promise<number> {
  return (await c.journal()).methods['tools/list'] ?? 0;
}

describe.each(['http', 'stdio'] as const)('result cache over %s', (wire) => {
  it('reuses a listing for its ttlMs, then fetches it again', async () => {
    connected = await connect(wire, 'modern', {}, { cacheTtlMs: 400 });
    await connected.client.listAllTools();
    const first = await listRequests(connected);
    expect(first).toBe(PAGES);
    await connected.client.listAllTools();
    await connected.client.readResource('file:///README.md');
    await connected.client.readResource('file:///README.md');
    const journal = await connected.journal();
    expect(journal.methods['tools/list']).toBe(PAGES);
    expect(journal.methods['resources/read']).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 500));
    await connected.client.listAllTools();
    expect(await listRequests(connected)).toBe(2 * PAGES);
  });

  it('drops cached listings when list_changed arrives', async () => {
    connected = await connect(wire, 'modern', {}, { cacheTtlMs: 60_000 });
    const events: string[] = [];
    const controller = new AbortController();
    const listening = (async () => {
      for await (const event of connected!.client.listen(
        { toolsListChanged: true },
        { signal: controller.signal },
      ))
        events.push(event.method);
    })();
    try {
      await eventually(() => events.length >= 1);
      const before = (await connected.client.listAllTools()).map((tool) => tool.name);
      expect(before).not.toContain('spawned_0');
      await connected.client.callTool('spawn');
      await eventually(() => events.includes('notifications/tools/list_changed'));
      const after = (await connected.client.listAllTools()).map((tool) => tool.name);
      expect(after).toContain('spawned_0');
      expect(await listRequests(connected)).toBeGreaterThan(PAGES);
    } finally {
      controller.abort();
      await listening;
    }
  });

  it('does not cache when told not to, nor on a 2025 session', async () => {
    connected = await connect(wire, 'modern', { cache: false }, { cacheTtlMs: 60_000 });
    await connected.client.listAllTools();
    await connected.client.listAllTools();
    expect(await listRequests(connected)).toBe(2 * PAGES);
    await connected.close();

    connected = await connect(wire, 'legacy', {}, { cacheTtlMs: 60_000 });
    await connected.client.listAllTools();
    await connected.client.listAllTools();
    expect(await listRequests(connected)).toBe(2 * PAGES);
  });
});

describe('private cache entries and credentials', () => {
  it('never serves a private result cached under one token to another', async () => {
    const server = new McpServer({ name: 'private-cache', version: '1' }, { warn: () => {} });
    let reads = 0;
    server.registerResource('me', 'profile://me', {}, (uri) => {
      reads++;
      return { contents: [{ uri: uri.href, text: `read ${reads}` }], ttlMs: 60_000, cacheScope: 'private' };
    });
    const running = await serveHttp(server, { port: 0 });
    let token = 'alice';
    const client = await Client.connect(running.url, {
      headers: () => ({ authorization: `Bearer ${token}` }),
      warn: () => {},
    });
    try {
      await client.readResource('profile://me');
      await client.readResource('profile://me');
      expect(reads).toBe(1);
      token = 'bob';
      expect((await client.readResource('profile://me')).contents).toEqual([
        { uri: 'profile://me', text: 'read 2' },
      ]);
      expect(reads).toBe(2);
    } finally {
      await client.close();
      await running.close();
    }
  });

  it("keys private results by the authorizer's credential, not by the client", async () => {
    const server = new McpServer({ name: 'private-cache', version: '1' }, { warn: () => {} });
    let reads = 0;
    server.registerResource('me', 'profile://me', {}, (uri) => {
      reads++;
      return { contents: [{ uri: uri.href, text: `read ${reads}` }], ttlMs: 60_000, cacheScope: 'private' };
    });
    const running = await serveHttp(server, { port: 0 });
    let token = 'alice';
    // An authorizer whose token changes under the same client, as after a sign-in as someone else.
    const auth: HttpAuthorizer = {
      headers: () => ({ authorization: `Bearer ${token}` }),
      onUnauthorized: async () => false,
      credential: () => token,
    };
    const client = await Client.connect(running.url, { auth, warn: () => {} });
    try {
      await client.readResource('profile://me');
      await client.readResource('profile://me');
      expect(reads).toBe(1);
      token = 'bob';
      await client.readResource('profile://me');
      expect(reads).toBe(2);
      token = 'alice';
      await client.readResource('profile://me');
      expect(reads).toBe(2);
    } finally {
      await client.close();
      await running.close();
    }
  });
});

describe('cached results across clients', () => {
  it('keeps one frozen copy of a listing for every client of the same server', async () => {
    const server = new McpServer(
      { name: 'shared-listing', version: '1' },
      { warn: () => {}, cache: { ttlMs: 60_000, cacheScope: 'public' } },
    );
    server.registerTool(
      'echo',
      {
        description: 'Says it back',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
      },
      ({ text }) => ({ content: [{ type: 'text', text: String(text) }] }),
    );
    const running = await serveHttp(server, { port: 0 });
    const clients = await Promise.all([1, 2].map(() => Client.connect(running.url, { warn: () => {} })));
    try {
      await Promise.all(clients.map((client) => client.listAllTools()));
      // Served from each client's cache now: the same object, so a process holding many sessions
      // of one server keeps the listing once.
      const [first, second] = await Promise.all(clients.map((client) => client.listAllTools()));
      expect(first![0]!.name).toBe('echo');
      expect(second![0]).toBe(first![0]);
      expect(Object.isFrozen(first![0]!.inputSchema)).toBe(true);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await running.close();
    }
  });

  it('shares the first listing and the server description too, and each client still checks results', async () => {
    // A faulty server: `wrong` claims an output schema its results do not match.
    const faulty: Middleware = (next) => async (ctx, message) => {
      const result = await next(ctx, message);
      return ctx.direction === 'inbound' &&
        message.method === 'tools/call' &&
        message.params?.name === 'wrong'
        ? { ...result, structuredContent: { sum: 'none' } }
        : result;
    };
    const server = new McpServer(
      { name: 'shared-facts', version: '1' },
      { warn: () => {}, cache: { ttlMs: 60_000, cacheScope: 'public' }, middleware: [faulty] },
    );
    const outputSchema = {
      type: 'object',
      properties: { sum: { type: 'number' } },
      required: ['sum'],
    } as const;
    for (const name of ['sum', 'wrong'])
      server.registerTool(name, { inputSchema: { type: 'object' }, outputSchema }, () => ({
        structuredContent: { sum: 3 },
      }));
    const running = await serveHttp(server, { port: 0 });
    const clients = await Promise.all([1, 2].map(() => Client.connect(running.url, { warn: () => {} })));
    try {
      const [first, second] = await Promise.all(clients.map((client) => client.listAllTools()));
      // The first listing is already the process's one frozen copy, not each client's own.
      expect(second![0]).toBe(first![0]);
      expect(Object.isFrozen(first)).toBe(false);
      expect(Object.isFrozen(first![0])).toBe(true);
      expect(clients[1]!.server).toBe(clients[0]!.server);
      expect(Object.isFrozen(clients[0]!.server.capabilities)).toBe(true);
      expect(clients[0]!.server.serverInfo?.name).toBe('shared-facts');
      expect((await clients[0]!.callTool('sum', {})).structuredContent).toEqual({ sum: 3 });
      await expect(clients[1]!.callTool('wrong', {})).rejects.toThrow(/does not match its outputSchema/);
      await expect(clients[0]!.callTool('wrong', {})).rejects.toThrow(/does not match its outputSchema/);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await running.close();
    }
  });
});
