/**
 * The client bench's official v1 client (@modelcontextprotocol/sdk), 2025-11-25 only.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { drive } from './driver.mjs';

await drive(async (target) => {
  const client = new Client({ name: 'bench-v1', version: '0.0.0' });
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
