/**
 * The runnable examples, exercised the way a user runs them.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startMinimalHttpServer } from '../examples/minimal-server.js';
import { ErrorCode } from '../src/protocol/errors.js';
import { requestHeadersFor } from '../src/protocol/http-headers.js';
import { JsonRpcPeer } from '../src/session/index.js';
import { StreamableHttpClientTransport } from '../src/transport/http/index.js';
import type { RunningHttpServer } from '../src/transport/node/index.js';
import { StdioClientTransport } from '../src/transport/stdio/index.js';

const envelope = {
  _meta: {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
  },
};

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function exercise(peer: JsonRpcPeer) {
  const discovered = await peer.request('server/discover', envelope);
  expect(discovered).toMatchObject({
    supportedVersions: ['2026-07-28'],
    capabilities: { tools: {} },
    resultType: 'complete',
    _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'mcpkit-minimal' } },
  });
  const listed = await peer.request('tools/list', envelope);
  expect((listed.tools as { name: string }[]).map((t) => t.name)).toEqual(['echo']);
  await expect(
    peer.request('tools/call', { ...envelope, name: 'echo', arguments: { text: 'hi' } }),
  ).resolves.toMatchObject({
    content: [{ type: 'text', text: 'hi' }],
  });
  await expect(peer.request('tools/list', {})).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
}

describe('examples/minimal-server.ts', () => {
  it('serves discovery and its echo tool over Streamable HTTP', async () => {
    const server: RunningHttpServer = await startMinimalHttpServer(0);
    cleanup.push(() => server.close());
    const peer = new JsonRpcPeer(
      new StreamableHttpClientTransport(server.url, {
        messageHeaders: (message) =>
          'method' in message ? requestHeadersFor(message, { protocolVersion: '2026-07-28' }) : undefined,
      }),
    );
    cleanup.push(() => peer.close());
    await peer.start();
    await exercise(peer);
  });

  it('serves the same over stdio with --stdio', async () => {
    const script = fileURLToPath(new URL('../examples/minimal-server.ts', import.meta.url));
    const peer = new JsonRpcPeer(
      new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', script, '--stdio'] }),
    );
    cleanup.push(() => peer.close());
    await peer.start();
    await exercise(peer);
  });
});
