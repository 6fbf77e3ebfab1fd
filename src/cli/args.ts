/**
 * The mcpkit command line: `mcpkit <verb> [options] <url | -- command args...>`,
 * parsed and checked into a {@link CliCommand}, and `--arg key=value` pairs
 * turned into tool arguments by the tool's input schema.
 */
import { parseArgs } from 'node:util';
import { SUPPORTED_PROTOCOL_VERSIONS } from '../protocol/versions.js';
import { LOGGING_LEVELS } from '../server/logging.js';
import { OutboundGuard } from '../transport/http/outbound-guard.js';
import { type DevCommand, parseDevCommandLine } from './dev/args.js';
import { UsageError } from './errors.js';
import { portNumber } from './port.js';
import { closestWord } from './suggest.js';

/**
 * The verbs the CLI knows.
 *
 * @example
 * const verb: Verb = 'tools';
 */
export type Verb =
  | 'discover'
  | 'tools'
  | 'call'
  | 'resources'
  | 'read'
  | 'templates'
  | 'prompts'
  | 'prompt'
  | 'complete'
  | 'listen'
  | 'tasks'
  | 'proxy';

/**
 * What `mcpkit tasks` does with a task: show it, wait for its result, cancel
 * it, or list the caller's tasks.
 *
 * @example
 * const action: TaskAction = 'get';
 */
export type TaskAction = 'get' | 'result' | 'cancel' | 'list';

const TASK_ACTIONS: readonly TaskAction[] = ['get', 'result', 'cancel', 'list'];

/** Operands each verb takes before the target, by name (for messages). */
const OPERANDS: Record<Verb, readonly string[]> = {
  discover: [],
  tools: [],
  call: ['tool'],
  resources: [],
  read: ['uri'],
  templates: [],
  prompts: [],
  prompt: ['name'],
  complete: ['prompt-name|template-uri', 'argument', 'value'],
  listen: [],
  tasks: ['get|result|cancel|list', 'task-id'],
  proxy: [],
};

/** The operands a verb takes, given the words before the target (`tasks list` takes no task id). */
function operandNames(verb: Verb, words: readonly string[]): readonly string[] {
  if (verb !== 'tasks') return OPERANDS[verb];
  const [action] = words;
  if (action === undefined || /^https?:/i.test(action)) return OPERANDS.tasks;
  if (!(TASK_ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(
      `tasks ${action}: use one of ${TASK_ACTIONS.join(', ')} (mcpkit tasks get <task-id> <url>).`,
    );
  }
  return action === 'list' ? ['list'] : [action, 'task-id'];
}

const VERBS = Object.keys(OPERANDS) as Verb[];

/** Every first word the CLI takes, for messages: the verbs and `dev`. */
const COMMAND_WORDS: readonly string[] = [...VERBS, 'dev'];

/**
 * Where the server is: a URL, or a command to start (stdio).
 *
 * @example
 * const target: Target = { kind: 'command', command: 'node', args: ['server.js', '--stdio'] };
 */
export type Target = { kind: 'url'; url: string } | { kind: 'command'; command: string; args: string[] };

/**
 * How to answer elicitation without asking: accept with content, or decline or cancel.
 *
 * @example
 * const answer: ElicitAnswer = { action: 'accept', content: { name: 'Ada' } };
 */
export type ElicitAnswer =
  | { action: 'accept'; content: Record<string, unknown> }
  | { action: 'decline' | 'cancel' };

/**
 * Options every verb shares.
 *
 * @example
 * const options: CommonOptions = { json: true, yes: false, headers: {}, env: {}, auth: { kind: 'none' } };
 */
export interface CommonOptions {
  /** `--json`: machine-readable output. */
  json: boolean;
  /** `--yes`: start a command without asking. */
  yes: boolean;
  /** `--log-level`: ask the server for log messages at this level and above. */
  logLevel?: string;
  /** `--header 'Name: value'` (HTTP only). */
  headers: Record<string, string>;
  /** `--env KEY=VALUE` (command only). */
  env: Record<string, string>;
  /** `--timeout <ms>`: per request. */
  timeoutMs?: number;
  /** `--protocol-version`: pin a revision instead of negotiating. */
  protocolVersion?: string;
  /** `--elicit-json` or `--elicit`. */
  elicit?: ElicitAnswer;
  /** `--sample-text`. */
  sampleText?: string;
  /** `--roots`. */
  roots?: string[];
  /** How to authorize with an HTTP server that asks for it. */
  auth: AuthChoice;
  /**
   * `--ssrf-allow <host|address|range>` (URL only): internal hosts the server may send the client
   * to (its authorization server on a private network, say), `ssrfProtection.allow`.
   */
  ssrfAllow?: string[];
}

/**
 * How the CLI authorizes: OAuth sign-in when a server answers 401 (the
 * default), a fixed bearer token (`--token`), or not at all (`--no-auth`).
 *
 * @example
 * const auth: AuthChoice = { kind: 'oauth', openBrowser: true, clientId: 'my-cli' };
 */
export type AuthChoice =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  | {
      kind: 'oauth';
      /** `--client-id`, `--client-secret`: credentials registered ahead of time. */
      clientId?: string;
      clientSecret?: string;
      /** `--scope`: asked for on top of what the server names. */
      scope?: string;
      /** False with `--no-browser`: print the sign-in URL only. */
      openBrowser: boolean;
      /** `--callback-port`: the loopback port the browser comes back to. */
      callbackPort?: number;
    };

/**
 * What `listen` listens for.
 *
 * @example
 * const filter: ListenOptions = { tools: true, prompts: false, resources: false, resourceUris: [] };
 */
export interface ListenOptions {
  tools: boolean;
  prompts: boolean;
  resources: boolean;
  resourceUris: string[];
  /** `--count N`: stop after N notifications (the acknowledgement is not counted). */
  count?: number;
}

/**
 * How `mcpkit proxy` serves the upstream server: over stdio (`--stdio`), or over HTTP on a port
 * (`--port N`; 0 lets the system choose). Without either: stdio for a URL upstream (a desktop
 * host starts the proxy), HTTP on a port the system chooses for a command upstream.
 *
 * @example
 * const serving: ProxyServing = { kind: 'http', port: 3000 };
 */
export type ProxyServing = { kind: 'stdio' } | { kind: 'http'; port: number };

/**
 * A checked command line that runs a verb.
 *
 * @example
 * const command = parseCommandLine(['call', 'add', '--arg', 'a=1', 'http://127.0.0.1:3000/mcp']);
 * if (command.kind === 'run') console.log(command.verb, command.operands); // call ['add']
 */
export interface CliCommand {
  kind: 'run';
  verb: Verb;
  /** The verb's operands, in order (tool name, URI, ...). */
  operands: string[];
  /** `--arg key=value` pairs, in order. */
  pairs: Array<[string, string]>;
  /** `--json-args`, an object. */
  jsonArgs?: Record<string, unknown>;
  listen: ListenOptions;
  /** `proxy` only: how to serve. */
  proxy?: ProxyServing;
  target: Target;
  options: CommonOptions;
}

/**
 * What the command line asks for.
 *
 * @example
 * parseCommandLine(['--version']); // { kind: 'version' }
 */
export type ParsedCommandLine = { kind: 'help' } | { kind: 'version' } | CliCommand | DevCommand;

const OPTION_SPEC = {
  arg: { type: 'string', multiple: true },
  'json-args': { type: 'string' },
  json: { type: 'boolean' },
  'elicit-json': { type: 'string' },
  elicit: { type: 'string' },
  'sample-text': { type: 'string' },
  roots: { type: 'string' },
  'log-level': { type: 'string' },
  header: { type: 'string', multiple: true },
  'ssrf-allow': { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'protocol-version': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  tools: { type: 'boolean' },
  prompts: { type: 'boolean' },
  resources: { type: 'boolean' },
  resource: { type: 'string', multiple: true },
  count: { type: 'string' },
  token: { type: 'string' },
  'no-auth': { type: 'boolean' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  scope: { type: 'string' },
  'no-browser': { type: 'boolean' },
  'callback-port': { type: 'string' },
  stdio: { type: 'boolean' },
  port: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTION_SPEC;

/** Options only some verbs take. */
const VERB_OPTIONS: Partial<Record<OptionName, readonly Verb[]>> = {
  arg: ['call', 'prompt', 'complete'],
  'json-args': ['call'],
  tools: ['listen'],
  prompts: ['listen'],
  resources: ['listen'],
  resource: ['listen'],
  count: ['listen'],
  stdio: ['proxy'],
  port: ['proxy'],
};

/**
 * Parses and checks the command line (without `node` and the script).
 * Throws {@link UsageError} with a message saying what to do.
 *
 * @example
 * parseCommandLine(['tools', '--json', '--', 'node', 'server.js']);
 * // { kind: 'run', verb: 'tools', target: { kind: 'command', command: 'node', args: ['server.js'] }, ... }
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  // `dev` runs a server rather than talking to one: a command line of its own.
  if (argv[0] === 'dev') return parseDevCommandLine(argv.slice(1));
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, tokens } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const terminator = tokens.findIndex((token) => token.kind === 'option-terminator');
  const before: string[] = [];
  const after: string[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'positional') return;
    (terminator !== -1 && index > terminator ? after : before).push(token.value);
  });

  const [verbWord, ...rest] = before;
  if (verbWord === undefined) {
    throw new UsageError(
      `Say what to do: mcpkit <verb> ... where <verb> is one of ${COMMAND_WORDS.join(', ')}.`,
    );
  }
  if (!VERBS.includes(verbWord as Verb)) {
    const near = closestWord(verbWord, COMMAND_WORDS);
    const hint = near === 'dev' ? ' (mcpkit dev <server-file>)' : '';
    throw new UsageError(
      near
        ? `Unknown verb "${verbWord}": did you mean ${near}${hint}? The verbs are ${COMMAND_WORDS.join(', ')}.`
        : `Unknown verb "${verbWord}"; use one of ${COMMAND_WORDS.join(', ')}.`,
    );
  }
  const verb = verbWord as Verb;

  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const allowed = VERB_OPTIONS[token.name as OptionName];
    if (allowed && !allowed.includes(verb)) {
      throw new UsageError(`${token.rawName} does not apply to ${verb}; it is for ${allowed.join(', ')}.`);
    }
  }

  const names = operandNames(verb, rest);
  const usage = `mcpkit ${[verb, describeCount(names)].filter(Boolean).join(' ')} [options] <url | -- command args...>`;
  let target: Target;
  let operands: string[];
  if (terminator !== -1) {
    const [command, ...args] = after;
    if (command === undefined) throw new UsageError(`Give the command to start after --: ${usage}`);
    target = { kind: 'command', command, args };
    operands = rest;
  } else {
    const last = rest.at(-1);
    if (last === undefined || (!/^https?:/i.test(last) && rest.length <= names.length)) {
      throw new UsageError(`Say which server: give its URL, or -- and the command that starts it: ${usage}`);
    }
    target = { kind: 'url', url: checkUrl(last) };
    operands = rest.slice(0, -1);
  }
  if (operands.length !== names.length) {
    const wanted = names.length === 0 ? 'no operands' : describeCount(names);
    throw new UsageError(`${verb} takes ${wanted} before the server: ${usage}`);
  }

  return {
    kind: 'run',
    verb,
    operands,
    pairs: (values.arg ?? []).map((pair) => splitPair(pair, '--arg', 'key=value')),
    jsonArgs:
      values['json-args'] === undefined ? undefined : parseJsonObject(values['json-args'], '--json-args'),
    listen: listenOptions(values),
    ...(verb === 'proxy' && { proxy: proxyServing(values, target) }),
    target,
    options: commonOptions(values, target),
  };
}

/**
 * Turns `--arg key=value` pairs (and `--json-args`) into tool arguments. A
 * value is parsed as JSON when the tool's input schema says the property is
 * not a string; otherwise it stays a string. `--arg` wins over `--json-args`.
 *
 * @example
 * toolArguments({ type: 'object', properties: { a: { type: 'number' }, s: { type: 'string' } } }, [['a', '2'], ['s', '2']]);
 * // { a: 2, s: '2' }
 */
export function toolArguments(
  inputSchema: unknown,
  pairs: ReadonlyArray<readonly [string, string]>,
  jsonArgs: Record<string, unknown> = {},
): Record<string, unknown> {
  const properties = recordAt(recordAt(inputSchema)?.properties) ?? {};
  const args: Record<string, unknown> = { ...jsonArgs };
  for (const [key, raw] of pairs) {
    const property = recordAt(Object.hasOwn(properties, key) ? properties[key] : undefined);
    if (property === undefined || acceptsString(property)) {
      args[key] = raw;
      continue;
    }
    try {
      args[key] = JSON.parse(raw);
    } catch {
      const expected = describeType(property);
      throw new UsageError(
        `--arg ${key}=${raw}: ${key} takes ${expected}, so its value must be JSON (for example --arg ${key}=${exampleFor(property)}).`,
      );
    }
  }
  return args;
}

/**
 * Checks a tool's arguments against its input schema before the call, so a
 * mistake reads as what to type rather than as the server's validation error:
 * an `--arg` the schema does not name (with the closest name it does), and a
 * required argument left out (with its type). Does nothing without a schema,
 * and accepts any name when the schema allows extra properties.
 *
 * @example
 * const schema = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
 * checkToolArguments('echo', schema, [['txt', 'hi']], { txt: 'hi' });
 * // throws UsageError: echo has no argument "txt"; did you mean text? Its arguments: text (a string).
 */
export function checkToolArguments(
  tool: string,
  inputSchema: unknown,
  pairs: ReadonlyArray<readonly [string, string]>,
  args: Record<string, unknown>,
): void {
  const schema = recordAt(inputSchema);
  if (schema === undefined) return;
  const properties = recordAt(schema.properties) ?? {};
  const names = Object.keys(properties);
  const known = names.map((name) => `${name} (${describeType(recordAt(properties[name]) ?? {})})`).join(', ');
  const open =
    (schema.additionalProperties !== undefined && schema.additionalProperties !== false) ||
    schema.patternProperties !== undefined;
  if (!open) {
    for (const [key] of pairs) {
      if (Object.hasOwn(properties, key)) continue;
      const near = closestWord(key, names);
      throw new UsageError(
        names.length === 0
          ? `${tool} takes no arguments, but --arg ${key}= was given.`
          : `${tool} has no argument "${key}"${near ? `; did you mean ${near}?` : '.'} Its arguments: ${known}.`,
      );
    }
  }
  const required = Array.isArray(schema.required)
    ? schema.required.filter((name): name is string => typeof name === 'string')
    : [];
  const missing = required.filter((name) => !Object.hasOwn(args, name));
  if (missing.length > 0) {
    const wanted = missing.map((name) => {
      const property = recordAt(properties[name]) ?? {};
      return {
        name,
        type: describeType(property),
        example: acceptsString(property) ? '<text>' : exampleFor(property),
      };
    });
    const list = wanted.map(({ name, type }) => `${name} (${type})`).join(', ');
    const how = wanted.map(({ name, example }) => `--arg ${name}=${example}`).join(' ');
    throw new UsageError(
      `${tool} needs ${missing.length === 1 ? 'the argument' : 'the arguments'} ${list}; give ${how}.`,
    );
  }
}

/**
 * Splits `key=value` (the value may contain `=`).
 *
 * @example
 * splitPair('q=a=b', '--arg', 'key=value'); // ['q', 'a=b']
 */
export function splitPair(pair: string, flag: string, shape: string): [string, string] {
  const at = pair.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} ${pair}: write it as ${shape}.`);
  return [pair.slice(0, at), pair.slice(at + 1)];
}

function describeCount(names: readonly string[]): string {
  // A `tasks` action already chosen is a word, not a placeholder.
  const shown = (name: string) => ((TASK_ACTIONS as readonly string[]).includes(name) ? name : `<${name}>`);
  return names.map(shown).join(' ');
}

function checkUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(
      `"${text}" is not an http(s) URL. Give the server's URL (such as http://127.0.0.1:3000/mcp), or -- and the command that starts it.`,
    );
  }
  return url.href;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: OPTION_SPEC,
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
}

type Parsed = ReturnType<typeof parse>;
type Values = Parsed['values'];

function listenOptions(values: Values): ListenOptions {
  const resourceUris = values.resource ?? [];
  const chosen = values.tools || values.prompts || values.resources || resourceUris.length > 0;
  const options: ListenOptions = {
    tools: chosen ? values.tools === true : true,
    prompts: chosen ? values.prompts === true : true,
    resources: chosen ? values.resources === true : true,
    resourceUris,
  };
  if (values.count !== undefined) options.count = positiveInteger(values.count, '--count');
  return options;
}

function proxyServing(values: Values, target: Target): ProxyServing {
  if (values.stdio && values.port !== undefined)
    throw new UsageError('Give either --stdio or --port, not both: the proxy serves one way.');
  if (values.stdio) return { kind: 'stdio' };
  if (values.port === undefined) return target.kind === 'url' ? { kind: 'stdio' } : { kind: 'http', port: 0 };
  return { kind: 'http', port: portNumber(values.port) };
}

const OAUTH_FLAGS = ['client-id', 'client-secret', 'scope', 'no-browser', 'callback-port'] as const;

function authChoice(values: Values, target: Target): AuthChoice {
  const oauthFlags = OAUTH_FLAGS.filter((flag) => values[flag] !== undefined);
  const given = [
    ...(values.token !== undefined ? ['--token'] : []),
    ...(values['no-auth'] ? ['--no-auth'] : []),
  ];
  if (target.kind !== 'url' && (given.length > 0 || oauthFlags.length > 0)) {
    throw new UsageError(`${[...given, ...oauthFlags.map((flag) => `--${flag}`)][0]} only applies to a URL.`);
  }
  if (given.length > 1) throw new UsageError('Give either --token or --no-auth, not both.');
  if (given.length === 1 && oauthFlags.length > 0) {
    throw new UsageError(`--${oauthFlags[0]} is for signing in; it does not go with ${given[0]}.`);
  }
  if (values['no-auth']) return { kind: 'none' };
  if (values.token !== undefined) {
    if (values.token.trim() === '') throw new UsageError('--token needs the access token.');
    return { kind: 'token', token: values.token.trim() };
  }
  if (values['client-secret'] !== undefined && values['client-id'] === undefined) {
    throw new UsageError('--client-secret goes with --client-id: give both.');
  }
  const choice: AuthChoice = { kind: 'oauth', openBrowser: values['no-browser'] !== true };
  if (values['client-id'] !== undefined) choice.clientId = values['client-id'];
  if (values['client-secret'] !== undefined) choice.clientSecret = values['client-secret'];
  if (values.scope !== undefined) choice.scope = values.scope;
  if (values['callback-port'] !== undefined) {
    const port = positiveInteger(values['callback-port'], '--callback-port');
    if (port > 65_535) throw new UsageError('--callback-port: give a port number up to 65535.');
    choice.callbackPort = port;
  }
  return choice;
}

function commonOptions(values: Values, target: Target): CommonOptions {
  const options: CommonOptions = {
    json: values.json === true,
    yes: values.yes === true,
    headers: {},
    env: {},
    auth: authChoice(values, target),
  };
  const level = values['log-level'];
  if (level !== undefined) {
    if (!(LOGGING_LEVELS as readonly string[]).includes(level)) {
      throw new UsageError(`--log-level ${level}: use one of ${LOGGING_LEVELS.join(', ')}.`);
    }
    options.logLevel = level;
  }
  for (const header of values.header ?? []) {
    const at = header.indexOf(':');
    if (at <= 0) throw new UsageError(`--header ${header}: write it as 'Name: value'.`);
    options.headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
  }
  if (values.header && target.kind !== 'url') throw new UsageError('--header only applies to a URL.');
  const ssrfAllow = values['ssrf-allow'];
  if (ssrfAllow !== undefined) {
    if (target.kind !== 'url') throw new UsageError('--ssrf-allow only applies to a URL.');
    for (const entry of ssrfAllow) {
      try {
        new OutboundGuard({ protection: { allow: [entry] } });
      } catch {
        throw new UsageError(
          `--ssrf-allow ${entry}: give a host name (auth.corp.internal), an address (10.0.0.5) or a range (10.0.0.0/8).`,
        );
      }
    }
    options.ssrfAllow = ssrfAllow;
  }
  for (const pair of values.env ?? []) {
    const [name, value] = splitPair(pair, '--env', 'NAME=value');
    options.env[name] = value;
  }
  if (values.env && target.kind !== 'command')
    throw new UsageError('--env only applies to a command (after --).');
  if (values.timeout !== undefined) options.timeoutMs = positiveInteger(values.timeout, '--timeout');
  const pinned = values['protocol-version'];
  if (pinned !== undefined) {
    if (!(SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(pinned))
      throw new UsageError(
        `--protocol-version ${pinned}: mcpkit does not speak this revision; give one of ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}.`,
      );
    options.protocolVersion = pinned;
  }
  const elicitJson = values['elicit-json'];
  const elicit = values.elicit;
  if (elicitJson !== undefined && elicit !== undefined) {
    throw new UsageError(
      'Give either --elicit-json (accept with this content) or --elicit decline|cancel, not both.',
    );
  }
  if (elicitJson !== undefined)
    options.elicit = { action: 'accept', content: parseJsonObject(elicitJson, '--elicit-json') };
  if (elicit !== undefined) {
    if (elicit !== 'decline' && elicit !== 'cancel') {
      throw new UsageError(
        `--elicit ${elicit}: use decline or cancel (to accept, give the content with --elicit-json '{...}').`,
      );
    }
    options.elicit = { action: elicit };
  }
  if (values['sample-text'] !== undefined) options.sampleText = values['sample-text'];
  if (values.roots !== undefined) {
    const roots = values.roots
      .split(',')
      .map((root) => root.trim())
      .filter((root) => root !== '');
    for (const root of roots) {
      if (!URL.canParse(root))
        throw new UsageError(`--roots: "${root}" is not a URI such as file:///home/me/project.`);
    }
    options.roots = roots;
  }
  return options;
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`${flag} ${text}: give a whole number greater than 0.`);
  }
  return value;
}

function parseJsonObject(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${flag} is not valid JSON (${error instanceof Error ? error.message : String(error)}); give an object such as '{"name":"Ada"}'.`,
    );
  }
  const record = recordAt(value);
  if (!record) throw new UsageError(`${flag} must be a JSON object such as '{"name":"Ada"}'.`);
  return record;
}

function recordAt(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** True when a property schema allows a plain string (or says nothing about its type). */
function acceptsString(schema: Record<string, unknown>): boolean {
  const { type } = schema;
  if (type === 'string') return true;
  if (Array.isArray(type)) return type.includes('string');
  if (typeof type === 'string') return false;
  if (Array.isArray(schema.enum)) return schema.enum.some((value) => typeof value === 'string');
  if (schema.const !== undefined) return typeof schema.const === 'string';
  const branches = [schema.anyOf, schema.oneOf].filter(Array.isArray).flat();
  if (branches.length > 0) return branches.some((branch) => acceptsString(recordAt(branch) ?? {}));
  return true;
}

function describeType(schema: Record<string, unknown>): string {
  const { type } = schema;
  if (Array.isArray(type)) return type.join(' or ');
  if (typeof type === 'string')
    return type === 'integer' || type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`;
  if (Array.isArray(schema.enum))
    return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  return 'a JSON value';
}

function exampleFor(schema: Record<string, unknown>): string {
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case 'number':
    case 'integer':
      return '3';
    case 'boolean':
      return 'true';
    case 'array':
      return '\'["a","b"]\'';
    case 'object':
      return '\'{"key":"value"}\'';
    case 'null':
      return 'null';
    default:
      return '\'"text"\'';
  }
}
