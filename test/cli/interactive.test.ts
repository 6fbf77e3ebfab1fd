/**
 * The CLI on a terminal (a pseudo-terminal driven by Python's `pty`): form
 * fields prompted one by one, re-prompts on invalid answers, defaults on
 * Enter, the consent question before starting a command, a sampling reply,
 * and the progress bar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer } from '../../examples/demo-server.js';
import type { RunningHttpServer } from '../../src/entries/node.js';
import { DEMO_STDIO, HAS_PYTHON_PTY, runInPty, serve } from './cli-harness.js';
import { createFixtureServer } from './fixture-server.js';

const SLOW = 120_000;

let demo: RunningHttpServer;
let fixture: RunningHttpServer;

beforeAll(async () => {
  demo = await serve(createDemoServer());
  fixture = await serve(createFixtureServer());
});

afterAll(async () => {
  await demo?.close();
  await fixture?.close();
});

/** The terminal transcript without cursor movement and line-clearing sequences. */
function plain(transcript: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
  return transcript.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
}

describe.skipIf(!HAS_PYTHON_PTY).concurrent('on a terminal', () => {
  it('asks for the form field by field and sends the answer', { timeout: SLOW }, async () => {
    const run = await runInPty(
      ['call', 'greet', demo.url.href],
      [
        ['Answer? [Y = fill in the form, n = decline, c = cancel]: ', '\r'],
        ['Name (text; required): ', '\r'],
        ['Name: an answer is required; try again.', ''],
        ['Name (text; required): ', 'Ada Lovelace\r'],
      ],
    );
    expect(run.error).toBeNull();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Hello, Ada Lovelace!\n');
    expect(plain(run.transcript)).toContain('The server asks: What is your name?');
  });

  it('shows types, choices and defaults; Enter takes the default; invalid input re-prompts', {
    timeout: SLOW,
  }, async () => {
    const run = await runInPty(
      ['call', 'order', '--json', fixture.url.href],
      [
        ['Answer?', 'y\r'],
        ['Dish (choose one: 1=soup, 2=salad; required): ', 'cake\r'],
        ['Dish: pick one of 1=soup, 2=salad; try again.', ''],
        ['Dish (choose one: 1=soup, 2=salad; required): ', '2\r'],
        ['How many (whole number 1 to 5; required) [1]: ', '9\r'],
        ['How many: must be at most 5; try again.', ''],
        ['How many (whole number 1 to 5; required) [1]: ', '\r'],
        ['Spicy (yes/no; optional): ', 'maybe\r'],
        ['Spicy: answer yes or no; try again.', ''],
        ['Spicy (yes/no; optional): ', 'yes\r'],
        ['Extras (choose any, comma-separated: 1=bread, 2=cheese, 3=olives; optional): ', '1, olives\r'],
        ['Note (text, at most 20 characters; optional): ', '\r'],
      ],
    );
    expect(run.error).toBeNull();
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.content[0].text).toBe(
      'accept {"dish":"salad","count":1,"spicy":true,"extras":["bread","olives"]}',
    );
  });

  it('declines when asked to', { timeout: SLOW }, async () => {
    const run = await runInPty(['call', 'order', fixture.url.href], [['Answer?', 'n\r']]);
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ code: 0, stdout: 'decline {}\n' });
  });

  it('cancels on Ctrl-D, and stops with exit 130 on Ctrl-C', { timeout: SLOW }, async () => {
    const [eof, interrupt] = await Promise.all([
      runInPty(
        ['call', 'greet', demo.url.href],
        [
          ['Answer?', '\r'],
          ['Name (text; required): ', '\x04'],
        ],
      ),
      runInPty(
        ['call', 'greet', demo.url.href],
        [
          ['Answer?', '\r'],
          ['Name (text; required): ', '\x03'],
        ],
      ),
    ]);
    expect(eof.error).toBeNull();
    expect(eof).toMatchObject({ code: 0, stdout: 'Hello, stranger!\n' });
    expect(plain(eof.transcript)).toContain('Cancelled.');
    expect(interrupt.error).toBeNull();
    expect(interrupt).toMatchObject({ code: 130, stdout: '' });
    expect(plain(interrupt.transcript)).toContain('mcpkit: Interrupted.');
  });

  it('asks before starting a command, and starts it on y', { timeout: SLOW }, async () => {
    const run = await runInPty(['prompts', '--', ...DEMO_STDIO], [['Start this command? [y/N] ', 'y\r']]);
    expect(run.error).toBeNull();
    expect(run.code).toBe(0);
    const shown = plain(run.transcript);
    expect(shown).toContain('mcpkit: server command: node --import tsx examples/demo-server.ts --stdio\n');
    // The warning comes last, right before the question (SEP-1024).
    expect(shown).toMatch(
      /mcpkit: WARNING: this starts a program on this computer[^\n]*\nStart this command\? \[y\/N\] /,
    );
    expect(run.stdout).toMatch(/^haiku/);
  });

  it('does not start the command on Enter (exit 2)', { timeout: SLOW }, async () => {
    const run = await runInPty(['prompts', '--', ...DEMO_STDIO], [['Start this command? [y/N] ', '\r']]);
    expect(run.error).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(plain(run.transcript)).toContain('Did not start the command');
    expect(plain(run.transcript)).not.toContain('serving MCP on stdio');
  });

  it('asks for a sampling reply', { timeout: SLOW }, async () => {
    const run = await runInPty(
      ['call', 'ask-model', fixture.url.href],
      [['Reply as the model (empty line refuses): ', 'Lovely weather.\r']],
    );
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ code: 0, stdout: 'model said: Lovely weather.\n' });
    expect(plain(run.transcript)).toContain('[user] Say something nice.');
  });

  it('draws a progress bar and clears it', { timeout: SLOW }, async () => {
    const run = await runInPty(['call', 'slow', '--arg', 'steps=2', fixture.url.href], []);
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ code: 0, stdout: 'done in 2 steps\n' });
    expect(run.transcript).toContain(`\r\x1b[2K[${'#'.repeat(12)}${'-'.repeat(12)}]  50% step 1`);
    expect(run.transcript).toContain(`\r\x1b[2K[${'#'.repeat(24)}] 100% step 2`);
    expect(run.transcript).not.toContain('progress 1/2');
    expect(run.transcript.endsWith('\r\x1b[2K')).toBe(true);
  });
});
