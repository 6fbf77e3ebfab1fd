/**
 * The client bench's official v2 client (@modelcontextprotocol/client), as its documentation
 * connects it: `Client` with a Streamable HTTP or stdio transport; 2025-11-25 pinned through
 * its legacy negotiation mode.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { drive } from './driver.mjs';

await drive(async (target, wire) => {
  const client = new Client(
    { name: 'bench-v2', version: '0.0.0' },
    { versionNegotiation: { mode: wire === '2025-11-25' ? 'legacy' : 'auto' } },
  );
  await client.connect(
    target.url
      ? new StreamableHTTPClientTransport(new URL(target.url))
      : new StdioClientTransport({ command: target.command, args: target.args, stderr: 'ignore' }),
  );
  return {
    echo: async (text) => (await client.callTool({ name: 'echo', arguments: { text } })).content[0].text,
    listAll: async () => {
      let count = 0;
      let cursor;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        count += page.tools.length;
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return count;
    },
    read: async (uri) => (await client.readResource({ uri })).contents[0].text.length,
    close: () => client.close(),
  };
});
