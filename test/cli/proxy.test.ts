/**
 * `mcpkit proxy` as a process: over HTTP in front of a stdio server (the reference
 * server-everything), stopped with SIGTERM; and the command line's checks.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { Client } from '../../src/client/client.js';
import { finished, startCli, waitForOutput } from './cli-harness.js';

const EVERYTHING = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

describe('mcpkit proxy', () => {
  it('serves a stdio server over HTTP until SIGTERM', async () => {
    const child = startCli(['proxy', '--port', '0', '--yes', '--', process.execPath, EVERYTHING, 'stdio']);
    const done = finished(child, 60_000);
    const said = await waitForOutput(child.stderr!, /proxying .* at (http:\S+)/);
    const url = /at (http:\S+)/.exec(said)?.[1];
    expect(said).toContain('(2025-11-25)');
    const client = await Client.connect(url!, { warn: () => {} });
    try {
      const names = (await client.listAllTools()).map((tool) => tool.name);
      expect(names).toContain('echo');
      const echoed = await client.callTool('echo', { message: 'through the proxy' });
      expect(JSON.stringify(echoed.content)).toContain('through the proxy');
    } finally {
      await client.close();
    }
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  }, 60_000);

  it('serves over stdio by default for a URL, over HTTP for a command', () => {
    const url = parseCommandLine(['proxy', 'http://127.0.0.1:3000/mcp']);
    const command = parseCommandLine(['proxy', '--', 'node', 'server.js']);
    expect(url.kind === 'run' && url.proxy).toEqual({ kind: 'stdio' });
    expect(command.kind === 'run' && command.proxy).toEqual({ kind: 'http', port: 0 });
    const pinned = parseCommandLine(['proxy', '--port', '3000', 'http://127.0.0.1:3000/mcp']);
    expect(pinned.kind === 'run' && pinned.proxy).toEqual({ kind: 'http', port: 3000 });
  });

  it('refuses --stdio with --port, a bad port, and proxy options on other verbs', () => {
    expect(() => parseCommandLine(['proxy', '--stdio', '--port', '1', 'http://127.0.0.1/mcp'])).toThrow(
      /either --stdio or --port/,
    );
    expect(() => parseCommandLine(['proxy', '--port', '70000', 'http://127.0.0.1/mcp'])).toThrow(
      /port number from 0/,
    );
    expect(() => parseCommandLine(['tools', '--stdio', 'http://127.0.0.1/mcp'])).toThrow(/for proxy/);
  });
});
