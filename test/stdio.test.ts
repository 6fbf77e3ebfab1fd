/**
 * stdio with a real child process: round trips, big messages, the shutdown
 * sequence, stderr handling and a child that dies.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonRpcPeer } from '../src/entries/session.js';
import { StdioClientTransport, type StdioClientTransportOptions } from '../src/entries/stdio.js';
import { ConnectionClosedError } from '../src/protocol/errors.js';

const fixture = fileURLToPath(new URL('./fixtures/stdio-echo-server.ts', import.meta.url));
const peers: JsonRpcPeer[] = [];

function spawnServer(extraArgs: string[] = [], options: Partial<StdioClientTransportOptions> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', fixture, ...extraArgs],
    stderr: 'pipe',
    ...options,
  });
  const peer = new JsonRpcPeer(transport);
  peers.push(peer);
  return { transport, peer };
}

function exitOf(transport: StdioClientTransport): Promise<{ code: number | null; signal: string | null }> {
  const pid = transport.pid!;
  return new Promise((resolve) => {
    const check = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(check);
        resolve({ code: null, signal: null });
      }
    }, 20);
  });
}

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

describe('stdio client and server', () => {
  it('round-trips requests with a real child process and captures its stderr', async () => {
    const { transport, peer } = spawnServer();
    await peer.start();
    let stderr = '';
    transport.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await expect(peer.request('echo', { text: 'héllo, wörld' })).resolves.toEqual({ echoed: 'héllo, wörld' });
    expect(stderr).toContain('echo server ready');
  });

  it('carries multi-megabyte messages both ways', async () => {
    const { peer } = spawnServer();
    await peer.start();
    const blob = 'x'.repeat(8 * 1024 * 1024);
    await expect(peer.request('size', { blob })).resolves.toEqual({ size: blob.length });
    const big = await peer.request('blob', { size: 10 * 1024 * 1024 });
    expect((big.blob as string).length).toBe(10 * 1024 * 1024);
  });

  it('ends stdin on close, and the server exits by itself', async () => {
    const { transport, peer } = spawnServer();
    await peer.start();
    await peer.request('echo', { text: 'x' });
    const exited = exitOf(transport);
    await peer.close();
    await exited;
  });

  it('escalates to SIGTERM, then SIGKILL, for a server that will not exit', async () => {
    const { transport, peer } = spawnServer(['--ignore-eof', '--ignore-sigterm'], { shutdownStepMs: 200 });
    await peer.start();
    await peer.request('echo', { text: 'x' });
    const exited = exitOf(transport);
    const started = Date.now();
    await peer.close();
    await exited;
    // Two waiting steps happened before the kill.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('fails requests in flight with the exit code when the server dies', async () => {
    const { peer } = spawnServer();
    await peer.start();
    const error = await peer.request('crash', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toContain('exited with code 3');
  });

  it('reports a command that cannot start', async () => {
    const transport = new StdioClientTransport({ command: '/nonexistent/mcp-server' });
    const peer = new JsonRpcPeer(transport);
    await expect(peer.start()).rejects.toThrow(/Could not start "\/nonexistent\/mcp-server"/);
  });

  it('starts its child once: a second start is refused, not a second process', async () => {
    const { transport, peer } = spawnServer();
    await peer.start();
    const pid = transport.pid;
    await expect(
      transport.start({ onMessage: () => {}, onInvalid: () => {}, onClose: () => {} }),
    ).rejects.toThrow(/already called/);
    expect(transport.pid).toBe(pid);
    expect(await peer.request('echo', { text: 'still here' })).toEqual({ echoed: 'still here' });
  });
});
