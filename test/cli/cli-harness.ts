/**
 * Runs the mcpkit CLI as a separate process (`node --import tsx
 * src/entries/cli.ts ...`), with pipes or under a pseudo-terminal, and serves
 * the test servers over HTTP in this process.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type RunningHttpServer, serveHttp } from '../../src/entries/node.js';
import type { McpServer } from '../../src/entries/server.js';

/**
 * The repository root.
 *
 * @example
 * spawn('node', ['--version'], { cwd: ROOT });
 */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The CLI's command line, without its arguments.
 *
 * @example
 * const [command, ...args] = [...CLI, 'tools', url];
 */
export const CLI = ['node', '--import', 'tsx', 'src/entries/cli.ts'];

/**
 * Starts the demo server over stdio (for `-- ...`).
 *
 * @example
 * await runCli(['tools', '--yes', '--', ...DEMO_STDIO]);
 */
export const DEMO_STDIO = ['node', '--import', 'tsx', 'examples/demo-server.ts', '--stdio'];

/**
 * A run that finished (or was killed after `timeoutMs`).
 *
 * @example
 * const { code, stdout, stderr }: CliRun = await runCli(['--version']);
 */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI to completion with stdin closed (so it is not interactive).
 *
 * @example
 * const { code, stdout } = await runCli(['tools', '--json', url]);
 */
export function runCli(args: readonly string[], timeoutMs = 100_000): Promise<CliRun> {
  const child = startCli(args);
  return finished(child, timeoutMs);
}

/**
 * Starts the CLI and returns the process, for verbs that run until stopped.
 *
 * @example
 * const child = startCli(['listen', '--json', url]);
 */
export function startCli(args: readonly string[]): ChildProcess {
  const [command, ...rest] = CLI;
  return spawn(command!, [...rest, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Collects a process's output until it exits; kills it after `timeoutMs`.
 *
 * @example
 * const run = await finished(child, 30_000);
 */
export function finished(child: ChildProcess, timeoutMs: number): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Resolves once `check` is true, polling; fails with what was awaited after `timeoutMs`.
 *
 * @example
 * await until(() => heard.includes('notifications/tools/list_changed'), 'tools/list_changed');
 */
export async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Resolves once the stream has carried text matching `pattern` (rejects after `timeoutMs`).
 *
 * @example
 * await waitForOutput(child.stdout!, /acknowledged/);
 */
export function waitForOutput(
  stream: NodeJS.ReadableStream,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.off('data', onData);
      reject(new Error(`Did not see ${pattern} within ${timeoutMs} ms; saw: ${seen}`));
    }, timeoutMs);
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        stream.off('data', onData);
        resolve(seen);
      }
    };
    stream.on('data', onData);
  });
}

/**
 * Serves a server over HTTP on a free port.
 *
 * @example
 * const running = await serve(createDemoServer());
 */
export function serve(server: McpServer): Promise<RunningHttpServer> {
  return serveHttp(server, { port: 0 });
}

/**
 * A URL on this machine where nothing listens.
 *
 * @example
 * const url = await unreachableUrl(); // http://127.0.0.1:40123/mcp
 */
export async function unreachableUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/mcp`;
}

/**
 * What a pseudo-terminal run saw.
 *
 * @example
 * const { code, transcript }: PtyRun = await runInPty(['call', 'greet', url], []);
 */
export interface PtyRun {
  code: number | null;
  /** The CLI's stdout (a pipe, not the terminal). */
  stdout: string;
  /** Everything written to the terminal (stderr and echoed input). */
  transcript: string;
  /** Why the script stopped early, if it did. */
  error: string | null;
}

/**
 * Whether Python 3 with the `pty` module is available.
 *
 * @example
 * describe.skipIf(!HAS_PYTHON_PTY)('on a terminal', () => {});
 */
export const HAS_PYTHON_PTY = (() => {
  try {
    execFileSync('python3', ['-c', 'import pty'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Runs a command with stdin and stderr on a pseudo-terminal and stdout on a pipe. For each
// [expect, send] step it waits until `expect` appears on the terminal after the previous match,
// then types `send`. Prints one JSON object: exit code, stdout, transcript, error.
const PTY_DRIVER = `
import json, os, pty, select, subprocess, sys, time
spec = json.loads(sys.argv[1])
master, slave = pty.openpty()
proc = subprocess.Popen(spec['cmd'], cwd=spec['cwd'], stdin=slave, stderr=slave,
                        stdout=subprocess.PIPE, close_fds=True)
os.close(slave)
deadline = time.time() + spec['timeout']
transcript = b''
position = 0
error = None
stdout = b''
sources = [master, proc.stdout.fileno()]
def pump(wait):
    global transcript, stdout
    readable, _, _ = select.select(sources, [], [], wait)
    got = 0
    for fd in readable:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b''
        if fd == master:
            if not chunk:
                return -1
            got += len(chunk)
            transcript += chunk
        elif chunk:
            stdout += chunk
        else:
            sources.remove(fd)
    return got
for expect, send in spec['steps']:
    found = False
    while time.time() < deadline:
        at = transcript.find(expect.encode(), position)
        if at != -1:
            position = at + len(expect.encode())
            found = True
            break
        if pump(0.2) < 0:
            break
    if not found:
        error = 'did not see %r on the terminal' % expect
        break
    os.write(master, send.encode())
while proc.poll() is None and time.time() < deadline:
    pump(0.2)
if proc.poll() is None:
    proc.kill()
    error = error or 'the command did not finish in time'
while pump(0.05) > 0:
    pass
stdout += proc.stdout.read()
print(json.dumps({'code': proc.wait(), 'stdout': stdout.decode('utf-8', 'replace'),
                  'transcript': transcript.decode('utf-8', 'replace'), 'error': error}))
`;

/**
 * Runs the CLI under a pseudo-terminal (stdin and stderr), typing each
 * `send` once its `expect` text has appeared.
 *
 * @example
 * const run = await runInPty(['call', 'greet', url], [['Answer?', '\r'], ['Name', 'Ada\r']]);
 */
export async function runInPty(
  args: readonly string[],
  steps: ReadonlyArray<readonly [string, string]>,
  timeoutMs = 90_000,
): Promise<PtyRun> {
  const spec = { cmd: [...CLI, ...args], cwd: ROOT, steps, timeout: timeoutMs / 1000 };
  const child = spawn('python3', ['-c', PTY_DRIVER, JSON.stringify(spec)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run = await finished(child, timeoutMs + 15_000);
  if (run.code !== 0) throw new Error(`The pty driver failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as PtyRun;
}
