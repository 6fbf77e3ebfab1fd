/**
 * McpServer over stdio in a real child process (serveStdio).
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonRpcPeer } from '../../src/entries/session.js';
import { StdioClientTransport } from '../../src/entries/stdio.js';
import { RequestCancelledError } from '../../src/protocol/errors.js';
import { envelope } from '../helpers/http-rpc.js';

const script = fileURLToPath(new URL('../fixtures/stdio-mcp-server.ts', import.meta.url));
let peer: JsonRpcPeer | undefined;
afterEach(async () => {
  await peer?.close();
});

describe('serveStdio', () => {
  it('answers a server/discover probe and serves tools, with the modern wire fields', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', script],
      stderr: 'pipe',
    });
    peer = new JsonRpcPeer(transport);
    await peer.start();
    await expect(peer.request('server/discover', { _meta: envelope() })).resolves.toMatchObject({
      supportedVersions: ['2026-07-28'],
      resultType: 'complete',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'stdio-test' } },
    });
    await expect(
      peer.request('tools/call', { name: 'echo', arguments: { text: 'hé' }, _meta: envelope() }),
    ).resolves.toMatchObject({
      content: [{ type: 'text', text: 'hé' }],
      resultType: 'complete',
    });
    await expect(peer.request('tools/list', {})).rejects.toMatchObject({ code: -32602 });
    await expect(peer.request('ping', { _meta: envelope() })).rejects.toMatchObject({ code: -32601 });
  });

  it('cancels a request with notifications/cancelled, and the handler sees it', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', script],
      stderr: 'pipe',
    });
    peer = new JsonRpcPeer(transport);
    await peer.start();
    let stderr = '';
    transport.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const controller = new AbortController();
    const call = peer.request(
      'tools/call',
      { name: 'slow', _meta: envelope() },
      { signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort('user gave up');
    await expect(call).rejects.toBeInstanceOf(RequestCancelledError);
    const deadline = Date.now() + 5000;
    while (!stderr.includes('slow: cancelled') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stderr).toContain('slow: cancelled');
  });
});
