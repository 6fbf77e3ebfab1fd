/**
 * The CLI's pieces in-process: argument parsing, tool argument typing,
 * output formatting, field answers, progress rendering, exit codes.
 */
import { describe, expect, it } from 'vitest';
import { type CliCommand, parseCommandLine, toolArguments } from '../../src/cli/args.js';
import { formatCommandLine } from '../../src/cli/connect.js';
import { ConnectFailure, ExitCode, exitCodeFor, UsageError } from '../../src/cli/errors.js';
import {
  describeTaskStatus,
  formatContentBlock,
  formatDuration,
  formatNotification,
  formatReadResult,
  formatTaskList,
  formatTaskState,
  formatTools,
  summariseProperties,
  table,
  taskMark,
  typeOf,
} from '../../src/cli/output.js';
import { formatProgressBar, formatProgressLine, ProgressDisplay } from '../../src/cli/progress.js';
import { askElicitation, fieldPrompt, type LineInput, parseFieldAnswer } from '../../src/cli/prompts.js';
import { describeFormField } from '../../src/protocol/elicitation-form.js';
import { ConnectionClosedError, McpError } from '../../src/protocol/errors.js';
import type { PrimitiveSchemaDefinition } from '../../src/protocol/types/form-schema.js';

const URL_ = 'http://127.0.0.1:3000/mcp';

function run(argv: string[]): CliCommand {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'run') throw new Error(`expected a command, got ${parsed.kind}`);
  return parsed;
}

function usageMessage(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseCommandLine', () => {
  it('reads a verb, its operands, options and a URL', () => {
    const command = run(['call', 'add', '--arg', 'a=1', '--arg', 'b=x=y', '--json', URL_]);
    expect(command.verb).toBe('call');
    expect(command.operands).toEqual(['add']);
    expect(command.pairs).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
    ]);
    expect(command.options.json).toBe(true);
    expect(command.target).toEqual({ kind: 'url', url: URL_ });
  });

  it('takes everything after -- as the command to start, options included', () => {
    const command = run(['tools', '--yes', '--', 'node', 'server.js', '--stdio', '--json']);
    expect(command.target).toEqual({
      kind: 'command',
      command: 'node',
      args: ['server.js', '--stdio', '--json'],
    });
    expect(command.options.yes).toBe(true);
    expect(command.options.json).toBe(false);
  });

  it('collects every --ssrf-allow entry for a URL', () => {
    const options = run([
      'tools',
      '--ssrf-allow',
      'auth.corp.internal',
      '--ssrf-allow',
      '10.0.0.0/8',
      URL_,
    ]).options;
    expect(options.ssrfAllow).toEqual(['auth.corp.internal', '10.0.0.0/8']);
    expect(run(['tools', URL_]).options.ssrfAllow).toBeUndefined();
  });

  it('answers help and version before anything else', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['tools', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it('listens to every list by default, or to what is named', () => {
    expect(run(['listen', URL_]).listen).toEqual({
      tools: true,
      prompts: true,
      resources: true,
      resourceUris: [],
    });
    expect(
      run(['listen', '--resource', 'a://1', '--resource', 'a://2', '--count', '3', URL_]).listen,
    ).toEqual({
      tools: false,
      prompts: false,
      resources: false,
      resourceUris: ['a://1', 'a://2'],
      count: 3,
    });
  });

  it('reads the input flags', () => {
    const options = run([
      'call',
      'greet',
      '--elicit-json',
      '{"name":"Ada"}',
      '--sample-text',
      'hi',
      '--roots',
      'file:///a, file:///b',
      '--log-level',
      'debug',
      URL_,
    ]).options;
    expect(options.elicit).toEqual({ action: 'accept', content: { name: 'Ada' } });
    expect(options.sampleText).toBe('hi');
    expect(options.roots).toEqual(['file:///a', 'file:///b']);
    expect(options.logLevel).toBe('debug');
    expect(run(['call', 'greet', '--elicit', 'decline', URL_]).options.elicit).toEqual({ action: 'decline' });
  });

  it('explains every usage mistake', () => {
    expect(usageMessage([])).toMatch(/Say what to do/);
    expect(usageMessage(['frobnicate', URL_])).toMatch(/Unknown verb "frobnicate"/);
    expect(usageMessage(['tools'])).toMatch(/Say which server/);
    expect(usageMessage(['call', URL_])).toMatch(/call takes <tool>/);
    expect(usageMessage(['tools', 'not-a-url'])).toMatch(/not an http\(s\) URL/);
    expect(usageMessage(['tools', '--nope', URL_])).toMatch(/Unknown option '--nope'/);
    expect(usageMessage(['tools', '--tools', URL_])).toMatch(/--tools does not apply to tools/);
    expect(usageMessage(['call', 'x', '--json-args', '[1]', URL_])).toMatch(/must be a JSON object/);
    expect(usageMessage(['call', 'x', '--json-args', '{', URL_])).toMatch(/not valid JSON/);
    expect(usageMessage(['call', 'x', '--elicit', 'maybe', URL_])).toMatch(/use decline or cancel/);
    expect(usageMessage(['call', 'x', '--elicit', 'cancel', '--elicit-json', '{}', URL_])).toMatch(
      /not both/,
    );
    expect(usageMessage(['call', 'x', '--arg', 'novalue', URL_])).toMatch(/write it as key=value/);
    expect(usageMessage(['call', 'x', '--log-level', 'loud', URL_])).toMatch(/use one of debug/);
    expect(usageMessage(['listen', '--count', '0', URL_])).toMatch(/whole number greater than 0/);
    expect(usageMessage(['tools', '--'])).toMatch(/Give the command to start after --/);
    expect(usageMessage(['tools', '--header', 'x: y', '--', 'node'])).toMatch(
      /--header only applies to a URL/,
    );
  });

  it('reads tasks with an action and a task id (list takes no id)', () => {
    expect(run(['tasks', 'get', 'abc', URL_]).operands).toEqual(['get', 'abc']);
    expect(run(['tasks', 'result', 'abc', '--json', '--', 'node', 's.js']).operands).toEqual([
      'result',
      'abc',
    ]);
    expect(run(['tasks', 'list', URL_]).operands).toEqual(['list']);
    expect(usageMessage(['tasks', 'frob', 'abc', URL_])).toMatch(/tasks frob: use one of get, result/);
    expect(usageMessage(['tasks', 'get', URL_])).toMatch(
      /tasks takes get <task-id> before the server: mcpkit tasks get <task-id> \[options\]/,
    );
    expect(usageMessage(['tasks', 'list', 'abc', URL_])).toMatch(/tasks takes list before the server/);
    expect(usageMessage(['tasks', URL_])).toMatch(/tasks takes <get\|result\|cancel\|list> <task-id>/);
    expect(usageMessage(['tasks', 'get', 'abc'])).toMatch(/Say which server/);
  });
});

describe('toolArguments', () => {
  const schema = {
    type: 'object',
    properties: {
      n: { type: 'number' },
      flag: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      label: { type: 'string' },
      either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      nullable: { type: ['integer', 'null'] },
      color: { enum: ['red', 'green'] },
    },
  };

  it('parses JSON for properties that are not strings and keeps strings otherwise', () => {
    expect(
      toolArguments(schema, [
        ['n', '1.5'],
        ['flag', 'false'],
        ['tags', '["a","b"]'],
        ['label', '42'],
        ['either', '7'],
        ['nullable', 'null'],
        ['color', 'red'],
        ['unknown', '{"a":1}'],
      ]),
    ).toEqual({
      n: 1.5,
      flag: false,
      tags: ['a', 'b'],
      label: '42',
      either: '7',
      nullable: null,
      color: 'red',
      unknown: '{"a":1}',
    });
  });

  it('lets --arg override --json-args and keeps strings without a schema', () => {
    expect(toolArguments(undefined, [['a', '1']], { a: 0, b: true })).toEqual({ a: '1', b: true });
  });

  it('says how to write a value that is not JSON', () => {
    expect(() => toolArguments(schema, [['n', 'three']])).toThrow(/n takes a number.*--arg n=3/);
  });
});

describe('output', () => {
  it('aligns columns', () => {
    expect(
      table([
        ['a', 'one'],
        ['long', 'two'],
      ]),
    ).toBe('a     one\nlong  two');
  });

  it('summarises schemas', () => {
    expect(typeOf({ type: 'array', items: { enum: ['x', 'y'] } })).toBe('("x"|"y")[]');
    expect(typeOf({ type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] })).toBe(
      '{ sum: number }',
    );
    expect(
      summariseProperties({
        type: 'object',
        properties: { a: { type: 'integer' }, b: { type: 'string', default: 'x' } },
        required: ['a'],
      }),
    ).toBe('a: integer, b?: string = "x"');
    expect(
      formatTools([
        {
          name: 'add',
          description: 'Adds.\nMore.',
          inputSchema: { type: 'object' },
          outputSchema: { type: 'number' },
        },
      ]),
    ).toBe('add  Adds.\n     (no arguments) → number');
  });

  it('prints binary content as a note with its size and type', () => {
    expect(
      formatContentBlock({
        type: 'image',
        data: Buffer.alloc(2048).toString('base64'),
        mimeType: 'image/png',
      }),
    ).toBe('[image: image/png, 2.0 KiB]');
    expect(formatContentBlock({ type: 'audio', data: 'AAAA', mimeType: 'audio/wav' })).toBe(
      '[audio: audio/wav, 3 B]',
    );
    expect(
      formatReadResult({ contents: [{ uri: 'a://b', blob: 'AAAA', mimeType: 'application/zip' }] }),
    ).toBe('[resource a://b: application/zip, 3 B]');
  });

  it('marks the tools that run as tasks, and prints task states', () => {
    expect(taskMark({ name: 'a', execution: { taskSupport: 'required' } })).toBe('task-only');
    expect(taskMark({ name: 'a', execution: { taskSupport: 'optional' } })).toBe('task-capable');
    expect(taskMark({ name: 'a', execution: { taskSupport: 'forbidden' } })).toBe('');
    expect(taskMark({ name: 'a' })).toBe('');
    expect(
      formatTools([
        {
          name: 'purge',
          inputSchema: { type: 'object' },
          execution: { taskSupport: 'required' },
          annotations: { destructiveHint: true },
        },
      ]),
    ).toBe('purge\n       (no arguments)  [task-only, destructive]');
    const state = {
      taskId: 't1',
      status: 'input_required' as const,
      statusMessage: 'waiting',
      createdAt: '2026-01-01T00:00:00Z',
      lastUpdatedAt: '2026-01-01T00:00:01Z',
      ttlMs: 3_600_000,
      pollIntervalMs: 500,
      inputRequests: { q1: { method: 'elicitation/create', params: { message: 'Go?' } } },
    };
    expect(formatTaskState(state)).toBe(
      [
        'Task        t1',
        'Status      input_required: waiting',
        'Created     2026-01-01T00:00:00Z',
        'Updated     2026-01-01T00:00:01Z',
        'TTL         1 h',
        'Poll every  500 ms',
        'Asks        q1: elicitation/create "Go?"',
      ].join('\n'),
    );
    expect(
      formatTaskState({
        ...state,
        status: 'completed',
        statusMessage: undefined,
        inputRequests: undefined,
        ttlMs: null,
        result: { content: [{ type: 'text', text: 'done' }] },
      }),
    ).toMatch(/^Status +completed\n[\s\S]*^TTL +no limit\n[\s\S]*Result:\ndone$/m);
    expect(describeTaskStatus({ status: 'failed' })).toBe('failed');
    expect(formatTaskList([])).toBe('(no tasks)');
    expect(formatTaskList([{ ...state, status: 'working' }])).toBe(
      't1  working: waiting  2026-01-01T00:00:01Z',
    );
    expect([formatDuration(20), formatDuration(2500), formatDuration(90_000)]).toEqual([
      '20 ms',
      '2.5 s',
      '1.5 min',
    ]);
  });

  it('describes notifications', () => {
    expect(formatNotification({ method: 'notifications/tools/list_changed' })).toBe('tool list changed');
    expect(
      formatNotification({
        method: 'notifications/subscriptions/acknowledged',
        params: { notifications: { toolsListChanged: true, resourceSubscriptions: ['a://b'] } },
      }),
    ).toBe('listening for changes to: tool list, resources a://b');
  });

  it('quotes command lines for display', () => {
    expect(formatCommandLine('node', ['server.js', 'my dir', "it's"])).toBe(
      `node server.js 'my dir' 'it'\\''s'`,
    );
  });
});

describe('form fields', () => {
  const field = (schema: Record<string, unknown>, required = true) => {
    const property = schema as unknown as PrimitiveSchemaDefinition;
    return { field: describeFormField('f', property, required), property };
  };
  const answer = (schema: Record<string, unknown>, typed: string, required = true) => {
    const { field: f, property } = field(schema, required);
    return parseFieldAnswer(f, property, typed);
  };

  it('parses each type and checks it', () => {
    expect(answer({ type: 'integer', minimum: 1, maximum: 5 }, '3')).toEqual({ value: 3 });
    expect(answer({ type: 'integer', minimum: 1, maximum: 5 }, '9')).toEqual({
      problem: 'must be at most 5',
    });
    expect(answer({ type: 'integer' }, 'two')).toEqual({ problem: 'must be a whole number' });
    expect(answer({ type: 'number' }, '2.5')).toEqual({ value: 2.5 });
    expect(answer({ type: 'boolean' }, 'Yes')).toEqual({ value: true });
    expect(answer({ type: 'boolean' }, 'maybe')).toEqual({ problem: 'answer yes or no' });
    expect(answer({ type: 'string', enum: ['soup', 'salad'] }, '2')).toEqual({ value: 'salad' });
    expect(answer({ type: 'string', oneOf: [{ const: 'r', title: 'Red' }] }, 'red')).toEqual({ value: 'r' });
    expect(answer({ type: 'string', enum: ['soup'] }, 'cake')).toEqual({ problem: 'pick one of 1=soup' });
    expect(answer({ type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] } }, '1, c')).toEqual({
      value: ['a', 'c'],
    });
    expect(answer({ type: 'string', format: 'email' }, 'nope')).toEqual({
      problem: 'must be an email address',
    });
  });

  it('takes the default on Enter, and requires an answer only when required', () => {
    expect(answer({ type: 'integer', default: 2 }, '')).toEqual({ value: 2 });
    expect(answer({ type: 'string' }, '  ')).toEqual({ problem: 'an answer is required' });
    expect(answer({ type: 'string' }, '', false)).toEqual({ omit: true });
  });

  it('shows type, choices and default in the prompt', () => {
    expect(
      fieldPrompt(field({ type: 'integer', title: 'How many', minimum: 1, maximum: 5, default: 1 }).field),
    ).toBe('How many (whole number 1 to 5; required) [1]: ');
    expect(fieldPrompt(field({ type: 'string', enum: ['soup', 'salad'] }, false).field)).toBe(
      'f (choose one: 1=soup, 2=salad; optional): ',
    );
  });

  it('asks field by field and re-prompts with the reason', async () => {
    const answers = ['', 'x', '4', 'no'];
    const asked: string[] = [];
    const said: string[] = [];
    const input: LineInput = {
      ask: async (prompt) => {
        asked.push(prompt);
        return answers.shift() ?? null;
      },
    };
    const result = await askElicitation(input, (text) => said.push(text), {
      message: 'Details?',
      requestedSchema: {
        type: 'object',
        properties: { n: { type: 'integer', title: 'N' }, ok: { type: 'boolean', title: 'OK' } },
        required: ['n'],
      },
    });
    expect(result).toEqual({ action: 'accept', content: { n: 4, ok: false } });
    expect(asked).toHaveLength(4);
    expect(said.join('')).toContain('N: must be a whole number; try again.');
  });

  it('declines, and cancels at end of input', async () => {
    const params = {
      message: 'Name?',
      requestedSchema: { type: 'object' as const, properties: { name: { type: 'string' as const } } },
    };
    const say = () => {};
    expect(await askElicitation({ ask: async () => 'n' }, say, params)).toEqual({ action: 'decline' });
    const answers = ['y', null];
    expect(await askElicitation({ ask: async () => answers.shift() ?? null }, say, params)).toEqual({
      action: 'cancel',
    });
  });
});

describe('progress', () => {
  it('draws a bar on a terminal and lines elsewhere', () => {
    expect(formatProgressBar({ progress: 1, total: 4 }, 8)).toBe('[##------]  25%');
    expect(formatProgressBar({ progress: 3, message: 'x' })).toBe('[3] x');
    expect(formatProgressLine({ progress: 2, total: 5, message: 'indexing' })).toBe(
      'progress 2/5 (40%): indexing',
    );
    let written = '';
    const bar = new ProgressDisplay({ write: (text) => (written += text), isTTY: true });
    bar.update({ progress: 1, total: 2 });
    bar.clear();
    bar.clear();
    expect(written).toBe(`\r\x1b[2K${formatProgressBar({ progress: 1, total: 2 })}\r\x1b[2K`);
  });
});

describe('exit codes', () => {
  it('maps errors to codes', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(ExitCode.Usage);
    expect(exitCodeFor(new ConnectFailure('x'))).toBe(ExitCode.Connection);
    expect(exitCodeFor(new McpError(-32602, 'x'))).toBe(ExitCode.ServerError);
    expect(exitCodeFor(new ConnectionClosedError())).toBe(ExitCode.Connection);
    expect(exitCodeFor(new Error('x'))).toBe(ExitCode.ServerError);
  });
});
