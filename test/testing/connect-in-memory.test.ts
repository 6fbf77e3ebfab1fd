/**
 * The test kit (`mcpkit/testing`) on both eras: scripted answers are given in order and
 * recorded with the questions; a question past the end of a script fails the call (2026-07-28)
 * or the server's request (2025-11-25) naming what was asked, and `close()` reports it either
 * way; sampling and roots are answered and recorded; `auth` reaches handlers as `ctx.auth`; a
 * 2025 session gets real server-to-client requests.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuthPrincipal } from '../../src/entries/server.js';
import { McpServer } from '../../src/entries/server.js';
import type { Middleware } from '../../src/entries/session.js';
import { connectInMemory, UnscriptedInputError } from '../../src/entries/testing.js';

const VERSIONS = ['2026-07-28', '2025-11-25'] as const;

/** A server whose tools ask: `ask_twice` two questions, `sample` a model, `roots` its roots, `whoami` who calls. */
function askingServer(): McpServer {
  const server = new McpServer({ name: 'asking', version: '1' }, { warn: () => {} });
  const form = (message: string) => ({
    message,
    requestedSchema: {
      type: 'object' as const,
      properties: { answer: { type: 'string' as const } },
      required: ['answer'],
    },
  });
  server.registerTool('ask_twice', {}, async (ctx) => {
    const first = await ctx.elicit(form('First question?'));
    const second = await ctx.elicit(form('Second question?'));
    return {
      content: [
        {
          type: 'text',
          text: `${String(first.content?.answer)}/${String(second.content?.answer ?? second.action)}`,
        },
      ],
    };
  });
  server.registerTool(
    'sample',
    { inputSchema: z.object({ prompt: z.string() }) },
    async ({ prompt }, ctx) => {
      const reply = await ctx.sample({
        messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
        maxTokens: 10,
      });
      const block = Array.isArray(reply.content) ? reply.content[0] : reply.content;
      return { content: [{ type: 'text', text: block?.type === 'text' ? block.text : '?' }] };
    },
  );
  server.registerTool('roots', {}, async (ctx) => {
    const { roots } = await ctx.listRoots();
    return { content: [{ type: 'text', text: roots.map((root) => root.uri).join(',') }] };
  });
  server.registerTool('whoami', {}, (ctx) => ({
    content: [{ type: 'text', text: ctx.auth?.subject ?? 'nobody' }],
  }));
  return server;
}

const textOf = (result: { content: unknown }) => (result.content as { text?: string }[])[0]?.text;

describe.each(VERSIONS)('connectInMemory on %s', (protocolVersion) => {
  it('speaks the revision asked for', async () => {
    const { client, close } = await connectInMemory(askingServer(), { protocolVersion });
    expect(client.protocolVersion).toBe(protocolVersion);
    expect(client.server.era).toBe(protocolVersion === '2026-07-28' ? 'modern' : 'legacy');
    await close();
  });

  it('gives scripted answers in order, each answer a value or a function of the question', async () => {
    const { client, asked, close } = await connectInMemory(askingServer(), {
      protocolVersion,
      elicit: [
        { action: 'accept', content: { answer: 'one' } },
        (params) => ({ action: 'accept', content: { answer: params.message.slice(0, 6) } }),
      ],
    });
    expect(textOf(await client.callTool('ask_twice', {}))).toBe('one/Second');
    expect(asked).toEqual([
      {
        method: 'elicitation/create',
        params: expect.objectContaining({ message: 'First question?' }),
        answer: { action: 'accept', content: { answer: 'one' } },
      },
      {
        method: 'elicitation/create',
        params: expect.objectContaining({ message: 'Second question?' }),
        answer: { action: 'accept', content: { answer: 'Second' } },
      },
    ]);
    await close();
  });

  it('answers every question from a function script', async () => {
    const { client, asked, close } = await connectInMemory(askingServer(), {
      protocolVersion,
      elicit: (params) => ({ action: 'accept', content: { answer: params.message.split(' ')[0] ?? '' } }),
    });
    expect(textOf(await client.callTool('ask_twice', {}))).toBe('First/Second');
    expect(textOf(await client.callTool('ask_twice', {}))).toBe('First/Second');
    expect(asked).toHaveLength(4);
    await close();
  });

  it('fails a question past the end of the script, naming it, and close() reports it', async () => {
    const { client, asked, close } = await connectInMemory(askingServer(), {
      protocolVersion,
      elicit: [{ action: 'accept', content: { answer: 'one' } }],
    });
    const call = client.callTool('ask_twice', {});
    if (protocolVersion === '2026-07-28') {
      // The client answers on the call's next round, so the call itself fails with the kit's error.
      await expect(call).rejects.toThrow(UnscriptedInputError);
    } else {
      // A 2025 server got an error answer to its request; what the tool makes of it is the server's.
      await call.catch(() => {});
    }
    expect(asked.map((entry) => entry.method)).toEqual(['elicitation/create', 'elicitation/create']);
    expect(asked[1]).not.toHaveProperty('answer');
    const closing = close();
    await expect(closing).rejects.toThrow(UnscriptedInputError);
    await expect(closing).rejects.toThrow(
      'The server asked elicitation/create ("Second question?"), but the script has no answer left (1 scripted, all used)',
    );
    await expect(closing).rejects.toMatchObject({
      method: 'elicitation/create',
      params: expect.objectContaining({ message: 'Second question?' }),
    });
  });

  it('names the last message of an unscripted sampling request', async () => {
    const { client, close } = await connectInMemory(askingServer(), { protocolVersion, sample: [] });
    await client.callTool('sample', { prompt: 'Name a colour' }).catch(() => {});
    await expect(close()).rejects.toThrow(
      'The server asked sampling/createMessage (1 message, the last "Name a colour"), but the script has no answer left (0 scripted, all used)',
    );
  });

  it('answers sampling and roots, and records them', async () => {
    const { client, asked, close } = await connectInMemory(askingServer(), {
      protocolVersion,
      sample: [{ role: 'assistant', content: { type: 'text', text: 'teal' }, model: 'scripted' }],
      roots: [{ uri: 'file:///work/a' }, { uri: 'file:///work/b' }],
    });
    expect(textOf(await client.callTool('sample', { prompt: 'Name a colour' }))).toBe('teal');
    expect(textOf(await client.callTool('roots', {}))).toBe('file:///work/a,file:///work/b');
    expect(asked).toEqual([
      {
        method: 'sampling/createMessage',
        params: expect.objectContaining({
          messages: [{ role: 'user', content: { type: 'text', text: 'Name a colour' } }],
        }),
        answer: { role: 'assistant', content: { type: 'text', text: 'teal' }, model: 'scripted' },
      },
      { method: 'roots/list', answer: [{ uri: 'file:///work/a' }, { uri: 'file:///work/b' }] },
    ]);
    await close();
  });

  it('connects as a verified principal with auth, which handlers see as ctx.auth', async () => {
    const principal: AuthPrincipal = {
      subject: 'alice',
      clientId: 'test',
      scopes: [],
      audience: ['http://localhost/mcp'],
      expiresAt: Math.floor(Date.now() / 1000) + 60,
      claims: {},
    };
    const server = askingServer();
    const { client, close } = await connectInMemory(server, { protocolVersion, auth: principal });
    expect(textOf(await client.callTool('whoami', {}))).toBe('alice');
    await close();
    const anonymous = await connectInMemory(server, { protocolVersion });
    expect(textOf(await anonymous.client.callTool('whoami', {}))).toBe('nobody');
    await anonymous.close();
  });

  it('passes other client options through', async () => {
    const seen: string[] = [];
    const record: Middleware = (next) => (ctx, message) => {
      seen.push(`${ctx.direction} ${message.method}`);
      return next(ctx, message);
    };
    const { client, close } = await connectInMemory(askingServer(), {
      protocolVersion,
      elicit: [
        { action: 'accept', content: { answer: 'a' } },
        { action: 'accept', content: { answer: 'b' } },
      ],
      client: { middleware: [record], clientInfo: { name: 'kit-test', version: '9' } },
    });
    await client.callTool('ask_twice', {});
    // 2026-07-28: the questions come back in results, and the call goes three times (two rounds
    // of input); 2025-11-25: the server sends the client two real elicitation/create requests.
    expect(seen.filter((line) => line.includes('tools/call') || line.includes('elicitation'))).toEqual(
      protocolVersion === '2026-07-28'
        ? ['outbound tools/call', 'outbound tools/call', 'outbound tools/call']
        : ['outbound tools/call', 'inbound elicitation/create', 'inbound elicitation/create'],
    );
    await close();
  });
});

it('refuses a scripted answer that does not fit the form, naming the field (2026-07-28)', async () => {
  const { client, asked, close } = await connectInMemory(askingServer(), {
    protocolVersion: '2026-07-28',
    elicit: [{ action: 'accept', content: { answer: 42 } }],
  });
  await expect(client.callTool('ask_twice', {})).rejects.toThrow(
    /^The elicitation answer does not match the requested form: .*answer/,
  );
  expect(asked).toHaveLength(1);
  await close();
});

it('explains the 401 of a server with its own auth, connected with the kit auth option', async () => {
  const server = new McpServer(
    { name: 'protected', version: '1' },
    {
      auth: {
        resource: 'http://localhost/mcp',
        authorizationServers: ['https://as.example.com'],
        verifier: {
          verify: () => {
            throw new Error('the kit sends no token to verify');
          },
        },
      },
    },
  );
  const principal: AuthPrincipal = {
    subject: 'alice',
    clientId: 'test',
    scopes: [],
    audience: ['http://localhost/mcp'],
    expiresAt: Math.floor(Date.now() / 1000) + 60,
    claims: {},
  };
  await expect(connectInMemory(server, { auth: principal })).rejects.toThrow(
    /^connectInMemory: the server answered 401 to a request connected with `auth`/,
  );
  // Over a message transport the server's auth does not apply, as on stdio.
  server.registerTool('whoami', {}, (ctx) => ({
    content: [{ type: 'text', text: ctx.auth?.subject ?? 'nobody' }],
  }));
  const { client, close } = await connectInMemory(server);
  expect(textOf(await client.callTool('whoami', {}))).toBe('nobody');
  await close();
});
