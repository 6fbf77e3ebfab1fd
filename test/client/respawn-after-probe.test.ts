/**
 * A 2025 stdio server that exits on the `server/discover` probe is legacy by
 * the stdio probe rules (any error that is not a recognised modern error):
 * the client starts it again and speaks the `initialize` handshake.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { ConnectionClosedError } from '../../src/protocol/errors.js';

const fixture = join(import.meta.dirname, 'fixtures', 'strict-legacy-stdio-server.ts');
const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

function spawnTarget(log: string) {
  return {
    command: tsx,
    args: [fixture],
    env: { ...process.env, STRICT_SERVER_LOG: log } as Record<string, string>,
  };
}

describe('a stdio server that exits on the probe', () => {
  it('is started again and greeted with initialize', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'mcpkit-respawn-')), 'starts.log');
    const client = await Client.connect(spawnTarget(log), { warn: () => {} });
    try {
      expect(client.protocolVersion).toBe('2025-11-25');
      expect(client.server.era).toBe('legacy');
      expect(client.server.serverInfo?.name).toBe('strict-legacy');
      const tools = await client.listAllTools();
      expect(tools.map((t) => t.name)).toEqual(['hello']);
      expect(readFileSync(log, 'utf8')).toBe('start\nstart\n');
    } finally {
      await client.close();
    }
  });

  it('is not restarted when the caller pinned a modern revision', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'mcpkit-respawn-')), 'starts.log');
    await expect(
      Client.connect(spawnTarget(log), { protocolVersion: '2026-07-28', warn: () => {} }),
    ).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(readFileSync(log, 'utf8')).toBe('start\n');
  });
});
