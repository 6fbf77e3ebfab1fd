/**
 * SEP-2243 on the client: `Mcp-Param-*` headers mirrored from `x-mcp-header`
 * arguments (encoded when unsafe), and tools with invalid declarations left
 * out of the listing and refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { McpkitLocalError } from '../../src/protocol/errors.js';
import { type Connected, connect, HTTP_WIRES } from './fixtures/connect.js';
import { stubServer } from './fixtures/stub-fetch.js';

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

const base64 = (value: string) => `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;

describe.each(HTTP_WIRES)('Mcp-Param headers against McpServer over %s', (wire) => {
  it('mirrors an annotated argument, encodes an unsafe one, and omits an absent one (2026-07-28)', async () => {
    connected = await connect(wire, 'modern');
    // The client learns the declarations itself before the first call.
    await connected.client.callTool('regional', { region: 'eu-west1', query: 'q' });
    await connected.client.callTool('regional', { region: ' Zürich', query: 'q' });
    await connected.client.callTool('regional', { query: 'q' });
    expect((await connected.journal()).regions).toEqual(['eu-west1', base64(' Zürich'), null]);
  });

  it('sends none on a 2025 session', async () => {
    connected = await connect(wire, 'legacy');
    await connected.client.listAllTools();
    await connected.client.callTool('regional', { region: 'eu-west1', query: 'q' });
    expect((await connected.journal()).regions).toEqual([null]);
  });
});

describe('tools with invalid x-mcp-header declarations', () => {
  const tools = [
    {
      name: 'valid_tool',
      inputSchema: {
        type: 'object',
        properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, n: { type: 'integer' } },
      },
    },
    {
      name: 'empty_header',
      inputSchema: { type: 'object', properties: { v: { type: 'string', 'x-mcp-header': '' } } },
    },
    {
      name: 'object_header',
      inputSchema: { type: 'object', properties: { v: { type: 'object', 'x-mcp-header': 'Data' } } },
    },
    {
      name: 'duplicate_header',
      inputSchema: {
        type: 'object',
        properties: {
          a: { type: 'string', 'x-mcp-header': 'Name' },
          b: { type: 'string', 'x-mcp-header': 'name' },
        },
      },
    },
    {
      name: 'space_in_header',
      inputSchema: { type: 'object', properties: { v: { type: 'string', 'x-mcp-header': 'My Region' } } },
    },
  ];

  it('are left out of the listing with a warning, and calling one sends nothing', async () => {
    const stub = stubServer({
      'tools/list': () => ({ ttlMs: 0, cacheScope: 'private', tools }),
      'tools/call': () => ({ content: [{ type: 'text', text: 'called' }] }),
    });
    const warnings: string[] = [];
    const client = await Client.connect('http://stub.invalid/mcp', {
      fetch: stub.fetch,
      warn: (message) => warnings.push(message),
    });
    try {
      expect((await client.listAllTools()).map((tool) => tool.name)).toEqual(['valid_tool']);
      expect(warnings).toHaveLength(4);
      expect(warnings.join('\n')).toContain('"empty_header"');

      const before = stub.requests.length;
      await expect(client.callTool('object_header', { v: {} })).rejects.toBeInstanceOf(McpkitLocalError);
      expect(stub.requests.length).toBe(before);

      await client.callTool('valid_tool', { region: 'us-west1', n: 3 });
      const call = stub.requests.at(-1)!;
      expect(call.method).toBe('tools/call');
      expect(call.headers).toMatchObject({
        'mcp-method': 'tools/call',
        'mcp-name': 'valid_tool',
        'mcp-param-region': 'us-west1',
        'mcp-protocol-version': '2026-07-28',
      });
      expect(call.headers).not.toHaveProperty('mcp-param-n');
    } finally {
      await client.close();
    }
  });
});
