/**
 * A 2025 stdio server that exits on the `server/discover` probe is legacy by
 * the stdio probe rules (any error that is not a recognised modern error):
 * the client starts it again and speaks the `initialize` handshake.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { ConnectionClosedError } from '../../src/protocol/errors.js';

const fixture = join(import.meta.dirname, 'fixtures', 'strict-legacy-stdio-server.ts');
const crashing = join(import.meta.dirname, 'fixtures', 'crash-at-start-server.ts');
const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

function spawnTarget(log: string, banner?: string) {
  const env = { ...process.env, STRICT_SERVER_LOG: log } as Record<string, string>;
  if (banner !== undefined) env.STRICT_SERVER_BANNER = banner;
  return { command: tsx, args: [fixture], env };
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

  it('is started again when it only announced itself on stderr', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'mcpkit-respawn-')), 'starts.log');
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    let client: Client;
    try {
      client = await Client.connect(spawnTarget(log, 'strict-legacy MCP server running on stdio'), {
        warn: () => {},
      });
    } finally {
      spy.mockRestore();
    }
    try {
      expect(client.server.serverInfo?.name).toBe('strict-legacy');
      // The banner was forwarded (twice: each start prints it), and the second start answered.
      expect(written.join('')).toContain('strict-legacy MCP server running on stdio');
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

describe('a stdio server that crashes at start', () => {
  it('is started once, and its stack reaches stderr once', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'mcpkit-crash-')), 'starts.log');
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    let failure: unknown;
    try {
      await Client.connect(
        {
          command: tsx,
          args: [crashing],
          env: { ...process.env, CRASH_SERVER_LOG: log } as Record<string, string>,
        },
        { warn: () => {} },
      );
    } catch (error) {
      failure = error;
    } finally {
      spy.mockRestore();
    }
    expect(failure).toBeInstanceOf(ConnectionClosedError);
    expect((failure as Error).message).toMatch(
      /exited with code 1 before answering, after reporting an error on stderr/,
    );
    expect(readFileSync(log, 'utf8')).toBe('start\n');
    const crashes = written.join('').match(/crash-at-start: the configuration file is missing/g) ?? [];
    expect(crashes.length).toBeGreaterThanOrEqual(1);
    // Node prints the throwing line and the error message: both once, from one process.
    expect(written.join('').match(/^Error: crash-at-start/gm)).toHaveLength(1);
  });
});
