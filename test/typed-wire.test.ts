/**
 * The wire model as users write and read it, checked by the compiler: `tsc`
 * (part of `npm test`) typechecks this file, so every `expectTypeOf` here is a
 * compile-time assertion and every `@ts-expect-error` line must really be an
 * error. The tests also run: a real server over HTTP answers the typed client
 * calls, so the types are checked against values that went over the wire.
 */
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { Client } from '../src/entries/client.js';
import {
  type FromJsonSchema,
  type InferArgs,
  McpServer,
  type ResourceContents,
  type ToolContent,
  type ToolResult,
  toolError,
} from '../src/entries/server.js';
import { Dispatcher } from '../src/entries/session.js';
import { serveHttp } from '../src/node/serve-http.js';
import type {
  BlobResourceContents,
  CallToolResult,
  CompleteResult,
  ContentBlock,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  ReceivedResult,
  Resource,
  TextResourceContents,
  Tool,
} from '../src/protocol/types/index.js';

const quiet = { warn: () => {} };

const weatherInput = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    units: { enum: ['C', 'F'] },
    days: { type: 'integer' },
  },
  required: ['city'],
  additionalProperties: false,
} as const;

const weatherOutput = {
  type: 'object',
  properties: {
    tempC: { type: 'number' },
    sky: { anyOf: [{ const: 'clear' }, { const: 'cloudy' }] },
    hourly: { type: 'array', items: { type: 'number' } },
    note: { type: ['string', 'null'] },
  },
  required: ['tempC', 'sky'],
} as const;

describe('JSON Schema to type', () => {
  it('reads object, properties, required, type, enum, const, items, anyOf and type lists', () => {
    expectTypeOf<FromJsonSchema<typeof weatherInput>>().toEqualTypeOf<{
      city: string;
      units?: 'C' | 'F';
      days?: number;
    }>();
    expectTypeOf<FromJsonSchema<typeof weatherOutput>>().toEqualTypeOf<{
      tempC: number;
      sky: 'clear' | 'cloudy';
      hourly?: number[];
      note?: string | null;
    }>();
    expectTypeOf<
      FromJsonSchema<{ readonly type: 'array'; readonly items: { readonly type: 'boolean' } }>
    >().toEqualTypeOf<boolean[]>();
    expectTypeOf<
      FromJsonSchema<{ readonly oneOf: readonly [{ readonly type: 'string' }, { readonly type: 'null' }] }>
    >().toEqualTypeOf<string | null>();
    expectTypeOf<
      FromJsonSchema<{ readonly type: 'object'; readonly additionalProperties: { readonly type: 'number' } }>
    >().toEqualTypeOf<{ [key: string]: number }>();
  });

  it('gives plain objects for a schema whose literals were widened (not as const)', () => {
    const widened: { type: string; properties: Record<string, unknown> } = { type: 'object', properties: {} };
    expectTypeOf<InferArgs<typeof widened>>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<FromJsonSchema<typeof widened>>().toEqualTypeOf<unknown>();
  });
});

describe('tool handlers are typed by their schemas', () => {
  it('types args from zod, Valibot, ArkType and JSON Schema (as const and inline)', () => {
    const server = new McpServer({ name: 'typed', version: '1' }, quiet);
    server.registerTool(
      'zod',
      { inputSchema: z.object({ city: z.string(), days: z.number().optional() }) },
      (args) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number | undefined }>();
        return { content: [{ type: 'text', text: args.city }] };
      },
    );
    server.registerTool(
      'valibot',
      { inputSchema: toStandardJsonSchema(v.object({ city: v.string(), days: v.optional(v.number()) })) },
      (args) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number | undefined }>();
        return { content: [{ type: 'text', text: args.city }] };
      },
    );
    server.registerTool('arktype', { inputSchema: type({ city: 'string', 'days?': 'number' }) }, (args) => {
      expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number }>();
      return { content: [{ type: 'text', text: args.city }] };
    });
    server.registerTool('json', { inputSchema: weatherInput }, (args) => {
      expectTypeOf(args).toEqualTypeOf<{ city: string; units?: 'C' | 'F'; days?: number }>();
      return { content: [{ type: 'text', text: args.city }] };
    });
    server.registerTool(
      'inline',
      { inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } },
      (args) => {
        expectTypeOf(args).toEqualTypeOf<{ n: number }>();
        return { content: [{ type: 'text', text: String(args.n * 2) }] };
      },
    );
    server.registerTool('no-input', {}, (ctx) => {
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      return { content: [] };
    });
    server.registerTool('wrong-arg', { inputSchema: weatherInput }, (args) => ({
      // @ts-expect-error: `town` is not an argument of the schema.
      content: [{ type: 'text', text: args.town }],
    }));
    server.registerPrompt(
      'review',
      { argsSchema: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] } },
      (args) => {
        expectTypeOf(args).toEqualTypeOf<{ code: string }>();
        return { messages: [{ role: 'user', content: { type: 'text', text: args.code } }] };
      },
    );
    expect(server.capabilities().tools).toEqual({ listChanged: true });
  });

  it('types structuredContent from the output schema, for every schema kind', () => {
    const server = new McpServer({ name: 'typed', version: '1' }, quiet);
    server.registerTool('json-ok', { outputSchema: weatherOutput }, () => ({
      structuredContent: { tempC: 18, sky: 'cloudy', hourly: [17, 18] },
    }));
    server.registerTool('json-bad', { outputSchema: weatherOutput }, () => ({
      // @ts-expect-error: tempC is a number in the output schema.
      structuredContent: { tempC: 'hot', sky: 'clear' },
    }));
    server.registerTool('json-missing', { outputSchema: weatherOutput }, () => ({
      // @ts-expect-error: sky is required by the output schema.
      structuredContent: { tempC: 18 },
    }));
    server.registerTool('zod-bad', { outputSchema: z.object({ tempC: z.number() }) }, () => ({
      // @ts-expect-error: tempC is a number in the zod schema.
      structuredContent: { tempC: 'hot' },
    }));
    server.registerTool(
      'valibot-bad',
      { outputSchema: toStandardJsonSchema(v.object({ tempC: v.number() })) },
      () => ({
        // @ts-expect-error: tempC is a number in the Valibot schema.
        structuredContent: { tempC: 'hot' },
      }),
    );
    server.registerTool('arktype-bad', { outputSchema: type({ tempC: 'number' }) }, () => ({
      // @ts-expect-error: tempC is a number in the ArkType schema.
      structuredContent: { tempC: 'hot' },
    }));
    server.registerTool(
      'both',
      {
        inputSchema: z.object({ a: z.number(), b: z.number() }),
        outputSchema: z.object({ quotient: z.number() }),
      },
      ({ a, b }) =>
        b === 0 ? toolError('Cannot divide by zero') : { structuredContent: { quotient: a / b } },
    );
    expectTypeOf(toolError('x')).toMatchTypeOf<ToolResult<{ quotient: number }>>();
    expect(server.capabilities().tools).toEqual({ listChanged: true });
  });

  it('refuses content blocks that do not match their type', () => {
    const server = new McpServer({ name: 'typed', version: '1' }, quiet);
    // @ts-expect-error: a text block's text is a string.
    server.registerTool('bad-text', {}, () => ({ content: [{ type: 'text', text: 1 }] }));
    // @ts-expect-error: an image block needs its mimeType.
    server.registerTool('bad-image', {}, () => ({ content: [{ type: 'image', data: 'AAAA' }] }));
    // @ts-expect-error: there is no "video" content block.
    server.registerTool('bad-type', {}, () => ({ content: [{ type: 'video', url: 'x' }] }));
    // @ts-expect-error: resource contents carry text or blob.
    server.registerResource('bad-contents', 'file:///x', {}, (uri) => ({
      contents: [{ uri: uri.href, data: 'x' }],
    }));
    server.registerPrompt('bad-message', {}, () => ({
      // @ts-expect-error: a prompt message's role is user or assistant.
      messages: [{ role: 'system', content: { type: 'text', text: 'x' } }],
    }));
    expectTypeOf<ToolContent>().toEqualTypeOf<ContentBlock>();
    expectTypeOf<ResourceContents>().toEqualTypeOf<TextResourceContents | BlobResourceContents>();
    expectTypeOf<ContentBlock['type']>().toEqualTypeOf<
      'text' | 'image' | 'audio' | 'resource_link' | 'resource'
    >();
    expect(server.capabilities().prompts).toEqual({ listChanged: true });
  });
});

describe('setRequestHandler is typed by method name', () => {
  it('types params and results of known methods, and leaves custom methods plain', () => {
    const dispatcher = new Dispatcher();
    dispatcher.setRequestHandler('resources/read', (params) => {
      expectTypeOf(params.uri).toEqualTypeOf<string>();
      return { contents: [{ uri: params.uri, text: 'hello' }] };
    });
    dispatcher.setRequestHandler('tools/call', (params) => {
      expectTypeOf(params.name).toEqualTypeOf<string>();
      expectTypeOf(params.arguments).toEqualTypeOf<{ [key: string]: unknown } | undefined>();
      return { content: [{ type: 'text', text: params.name }] };
    });
    // @ts-expect-error: a tools/list result holds tools, not a number.
    dispatcher.setRequestHandler('tools/list', () => ({ tools: 5 }));
    dispatcher.setRequestHandler('prompts/get', (params) => {
      // @ts-expect-error: prompt arguments are strings.
      const count: number | undefined = params.arguments?.count;
      return { messages: [], count };
    });
    dispatcher.setRequestHandler('acme/echo', (params) => {
      expectTypeOf(params).toEqualTypeOf<Record<string, unknown>>();
      return { echoed: params.text };
    });
    expect(dispatcher.hasRequestHandler('acme/echo')).toBe(true);
  });
});

describe('the client returns typed results', () => {
  let running: Awaited<ReturnType<typeof serveHttp>>;
  let client: Client;

  beforeAll(async () => {
    const server = new McpServer({ name: 'typed', version: '1' }, quiet);
    server.registerTool(
      'weather',
      { inputSchema: weatherInput, outputSchema: weatherOutput },
      ({ city }) => ({
        structuredContent: { tempC: city.length, sky: 'clear' },
      }),
    );
    server.registerResource('notes', 'notes://1', { mimeType: 'text/plain' }, (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'eggs' }],
    }));
    server.registerPrompt('review', { argsSchema: z.object({ code: z.string() }) }, ({ code }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `Review: ${code}` } }],
    }));
    running = await serveHttp(server, { port: 0 });
    client = await Client.connect(running.url);
  });

  afterAll(async () => {
    await client?.close();
    await running?.close();
  });

  it('readResource gives text or blob contents', async () => {
    const read = await client.readResource('notes://1');
    expectTypeOf(read).toEqualTypeOf<ReceivedResult<ReadResourceResult>>();
    expectTypeOf(read.contents).toEqualTypeOf<(TextResourceContents | BlobResourceContents)[]>();
    const [entry] = read.contents;
    expect(entry && 'text' in entry ? entry.text : undefined).toBe('eggs');
  });

  it('getPrompt gives messages with content blocks', async () => {
    const prompt = await client.getPrompt('review', { code: 'let x = 1' });
    expectTypeOf(prompt).toEqualTypeOf<GetPromptResult>();
    const content = prompt.messages[0]?.content;
    expectTypeOf(content).toEqualTypeOf<ContentBlock | undefined>();
    expect(content?.type === 'text' ? content.text : undefined).toBe('Review: let x = 1');
  });

  it('request() is typed by method name, and plain for custom methods', async () => {
    const call = await client.request('tools/call', { name: 'weather', arguments: { city: 'Oslo' } });
    expectTypeOf(call).toEqualTypeOf<ReceivedResult<CallToolResult>>();
    expectTypeOf(call.content).toEqualTypeOf<ContentBlock[]>();
    expect(call.structuredContent).toEqual({ tempC: 4, sky: 'clear' });
    // @ts-expect-error: tools/call needs the tool's name.
    await expect(client.request('tools/call', { arguments: {} })).rejects.toThrow();
    const { tools } = await client.request('tools/list');
    expectTypeOf(tools).toEqualTypeOf<Tool[]>();
    expect(tools.map((tool) => tool.name)).toEqual(['weather']);
    const custom = client.request('acme/custom', { any: 1 });
    expectTypeOf(custom).resolves.toEqualTypeOf<Record<string, unknown>>();
    await expect(custom).rejects.toThrow(/Method not found/);
  });

  it('the list and completion helpers give protocol types', async () => {
    expectTypeOf(client.complete).returns.resolves.toEqualTypeOf<CompleteResult>();
    const resources = await client.listAllResources();
    expectTypeOf(resources).toEqualTypeOf<Resource[]>();
    expect(resources.map((resource) => resource.uri)).toEqual(['notes://1']);
    const prompts = await client.listAllPrompts();
    expectTypeOf(prompts).toEqualTypeOf<Prompt[]>();
    expect(prompts[0]?.arguments?.map((argument) => argument.name)).toEqual(['code']);
  });
});
