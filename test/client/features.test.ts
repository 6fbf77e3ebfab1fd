/**
 * The Client against mcpkit's own McpServer, over HTTP and stdio, on the
 * modern wire and pinned to 2025-11-25: every feature through the typed methods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressUpdate } from '../../src/entries/session.js';
import { McpkitLocalError } from '../../src/protocol/errors.js';
import { CELLS, type Connected, connect, LEGACY_VERSION, MODERN_VERSION } from './fixtures/connect.js';
import {
  FILLER_TOOLS,
  NAMED_TOOLS,
  NOTE_NAMES,
  PAGE_SIZE,
  README_TEXT,
  README_URI,
} from './fixtures/feature-server.js';

describe.each(CELLS)('Client over $wire ($era)', ({ wire, era }) => {
  let connected: Connected;
  beforeAll(async () => {
    connected = await connect(wire, era);
  });
  afterAll(async () => {
    await connected?.close();
  });

  it('negotiates the era', () => {
    const { client } = connected;
    expect(client.server.era).toBe(era);
    expect(client.protocolVersion).toBe(era === 'modern' ? MODERN_VERSION : LEGACY_VERSION);
    expect(client.server.serverInfo?.name).toBe('client-test');
    expect(client.server.capabilities).toMatchObject({
      tools: {},
      resources: {},
      prompts: {},
      completions: {},
    });
  });

  it('lists every tool across pages with the iterator', async () => {
    const before = (await connected.journal()).methods['tools/list'] ?? 0;
    const names: string[] = [];
    for await (const tool of connected.client.listTools()) names.push(tool.name);
    const total = NAMED_TOOLS + FILLER_TOOLS;
    expect(names).toHaveLength(total);
    expect(new Set(names).size).toBe(total);
    expect(names).toEqual(expect.arrayContaining(['add', 'broken', 'journal', 'filler_0', 'filler_6']));
    // One request per page.
    const after = (await connected.journal()).methods['tools/list'] ?? 0;
    expect(after - before).toBe(Math.ceil(total / PAGE_SIZE));
  });

  it('calls a tool and checks structuredContent against the output schema', async () => {
    const result = await connected.client.callTool('add', { a: 2, b: 40 });
    expect(result.structuredContent).toEqual({ sum: 42 });
    expect(result.isError).toBeFalsy();
  });

  it('rejects structuredContent that does not match the listed output schema', async () => {
    await connected.client.listAllTools();
    const call = connected.client.callTool('broken', { a: 1, b: 1 });
    await expect(call).rejects.toBeInstanceOf(McpkitLocalError);
    await expect(connected.client.callTool('broken', { a: 1, b: 1 })).rejects.toThrow(/outputSchema/);
  });

  it('returns tool errors (invalid arguments) as results', async () => {
    const result = await connected.client.callTool('add', { a: 'x', b: 1 });
    expect(result.isError).toBe(true);
  });

  it('lists and reads resources', async () => {
    const resources = await connected.client.listAllResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining([README_URI, ...NOTE_NAMES.map((n) => `note:///${n}`)]),
    );
    const read = await connected.client.readResource(README_URI);
    expect(read.contents).toEqual([{ uri: README_URI, mimeType: 'text/markdown', text: README_TEXT }]);
  });

  it('lists resource templates and reads through one', async () => {
    const templates = await connected.client.listAllResourceTemplates();
    expect(templates).toEqual([expect.objectContaining({ uriTemplate: 'note:///{name}', name: 'note' })]);
    const read = await connected.client.readResource('note:///beta');
    expect(read.contents).toEqual([{ uri: 'note:///beta', text: 'note beta' }]);
  });

  it('lists and renders prompts', async () => {
    const prompts = await connected.client.listAllPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['review']);
    const rendered = await connected.client.getPrompt('review', { code: 'x()' });
    expect(rendered.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Review x()' } }]);
  });

  it('completes prompt arguments and template variables', async () => {
    const prompt = await connected.client.complete(
      { type: 'ref/prompt', name: 'review' },
      { name: 'code', value: 'pri' },
    );
    expect(prompt.completion).toMatchObject({ values: ['print()', 'printf()'], hasMore: false });
    const template = await connected.client.complete(
      { type: 'ref/resource', uri: 'note:///{name}' },
      { name: 'name', value: 'g' },
    );
    expect(template.completion).toMatchObject({ values: ['gamma'] });
  });

  it('reports progress', async () => {
    const updates: ProgressUpdate[] = [];
    const result = await connected.client.callTool('progress', {}, { onProgress: (u) => updates.push(u) });
    expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(updates.map((u) => u.progress)).toEqual([1, 2, 3]);
    expect(updates[2]).toMatchObject({ total: 3, message: 'step 3' });
  });

  it('turns a protocol error into a rejected call', async () => {
    await expect(connected.client.readResource('file:///missing')).rejects.toMatchObject({
      code: expect.any(Number),
    });
    await expect(connected.client.getPrompt('nope')).rejects.toThrow();
  });
});
