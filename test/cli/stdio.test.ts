/**
 * The CLI end to end over stdio: it starts `examples/demo-server.ts --stdio`
 * itself (with --yes), runs every verb, prints the command line first, and
 * refuses to start a command without consent when there is no terminal.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_STDIO, finished, runCli, startCli, waitForOutput } from './cli-harness.js';

const SLOW = 120_000;
const COMMAND_LINE = 'mcpkit: server command: node --import tsx examples/demo-server.ts --stdio';

function stdio(verb: string, ...args: string[]): string[] {
  return [verb, ...args, '--yes', '--', ...DEMO_STDIO];
}

describe.concurrent('every verb over stdio', () => {
  it('discover', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('discover', '--json'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(COMMAND_LINE);
    expect(JSON.parse(run.stdout)).toMatchObject({
      protocolVersion: '2026-07-28',
      serverInfo: { name: 'mcpkit-demo' },
    });
  });

  it('tools', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('tools', '--json'));
    expect(run.code).toBe(0);
    // `counter_add` is only for the counter app's view: the CLI declares no MCP Apps support.
    expect(JSON.parse(run.stdout).tools.map((tool: { name: string }) => tool.name)).toEqual([
      'echo',
      'add',
      'greet',
      'counter',
    ]);
  });

  it('call', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('call', 'add', '--arg', 'a=20', '--arg', 'b=22', '--json'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).structuredContent).toEqual({ sum: 42 });
  });

  it('call with --elicit-json', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('call', 'greet', '--elicit-json', '{"name":"Grace"}'));
    expect(run).toMatchObject({ code: 0, stdout: 'Hello, Grace!\n' });
  });

  it('call on a 2025 session, where elicitation is a real request', { timeout: SLOW }, async () => {
    const run = await runCli(
      stdio('call', 'greet', '--protocol-version', '2025-11-25', '--elicit-json', '{"name":"Lin"}'),
    );
    expect(run).toMatchObject({ code: 0, stdout: 'Hello, Lin!\n' });
  });

  it('resources', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('resources'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^demo:\/\/about\s+about/m);
  });

  it('read', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('read', 'demo://greetings/de'));
    expect(run).toMatchObject({ code: 0, stdout: 'Hallo\n' });
  });

  it('templates', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('templates', '--json'));
    expect(JSON.parse(run.stdout).resourceTemplates[0].name).toBe('greeting');
  });

  it('prompts', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('prompts', '--json'));
    expect(JSON.parse(run.stdout).prompts.map((prompt: { name: string }) => prompt.name)).toEqual(['haiku']);
  });

  it('prompt', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('prompt', 'haiku', '--arg', 'topic=rain'));
    expect(run).toMatchObject({ code: 0, stdout: '[user] Write a haiku about rain.\n' });
  });

  it('complete', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('complete', 'demo://greetings/{language}', 'language', 'j', '--json'));
    expect(JSON.parse(run.stdout).completion.values).toEqual(['ja']);
  });

  it('listen until Ctrl-C', { timeout: SLOW }, async () => {
    const child = startCli(stdio('listen', '--json'));
    const done = finished(child, SLOW - 5_000);
    const seen = await waitForOutput(child.stdout!, /\n/);
    expect(JSON.parse(seen.trim())).toMatchObject({
      method: 'notifications/subscriptions/acknowledged',
      params: {
        notifications: { toolsListChanged: true, promptsListChanged: true, resourcesListChanged: true },
      },
    });
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
  });

  it('1 for a tool error', { timeout: SLOW }, async () => {
    const run = await runCli(stdio('call', 'echo', '--json-args', '{"text":false}', '--json'));
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).isError).toBe(true);
  });
});

describe.concurrent('starting commands', () => {
  it('refuses without --yes when there is no terminal to ask on (exit 2)', { timeout: SLOW }, async () => {
    const run = await runCli(['tools', '--', ...DEMO_STDIO]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(COMMAND_LINE);
    expect(run.stderr).toMatch(/no terminal to ask on.*pass --yes/);
    expect(run.stderr).not.toContain('serving MCP on stdio');
  });

  it('exits 3 when the command cannot be started', { timeout: SLOW }, async () => {
    const run = await runCli(['tools', '--yes', '--', 'mcpkit-no-such-command']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Could not start `mcpkit-no-such-command`: command not found\. Check that/);
  });

  it('exits 3 when the command is not an MCP server', { timeout: SLOW }, async () => {
    const run = await runCli(['tools', '--yes', '--', 'node', '-e', 'process.exit(4)']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("mcpkit: server command: node -e 'process.exit(4)'");
    expect(run.stderr).toMatch(/Check that the command starts an MCP server on stdio/);
  });

  it('starts a command that crashes at start once, so its error shows once (exit 3)', {
    timeout: SLOW,
  }, async () => {
    const run = await runCli([
      'tools',
      '--yes',
      '--',
      'node',
      '-e',
      "throw new Error('crashed while starting')",
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr.match(/Error: crashed while starting/g)).toHaveLength(1);
    expect(run.stderr.match(/mcpkit: server command:/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/exited with code 1 before answering, after reporting an error on stderr/);
  });

  it('passes --env to the command', { timeout: SLOW }, async () => {
    const run = await runCli([
      'tools',
      '--yes',
      '--env',
      'MCPKIT_CLI_TEST=1',
      '--',
      'node',
      '-e',
      'process.stdin.once("data", () => process.exit(process.env.MCPKIT_CLI_TEST === "1" ? 7 : 8))',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/exited with code 7/);
  });
});
