/**
 * Tools, resources, prompts, completion, pagination and registration handles,
 * through server.fetch as a client would see them.
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { McpServer, ResourceTemplate } from '../../src/entries/server.js';
import { compileCount } from '../../src/schema/index.js';
import { envelope, rpc } from '../helpers/http-rpc.js';

const quiet = { warn: () => {} };
const on = (s: McpServer) => (request: Request) => s.fetch(request);

describe('tools', () => {
  function tools(failures: Error[] = []) {
    const s = new McpServer(
      { name: 't', version: '1' },
      { ...quiet, onError: (error) => failures.push(error) },
    );
    s.registerTool(
      'add',
      {
        title: 'Add',
        description: 'Adds two numbers',
        inputSchema: z.object({ a: z.number(), b: z.number() }),
        outputSchema: z.object({ sum: z.number() }),
        annotations: { readOnlyHint: true },
        icons: [{ src: 'https://example.com/add.png', mimeType: 'image/png' }],
      },
      ({ a, b }) => ({ structuredContent: { sum: a + b } }),
    );
    s.registerTool('primes', { outputSchema: { type: 'array', items: { type: 'integer' } } }, () => ({
      structuredContent: [2, 3, 5],
    }));
    s.registerTool(
      'liar',
      { outputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } },
      () => ({
        // @ts-expect-error: the tool lies on purpose; the server must still refuse it at run time.
        structuredContent: { n: 'not a number' },
      }),
    );
    s.registerTool('explode', {}, () => {
      throw new Error('disk full');
    });
    return s;
  }

  it('lists tools in registration order with their metadata and schemas', async () => {
    const reply = await rpc(on(tools()), 'tools/list');
    const listed = reply.body.result?.tools as Record<string, unknown>[];
    expect(listed.map((t) => t.name)).toEqual(['add', 'primes', 'liar', 'explode']);
    expect(listed[0]).toMatchObject({
      title: 'Add',
      description: 'Adds two numbers',
      annotations: { readOnlyHint: true },
      icons: [{ src: 'https://example.com/add.png' }],
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
      outputSchema: { type: 'object', properties: { sum: { type: 'number' } } },
    });
    expect(listed[3]).toMatchObject({ description: 'explode', inputSchema: { type: 'object' } });
    expect(reply.body.result).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
  });

  it('validates arguments into a tool error the model can read (SEP-1303)', async () => {
    const reply = await rpc(on(tools()), 'tools/call', { name: 'add', arguments: { a: 1, b: 'two' } });
    expect(reply.body.result).toMatchObject({ isError: true, content: [{ type: 'text' }] });
    expect((reply.body.result!.content as { text: string }[])[0]!.text).toMatch(
      /Invalid arguments for tool add/,
    );
  });

  it('returns structured content with a derived text block, for objects and non-object roots (SEP-2106)', async () => {
    const s = tools();
    const added = await rpc(on(s), 'tools/call', { name: 'add', arguments: { a: 2, b: 3 } });
    expect(added.body.result).toMatchObject({
      structuredContent: { sum: 5 },
      content: [{ type: 'text', text: '{"sum":5}' }],
    });
    const primes = await rpc(on(s), 'tools/call', { name: 'primes' });
    expect(primes.body.result).toMatchObject({
      structuredContent: [2, 3, 5],
      content: [{ type: 'text', text: '[2,3,5]' }],
    });
  });

  it('refuses structured content that breaks the output schema, and turns exceptions into tool errors', async () => {
    const failures: Error[] = [];
    const s = tools(failures);
    const liar = await rpc(on(s), 'tools/call', { name: 'liar' });
    expect(liar.body.error).toMatchObject({ code: -32603, message: expect.stringContaining('outputSchema') });
    const explode = await rpc(on(s), 'tools/call', { name: 'explode' });
    // The exception's message is the server's business: the client reads a generic tool error.
    expect(explode.body.result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'Internal error' }],
    });
    expect(JSON.stringify(explode.body)).not.toContain('disk full');
    expect(failures.map((error) => error.message)).toEqual(['disk full']);
  });

  it('answers an unknown tool with -32602', async () => {
    const reply = await rpc(on(tools()), 'tools/call', { name: 'nope' });
    expect(reply.body.error).toMatchObject({ code: -32602, message: 'Unknown tool: nope' });
  });

  it('warns about tool names outside the portable set', () => {
    const warn = vi.fn();
    new McpServer({ name: 't', version: '1' }, { warn }).registerTool('has space', {}, () => ({
      content: [],
    }));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('has space'));
  });

  it('takes names of up to 128 portable characters without a warning (SEP-986 as adopted), and warns past that', () => {
    const warn = vi.fn();
    const server = new McpServer({ name: 't', version: '1' }, { warn });
    const noop = () => ({ content: [] });
    server.registerTool('a'.repeat(65), {}, noop);
    server.registerTool(`ns.${'b'.repeat(120)}_v-2`, {}, noop);
    expect(warn).not.toHaveBeenCalled();
    server.registerTool('c'.repeat(129), {}, noop);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('1-128 characters'));
    server.registerTool('ns/tool', {}, noop);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('compiles each schema once, however many calls validate against it', async () => {
    const s = new McpServer({ name: 't', version: '1' }, quiet);
    const before = compileCount();
    s.registerTool(
      'echo',
      { inputSchema: { type: 'object', properties: { x: { type: 'string' } } } },
      ({ x }) => ({
        content: [{ type: 'text', text: String(x) }],
      }),
    );
    const afterRegistration = compileCount();
    expect(afterRegistration).toBe(before + 1);
    for (let i = 0; i < 20; i++) await rpc(on(s), 'tools/call', { name: 'echo', arguments: { x: `${i}` } });
    expect(compileCount()).toBe(afterRegistration);
  });
});

describe('registration handles', () => {
  it('disable, enable, update and remove change what is listed and callable', async () => {
    const s = new McpServer({ name: 't', version: '1' }, quiet);
    const tool = s.registerTool('greet', { description: 'v1' }, () => ({
      content: [{ type: 'text', text: 'hi' }],
    }));
    const names = async () =>
      (await rpc(on(s), 'tools/list')).body.result?.tools as { name: string; description: string }[];
    tool.disable();
    expect(await names()).toEqual([]);
    expect((await rpc(on(s), 'tools/call', { name: 'greet' })).body.error?.code).toBe(-32602);
    tool.enable();
    tool.update({ description: 'v2', name: 'hello' });
    expect(await names()).toMatchObject([{ name: 'hello', description: 'v2' }]);
    tool.remove();
    expect(await names()).toEqual([]);
  });
});

describe('resources', () => {
  function resources() {
    const s = new McpServer(
      { name: 'r', version: '1' },
      { ...quiet, cache: { ttlMs: 60_000, cacheScope: 'public' } },
    );
    s.registerResource(
      'readme',
      'file:///readme.md',
      { mimeType: 'text/markdown', title: 'Read me' },
      (uri) => ({
        contents: [{ uri: uri.href, mimeType: 'text/markdown', text: '# Hello' }],
      }),
    );
    s.registerResource('logo', 'file:///logo.png', { mimeType: 'image/png' }, (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'image/png', blob: 'iVBORw0KGgo=' }],
      ttlMs: 5,
      cacheScope: 'private',
    }));
    s.registerResource(
      'user',
      new ResourceTemplate('users://{id}/profile', {
        list: () => ({ resources: [{ uri: 'users://1/profile', name: 'Ada' }] }),
        complete: {
          id: (value) => Array.from({ length: 150 }, (_, i) => `${i}`).filter((id) => id.startsWith(value)),
        },
      }),
      { mimeType: 'application/json' },
      (uri, { id }) => ({ contents: [{ uri: uri.href, text: JSON.stringify({ id }) }] }),
    );
    s.registerResource('empty', 'file:///empty', {}, () => ({ contents: [] }));
    return s;
  }

  it('lists fixed resources and those templates enumerate; lists templates', async () => {
    const s = resources();
    const listed = (await rpc(on(s), 'resources/list')).body.result;
    expect((listed!.resources as { uri: string }[]).map((r) => r.uri)).toEqual([
      'file:///readme.md',
      'file:///logo.png',
      'file:///empty',
      'users://1/profile',
    ]);
    expect(listed).toMatchObject({ ttlMs: 60_000, cacheScope: 'public' });
    const templates = (await rpc(on(s), 'resources/templates/list')).body.result;
    expect(templates?.resourceTemplates).toEqual([
      { uriTemplate: 'users://{id}/profile', name: 'user', mimeType: 'application/json' },
    ]);
  });

  it('reads text, binary and templated resources, with per-result cache hints', async () => {
    const s = resources();
    expect((await rpc(on(s), 'resources/read', { uri: 'file:///readme.md' })).body.result).toMatchObject({
      contents: [{ text: '# Hello' }],
      ttlMs: 60_000,
    });
    expect((await rpc(on(s), 'resources/read', { uri: 'file:///logo.png' })).body.result).toMatchObject({
      contents: [{ blob: 'iVBORw0KGgo=' }],
      ttlMs: 5,
      cacheScope: 'private',
    });
    expect((await rpc(on(s), 'resources/read', { uri: 'users://42/profile' })).body.result).toMatchObject({
      contents: [{ uri: 'users://42/profile', text: '{"id":"42"}' }],
    });
  });

  it('answers a missing resource, and an empty read, with -32602 carrying the URI (SEP-2164)', async () => {
    const s = resources();
    for (const uri of ['file:///nope', 'file:///empty']) {
      const reply = await rpc(on(s), 'resources/read', { uri });
      expect(reply.body.error).toMatchObject({ code: -32602, data: { uri } });
    }
  });

  it('completes template variables, at most 100 values with hasMore', async () => {
    const reply = await rpc(on(resources()), 'completion/complete', {
      ref: { type: 'ref/resource', uri: 'users://{id}/profile' },
      argument: { name: 'id', value: '' },
    });
    const completion = reply.body.result?.completion as { values: string[]; total: number; hasMore: boolean };
    expect(completion.values).toHaveLength(100);
    expect(completion).toMatchObject({ total: 150, hasMore: true });
  });
});

describe('prompts', () => {
  function prompts() {
    const s = new McpServer({ name: 'p', version: '1' }, quiet);
    s.registerPrompt(
      'review',
      {
        description: 'Review code',
        argsSchema: z.object({ code: z.string().describe('The code'), style: z.string().optional() }),
        complete: { style: (value) => ['strict', 'gentle'].filter((v) => v.startsWith(value)) },
      },
      ({ code }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Review: ${code}` } }] }),
    );
    return s;
  }

  it('lists arguments from the schema and renders the prompt', async () => {
    const s = prompts();
    const listed = (await rpc(on(s), 'prompts/list')).body.result?.prompts;
    expect(listed).toEqual([
      {
        name: 'review',
        description: 'Review code',
        arguments: [
          { name: 'code', description: 'The code', required: true },
          { name: 'style', required: false },
        ],
      },
    ]);
    const got = await rpc(on(s), 'prompts/get', { name: 'review', arguments: { code: 'x = 1' } });
    expect(got.body.result?.messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'Review: x = 1' } },
    ]);
  });

  it('answers missing required arguments and unknown prompts with -32602', async () => {
    const s = prompts();
    expect((await rpc(on(s), 'prompts/get', { name: 'review', arguments: {} })).body.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('code'),
    });
    expect((await rpc(on(s), 'prompts/get', { name: 'nope' })).body.error?.code).toBe(-32602);
  });

  it('completes prompt arguments', async () => {
    const reply = await rpc(on(prompts()), 'completion/complete', {
      ref: { type: 'ref/prompt', name: 'review' },
      argument: { name: 'style', value: 'st' },
    });
    expect(reply.body.result?.completion).toEqual({ values: ['strict'], total: 1, hasMore: false });
  });
});

describe('pagination', () => {
  it('walks a list page by page with opaque cursors and rejects foreign cursors', async () => {
    const s = new McpServer({ name: 'p', version: '1' }, { ...quiet, pageSize: 2 });
    for (let i = 0; i < 5; i++) s.registerTool(`t${i}`, {}, () => ({ content: [] }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await rpc(on(s), 'tools/list', cursor === undefined ? {} : { cursor })).body.result!;
      seen.push(...(page.tools as { name: string }[]).map((t) => t.name));
      cursor = page.nextCursor as string | undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual(['t0', 't1', 't2', 't3', 't4']);
    expect((await rpc(on(s), 'tools/list', { cursor: 'garbage' })).body.error?.code).toBe(-32602);
  });
});

describe('discover and per-request logging', () => {
  it('declares what is registered, identifies the server and adds cache hints', async () => {
    const s = new McpServer(
      { name: 'disc', version: '2.0.0' },
      { ...quiet, instructions: 'Be nice.', capabilities: { extensions: { 'com.example/x': {} } } },
    );
    s.registerTool('t', {}, () => ({ content: [] }));
    const result = (await rpc(on(s), 'server/discover')).body.result;
    expect(result).toMatchObject({
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: { listChanged: true }, logging: {}, extensions: { 'com.example/x': {} } },
      instructions: 'Be nice.',
      resultType: 'complete',
      ttlMs: 0,
      cacheScope: 'private',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'disc', version: '2.0.0' } },
    });
    expect(result?.capabilities).not.toHaveProperty('prompts');
  });

  it('sends log messages only to a request that asked, at or above its level, on its own stream', async () => {
    const warn = vi.fn();
    const s = new McpServer({ name: 'log', version: '1' }, { warn });
    s.registerTool('work', {}, async (ctx) => {
      await ctx.log('debug', 'details');
      await ctx.log('warning', 'careful');
      return { content: [{ type: 'text', text: 'done' }] };
    });
    const silent = await rpc(on(s), 'tools/call', { name: 'work' });
    expect(silent.messages.filter((m) => m.method === 'notifications/message')).toEqual([]);
    const chatty = await rpc(
      on(s),
      'tools/call',
      { name: 'work' },
      { meta: envelope({}, { 'io.modelcontextprotocol/logLevel': 'info' }) },
    );
    expect(
      chatty.messages
        .filter((m) => m.method === 'notifications/message')
        .map((m) => (m.params as { data: string }).data),
    ).toEqual(['careful']);
    expect(chatty.body.result).toMatchObject({ content: [{ text: 'done' }] });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('deprecated'));
  });

  it('gives handlers the trace context, client identity and declared extensions', async () => {
    const s = new McpServer({ name: 'ctx', version: '1' }, quiet);
    let seen: unknown;
    s.registerTool('peek', {}, (ctx) => {
      seen = {
        trace: ctx.trace,
        client: ctx.clientInfo,
        extensions: ctx.extensions,
        version: ctx.protocolVersion,
      };
      return { content: [] };
    });
    await rpc(
      on(s),
      'tools/call',
      { name: 'peek' },
      {
        meta: envelope(
          { extensions: { 'com.example/ui': { v: 1 } } },
          {
            traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
            'io.modelcontextprotocol/clientInfo': { name: 'probe', version: '0.0.1' },
          },
        ),
      },
    );
    expect(seen).toEqual({
      trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      client: { name: 'probe', version: '0.0.1' },
      extensions: { 'com.example/ui': { v: 1 } },
      version: '2026-07-28',
    });
  });
});
