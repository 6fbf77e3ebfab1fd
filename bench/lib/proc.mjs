/**
 * Server processes: start one fresh per measurement, find a free port, read
 * its CPU time and RSS from /proc, stop it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU time of a process so far, in ms (from /proc/<pid>/stat). */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command: state is #3, utime #14, stime #15 (1-based over the whole line).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

/** Resident set size in bytes (VmRSS from /proc/<pid>/status). */
export function rssBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node script` (stdio when `port` is undefined), keeping the tail of its stderr. */
export function startServer(script, port, extraEnv = {}) {
  const env = { ...process.env, ...extraEnv };
  if (port === undefined) delete env.BENCH_HTTP_PORT;
  else env.BENCH_HTTP_PORT = String(port);
  const child = spawn(process.execPath, [script], {
    env,
    stdio: [port === undefined ? 'pipe' : 'ignore', port === undefined ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  child.stderrTail = () => stderr;
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.on('error', () => {});
  child.stdin?.on('error', () => {});
  return child;
}

/** Resolves once 127.0.0.1:port accepts connections. */
export async function waitForPort(port, child, timeoutMs = 20_000) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${child.stderrTail()}`);
    const ok = await new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (performance.now() > until) throw new Error(`server did not listen on ${port}: ${child.stderrTail()}`);
    await sleep(10);
  }
}

export async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await child.exited;
  clearTimeout(timer);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
