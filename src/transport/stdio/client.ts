/**
 * The client end of stdio: starts the server as a child process and talks to
 * it over the child's stdin and stdout.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ConnectionClosedError, McpkitLocalError } from '../../protocol/errors.js';
import type { JSONRPCMessage } from '../../protocol/jsonrpc.js';
import type { SendOptions, Transport, TransportHandlers } from '../../session/transport.js';
import { StreamTransport, type StreamTransportOptions } from './stream-transport.js';

/**
 * Environment variables a child inherits when no `env` is given. Everything
 * else stays out, so secrets in the parent's environment do not leak into a
 * server process by default.
 */
export const DEFAULT_INHERITED_ENV_VARS: readonly string[] =
  // globalThis.process: the Client module (which imports this one) also loads in browsers, where
  // there is no process and nothing is ever spawned.
  globalThis.process?.platform === 'win32'
    ? [
        'APPDATA',
        'HOMEDRIVE',
        'HOMEPATH',
        'LOCALAPPDATA',
        'PATH',
        'PROCESSOR_ARCHITECTURE',
        'SYSTEMDRIVE',
        'SYSTEMROOT',
        'TEMP',
        'USERNAME',
        'USERPROFILE',
        'PROGRAMFILES',
      ]
    : ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'TMPDIR'];

/** The part of the parent's environment a child gets by default. */
export function defaultChildEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of DEFAULT_INHERITED_ENV_VARS) {
    const value = process.env[name];
    // Skip shell functions, which some shells export and which would confuse the child.
    if (value !== undefined && !value.startsWith('()')) env[name] = value;
  }
  return env;
}

/** How much of a child's stderr {@link StdioClientTransport.recentStderr} keeps. */
const STDERR_TAIL_CHARS = 4096;

/** Options of a {@link StdioClientTransport}. */
export interface StdioClientTransportOptions extends StreamTransportOptions {
  /** The program to run. */
  command: string;
  /** Its arguments. */
  args?: readonly string[];
  /** Extra environment, added on top of {@link defaultChildEnvironment}. */
  env?: Record<string, string>;
  /** Working directory of the child. */
  cwd?: string;
  /**
   * What to do with the child's stderr: `'inherit'` forwards it to ours (the
   * default; through a pipe, so {@link StdioClientTransport.recentStderr} can
   * tell what it wrote last), `'pipe'` exposes it as
   * {@link StdioClientTransport.stderr}, `'ignore'` drops it.
   */
  stderr?: 'inherit' | 'pipe' | 'ignore';
  /** How long each shutdown step (stdin closed, then SIGTERM) waits for the child to exit. Default 2000 ms. */
  shutdownStepMs?: number;
}

/**
 * Runs an MCP server as a child process.
 *
 * On close it ends the child's stdin, waits, sends SIGTERM, waits, then SIGKILL.
 * A child that exits on its own closes the transport with an error naming its exit code.
 *
 * @example
 * const transport = new StdioClientTransport({ command: 'node', args: ['server.js'] });
 * const peer = new JsonRpcPeer(transport);
 * await peer.start();
 */
export class StdioClientTransport implements Transport {
  private child: ChildProcess | undefined;
  private stream: ChildStreamTransport | undefined;
  private exited: Promise<void> | undefined;
  private closing = false;
  private stderrTail = '';
  private readonly stderrMode: 'inherit' | 'pipe' | 'ignore';
  private readonly shutdownStepMs: number;
  /** What starting needs; let go once started (a process may hold hundreds of children). */
  private options: StdioClientTransportOptions | undefined;

  constructor(options: StdioClientTransportOptions) {
    this.options = options;
    this.stderrMode = options.stderr ?? 'inherit';
    this.shutdownStepMs = options.shutdownStepMs ?? 2000;
  }

  /** The child's stderr when `stderr: 'pipe'` was chosen. */
  get stderr(): Readable | null {
    return this.stderrMode === 'pipe' ? (this.child?.stderr ?? null) : null;
  }

  /**
   * The last 4 KiB the child wrote to its stderr (empty when nothing), with
   * `stderr: 'inherit'` (the default); undefined otherwise (not observed).
   * A server that crashed has usually printed why there.
   *
   * @example
   * if (/Error/.test(transport.recentStderr ?? '')) console.error('the server reported an error; see above');
   */
  get recentStderr(): string | undefined {
    return this.stderrMode === 'inherit' ? this.stderrTail : undefined;
  }

  /** The child's process id, once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(handlers: TransportHandlers): Promise<void> {
    const options = this.options;
    if (options === undefined) throw new McpkitLocalError('StdioClientTransport.start() was already called');
    this.options = undefined;
    const { command, args = [], cwd } = options;
    // Loaded here, not at import: a server importing mcpkit/stdio never spawns anything, and
    // child_process was a tenth of its start-up module loading.
    const { spawn } = await import('node:child_process');
    const stderr = this.stderrMode;
    const child = spawn(command, args, {
      cwd,
      env: { ...defaultChildEnvironment(), ...options.env },
      stdio: ['pipe', 'pipe', stderr === 'ignore' ? 'ignore' : 'pipe'],
      windowsHide: true,
      shell: false,
    });
    this.child = child;
    if (stderr === 'inherit') {
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
        process.stderr.write(chunk);
      });
    }
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => {
        const message = `Could not start ${JSON.stringify(command)}: ${error.message}`;
        reject(new ConnectionClosedError(message, { cause: error }));
      };
      child.once('error', failed);
      child.once('spawn', () => {
        // Started: a later 'error' (a signal that could not be sent) is nobody's to hear, and
        // the listener above would keep this start's state alive for as long as the child runs.
        child.removeListener('error', failed);
        child.on('error', ignoreChildError);
        resolve();
      });
    });
    (child as WatchedChild)[CHILD_TRANSPORT] = this;
    child.on('close', StdioClientTransport.onChildClose);
    this.stream = new ChildStreamTransport(child.stdout!, child.stdin!, options);
    this.stream.start(handlers);
  }

  /** The child's close listener: one function for every transport; `this` is the child, which names its transport. */
  private static readonly onChildClose = function (
    this: WatchedChild,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    this[CHILD_TRANSPORT]?.childClosed(code, signal);
  };

  /** The child exited and its pipes closed: unless we closed it, the connection ends with why. */
  private childClosed(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closing) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    this.stream?.closeWith(new ConnectionClosedError(`The server process ${how}`));
  }

  send(message: JSONRPCMessage, options?: SendOptions): Promise<void> {
    if (!this.stream)
      return Promise.reject(new ConnectionClosedError('Cannot send: the child process is not started'));
    return this.stream.send(message, options);
  }

  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    this.stream?.closeWith(undefined);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // Watched from here on only: a running child holds no promise for its exit.
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if (await this.waitForExit(this.shutdownStepMs)) return;
      child.kill(signal);
    }
    await this.exited;
  }

  private waitForExit(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.exited!.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

function ignoreChildError(): void {}

/**
 * The child points back at its transport, so that one function shared by every transport hears
 * its exit: a closure (and a `once` wrapper) per child was memory each held connection kept.
 */
const CHILD_TRANSPORT = Symbol('mcpkit.stdioClientTransport');
type WatchedChild = ChildProcess & { [CHILD_TRANSPORT]?: StdioClientTransport };

/** The stream half of the child transport; closing it ends the child's stdin. */
class ChildStreamTransport extends StreamTransport {
  closeWith(error: Error | undefined): void {
    this.finish(error);
  }

  // The exit handler closes the transport, with the exit code, once the child is gone.
  protected override inputEnded(): void {}

  protected override releaseStreams(): void {
    this.output.end();
    this.input.resume(); // Drain whatever the child still writes so it never blocks on a full pipe.
  }
}
