// The cluster the cluster legs run against (issue 14): one redis-server, three server
// fixtures started with `--redis` and one shared `--state-secret`, and nginx balancing
// round-robin over them with no stickiness, so consecutive requests of one client (and
// of one session) land on different processes. Every process runs in the foreground in
// its own process group (lib/processes.mjs), on a free loopback port, and is stopped by
// its pid; nginx and redis-server get a temporary directory of their own and never touch
// the system's configuration, logs or data. Their logs are copied into the leg folder.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  canConnect,
  formatExit,
  freePort,
  killGroup,
  reapGroup,
  safeWrite,
  sleep,
  spawnGroup,
  tail,
} from './processes.mjs';

/** How many server fixtures run behind nginx. */
export const CLUSTER_SIZE = 3;
/** How long redis-server and nginx may take to answer (each attempt). */
const DAEMON_START_TIMEOUT_MS = 10_000;
/** How many times redis-server and nginx are started on a new port when the first one fails. */
const DAEMON_START_ATTEMPTS = 3;
/** How long each process gets to exit after SIGTERM before its group is killed. */
const STOP_GRACE_MS = 5_000;

const INSTALL_HINT = 'apt-get install -y redis-server nginx';
/** What the logs show in place of the `--state-secret`. */
const SECRET_SHOWN = "<this run's secret>";

/** The redis-server binary: `REDIS_SERVER` if set, else Debian's path, else `redis-server` on PATH. */
export function redisServerBin(env = process.env) {
  return env.REDIS_SERVER ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server');
}

/** The nginx binary: `NGINX` if set, else Debian's path, else `nginx` on PATH. */
export function nginxBin(env = process.env) {
  return env.NGINX ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
}

/**
 * Why the cluster cannot run here (a sentence saying what to install), or undefined
 * when redis-server and nginx both answer for their version.
 */
export function clusterProblem(env = process.env) {
  const missing = [];
  const redis = redisServerBin(env);
  const redisProbe = spawnSync(redis, ['--version'], { encoding: 'utf8' });
  if (redisProbe.status !== 0 || !`${redisProbe.stdout}`.includes('Redis server')) {
    missing.push(`redis-server (looked for ${redis}, or set REDIS_SERVER)`);
  }
  const nginx = nginxBin(env);
  const nginxProbe = spawnSync(nginx, ['-v'], { encoding: 'utf8' });
  if (nginxProbe.status !== 0 || !`${nginxProbe.stdout}${nginxProbe.stderr}`.includes('nginx version')) {
    missing.push(`nginx (looked for ${nginx}, or set NGINX)`);
  }
  if (missing.length === 0) return undefined;
  return (
    `the cluster legs need redis-server and nginx; not installed: ${missing.join(', ')}. ` +
    `Install them (Debian/Ubuntu: ${INSTALL_HINT}) or run without the cluster legs (--no-cluster)`
  );
}

/** A fresh random secret for one run's `--state-secret` (43 URL-safe characters). */
export function clusterSecret() {
  return randomBytes(32).toString('base64url');
}

/**
 * nginx's configuration: everything under `prefix`, one upstream over `backends`
 * (round-robin, the default, with no stickiness), set up for streaming responses:
 * HTTP/1.1 to the upstreams with keep-alive (`Connection ""`), no buffering, and read
 * and send timeouts far longer than any scenario.
 */
export function nginxConfig(prefix, port, backends) {
  const servers = backends.map((backend) => `    server 127.0.0.1:${backend};`).join('\n');
  const at = (name) => path.join(prefix, name);
  return `worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('error.log')} warn;
events {
  worker_connections 1024;
}
http {
  access_log off;
  client_body_temp_path ${at('client_body')};
  proxy_temp_path ${at('proxy')};
  fastcgi_temp_path ${at('fastcgi')};
  uwsgi_temp_path ${at('uwsgi')};
  scgi_temp_path ${at('scgi')};
  log_format upstreams '$time_iso8601 $request_method $status $upstream_addr $upstream_status '
                       '"$http_mcp_session_id" "$http_mcp_method" $request_time';
  upstream mcp {
${servers}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      access_log ${at('access.log')} upstreams;
      proxy_pass http://mcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_connect_timeout 2s;
    }
  }
}
`;
}

/** Whether a Redis on 127.0.0.1:`port` answers PING with PONG (within 1 s). */
function pings(port) {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Spawns one member of the cluster in its own process group, its output into `logFile`.
 * Returns { name, command, child, port, stderr, log, exit() } where exit() is how it
 * ended, or undefined while it runs.
 */
function spawnMember(name, command, args, { port, logFile, shell = false, cwd, shown, secret }) {
  const log = createWriteStream(logFile);
  shown ??= [command, ...args.map((arg) => (arg === '' ? "''" : arg))].join(' ');
  log.write(`$ ${shown}\n`);
  const child = spawnGroup(command, args, { cwd, shell, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tail();
  // npm echoes the script's command line, secret included: keep it out of the log.
  const redact = (chunk) => (secret ? chunk.toString().replaceAll(secret, SECRET_SHOWN) : chunk);
  const onOutput = (chunk) => {
    const text = redact(chunk);
    safeWrite(log, text);
    stderr.push(text);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  let ended;
  child.exited.then((result) => {
    ended = result;
  });
  return { name, command: shown, child, port, stderr, log, logFile, exit: () => ended };
}

/** Stops one member: `signal` to its group, then SIGKILL to whatever is left after the grace period. */
async function stopMember(member, signal = 'SIGTERM') {
  const { child } = member;
  if (child.pid !== undefined) {
    killGroup(child.pid, signal);
    let timer;
    await Promise.race([
      child.exited,
      new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS))),
    ]);
    clearTimeout(timer);
    reapGroup(child);
  }
  await new Promise((resolve) => member.log.end(resolve));
}

/**
 * Waits until `ready()` holds for `member`. Throws (with its output attached) when it
 * exits first or the timeout passes.
 */
async function waitUntil(member, ready, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const ended = member.exit();
    if (ended) {
      throw new Error(`${member.name} (${member.command}) ${formatExit(ended)} before ${what}`, {
        cause: member.stderr.text,
      });
    }
    if (await ready()) return;
    if (Date.now() > deadline) {
      throw new Error(`${member.name} (${member.command}) did not ${what} within ${timeoutMs / 1000}s`, {
        cause: member.stderr.text,
      });
    }
    await sleep(100);
  }
}

/** Starts redis-server with nothing saved to disk; retries on a new port if the first is taken. */
async function startRedis(scratch, legDir) {
  let lastError;
  for (let attempt = 1; attempt <= DAEMON_START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const dir = path.join(scratch, `redis-${attempt}`);
    mkdirSync(dir);
    const args = [
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
      '--dir',
      dir,
      '--loglevel',
      'warning',
    ];
    const member = spawnMember('redis-server', redisServerBin(), args, {
      port,
      logFile: path.join(legDir, 'redis.log'),
    });
    try {
      await waitUntil(member, () => pings(port), DAEMON_START_TIMEOUT_MS, 'answering PING');
      return member;
    } catch (error) {
      lastError = error;
      await stopMember(member, 'SIGKILL');
    }
  }
  throw lastError;
}

/** Starts nginx in front of `backends` from its own prefix directory; retries on a new port. */
async function startNginx(scratch, legDir, backends) {
  let lastError;
  for (let attempt = 1; attempt <= DAEMON_START_ATTEMPTS; attempt++) {
    const prefix = path.join(scratch, `nginx-${attempt}`);
    mkdirSync(prefix);
    // Started as root, nginx's workers run as `nobody`: they must reach the prefix and write its temp paths.
    chmodSync(prefix, 0o755);
    for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(path.join(prefix, dir));
      chmodSync(path.join(prefix, dir), 0o777);
    }
    const port = await freePort();
    const conf = path.join(prefix, 'nginx.conf');
    writeFileSync(conf, nginxConfig(prefix, port, backends));
    copyFileSync(conf, path.join(legDir, 'nginx.conf'));
    const args = ['-p', `${prefix}/`, '-c', conf, '-e', path.join(prefix, 'error.log'), '-g', 'daemon off;'];
    const member = spawnMember('nginx', nginxBin(), args, { port, logFile: path.join(legDir, 'nginx.log') });
    member.prefix = prefix;
    try {
      await waitUntil(member, () => canConnect(port), DAEMON_START_TIMEOUT_MS, 'accepting connections');
      return member;
    } catch (error) {
      lastError = error;
      await stopMember(member, 'SIGKILL');
      copyNginxLogs(member, legDir);
    }
  }
  throw lastError;
}

/** Copies nginx's error and access logs from its prefix into the leg folder. */
function copyNginxLogs(member, legDir) {
  for (const name of ['error.log', 'access.log']) {
    const from = path.join(member.prefix, name);
    if (existsSync(from)) copyFileSync(from, path.join(legDir, `nginx-${name}`));
  }
}

/**
 * Starts the cluster for one leg and resolves once nginx accepts connections:
 *   - redis-server on a free port, no persistence (`--save '' --appendonly no`);
 *   - CLUSTER_SIZE times `<serverCommand> --port <N> --redis redis://127.0.0.1:<R>
 *     --state-secret <secret>`, each waited for until it accepts connections;
 *   - nginx round-robin over them.
 * Logs go to `legDir`: redis.log, server-<i>.log, nginx.log (its own output),
 * nginx-error.log and nginx-access.log (one line per request: the upstream that served
 * it, its status, the session id and method headers), nginx.conf.
 *
 * Returns { url, members, problem(), stop() }: `problem()` says which member is no longer
 * running (undefined while all are), `stop()` stops all of them and removes the scratch
 * directory. Throws when a member does not start, after stopping the others; the error's
 * `cause` is the failing member's output.
 */
export async function startCluster({ legDir, serverCommand, cwd, secret, startTimeoutMs }) {
  const problem = clusterProblem();
  if (problem) throw new Error(problem);
  const scratch = mkdtempSync(path.join(tmpdir(), 'mcpkit-conformance-cluster-'));
  chmodSync(scratch, 0o755);
  // On Ctrl-C the runner kills every process group and exits; the directory goes with it.
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  process.once('exit', removeScratch);
  const members = [];
  const cluster = {
    url: undefined,
    members,
    problem() {
      for (const member of members) {
        const ended = member.exit();
        if (ended) {
          const log = path.relative(process.cwd(), member.logFile);
          return `${member.name} of the cluster ${formatExit(ended)} during the run (see ${log})`;
        }
      }
      return undefined;
    },
    async stop() {
      // The balancer first (no new requests reach the fixtures), Redis last (the fixtures
      // close their connections to it as they shut down).
      const nginx = members.find((member) => member.name === 'nginx');
      if (nginx) {
        await stopMember(nginx);
        copyNginxLogs(nginx, legDir);
      }
      await Promise.all(
        members.filter((member) => member.name.startsWith('server-')).map((m) => stopMember(m)),
      );
      const redis = members.find((member) => member.name === 'redis-server');
      if (redis) await stopMember(redis);
      process.removeListener('exit', removeScratch);
      removeScratch();
    },
  };
  try {
    const redis = await startRedis(scratch, legDir);
    members.push(redis);
    const redisUrl = `redis://127.0.0.1:${redis.port}`;
    const servers = [];
    for (let i = 1; i <= CLUSTER_SIZE; i++) {
      const port = await freePort();
      const flags = `--port ${port} --redis ${redisUrl} --state-secret`;
      const member = spawnMember(`server-${i}`, `${serverCommand} ${flags} ${secret}`, [], {
        port,
        // The secret stays out of logs and error messages.
        shown: `${serverCommand} ${flags} ${SECRET_SHOWN}`,
        secret,
        logFile: path.join(legDir, `server-${i}.log`),
        shell: true,
        cwd,
      });
      members.push(member);
      servers.push(member);
    }
    await Promise.all(
      servers.map((member) =>
        waitUntil(
          member,
          () => canConnect(member.port),
          startTimeoutMs,
          `accepting connections on 127.0.0.1:${member.port}`,
        ),
      ),
    );
    const nginx = await startNginx(
      scratch,
      legDir,
      servers.map((member) => member.port),
    );
    members.push(nginx);
    cluster.url = `http://127.0.0.1:${nginx.port}/mcp`;
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
