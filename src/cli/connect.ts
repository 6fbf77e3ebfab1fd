/**
 * Connecting to the target: a URL directly; a command only after showing the
 * danger warning, its exact command line and the environment it gets on
 * stderr, and getting consent (SEP-1024): `--yes`, or "y" on a terminal.
 * Failures become {@link ConnectFailure} (exit code 3).
 */
import { Client, type ClientOptions } from '../client/client.js';
import { SpawnRefusedError, type SpawnRequest } from '../client/connect-target.js';
import type { CommonOptions, Target } from './args.js';
import { connectFailure, Interrupted, UsageError } from './errors.js';
import { confirm, type LineInput } from './prompts.js';

/**
 * A command line as a shell would take it back: arguments with spaces or
 * special characters single-quoted.
 *
 * @example
 * formatCommandLine('node', ['server.js', '--name', 'my server']); // "node server.js --name 'my server'"
 */
export function formatCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(shellQuote).join(' ');
}

/**
 * What the CLI shows before it starts a command (SEP-1024): the danger
 * warning, the exact command line with every argument, every variable it
 * sets (`--env`, values included), the names it inherits, and notes on
 * anything in the command that is riskier still.
 *
 * @example
 * consentText(spawnRequestFor({ command: 'node', args: ['server.js'], env: { DEBUG: '1' } }));
 * // 'mcpkit: server command: node server.js\nmcpkit: environment it sets: DEBUG=1\n...'
 */
export function consentText(request: SpawnRequest): string {
  const commandLine = formatCommandLine(request.command, request.args);
  const lines = [`server command: ${commandLine}`];
  if (request.cwd !== undefined) lines.push(`in directory: ${request.cwd}`);
  const added = Object.entries(request.addedEnv);
  lines.push(
    added.length === 0
      ? 'environment it sets: nothing beyond what it inherits'
      : `environment it sets: ${added.map(([name, value]) => `${name}=${shellQuote(value)}`).join(' ')}`,
  );
  const inherited = Object.keys(request.env).filter((name) => !Object.hasOwn(request.addedEnv, name));
  if (inherited.length > 0) lines.push(`it also inherits from yours: ${inherited.join(', ')}`);
  for (const note of riskNotes([request.command, ...request.args])) lines.push(`caution: ${note}`);
  lines.push(
    'WARNING: this starts a program on this computer, running as you: it can read and change your files, ' +
      'use your network and credentials, and run other programs. Start it only if you trust the command and where it came from.',
  );
  return lines.map((line) => `mcpkit: ${line}\n`).join('');
}

/**
 * Connects to the target. For a command, shows what will run and the danger
 * warning on stderr first ({@link consentText}), and asks for consent unless
 * `--yes`; with no terminal to ask on, refuses (a usage error saying to pass
 * `--yes`). Ctrl-C while connecting throws {@link Interrupted}.
 *
 * @example
 * const client = await connectTo(command.target, command.options, clientOptions, { terminal, say, signal });
 */
export async function connectTo(
  target: Target,
  options: CommonOptions,
  clientOptions: ClientOptions,
  env: { terminal: LineInput | undefined; say: (text: string) => void; signal: AbortSignal },
): Promise<Client> {
  if (target.kind === 'url') {
    try {
      return await untilAborted(Client.connect(target.url, clientOptions), env.signal);
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      throw connectFailure({ url: target.url }, error);
    }
  }
  const commandLine = formatCommandLine(target.command, target.args);
  // The library asks through this hook with exactly what it will start.
  const confirmSpawn = async (request: SpawnRequest): Promise<boolean> => {
    env.say(consentText(request));
    if (options.yes) return true;
    if (!env.terminal) {
      throw new UsageError(
        'Not starting this command without your consent, and there is no terminal to ask on. Check the command above and pass --yes to start it.',
      );
    }
    return confirm(env.terminal, 'Start this command? [y/N] ');
  };
  const connecting = Client.connect(
    {
      command: target.command,
      args: target.args,
      ...(Object.keys(options.env).length > 0 ? { env: options.env } : {}),
    },
    { ...clientOptions, stderr: 'inherit', confirmSpawn },
  );
  try {
    return await untilAborted(connecting, env.signal);
  } catch (error) {
    if (error instanceof Interrupted) {
      // Do not leave the server running if it connects after all.
      connecting.then((client) => client.close()).catch(() => {});
      throw error;
    }
    if (error instanceof UsageError) throw error;
    if (error instanceof SpawnRefusedError) {
      throw new UsageError('Did not start the command. Answer y to start it, or pass --yes.');
    }
    throw connectFailure({ commandLine }, error);
  }
}

/** Patterns in a command line worth a second look, with what each does. */
const RISKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|\s)(sudo|doas|su)(\s|$)/, 'it runs with raised privileges (sudo/su)'],
  [/(^|\s)rm\s+(-[a-zA-Z]*[rf]|--recursive|--force)/, 'it deletes files (rm -r/-f)'],
  [/(curl|wget)[^|]*\|\s*(ba|z|da)?sh\b/, 'it pipes a download into a shell'],
  [
    /\.ssh\b|id_rsa|id_ed25519|\.aws\b|\.netrc|\.gnupg/,
    'it names a credentials path (SSH, AWS, netrc, GnuPG)',
  ],
  [/(^|\s)(sh|bash|zsh|dash)\s+-c(\s|$)/, 'it runs a shell command line, which may start anything'],
  [/&&|\|\||;|\$\(|`/, 'it contains shell operators: more than one program may run'],
];

/**
 * Notes on what makes a command riskier than most, for the consent text.
 *
 * @example
 * riskNotes(['sudo', 'rm', '-rf', '/tmp/x']); // ['it runs with raised privileges (sudo/su)', 'it deletes files (rm -r/-f)']
 */
export function riskNotes(words: readonly string[]): string[] {
  const line = words.join(' ');
  return RISKS.filter(([pattern]) => pattern.test(line)).map(([, note]) => note);
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Interrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
