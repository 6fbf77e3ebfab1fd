/**
 * Per-caller visibility (McpServerOptions.visibility): two principals of one server see different
 * tools, prompts, resources and templates, cannot use each other's, and get list results marked
 * private, on both eras, through mcpkit's client.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createVisibilityServer } from '../../examples/visibility.js';
import { McpError } from '../../src/entries/protocol.js';
import {
  type AuthPrincipal,
  McpServer,
  ResourceTemplate,
  type VisibilityTarget,
} from '../../src/entries/server.js';
import { connectInMemory } from '../../src/entries/testing.js';
import { envelope, modernPost, rpc, sseMessages } from '../helpers/http-rpc.js';

function principal(subject: string, scopes: string[]): AuthPrincipal {
  return { subject, clientId: 'app', scopes, audience: ['mcp'], expiresAt: 4_102_444_800, claims: {} };
}

const alice = principal('alice', ['admin']);
const bob = principal('bob', []);

/** What only an admin may see: names starting with admin_, and URIs under /admin. */
function adminOnly(target: VisibilityTarget): boolean {
  switch (target.kind) {
    case 'tool':
    case 'prompt':
      return target.name.startsWith('admin_');
    case 'resource':
      return target.uri.includes('/admin');
    case 'resourceTemplate':
      return target.name === 'admin_logs';
  }
}

function sharedServer(seen: VisibilityTarget['kind'][] = []) {
  const server = new McpServer(
    { name: 'shared', version: '1.0.0' },
    {
      cache: { ttlMs: 60_000, cacheScope: 'public' },
      visibility: (target, ctx) => {
        seen.push(target.kind);
        return !adminOnly(target) || (ctx.auth?.scopes.includes('admin') ?? false);
      },
    },
  );
  server.registerTool('search', { inputSchema: z.object({ q: z.string() }) }, ({ q }) => ({
    content: [{ type: 'text', text: `found ${q}` }],
  }));
  server.registerTool('admin_reset', {}, () => ({ content: [{ type: 'text', text: 'reset' }] }));
  server.registerPrompt('summary', {}, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'Summarize.' } }],
  }));
  server.registerPrompt('admin_audit', { argsSchema: z.object({ team: z.string() }) }, ({ team }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Audit ${team}.` } }],
  }));
  const read = (uri: URL) => ({ contents: [{ uri: uri.href, text: uri.href }] });
  server.registerResource('readme', 'notes://public/readme', {}, read);
  server.registerResource('keys', 'notes://admin/keys', {}, read);
  server.registerResource(
    'files',
    new ResourceTemplate('files://{area}/{name}', {
      list: () => ({
        resources: [
          { uri: 'files://public/a.txt', name: 'a.txt' },
          { uri: 'files://admin/b.txt', name: 'b.txt' },
        ],
      }),
    }),
    {},
    read,
  );
  server.registerResource(
    'admin_logs',
    new ResourceTemplate('logs://{day}', {
      list: undefined,
      complete: { day: (value) => ['monday', 'tuesday'].filter((day) => day.startsWith(value)) },
    }),
    {},
    read,
  );
  return server;
}

describe.each(['2026-07-28', '2025-11-25'])('visibility on %s', (protocolVersion) => {
  it('gives each principal its own lists', async () => {
    const server = sharedServer();
    const admin = await connectInMemory(server, { auth: alice, protocolVersion });
    const user = await connectInMemory(server, { auth: bob, protocolVersion });
    try {
      const names = (items: { name: string }[]) => items.map((item) => item.name);
      expect(names(await admin.client.listAllTools())).toEqual(['search', 'admin_reset']);
      expect(names(await user.client.listAllTools())).toEqual(['search']);
      expect(names(await admin.client.listAllPrompts())).toEqual(['summary', 'admin_audit']);
      expect(names(await user.client.listAllPrompts())).toEqual(['summary']);
      const uris = (items: { uri: string }[]) => items.map((item) => item.uri);
      expect(uris(await admin.client.listAllResources())).toEqual([
        'notes://public/readme',
        'notes://admin/keys',
        'files://public/a.txt',
        'files://admin/b.txt',
      ]);
      expect(uris(await user.client.listAllResources())).toEqual([
        'notes://public/readme',
        'files://public/a.txt',
      ]);
      expect(names(await admin.client.listAllResourceTemplates())).toEqual(['files', 'admin_logs']);
      expect(names(await user.client.listAllResourceTemplates())).toEqual(['files']);
    } finally {
      await admin.close();
      await user.close();
    }
  });

  it('refuses what a caller may not see as if it did not exist', async () => {
    const server = sharedServer();
    const admin = await connectInMemory(server, { auth: alice, protocolVersion });
    const user = await connectInMemory(server, { auth: bob, protocolVersion });
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'answered',
        (error: unknown) =>
          error instanceof McpError ? { code: error.code, message: error.message } : String(error),
      );
    try {
      // The admin may use all of it.
      const reset = await admin.client.request('tools/call', { name: 'admin_reset', arguments: {} });
      expect(reset.content).toEqual([{ type: 'text', text: 'reset' }]);
      expect((await admin.client.readResource('notes://admin/keys')).contents).toHaveLength(1);
      expect((await admin.client.readResource('files://admin/b.txt')).contents).toHaveLength(1);
      expect((await admin.client.getPrompt('admin_audit', { team: 'ops' })).messages).toHaveLength(1);
      const days = await admin.client.complete(
        { type: 'ref/resource', uri: 'logs://{day}' },
        { name: 'day', value: 'm' },
      );
      expect(days.completion.values).toEqual(['monday']);

      // The other gets the answers an unknown name or URI gets.
      const hiddenTool = await refusal(
        user.client.request('tools/call', { name: 'admin_reset', arguments: {} }),
      );
      const unknownTool = await refusal(
        user.client.request('tools/call', { name: 'no_such_tool', arguments: {} }),
      );
      expect(hiddenTool).toEqual({ code: -32602, message: 'Unknown tool: admin_reset' });
      expect(unknownTool).toEqual({ code: -32602, message: 'Unknown tool: no_such_tool' });
      const hiddenRead = await refusal(user.client.readResource('notes://admin/keys'));
      const unknownRead = await refusal(user.client.readResource('notes://nowhere'));
      expect(hiddenRead).toMatchObject({ code: (unknownRead as { code: number }).code });
      expect(await refusal(user.client.readResource('files://admin/b.txt'))).toMatchObject({
        code: (unknownRead as { code: number }).code,
      });
      expect(await refusal(user.client.readResource('logs://monday'))).toMatchObject({
        code: (unknownRead as { code: number }).code,
      });
      expect(await refusal(user.client.getPrompt('admin_audit', { team: 'ops' }))).toEqual({
        code: -32602,
        message: 'Unknown prompt: admin_audit',
      });
      expect(
        await refusal(
          user.client.complete({ type: 'ref/prompt', name: 'admin_audit' }, { name: 'team', value: 'o' }),
        ),
      ).toEqual({ code: -32602, message: 'Unknown prompt: admin_audit' });
      expect(
        await refusal(
          user.client.complete({ type: 'ref/resource', uri: 'logs://{day}' }, { name: 'day', value: 'm' }),
        ),
      ).toMatchObject({ code: -32602 });

      // What both may see works for both.
      const found = await user.client.callTool('search', { q: 'x' });
      expect(found.content).toEqual([{ type: 'text', text: 'found x' }]);
      expect((await user.client.readResource('files://public/a.txt')).contents).toHaveLength(1);
    } finally {
      await admin.close();
      await user.close();
    }
  });
});

describe('visibility and caching', () => {
  it('marks list results private, even on a server whose hints are public', async () => {
    const server = sharedServer();
    const fetchAs = (who: AuthPrincipal) => (request: Request) => server.fetch(request, { auth: who });
    for (const method of ['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list']) {
      const reply = await rpc(fetchAs(bob), method, {}, { meta: envelope() });
      expect(reply.body.result).toMatchObject({ cacheScope: 'private', ttlMs: 60_000 });
    }
    // What does not depend on the caller keeps the server's hints.
    const discover = await rpc(fetchAs(bob), 'server/discover', {}, { meta: envelope() });
    expect(discover.body.result).toMatchObject({ cacheScope: 'public' });
  });

  it('leaves a server without a filter as it was: public hints, no filtering', async () => {
    const server = new McpServer(
      { name: 'open', version: '1.0.0' },
      { cache: { ttlMs: 1000, cacheScope: 'public' } },
    );
    server.registerTool('admin_reset', {}, () => ({ content: [] }));
    const reply = await rpc((request) => server.fetch(request, { auth: bob }), 'tools/list');
    expect(reply.body.result).toMatchObject({ cacheScope: 'public', tools: [{ name: 'admin_reset' }] });
  });

  it('asks the filter about each kind of target', async () => {
    const seen: VisibilityTarget['kind'][] = [];
    const server = sharedServer(seen);
    const user = await connectInMemory(server, { auth: bob });
    try {
      await user.client.listAllTools();
      await user.client.listAllPrompts();
      await user.client.listAllResources();
      await user.client.listAllResourceTemplates();
    } finally {
      await user.close();
    }
    expect(new Set(seen)).toEqual(new Set(['tool', 'prompt', 'resource', 'resourceTemplate']));
  });
});

describe('visibility of listen subscriptions', () => {
  it('does not subscribe a caller to a resource it may not see', async () => {
    const server = sharedServer();
    const message = {
      jsonrpc: '2.0',
      id: 1,
      method: 'subscriptions/listen',
      params: {
        notifications: { resourceSubscriptions: ['notes://public/readme', 'notes://admin/keys'] },
        _meta: envelope(),
      },
    };
    const controller = new AbortController();
    const response = await server.fetch(modernPost(message, controller.signal), { auth: bob });
    // The stream's first event is the acknowledgement: it names only the visible resource.
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => {});
    const [acknowledgement] = sseMessages(text);
    expect(acknowledgement).toMatchObject({
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: { resourceSubscriptions: ['notes://public/readme'] } },
    });
  });

  it('refuses a 2025 subscription to a resource the caller may not see, as for an unknown one', async () => {
    const server = sharedServer();
    const admin = await connectInMemory(server, { auth: alice, protocolVersion: '2025-11-25' });
    const user = await connectInMemory(server, { auth: bob, protocolVersion: '2025-11-25' });
    const code = (promise: Promise<unknown>) =>
      promise.then(
        () => 'answered',
        (error: unknown) => (error instanceof McpError ? error.code : String(error)),
      );
    try {
      expect(await code(admin.client.request('resources/subscribe', { uri: 'notes://admin/keys' }))).toBe(
        'answered',
      );
      expect(await code(user.client.request('resources/subscribe', { uri: 'notes://public/readme' }))).toBe(
        'answered',
      );
      const hidden = await code(user.client.request('resources/subscribe', { uri: 'notes://admin/keys' }));
      expect(hidden).toBe(await code(user.client.readResource('notes://nowhere')));
      expect(await code(user.client.request('resources/subscribe', { uri: 'files://admin/b.txt' }))).toBe(
        hidden,
      );
    } finally {
      await admin.close();
      await user.close();
    }
  });
});

describe('examples/visibility.ts', () => {
  it('shows billing tools and the ledger only to billing staff', async () => {
    const server = createVisibilityServer();
    const staff = await connectInMemory(server, { auth: principal('carol', ['billing']) });
    const agent = await connectInMemory(server, { auth: principal('dave', ['support']) });
    try {
      const names = async (client: typeof staff.client) =>
        (await client.listAllTools()).map((tool) => tool.name);
      expect(await names(staff.client)).toEqual(['lookup_customer', 'billing_refund']);
      expect(await names(agent.client)).toEqual(['lookup_customer']);
      expect((await staff.client.callTool('billing_refund', { invoice: 'INV-1' })).content).toEqual([
        { type: 'text', text: 'Refunded INV-1.' },
      ]);
      await expect(
        agent.client.request('tools/call', { name: 'billing_refund', arguments: { invoice: 'INV-1' } }),
      ).rejects.toThrow('Unknown tool: billing_refund');
      expect((await agent.client.listAllResources()).map((resource) => resource.uri)).toEqual([]);
      await expect(agent.client.readResource('ledger://2026')).rejects.toBeInstanceOf(McpError);
      expect((await staff.client.readResource('ledger://2026')).contents[0]).toMatchObject({
        mimeType: 'text/csv',
      });
    } finally {
      await staff.close();
      await agent.close();
    }
  });
});
