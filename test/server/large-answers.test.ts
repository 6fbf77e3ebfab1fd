/**
 * Large answers over the node:http adapter, which encodes bodies past 64 KiB to
 * bytes before writing: the declared length must be the byte length (multi-byte
 * characters included) and the text must arrive whole, on both eras.
 */
import { describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer, ResourceTemplate } from '../../src/entries/server.js';

describe('large answers over node:http', () => {
  it.each(['2026-07-28', '2025-11-25'])(
    'arrive whole with the right length (%s)',
    async (protocolVersion) => {
      const server = new McpServer({ name: 'large', version: '1.0.0' }, { warn: () => {} });
      // Three bytes per character in UTF-8, one UTF-16 unit: the length in bytes is three times the text's.
      const text = (size: number) => '€'.repeat(size);
      server.registerResource(
        'text',
        new ResourceTemplate('text://{size}', { list: undefined }),
        {},
        (uri, { size }) => ({ contents: [{ uri: uri.href, text: text(Number(size)) }] }),
      );
      const running = await serveHttp(server, { port: 0 });
      try {
        const client = await Client.connect(running.url, { protocolVersion, warn: () => {} });
        for (const size of [10, 70_000, 400_000]) {
          const read = (await client.readResource(`text://${size}`)) as { contents: { text: string }[] };
          expect(read.contents[0]?.text).toBe(text(size));
        }
        await client.close();
        // The declared Content-Length counts bytes, as a raw request shows.
        const raw = await fetch(running.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2026-07-28',
            'mcp-method': 'resources/read',
            'mcp-name': 'text://100000',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'resources/read',
            params: {
              uri: 'text://100000',
              _meta: {
                'io.modelcontextprotocol/protocolVersion': '2026-07-28',
                'io.modelcontextprotocol/clientCapabilities': {},
              },
            },
          }),
        });
        const body = new Uint8Array(await raw.arrayBuffer());
        expect(Number(raw.headers.get('content-length'))).toBe(body.length);
        expect(body.length).toBeGreaterThan(300_000);
      } finally {
        await running.close();
      }
    },
  );
});
