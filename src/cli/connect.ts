/**
 * Connecting to the target: a URL directly; a command only after printing its
 * exact command line on stderr and getting consent (SEP-1024): `--yes`, or
 * "y" on a terminal. Failures become {@link ConnectFailure} (exit code 3).
 */
import { Client, type ClientOptions } from '../client/client.js';
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
 * Connects to the target. For a command, prints it on stderr first and asks
 * for consent unless `--yes`; with no terminal to ask on, refuses (a usage
 * error saying to pass `--yes`). Ctrl-C while connecting throws {@link Interrupted}.
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
  env.say(`mcpkit: server command: ${commandLine}\n`);
  if (!options.yes) {
    if (!env.terminal) {
      throw new UsageError(
        'Not starting this command without your consent, and there is no terminal to ask on. Check the command above and pass --yes to start it.',
      );
    }
    if (!(await confirm(env.terminal, 'Start this command? [y/N] '))) {
      throw new UsageError('Did not start the command. Answer y to start it, or pass --yes.');
    }
  }
  const connecting = Client.connect(
    {
      command: target.command,
      args: target.args,
      ...(Object.keys(options.env).length > 0 ? { env: options.env } : {}),
    },
    { ...clientOptions, stderr: 'inherit' },
  );
  try {
    return await untilAborted(connecting, env.signal);
  } catch (error) {
    if (error instanceof Interrupted) {
      // Do not leave the server running if it connects after all.
      connecting.then((client) => client.close()).catch(() => {});
      throw error;
    }
    throw connectFailure({ commandLine }, error);
  }
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
