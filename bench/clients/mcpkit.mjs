/**
 * The client bench's mcpkit client: `Client` from the built package (dist/), with its defaults
 * (on HTTP that is Node's own HTTP client; the global fetch only when `fetch` is given).
 */
import { Client } from '../../dist/client.js';
import { drive } from './driver.mjs';

const LEGACY = '2025-11-25';

/** The bench's servers answer what every client asks; nothing mcpkit could warn about is measured. */
function ignoreWarning() {}

await drive(async (target, wire) => {
  const options = { warn: ignoreWarning, ...(wire === LEGACY ? { protocolVersion: LEGACY } : {}) };
  const client = target.url
    ? await Client.connect(target.url, options)
    : await Client.connect({ command: target.command, args: target.args }, { ...options, stderr: 'ignore' });
  return {
    echo: async (text) => (await client.callTool('echo', { text })).content[0].text,
    listAll: async () => (await client.listAllTools()).length,
    read: async (uri) => (await client.readResource(uri)).contents[0].text.length,
    close: () => client.close(),
  };
});
