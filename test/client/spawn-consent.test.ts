/**
 * SEP-1024 for library users: `confirmSpawn` is asked before a command is
 * started, with the full command, arguments and environment; refusing starts
 * nothing and fails with SpawnRefusedError.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, SpawnRefusedError, type SpawnRequest } from '../../src/entries/client.js';

const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const strictServer = join(import.meta.dirname, 'fixtures', 'strict-legacy-stdio-server.ts');

describe('confirmSpawn', () => {
  it('sees the whole command and environment; false starts nothing', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'mcpkit-consent-')), 'started');
    const args = [
      '-e',
      `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')`,
      '--',
      'two words',
    ];
    const asked: SpawnRequest[] = [];
    const failure = await Client.connect(
      { command: process.execPath, args, env: { API_KEY: 'k-123' } },
      {
        confirmSpawn: (request) => {
          asked.push(request);
          return false;
        },
      },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SpawnRefusedError);
    expect((failure as Error).message).toContain('confirmSpawn refused it');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ command: process.execPath, args, addedEnv: { API_KEY: 'k-123' } });
    expect(asked[0]!.env.API_KEY).toBe('k-123');
    expect(asked[0]!.env.PATH).toBe(process.env.PATH);
    expect((failure as SpawnRefusedError).request).toBe(asked[0]);
    // Give a started process time to have written its marker: none was started.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(marker)).toBe(false);
  });

  it('true starts it; asked once even when a 2025 server is started again after the probe', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'mcpkit-consent-')), 'starts.log');
    let asked = 0;
    const client = await Client.connect(
      { command: tsx, args: [strictServer], env: { STRICT_SERVER_LOG: log } },
      {
        warn: () => {},
        confirmSpawn: async () => {
          asked++;
          return true;
        },
      },
    );
    try {
      expect(client.server.serverInfo?.name).toBe('strict-legacy');
      expect(readFileSync(log, 'utf8')).toBe('start\nstart\n');
      expect(asked).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('only true counts as consent', async () => {
    const failure = await Client.connect(
      { command: process.execPath, args: ['-e', ''] },
      // A hook typed loosely in JavaScript may resolve to a truthy non-boolean: not a yes.
      { confirmSpawn: (() => 'yes') as unknown as () => boolean },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SpawnRefusedError);
  });
});
