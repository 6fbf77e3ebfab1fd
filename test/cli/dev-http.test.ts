/**
 * `mcpkit dev --port`: HTTP hosts of both revisions stay connected, each in its own session, while
 * the server file is edited. `mcpkit dev --port 0` runs in this process; mcpkit's Client connects
 * over HTTP on 2026-07-28 and on a 2025-11-25 session, hears the list change, and calls the new
 * tool without reconnecting.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDevCommandLine } from '../../src/cli/dev/args.js';
import { runDev } from '../../src/cli/dev/dev.js';
import { UsageError } from '../../src/cli/errors.js';
import { Client } from '../../src/entries/client.js';
import { ROOT, until } from './cli-harness.js';

const entry = (name: string) => pathToFileURL(join(ROOT, 'src/entries', `${name}.ts`)).href;

/** A stdio server with one echoing tool per name. */
function serverSource(tools: readonly string[]): string {
  return `import { McpServer } from '${entry('server')}';
import { serveStdio } from '${entry('stdio')}';
const server = new McpServer({ name: 'dev-http-test', version: '1.0.0' }, { warn: () => {} });
for (const name of ${JSON.stringify(tools)}) {
  server.registerTool(name, {}, () => ({ content: [{ type: 'text', text: 'from ' + name }] }));
}
const running = await serveStdio(server);
await running.closed;
`;
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcpkit-dev-http-'));
  file = join(dir, 'server.ts');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(file, serverSource(['first']));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `mcpkit dev --port 0 <file>` in this process: the URL it prints, its stderr, and how to stop it. */
async function startDevOverHttp() {
  let stderr = '';
  const controller = new AbortController();
  const command = parseDevCommandLine(['--port', '0', file]);
  if (command.kind !== 'dev') throw new Error('not a dev command line');
  // stdin and stdout are not the protocol here: the hosts come over HTTP.
  const exited = runDev(
    command,
    {
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr: { write: (text: string) => (stderr += text) },
    },
    { cwd: ROOT, debounceMs: 100, signal: controller.signal },
  );
  let failed: unknown;
  exited.catch((error: unknown) => {
    failed = error;
  });
  await until(
    () => failed !== undefined || /serving at http:\/\/|dev mode waits/.test(stderr),
    'the URL (or the wait for a fix) on stderr',
  );
  if (failed === undefined && !/serving at http:\/\//.test(stderr)) {
    // The server does not start yet: the caller fixes it, then asks for the URL.
    return { url: '', stderr: () => stderr, waitingForFix: true, failed: () => failed, controller, exited };
  }
  if (failed !== undefined) throw failed;
  const url = /serving at (http:\/\/\S+)/.exec(stderr)?.[1] as string;
  return { url, stderr: () => stderr, waitingForFix: false, failed: () => failed, controller, exited };
}

describe('mcpkit dev --port', () => {
  it('parses --port and refuses a bad one', () => {
    expect(parseDevCommandLine(['--port', '4000', 'server.ts'])).toMatchObject({ kind: 'dev', port: 4000 });
    expect(parseDevCommandLine(['--port', '0', '--', 'python', 'server.py'])).toMatchObject({
      server: { kind: 'command', command: 'python' },
      port: 0,
    });
    expect(parseDevCommandLine(['server.ts'])).not.toHaveProperty('port');
    expect(() => parseDevCommandLine(['--port', 'x', 'server.ts'])).toThrow(UsageError);
    expect(() => parseDevCommandLine(['--port', '70000', 'server.ts'])).toThrow(
      /0 \(any free port\) to 65535/,
    );
  });

  it('waits for a fix when the server does not start the first time, then serves it', async () => {
    writeFileSync(file, 'this is not JavaScript (\n');
    const dev = await startDevOverHttp();
    try {
      expect(dev.waitingForFix).toBe(true);
      expect(dev.stderr()).toMatch(/fix it and save, dev mode waits/);
      writeFileSync(file, serverSource(['fixed']));
      await until(() => dev.failed() !== undefined || /serving at http:\/\//.test(dev.stderr()), 'the URL');
      expect(dev.failed()).toBeUndefined();
      const url = /serving at (http:\/\/\S+)/.exec(dev.stderr())?.[1] as string;
      const client = await Client.connect(url, { warn: () => {} });
      try {
        expect(await client.callTool('fixed', {})).toMatchObject({ content: [{ text: 'from fixed' }] });
      } finally {
        await client.close();
      }
    } finally {
      dev.controller.abort();
      expect(await dev.exited).toBe(0);
    }
  }, 90_000);

  it('HTTP hosts of both revisions see a tool added on save, and call it in the same session', async () => {
    const dev = await startDevOverHttp();
    const sessionIds = new Set<string>();
    const recordingFetch: typeof fetch = (input, init) => {
      const id = new Headers(init?.headers).get('mcp-session-id');
      if (id) sessionIds.add(id);
      return fetch(input, init);
    };
    const modern = await Client.connect(dev.url, { protocolVersion: '2026-07-28', warn: () => {} });
    const legacy = await Client.connect(dev.url, {
      protocolVersion: '2025-11-25',
      fetch: recordingFetch,
      warn: () => {},
    });
    const listening = new AbortController();
    try {
      expect(modern.server.era).toBe('modern');
      expect(legacy.server.era).toBe('legacy');
      const legacyHeard: string[] = [];
      legacy.watchNotifications(({ method }) => legacyHeard.push(method));
      const modernHeard: string[] = [];
      const stream = (async () => {
        for await (const event of modern.listen({ toolsListChanged: true }, { signal: listening.signal }))
          modernHeard.push(event.method);
      })().catch(() => {});
      await until(() => modernHeard.length > 0, 'the listen acknowledgement');
      expect(await modern.callTool('first', {})).toMatchObject({ content: [{ text: 'from first' }] });
      expect(await legacy.callTool('first', {})).toMatchObject({ content: [{ text: 'from first' }] });
      expect((await legacy.listAllTools()).map((tool) => tool.name)).toEqual(['first']);

      writeFileSync(file, serverSource(['first', 'second']));
      await until(
        () =>
          legacyHeard.includes('notifications/tools/list_changed') &&
          modernHeard.includes('notifications/tools/list_changed'),
        'tools/list_changed on both sessions',
      );
      for (const client of [modern, legacy]) {
        expect((await client.listAllTools()).map((tool) => tool.name)).toEqual(['first', 'second']);
        expect(await client.callTool('second', {})).toMatchObject({ content: [{ text: 'from second' }] });
      }
      // One 2025 session throughout: the restart stayed behind mcpkit dev.
      expect(sessionIds.size).toBe(1);
      expect(dev.stderr()).toMatch(/restarting the server/);
      listening.abort();
      await stream;
    } finally {
      listening.abort();
      await modern.close();
      await legacy.close();
      dev.controller.abort();
      expect(await dev.exited).toBe(0);
    }
  }, 90_000);
});
