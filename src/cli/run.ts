/**
 * One run of the CLI: parse the command line, connect (with consent for a
 * command), run the verb, and turn whatever happened into an exit code and a
 * message on stderr. Results go to stdout; everything else to stderr.
 */
import type { Readable, Writable } from 'node:stream';
import { Client, type ClientOptions } from '../client/client.js';
import { type CliCommand, parseCommandLine } from './args.js';
import { cliAuthorization } from './auth.js';
import { VERB_HANDLERS } from './commands.js';
import { connectTo } from './connect.js';
import { runDev } from './dev/dev.js';
import { describeError, ExitCode, exitCodeFor, Interrupted, UsageError } from './errors.js';
import { helpText } from './help.js';
import { cliInputHandlers } from './input-handlers.js';
import { formatLog } from './output.js';
import { ProgressDisplay } from './progress.js';
import { TerminalInput } from './prompts.js';
import { cliVersion } from './version.js';

/**
 * The streams a run uses. `interactive` says whether the user can be asked
 * (stdin and stderr are terminals).
 *
 * @example
 * const io: CliIo = processIo();
 */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  interactive: boolean;
}

/**
 * The process's own streams.
 *
 * @example
 * const code = await runCli(process.argv.slice(2), processIo());
 */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  };
}

/**
 * Runs the CLI with these arguments (without `node` and the script) and
 * resolves to the exit code. Never throws.
 *
 * @example
 * process.exitCode = await runCli(['tools', 'http://127.0.0.1:3000/mcp']);
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.stderr.write(`mcpkit: ${describeError(error)}\nRun mcpkit --help for usage.\n`);
    return ExitCode.Usage;
  }
  if (parsed.kind === 'help') {
    io.stdout.write(helpText());
    return ExitCode.Ok;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(`${cliVersion()}\n`);
    return ExitCode.Ok;
  }
  if (parsed.kind === 'dev') {
    try {
      return await runDev(parsed, {
        stdin: io.stdin as Readable,
        stdout: io.stdout as Writable,
        stderr: io.stderr,
      });
    } catch (error) {
      io.stderr.write(`mcpkit: ${describeError(error)}\n`);
      return exitCodeFor(error);
    }
  }
  return runCommand(parsed, io);
}

/** Connections to `url` pinned to a revision, with the run's options but without its warnings. */
function connectPinned(
  url: string,
  clientOptions: ClientOptions,
  signal: AbortSignal,
): (protocolVersion: string) => Promise<Client> {
  return async (protocolVersion) => {
    if (signal.aborted) throw new Interrupted();
    return Client.connect(url, {
      ...clientOptions,
      protocolVersion,
      legacySseFallback: false,
      warn: () => {},
    });
  };
}

async function runCommand(command: CliCommand, io: CliIo): Promise<number> {
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
    controller.abort(new Interrupted());
  };
  process.on('SIGINT', interrupt);
  const progress = new ProgressDisplay({
    write: (text) => io.stderr.write(text),
    isTTY: io.stderr.isTTY === true,
    columns: io.stderr.columns,
  });
  const say = (text: string) => {
    progress.clear();
    io.stderr.write(text);
  };
  // The proxy's stdin may be its protocol channel, and its upstream's questions go to its own clients.
  const proxying = command.verb === 'proxy';
  const terminal =
    io.interactive && !proxying ? new TerminalInput(io.stdin, io.stderr, interrupt) : undefined;
  const inputs = cliInputHandlers(command.options, { terminal, say });
  const { options } = command;
  const clientOptions: ClientOptions = {
    // Loaded only for this verb, as the proxy is.
    ...(proxying ? (await import('../client/proxy/upstream-input.js')).proxyClientInput() : inputs.handlers),
    clientInfo: { name: 'mcpkit-cli', version: cliVersion() },
    warn: (message) => say(`mcpkit: warning: ${message}\n`),
  };
  if (options.logLevel !== undefined) {
    clientOptions.logLevel = options.logLevel;
    clientOptions.onLog = (message) => say(`${formatLog(message)}\n`);
  }
  if (options.timeoutMs !== undefined) clientOptions.timeoutMs = options.timeoutMs;
  if (options.protocolVersion !== undefined) clientOptions.protocolVersion = options.protocolVersion;
  if (Object.keys(options.headers).length > 0) clientOptions.headers = options.headers;
  if (options.ssrfAllow) clientOptions.ssrfProtection = { allow: options.ssrfAllow };
  const authorization = cliAuthorization(options, say);
  if (authorization.headers) clientOptions.headers = { ...clientOptions.headers, ...authorization.headers };
  if (authorization.auth) clientOptions.auth = authorization.auth;

  let client: Client | undefined;
  try {
    client = await connectTo(command.target, options, clientOptions, {
      terminal,
      say,
      signal: controller.signal,
    });
    const callOptions = { signal: controller.signal, timeoutMs: options.timeoutMs };
    return await VERB_HANDLERS[command.verb]({
      client,
      command,
      // On a terminal stdout and stderr share the screen: the bar goes before the result is printed.
      stdout: (text) => {
        progress.finish();
        io.stdout.write(text);
      },
      say,
      signal: controller.signal,
      callOptions,
      progressOptions: { ...callOptions, onProgress: (update) => progress.update(update) },
      ...(command.target.kind === 'url'
        ? { connectWith: connectPinned(command.target.url, clientOptions, controller.signal) }
        : {}),
    });
  } catch (rawError) {
    const problem = inputs.problem();
    const error = problem ?? rawError;
    say(`mcpkit: ${describeError(error)}\n`);
    if (error instanceof UsageError) say('Run mcpkit --help for usage.\n');
    return exitCodeFor(error);
  } finally {
    progress.clear();
    terminal?.close();
    process.off('SIGINT', interrupt);
    await client?.close().catch(() => {});
  }
}
