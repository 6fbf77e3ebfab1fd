/**
 * The CLI end to end over Streamable HTTP: every verb against the demo server
 * (human and --json output), exit codes, non-interactive input flags, progress,
 * logging, and listen against the fixture server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer } from '../../examples/demo-server.js';
import type { RunningHttpServer } from '../../src/entries/node.js';
import type { McpServer } from '../../src/entries/server.js';
import { finished, runCli, serve, startCli, unreachableUrl, waitForOutput } from './cli-harness.js';
import { createFixtureServer, PIXEL_PNG } from './fixture-server.js';

const SLOW = 120_000;

let demo: RunningHttpServer;
let fixture: RunningHttpServer;
let url: string;
let fixtureUrl: string;

beforeAll(async () => {
  demo = await serve(createDemoServer());
  fixture = await serve(createFixtureServer());
  url = demo.url.href;
  fixtureUrl = fixture.url.href;
});

afterAll(async () => {
  await demo?.close();
  await fixture?.close();
});

describe.concurrent('every verb over HTTP', () => {
  it('discover', { timeout: SLOW }, async () => {
    const human = await runCli(['discover', url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Server\s+mcpkit-demo 0\.1\.0$/m);
    expect(human.stdout).toMatch(/^Protocol\s+2026-07-28 \(modern\)/m);
    const json = await runCli(['discover', '--json', url]);
    expect(json.code).toBe(0);
    const description = JSON.parse(json.stdout);
    expect(description.serverInfo).toEqual({ name: 'mcpkit-demo', version: '0.1.0' });
    expect(description.capabilities.tools).toBeDefined();
  });

  it('tools', { timeout: SLOW }, async () => {
    const human = await runCli(['tools', url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^add\s+Adds two numbers\.$/m);
    expect(human.stdout).toMatch(/^\s+a: number, b: number → \{ sum: number \}$/m);
    expect(human.stdout).toMatch(/^\s+text: string$/m);
    const json = await runCli(['tools', '--json', url]);
    const names = JSON.parse(json.stdout).tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(['echo', 'add', 'greet', 'counter']);
  });

  it('call with typed --arg values', { timeout: SLOW }, async () => {
    const human = await runCli(['call', 'add', '--arg', 'a=2', '--arg', 'b=3', url]);
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toBe('{"sum":5}');
    const json = await runCli([
      'call',
      'add',
      '--json-args',
      '{"a":1,"b":1}',
      '--arg',
      'b=40',
      '--json',
      url,
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).structuredContent).toEqual({ sum: 41 });
    const text = await runCli(['call', 'echo', '--arg', 'text=42', '--json', url]);
    expect(JSON.parse(text.stdout).content).toEqual([{ type: 'text', text: '42' }]);
  });

  it('resources', { timeout: SLOW }, async () => {
    const human = await runCli(['resources', url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^demo:\/\/about\s+about\s+text\/plain\s+About this server$/m);
    const json = await runCli(['resources', '--json', url]);
    expect(JSON.parse(json.stdout).resources.map((r: { uri: string }) => r.uri)).toContain(
      'demo://greetings/ja',
    );
  });

  it('read', { timeout: SLOW }, async () => {
    const human = await runCli(['read', 'demo://greetings/fr', url]);
    expect(human).toMatchObject({ code: 0, stdout: 'Bonjour\n' });
    const json = await runCli(['read', 'demo://about', '--json', url]);
    expect(JSON.parse(json.stdout).contents[0]).toMatchObject({
      uri: 'demo://about',
      mimeType: 'text/plain',
    });
  });

  it('templates', { timeout: SLOW }, async () => {
    const human = await runCli(['templates', url]);
    expect(human.stdout).toMatch(/^demo:\/\/greetings\/\{language\}\s+greeting\s+text\/plain/m);
    const json = await runCli(['templates', '--json', url]);
    expect(JSON.parse(json.stdout).resourceTemplates[0].uriTemplate).toBe('demo://greetings/{language}');
  });

  it('prompts', { timeout: SLOW }, async () => {
    const human = await runCli(['prompts', url]);
    expect(human.stdout).toMatch(/^haiku\s+Asks the model for a haiku\.\n\s+topic$/m);
    const json = await runCli(['prompts', '--json', url]);
    expect(JSON.parse(json.stdout).prompts[0].arguments[0]).toMatchObject({ name: 'topic', required: true });
  });

  it('prompt', { timeout: SLOW }, async () => {
    const human = await runCli(['prompt', 'haiku', '--arg', 'topic=the sea', url]);
    expect(human).toMatchObject({ code: 0, stdout: '[user] Write a haiku about the sea.\n' });
    const json = await runCli(['prompt', 'haiku', '--arg', 'topic=tea', '--json', url]);
    expect(JSON.parse(json.stdout).messages[0].content.text).toBe('Write a haiku about tea.');
  });

  it('complete, for a prompt and for a template', { timeout: SLOW }, async () => {
    const prompt = await runCli(['complete', 'haiku', 'topic', 'a', url]);
    expect(prompt).toMatchObject({ code: 0, stdout: 'autumn\n' });
    const json = await runCli(['complete', 'demo://greetings/{language}', 'language', 'e', '--json', url]);
    expect(JSON.parse(json.stdout).completion.values).toEqual(['en', 'es']);
  });
});

describe.concurrent('exit codes over HTTP', () => {
  it('1 when the tool reports an error', { timeout: SLOW }, async () => {
    const run = await runCli(['call', 'echo', '--json-args', '{"text":5}', url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Invalid arguments for tool echo/);
    expect(run.stderr).toMatch(/reported an error/);
    const json = await runCli(['call', 'echo', '--json-args', '{"text":5}', '--json', url]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).isError).toBe(true);
  });

  it('1 when the server answers with an error', { timeout: SLOW }, async () => {
    const tool = await runCli(['call', 'no-such-tool', url]);
    expect(tool.code).toBe(1);
    expect(tool.stderr).toMatch(/The server answered with an error \(-32602\): Unknown tool: no-such-tool/);
    const resource = await runCli(['read', 'demo://nowhere', url]);
    expect(resource.code).toBe(1);
  });

  it('2 for usage errors, with what to do', { timeout: SLOW }, async () => {
    const cases = [[], ['tools'], ['explode', url], ['call', url], ['tools', '--frob', url]];
    const runs = await Promise.all(cases.map((argv) => runCli(argv)));
    runs.forEach((run, index) => {
      expect(run.code, cases[index]!.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/Run mcpkit --help for usage/);
      expect(run.stdout).toBe('');
    });
    const badArg = await runCli(['call', 'add', '--arg', 'a=one', '--arg', 'b=2', url]);
    expect(badArg.code).toBe(2);
    expect(badArg.stderr).toMatch(/a takes a number, so its value must be JSON \(for example --arg a=3\)/);
  });

  it('3 when the URL cannot be reached, saying what to check', { timeout: SLOW }, async () => {
    const refused = await runCli(['tools', await unreachableUrl()]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/connection refused\. Check that the server is running/);
    const wrongPath = await runCli(['tools', new URL('/elsewhere', url).href]);
    expect(wrongPath.code).toBe(3);
    expect(wrongPath.stderr).toMatch(/HTTP 404.*Check the path/);
  });

  it('help and version', { timeout: SLOW }, async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage:/);
    expect(help.stdout).toMatch(/Exit codes:/);
    const version = await runCli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });
});

describe.concurrent('input without a terminal', () => {
  it('cancels elicitation and says so', { timeout: SLOW }, async () => {
    const run = await runCli(['call', 'greet', url]);
    expect(run).toMatchObject({ code: 0, stdout: 'Hello, stranger!\n' });
    expect(run.stderr).toMatch(/no terminal to ask on, so the answer is cancel/);
  });

  it('accepts with --elicit-json', { timeout: SLOW }, async () => {
    const run = await runCli(['call', 'greet', '--elicit-json', '{"name":"Ada"}', '--json', url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).content[0].text).toBe('Hello, Ada!');
  });

  it('declines or cancels with --elicit', { timeout: SLOW }, async () => {
    const declined = await runCli(['call', 'order', '--elicit', 'decline', fixtureUrl]);
    expect(declined).toMatchObject({ code: 0, stdout: 'decline {}\n' });
    const cancelled = await runCli(['call', 'order', '--elicit', 'cancel', fixtureUrl]);
    expect(cancelled).toMatchObject({ code: 0, stdout: 'cancel {}\n' });
  });

  it('applies defaults to --elicit-json and rejects content that does not fit', {
    timeout: SLOW,
  }, async () => {
    const ok = await runCli([
      'call',
      'order',
      '--elicit-json',
      '{"dish":"soup","extras":["bread"]}',
      fixtureUrl,
    ]);
    expect(ok).toMatchObject({ code: 0, stdout: 'accept {"dish":"soup","extras":["bread"],"count":1}\n' });
    const bad = await runCli(['call', 'order', '--elicit-json', '{"dish":"cake"}', fixtureUrl]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--elicit-json does not fit the form.*dish: must be one of "soup", "salad"/);
  });

  it('answers sampling with --sample-text, and refuses it without', { timeout: SLOW }, async () => {
    const answered = await runCli(['call', 'ask-model', '--sample-text', 'You are great.', fixtureUrl]);
    expect(answered).toMatchObject({ code: 0, stdout: 'model said: You are great.\n' });
    const refused = await runCli(['call', 'ask-model', fixtureUrl]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no terminal to ask on, so it gets an error\. Pass --sample-text/);
  });

  it('exposes --roots', { timeout: SLOW }, async () => {
    const run = await runCli(['call', 'where', '--roots', 'file:///a,file:///b', fixtureUrl]);
    expect(run).toMatchObject({ code: 0, stdout: 'file:///a file:///b\n' });
  });
});

describe.concurrent('fixture features', () => {
  it('prints binary content as a note', { timeout: SLOW }, async () => {
    const run = await runCli(['call', 'picture', fixtureUrl]);
    const size = Buffer.from(PIXEL_PNG, 'base64').length;
    expect(run).toMatchObject({
      code: 0,
      stdout: `a picture:\n[image: image/png, ${size} B]\n[audio: audio/wav, 3 B]\n`,
    });
  });

  it('shows progress as plain lines without a terminal', { timeout: SLOW }, async () => {
    const run = await runCli(['call', 'slow', '--arg', 'steps=2', fixtureUrl]);
    expect(run).toMatchObject({ code: 0, stdout: 'done in 2 steps\n' });
    expect(run.stderr).toContain('progress 1/2 (50%): step 1\nprogress 2/2 (100%): step 2\n');
  });

  it('prints server logs at --log-level and above', { timeout: SLOW }, async () => {
    const debug = await runCli(['call', 'chatty', '--log-level', 'debug', fixtureUrl]);
    expect(debug.code).toBe(0);
    expect(debug.stderr).toContain('[server debug] fixture: debug detail');
    expect(debug.stderr).toContain('[server warning] fixture: careful now');
    const warning = await runCli(['call', 'chatty', '--log-level', 'warning', fixtureUrl]);
    expect(warning.stderr).not.toContain('debug detail');
    expect(warning.stderr).toContain('careful now');
    const none = await runCli(['call', 'chatty', fixtureUrl]);
    expect(none.stderr).not.toContain('[server');
  });

  it('parses JSON --arg values by the tool schema', { timeout: SLOW }, async () => {
    const run = await runCli([
      'call',
      'typed',
      '--arg',
      'n=1.5',
      '--arg',
      'flag=true',
      '--arg',
      'tags=["x","y"]',
      '--arg',
      'label=007',
      '--arg',
      'maybe=7',
      fixtureUrl,
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      n: 1.5,
      flag: true,
      tags: ['x', 'y'],
      label: '007',
      maybe: '7',
    });
  });
});

describe('listen over HTTP', () => {
  let server: McpServer;
  let running: RunningHttpServer;
  beforeAll(async () => {
    server = createFixtureServer();
    running = await serve(server);
  });
  afterAll(async () => {
    server.close();
    await running?.close();
  });

  it('prints one JSON line per notification and stops after --count', { timeout: SLOW }, async () => {
    const child = startCli(['listen', '--tools', '--json', '--count', '2', running.url.href]);
    const done = finished(child, SLOW - 5_000);
    await waitForOutput(child.stdout!, /subscriptions\/acknowledged/);
    const extra = server.registerTool('temporary', { description: 'Briefly here.' }, () => ({ content: [] }));
    extra.remove();
    const run = await done;
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.method)).toEqual([
      'notifications/subscriptions/acknowledged',
      'notifications/tools/list_changed',
      'notifications/tools/list_changed',
    ]);
    expect(lines[0].params.notifications).toEqual({ toolsListChanged: true });
  });

  it('prints resource updates in words and stops on Ctrl-C', { timeout: SLOW }, async () => {
    const child = startCli(['listen', '--resource', 'demo://about', running.url.href]);
    const done = finished(child, SLOW - 5_000);
    await waitForOutput(child.stderr!, /listening for changes to: resources demo:\/\/about/);
    server.notifyResourceUpdated('demo://about');
    await waitForOutput(child.stdout!, /resource updated: demo:\/\/about/);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d\d:\d\d:\d\d resource updated: demo:\/\/about\n$/);
  });
});
