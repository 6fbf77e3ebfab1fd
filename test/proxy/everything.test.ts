/**
 * mcpkit's Client → the proxy over HTTP → the reference server-everything over stdio (a 2025
 * server): lists, a tool call, a resource, a prompt and progress cross the proxy.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/client/client.js';
import { createProxy, type McpProxy } from '../../src/client/proxy/proxy.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';

const EVERYTHING = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

let proxy: McpProxy;
let http: RunningHttpServer;
let client: Client;

beforeAll(async () => {
  proxy = await createProxy(
    { command: process.execPath, args: [EVERYTHING, 'stdio'] },
    { client: { warn: () => {} } },
  );
  http = await serveHttp(proxy.server, { port: 0 });
  client = await Client.connect(http.url, { warn: () => {} });
}, 30_000);

afterAll(async () => {
  await client?.close();
  await http?.close();
  await proxy?.close();
});

describe('mcpkit Client → proxy (HTTP) → server-everything (stdio)', () => {
  it('reaches the 2025 upstream through a 2026-07-28 proxy', () => {
    expect(proxy.upstream.server.era).toBe('legacy');
    expect(client.server.protocolVersion).toBe('2026-07-28');
  });

  it('lists the upstream tools and calls one', async () => {
    const names = (await client.listAllTools()).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation']));
    const result = await client.callTool('get-sum', { a: 2, b: 3 });
    expect(result.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('5') });
  });

  it('passes structured results through unchanged', async () => {
    const result = await client.callTool('get-structured-content', { location: 'Chicago' });
    expect(result.structuredContent).toMatchObject({ temperature: expect.any(Number) });
  });

  it('reads a listed resource and a templated one', async () => {
    const [first] = await client.listAllResources();
    expect(first).toBeDefined();
    const listed = await client.readResource(first!.uri);
    expect(listed.contents[0]?.uri).toBe(first!.uri);
    const templates = (await client.listAllResourceTemplates()).map((template) => template.uriTemplate);
    expect(templates).toContain('demo://resource/dynamic/text/{resourceId}');
    const dynamic = await client.readResource('demo://resource/dynamic/text/7');
    expect(dynamic.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/7' });
  });

  it('gets a prompt with arguments', async () => {
    const prompt = (await client.listAllPrompts()).find((p) => p.name === 'args-prompt');
    expect(prompt?.arguments?.map((argument) => argument.name)).toEqual(['city', 'state']);
    const result = await client.getPrompt('args-prompt', { city: 'Lyon' });
    const text = JSON.stringify(result.messages);
    expect(text).toContain('Lyon');
  });

  it('reports the upstream progress downstream', async () => {
    const updates: number[] = [];
    const result = await client.callTool(
      'trigger-long-running-operation',
      { duration: 0.3, steps: 3 },
      { onProgress: (update) => void updates.push(update.progress) },
    );
    expect(result.isError).not.toBe(true);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates).toEqual([...updates].sort((a, b) => a - b));
  });
});
