/**
 * `mcpkit dev`: a host stays connected while the server file it runs is
 * edited. mcpkit's Client (2026-07-28 and a 2025-11-25 session) talks to an
 * in-process `mcpkit dev` over a pair of pipes; the official v1 client starts
 * `mcpkit dev` as a process, as a desktop host would. The server file lives in
 * a temporary folder and is rewritten by the tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Client as OfficialClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as OfficialStdioTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDevCommandLine } from '../../src/cli/dev/args.js';
import { runDev } from '../../src/cli/dev/dev.js';
import { serverCommandFor, stripsTypes } from '../../src/cli/dev/server-command.js';
import { UsageError } from '../../src/cli/errors.js';
import { Client } from '../../src/entries/client.js';
import type { JSONRPCMessage } from '../../src/entries/protocol.js';
import type { Transport } from '../../src/entries/session.js';
import { StreamTransport } from '../../src/transport/stdio/stream-transport.js';
import { CLI, ROOT, until } from './cli-harness.js';

const entry = (name: string) => pathToFileURL(join(ROOT, 'src/entries', `${name}.ts`)).href;

/**
 * A stdio server with one echoing tool per name; `ask` asks the client for a name
 * (elicitation); `slow` waits until cancelled or the process ends.
 */
function serverSource(tools: readonly string[], broken = false): string {
  return `import { McpServer } from '${entry('server')}';
import { serveStdio } from '${entry('stdio')}';
${broken ? 'const = ;\n' : ''}
const server = new McpServer({ name: 'dev-test', version: '1.0.0' }, { warn: () => {} });
for (const name of ${JSON.stringify(tools)}) {
  server.registerTool(name, {}, () => ({ content: [{ type: 'text', text: 'from ' + name }] }));
}
server.registerTool('ask', {}, async (ctx) => {
  const answer = await ctx.elicit({ message: 'Name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } });
  return { content: [{ type: 'text', text: 'hello ' + String(answer.content?.name) }] };
});
server.registerTool('slow', {}, (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({ content: [] }))));
const running = await serveStdio(server);
await running.closed;
`;
}

/** Wraps a transport and keeps every method the client sent. */
function recording(inner: Transport, sent: string[]): Transport {
  return {
    start: (handlers) => inner.start(handlers),
    send: (message: JSONRPCMessage, options) => {
      if ('method' in message) sent.push(message.method);
      return inner.send(message, options);
    },
    close: () => inner.close(),
  };
}

const ANSWER = { action: 'accept' as const, content: { name: 'Ada' } };

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcpkit-dev-'));
  file = join(dir, 'server.ts');
  // A project of its own, ESM like most; tsx comes from the repository (the test's cwd).
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(file, serverSource(['first']));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `mcpkit dev <file>` in this process; the client end of its stdio, its stderr, and how to stop it. */
function startDev(argv: readonly string[] = [file]) {
  const toDev = new PassThrough();
  const fromDev = new PassThrough();
  let stderr = '';
  const controller = new AbortController();
  const command = parseDevCommandLine(argv);
  if (command.kind !== 'dev') throw new Error('not a dev command line');
  const exited = runDev(
    command,
    { stdin: toDev, stdout: fromDev, stderr: { write: (text: string) => (stderr += text) } },
    { cwd: ROOT, debounceMs: 100, signal: controller.signal },
  );
  const sent: string[] = [];
  return {
    transport: recording(new StreamTransport(fromDev, toDev), sent),
    sent,
    stderr: () => stderr,
    async stop() {
      controller.abort();
      return exited;
    },
  };
}

describe('mcpkit dev with mcpkit Client', () => {
  it('2026-07-28: the listen stream carries tools/list_changed after an edit; no new discovery', async () => {
    const dev = startDev();
    const client = await Client.connect(dev.transport, { onElicit: async () => ANSWER });
    try {
      expect(client.server.era).toBe('modern');
      const heard: string[] = [];
      const listening = new AbortController();
      const stream = (async () => {
        for await (const event of client.listen({ toolsListChanged: true }, { signal: listening.signal }))
          heard.push(event.method);
      })();
      await until(() => heard.length > 0, 'the acknowledgement');
      expect(await client.callTool('first', {})).toMatchObject({ content: [{ text: 'from first' }] });

      writeFileSync(file, serverSource(['first', 'second']));
      await until(() => heard.includes('notifications/tools/list_changed'), 'tools/list_changed');
      expect((await client.listAllTools()).map((tool) => tool.name)).toContain('second');
      expect(await client.callTool('second', {})).toMatchObject({ content: [{ text: 'from second' }] });
      // Multi Round-Trip input passes through unchanged.
      expect(await client.callTool('ask', {})).toMatchObject({ content: [{ text: 'hello Ada' }] });
      // One acknowledgement: the re-issued listen's was the relay's business.
      expect(heard.filter((method) => method === 'notifications/subscriptions/acknowledged')).toHaveLength(1);
      expect(dev.sent.filter((method) => method === 'server/discover')).toHaveLength(1);
      expect(dev.sent).not.toContain('initialize');
      expect(dev.stderr()).toMatch(/restarting the server/);
      listening.abort();
      await stream;
    } finally {
      await client.close();
      expect(await dev.stop()).toBe(0);
    }
  }, 60_000);

  it('2025-11-25: the same session hears tools/list_changed and never initializes again', async () => {
    const dev = startDev();
    const heard: string[] = [];
    const client = await Client.connect(dev.transport, {
      protocolVersion: '2025-11-25',
      // Session state the relay replays to each new process.
      logLevel: 'debug',
      onElicit: async () => ANSWER,
      onNotification: ({ method }) => void heard.push(method),
    });
    try {
      expect(client.server.era).toBe('legacy');
      expect(await client.callTool('first', {})).toMatchObject({ content: [{ text: 'from first' }] });

      writeFileSync(file, serverSource(['first', 'second']));
      await until(() => heard.includes('notifications/tools/list_changed'), 'tools/list_changed');
      expect((await client.listAllTools()).map((tool) => tool.name)).toEqual([
        'first',
        'second',
        'ask',
        'slow',
      ]);
      expect(await client.callTool('second', {})).toMatchObject({ content: [{ text: 'from second' }] });
      // The new process's question reaches the host under the relay's id, and the answer comes back.
      expect(await client.callTool('ask', {})).toMatchObject({ content: [{ text: 'hello Ada' }] });
      expect(dev.sent.filter((method) => method === 'initialize')).toHaveLength(1);
    } finally {
      await client.close();
      await dev.stop();
    }
  }, 60_000);

  it('answers a request in flight at a restart, and reports a broken file until it is fixed', async () => {
    const dev = startDev();
    const client = await Client.connect(dev.transport, { protocolVersion: '2025-11-25' });
    try {
      const slow = client.callTool('slow', {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      writeFileSync(file, serverSource(['first'], true));
      await expect(slow).rejects.toThrow(/restarted.*send it again/);
      await until(() => /waiting for a change/.test(dev.stderr()), 'the crash report');
      await expect(client.callTool('first', {})).rejects.toThrow(/not running.*Fix it and save/);
      // The relay itself still answers a ping.
      await expect(client.request('ping', {})).resolves.toBeDefined();

      writeFileSync(file, serverSource(['first', 'third']));
      await until(
        () => (dev.stderr().match(/restarting the server/g) ?? []).length >= 2,
        'the second restart',
      );
      // Asked while the new process starts, the call waits for it.
      expect(await client.callTool('third', {})).toMatchObject({ content: [{ text: 'from third' }] });
      expect(dev.sent.filter((method) => method === 'initialize')).toHaveLength(1);
    } finally {
      await client.close();
      await dev.stop();
    }
  }, 60_000);
});

describe('mcpkit dev -- <command>', () => {
  it('runs any command and restarts it when a --watch path changes', async () => {
    const dev = startDev(['--watch', dir, '--', process.execPath, '--import', 'tsx', file]);
    const client = await Client.connect(dev.transport, { protocolVersion: '2025-11-25' });
    try {
      expect(await client.callTool('first', {})).toMatchObject({ content: [{ text: 'from first' }] });
      writeFileSync(file, serverSource(['first', 'fourth']));
      await until(() => /restarting the server/.test(dev.stderr()), 'the restart');
      expect(await client.callTool('fourth', {})).toMatchObject({ content: [{ text: 'from fourth' }] });
    } finally {
      await client.close();
      await dev.stop();
    }
  }, 60_000);
});

describe('mcpkit dev with the official v1 client', () => {
  it('keeps the stdio connection across an edit and sends tools/list_changed', async () => {
    const [command, ...args] = CLI;
    const transport = new OfficialStdioTransport({
      command: command!,
      args: [...args, 'dev', file],
      cwd: ROOT,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new OfficialClient({ name: 'official-v1-client', version: '1.0.0' });
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['first', 'ask', 'slow']);
      writeFileSync(file, serverSource(['first', 'second']));
      await until(() => changes > 0, `tools/list_changed (stderr: ${stderr})`);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual([
        'first',
        'second',
        'ask',
        'slow',
      ]);
      expect(await client.callTool({ name: 'second' })).toMatchObject({ content: [{ text: 'from second' }] });
      expect(stderr).toMatch(/restarting the server/);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('mcpkit dev command line', () => {
  it('takes a file and its arguments, or any command, and more paths to watch', () => {
    expect(parseDevCommandLine(['server.ts', '--watch', 'lib', '--', '--verbose'])).toEqual({
      kind: 'dev',
      server: { kind: 'file', file: 'server.ts', args: ['--verbose'] },
      watch: ['lib'],
    });
    expect(parseDevCommandLine(['--', 'python', 'server.py'])).toEqual({
      kind: 'dev',
      server: { kind: 'command', command: 'python', args: ['server.py'] },
      watch: [],
    });
    expect(() => parseDevCommandLine([])).toThrow(UsageError);
    expect(() => parseDevCommandLine(['a.ts', 'b.ts'])).toThrow(/after --/);
  });

  it('runs .js with Node, .ts through the project tsx, and says what to install otherwise', () => {
    const js = join(dir, 'server.js');
    writeFileSync(js, '');
    expect(serverCommandFor(js, ['x'], { cwd: dir, nodePath: 'node' })).toEqual({
      command: 'node',
      args: [js, 'x'],
    });
    const viaTsx = serverCommandFor(file, [], { cwd: ROOT, nodePath: 'node' });
    expect(viaTsx.args[0]).toBe('--import');
    expect(viaTsx.args[1]).toMatch(/tsx/);
    expect(serverCommandFor(file, [], { cwd: dir, nodePath: 'node', nodeVersion: '22.6.0' }).args[0]).toBe(
      '--experimental-strip-types',
    );
    expect(() => serverCommandFor(file, [], { cwd: dir, nodeVersion: '20.16.0' })).toThrow(
      /npm install --save-dev tsx/,
    );
    expect(() => serverCommandFor(join(dir, 'missing.ts'), [], { cwd: dir })).toThrow(/is not a file/);
    expect(stripsTypes('23.0.0')).toBe(true);
  });
});
