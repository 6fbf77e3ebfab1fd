/**
 * `mcpkit dev`: runs a stdio server for a host (this process's stdin and
 * stdout, or with `--port` any number of HTTP hosts), restarts it whenever its
 * files change, and keeps the hosts' connections up across restarts (see
 * {@link DevRelay}). Everything it says goes to stderr: stdout belongs to the
 * protocol.
 */
import { dirname, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Client } from '../../client/client.js';
import type { Transport, TransportHandlers } from '../../session/transport.js';
import { createInMemoryTransportPair } from '../../transport/memory/in-memory.js';
import { StdioClientTransport, type StdioClientTransportOptions } from '../../transport/stdio/client.js';
import { StdioServerTransport } from '../../transport/stdio/server.js';
import { ExitCode } from '../errors.js';
import { cliVersion } from '../version.js';
import type { DevCommand } from './args.js';
import { DevRelay } from './relay.js';
import { type ServerCommand, serverCommandFor } from './server-command.js';
import { watchForChanges } from './watch.js';

/**
 * The streams `mcpkit dev` uses: the host's connection, and where it reports.
 *
 * @example
 * const io: DevIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
 */
export interface DevIo {
  stdin: Readable;
  stdout: Writable;
  stderr: { write(text: string): unknown };
}

/** Options of {@link runDev} beyond the command line, for embedding and tests. */
export interface DevRunOptions {
  /** The user's project (where tsx is looked up, relative paths start). Default `process.cwd()`. */
  cwd?: string;
  /** Quiet time after a file change before restarting. Default 150 ms. */
  debounceMs?: number;
  /** Ends the run (as the host closing its connection would). */
  signal?: AbortSignal;
}

/**
 * Runs `mcpkit dev` until the host closes its connection (stdio), or until
 * `signal` aborts, Ctrl-C or SIGTERM; resolves to the exit code. Throws `UsageError` for a server file it
 * cannot run.
 *
 * @example
 * const command = parseDevCommandLine(['server.ts']);
 * if (command.kind === 'dev') process.exitCode = await runDev(command, process);
 */
export async function runDev(command: DevCommand, io: DevIo, options: DevRunOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const { server } = command;
  const started: ServerCommand =
    server.kind === 'file'
      ? serverCommandFor(server.file, server.args, { cwd })
      : { command: server.command, args: server.args };
  const watched = command.watch.map((path) => resolve(cwd, path));
  if (server.kind === 'file') watched.unshift(dirname(resolve(cwd, server.file)));
  else if (watched.length === 0) watched.push(cwd);

  const say = (line: string) => io.stderr.write(`mcpkit dev: ${line}\n`);
  // Over HTTP the host is the proxy's upstream client, in this process; over stdio, whoever started us.
  const overHttp =
    command.port === undefined ? undefined : { port: command.port, ends: createInMemoryTransportPair() };
  const relay = new DevRelay({
    host: overHttp?.ends[0] ?? new StdioServerTransport({ stdin: io.stdin, stdout: io.stdout }),
    startServer: () =>
      new ServerProcess(
        {
          command: started.command,
          args: started.args,
          cwd,
          // The developer's own server, started by the developer: it gets their whole environment.
          env: ownEnvironment(),
          stderr: 'pipe',
          shutdownStepMs: 1000,
        },
        io.stderr,
      ),
    report: say,
  });
  say(`running ${[started.command, ...started.args].join(' ')}; watching ${watched.join(', ')}`);
  // Whoever waits for the server to come back after a save (over HTTP, a first start that failed).
  let restarted: Array<() => void> = [];
  const nextRestart = () => new Promise<void>((resolve) => restarted.push(resolve));
  const stopWatching = watchForChanges(
    watched,
    (paths) => {
      say(`${paths.length === 1 ? paths[0] : `${paths.length} files`} changed`);
      void relay.restart().finally(() => {
        const waiting = restarted;
        restarted = [];
        for (const resolve of waiting) resolve();
      });
    },
    { debounceMs: options.debounceMs, onError: (error) => say(`watching failed: ${error.message}`) },
  );
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    await relay.start();
    if (overHttp === undefined) {
      stopping.signal.addEventListener('abort', () => void relay.close(), { once: true });
      if (stopping.signal.aborted) await relay.close();
      await relay.closed;
    } else {
      await serveOverHttp(overHttp.ends[1], overHttp.port, io.stderr, stopping.signal, nextRestart);
    }
  } finally {
    await relay.close();
    stopWatching();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    options.signal?.removeEventListener('abort', stop);
  }
  return ExitCode.Ok;
}

/**
 * `--port`: serves the relayed server to any number of HTTP hosts, each with its own session, until
 * `signal` aborts. A Client on the relay's host end is the upstream of a proxy (`mcpkit proxy`'s
 * serving), so restarts stay hidden behind the relay and list changes reach the hosts through the
 * proxy's refresh and its own notifications.
 */
async function serveOverHttp(
  transport: Transport,
  port: number,
  stderr: DevIo['stderr'],
  signal: AbortSignal,
  nextRestart: () => Promise<void>,
): Promise<void> {
  // Loaded only for this mode, as for `mcpkit proxy`: the proxy brings the server along.
  const [{ serveProxy }, { proxyClientInput }] = await Promise.all([
    import('../proxy.js'),
    import('../../client/proxy/upstream-input.js'),
  ]);
  const connect = () =>
    Client.connect(transport, {
      ...proxyClientInput(),
      clientInfo: { name: 'mcpkit-dev', version: cliVersion() },
      warn: (message) => stderr.write(`mcpkit dev: warning: ${message}\n`),
    });
  // A server that does not start the first time (a syntax error, say) is waited for, as over
  // stdio: each save starts it again, and the proxy is served once it answers.
  let client: Client | undefined;
  while (client === undefined) {
    if (signal.aborted) return;
    try {
      client = await connect();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      stderr.write(`mcpkit dev: the server did not answer (${why}); fix it and save, dev mode waits\n`);
      const aborted = new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      await Promise.race([nextRestart(), aborted]);
      if (signal.aborted) return;
    }
  }
  try {
    await serveProxy({
      client,
      serving: { kind: 'http', port },
      say: (text) => stderr.write(text),
      signal,
      announce: (where) => `mcpkit dev: serving ${where}\n`,
    });
  } finally {
    await client.close().catch(() => {});
  }
}

/** A server process whose stderr (its logs, a crash's stack) goes where mcpkit dev reports. */
class ServerProcess extends StdioClientTransport {
  constructor(
    options: StdioClientTransportOptions,
    private readonly report: DevIo['stderr'],
  ) {
    super(options);
  }

  override async start(handlers: TransportHandlers): Promise<void> {
    await super.start(handlers);
    this.stderr?.on('data', (chunk: Buffer) => this.report.write(chunk.toString('utf8')));
  }
}

/** This process's environment, without unset entries. */
function ownEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return env;
}
