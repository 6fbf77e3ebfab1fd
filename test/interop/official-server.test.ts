/**
 * The mcpkit Client against the official TypeScript SDK's v2 server
 * (`@modelcontextprotocol/server`) on the 2026-07-28 wire, in process through
 * its fetch handler: tools, resources, prompts, Multi Round-Trip Requests and
 * subscriptions.
 */
import {
  acceptedContent,
  createMcpHandler,
  inputRequired,
  McpServer as OfficialServer,
  ResourceTemplate as OfficialTemplate,
} from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client, type ClientOptions } from '../../src/entries/client.js';

function officialHandler() {
  return createMcpHandler(() => {
    const server = new OfficialServer(
      { name: 'official', version: '2.4.0' },
      { instructions: 'The official SDK' },
    );
    server.registerTool(
      'add',
      {
        description: 'Adds two numbers',
        inputSchema: z.object({ a: z.number(), b: z.number() }),
        outputSchema: z.object({ sum: z.number() }),
      },
      async ({ a, b }) => ({
        content: [{ type: 'text', text: String(a + b) }],
        structuredContent: { sum: a + b },
      }),
    );
    server.registerTool('greet', { description: 'Asks for a name first' }, async (ctx) => {
      const answer = acceptedContent<{ name: string }>(ctx.mcpReq.inputResponses, 'who');
      if (answer) return { content: [{ type: 'text', text: `Hello, ${answer.name}!` }] };
      return inputRequired({
        inputRequests: {
          who: inputRequired.elicit({
            message: 'Your name?',
            requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
          }),
        },
      });
    });
    server.registerResource('readme', 'file:///readme.md', { mimeType: 'text/markdown' }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/markdown', text: '# Official' }],
    }));
    server.registerResource(
      'user',
      new OfficialTemplate('users://{id}', { list: undefined }),
      { mimeType: 'application/json' },
      async (uri, { id }) => ({ contents: [{ uri: uri.href, text: JSON.stringify({ id }) }] }),
    );
    server.registerPrompt(
      'review',
      { description: 'Review code', argsSchema: z.object({ code: z.string() }) },
      async ({ code }) => ({
        messages: [{ role: 'user', content: { type: 'text', text: `Review ${code}` } }],
      }),
    );
    return server;
  });
}

async function connect(onElicit?: ClientOptions['onElicit']) {
  const handler = officialHandler();
  const inProcess = ((input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    // Keep the request reachable while it is served (undici links its signal weakly).
    init?.signal?.addEventListener('abort', () => request.signal.aborted, { once: true });
    return handler.fetch(request);
  }) as typeof fetch;
  return Client.connect('http://localhost/mcp', { fetch: inProcess, onElicit, warn: () => {} });
}

describe('mcpkit Client ↔ official SDK v2 server (2026-07-28)', () => {
  it('negotiates the modern revision and reads the server description', async () => {
    const client = await connect();
    expect(client.server).toMatchObject({
      era: 'modern',
      protocolVersion: '2026-07-28',
      instructions: 'The official SDK',
    });
    expect(client.server.capabilities).toHaveProperty('tools');
    await client.close();
  });

  it('lists and calls tools, checking structured output', async () => {
    const client = await connect();
    const tools = await client.listAllTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['add', 'greet']);
    await expect(client.callTool('add', { a: 2, b: 40 })).resolves.toMatchObject({
      structuredContent: { sum: 42 },
    });
    await client.close();
  });

  it('answers an input_required round with the elicitation handler', async () => {
    const client = await connect(async () => ({ action: 'accept', content: { name: 'Grace' } }));
    await expect(client.callTool('greet')).resolves.toMatchObject({
      content: [{ type: 'text', text: 'Hello, Grace!' }],
    });
    await client.close();
  });

  it('lists and reads resources and templates, and renders prompts', async () => {
    const client = await connect();
    expect((await client.listAllResources()).map((r) => r.uri)).toContain('file:///readme.md');
    expect((await client.readResource('file:///readme.md')).contents).toEqual([
      { uri: 'file:///readme.md', mimeType: 'text/markdown', text: '# Official' },
    ]);
    expect((await client.listAllResourceTemplates()).map((t) => t.uriTemplate)).toEqual(['users://{id}']);
    expect((await client.readResource('users://7')).contents).toMatchObject([{ text: '{"id":"7"}' }]);
    expect((await client.getPrompt('review', { code: 'x()' })).messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'Review x()' } },
    ]);
    await client.close();
  });

  it('opens a subscription and gets its acknowledgement', async () => {
    const client = await connect();
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const event of client.listen({ toolsListChanged: true }, { signal: controller.signal })) {
      seen.push(event.method);
      controller.abort();
    }
    expect(seen).toEqual(['notifications/subscriptions/acknowledged']);
    await client.close();
  });
});
