/**
 * `mcpkit` against a server that wants OAuth: the CLI prints the sign-in URL,
 * waits on its loopback callback, keeps what it got in an owner-only file, and
 * the next run reuses it without signing in again.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { finished, runCli, startCli, waitForOutput } from '../cli/cli-harness.js';
import { protectedSetup } from './client-helpers.js';

const SLOW = 120_000;
let directory: string | undefined;
afterEach(async () => {
  delete process.env.MCPKIT_AUTH_FILE;
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('mcpkit signing in', () => {
  it('signs in through the loopback callback once, then reuses the stored token', {
    timeout: SLOW,
  }, async () => {
    directory = await mkdtemp(join(tmpdir(), 'mcpkit-cli-auth-'));
    const file = join(directory, 'auth.json');
    process.env.MCPKIT_AUTH_FILE = file;
    const { as, rs } = await protectedSetup();
    const port = await freePort();
    const args = ['tools', '--json', '--no-browser', '--callback-port', String(port), rs.url.href];

    const child = startCli(args);
    const run = finished(child, SLOW);
    const said = await waitForOutput(child.stderr!, /Sign in to continue: (\S+)/);
    const signInUrl = /Sign in to continue: (\S+)/.exec(said)?.[1] ?? '';
    // Play the browser: the authorization server approves and sends us back to the CLI's callback.
    const approved = await fetch(signInUrl, { redirect: 'manual' });
    const callback = approved.headers.get('location') ?? '';
    expect(callback.startsWith(`http://127.0.0.1:${port}/callback?`)).toBe(true);
    expect((await fetch(callback)).status).toBe(200);
    const first = await run;
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).tools.map((tool: { name: string }) => tool.name)).toContain('whoami');
    expect(as.registrations[0]).toMatchObject({ client_name: 'mcpkit CLI', application_type: 'native' });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

    const second = await runCli(args, SLOW);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('Sign in');
    expect(as.authorizations).toHaveLength(1);
  });

  it('with --no-auth, a protected server is an error that says how to get in', {
    timeout: SLOW,
  }, async () => {
    const { as, rs } = await protectedSetup();
    const run = await runCli(['tools', '--no-auth', rs.url.href], SLOW);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('--token');
    expect(as.requests).toEqual([]);
  });

  it('with --token, sends that token and does not sign in', { timeout: SLOW }, async () => {
    const { as, rs } = await protectedSetup();
    const run = await runCli(['tools', '--token', 'made-up', rs.url.href], SLOW);
    expect(run.code).toBe(3);
    expect(rs.requests.some((request) => request.authorization === 'Bearer made-up')).toBe(true);
    expect(as.requests).toEqual([]);
  });
});
