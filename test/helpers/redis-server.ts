/**
 * A throwaway redis-server for tests: started on a free loopback port with
 * nothing saved to disk, ready once it answers PING, stopped by its pid.
 * Never a fixed port, never the system service.
 *
 * When redis-server is not installed, `describeWithRedis` fails in CI
 * (`process.env.CI` set: the suite must not silently lose its Redis tests)
 * and skips with a message elsewhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { describe, it } from 'vitest';
import { exited, freePort } from './processes.js';

export { freePort };

/** The binary: `REDIS_SERVER` if set, else Debian's path, else whatever `redis-server` is on PATH. */
export const REDIS_SERVER_BIN =
  process.env.REDIS_SERVER ??
  (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server');

/** Whether redis-server can be started here. */
export function redisServerInstalled(): boolean {
  const probe = spawnSync(REDIS_SERVER_BIN, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.includes('Redis server');
}

/** A running redis-server of one test file. */
export interface RedisServerProcess {
  readonly port: number;
  readonly pid: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops it (SIGTERM, then SIGKILL after two seconds) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Whether a Redis at `port` answers PING with PONG. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Starts a redis-server on a free loopback port (retrying with another port
 * if that one was taken meanwhile), or on `port` (a restart on the port of
 * one stopped before), and resolves once it answers PING.
 *
 * @example
 * const redis = await startRedisServer();
 * // ... new RedisLink({ url: redis.url }) ...
 * await redis.stop();
 */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServerProcess> {
  let lastError = '';
  for (let attempt = 0; attempt < (options.port === undefined ? 5 : 1); attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn(
      REDIS_SERVER_BIN,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk.toString();
    });
    const started = Date.now();
    while (Date.now() - started < 10_000 && child.exitCode === null) {
      if (await pings(port)) {
        const pid = child.pid!;
        return {
          port,
          pid,
          url: `redis://127.0.0.1:${port}`,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            process.kill(pid, 'SIGTERM');
            const kill = setTimeout(() => {
              if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
            }, 2000);
            await exited(child);
            clearTimeout(kill);
          },
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    await exited(child);
    lastError = output.trim() || 'no answer to PING within 10 s';
  }
  throw new Error(`redis-server did not start: ${lastError}`);
}

/**
 * `describe` for tests that need a real Redis: runs them when redis-server
 * is installed; otherwise fails in CI and skips (saying why) elsewhere.
 *
 * @example
 * describeWithRedis('RedisTaskStore', () => { ... });
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisServerInstalled()) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs redis-server, which CI must install (.ci/run does, from Debian)', () => {
        throw new Error(`redis-server is not installed (looked for ${REDIS_SERVER_BIN}); CI must provide it`);
      });
    });
    return;
  }
  console.warn(
    `[test] skipping "${name}": redis-server is not installed (apt-get install redis-server, or set REDIS_SERVER)`,
  );
  describe.skip(`${name} (skipped: redis-server is not installed)`, body);
}
