// Child processes for the runner: every child leads its own process group so the whole
// tree (npm, tsx, the fixture, client processes the suite abandoned) can be killed at
// once, and signal handlers make sure nothing is left behind on Ctrl-C or exit. Also
// the small helpers around them: a free port, a connect probe, keeping the tail of an
// output stream, describing how a process ended, and sleep.

import { spawn } from 'node:child_process';
import net from 'node:net';

/** Process groups we started and have not reaped yet. Each child leads its own group. */
const liveGroups = new Set();

/** Sends `signal` to a whole process group (its leader's pid, negated). */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function killAllGroups() {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  liveGroups.clear();
}

/** Spawns `command` in a new process group so the whole tree can be killed at once. */
export function spawnGroup(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) liveGroups.add(child.pid);
  child.exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return child;
}

/** Kills whatever is left of a group (the leader may be gone while its children live on). */
export function reapGroup(child) {
  if (child.pid === undefined) return;
  killGroup(child.pid, 'SIGKILL');
  liveGroups.delete(child.pid);
}

/** On SIGINT/SIGTERM/SIGHUP and on exit, kills every group still alive. */
export function installSignalHandlers() {
  const onSignal = (signal, code) => {
    process.stderr.write(`\nconformance: ${signal}, stopping the fixture and the suite\n`);
    killAllGroups();
    process.exit(code);
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('SIGHUP', () => onSignal('SIGHUP', 129));
  // Last line of defence (uncaught exceptions, process.exit): leave no orphans.
  process.once('exit', killAllGroups);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` (within 1 s). */
export function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Keeps the tail of a stream for error messages. */
export function tail(limit = 8_000) {
  let text = '';
  return {
    push(chunk) {
      text = (text + chunk.toString()).slice(-limit);
    },
    get text() {
      return text;
    },
  };
}

/** Output can still arrive after a process exits; drop it once its log is closed. */
export function safeWrite(stream, chunk) {
  if (!stream.writableEnded) stream.write(chunk);
}

/** How a process ended, as the end of a sentence: 'exited with code 2', 'was killed by SIGKILL'. */
export function formatExit({ code, signal, error }) {
  if (error) return `failed to start (${error.message})`;
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}
