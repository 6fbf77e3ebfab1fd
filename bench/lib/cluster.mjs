/**
 * `npm run bench -- --cluster`: mcpkit processes sharing state through Redis
 * (issue 14), on this machine.
 *
 * - Throughput: a plain `tools/call` (echo) on the 2026-07-28 stateless wire,
 *   driven by the bench's own load generator (lib/http-client.mjs, in this
 *   process) against one process directly, then against 1 and 2 processes
 *   behind nginx (round-robin, no stickiness, the configuration of
 *   docs/scaling.md). Each configuration runs on fresh processes, and the
 *   configurations are interleaved round by round.
 * - CPU per request: the sum of the server processes' utime + stime from
 *   /proc/<pid>/stat across a run, divided by the requests answered; nginx's
 *   (master and workers) is given apart.
 * - Listen streams: K acknowledged `subscriptions/listen` streams opened on
 *   one fresh process; its RSS (/proc) and V8 heap (its own `memory` tool,
 *   after a full GC) before and after, and the difference per stream.
 *
 * Every process (redis-server, nginx, the servers) listens on a free loopback
 * port and is stopped by its pid, also when a step fails or on Ctrl-C.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { HttpConnection, httpLoad } from './http-client.mjs';
import { openListenStreams } from './listen.mjs';
import { cpuMs, freePort, rssBytes, sleep } from './proc.mjs';
import { fmt, markdownTable, median, table } from './stats.mjs';
import { httpRequestFor, httpRequestTemplate, MODERN, message, messagesIn } from './wire.mjs';

const MiB = 1024 * 1024;
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
const NGINX = process.env.NGINX ?? 'nginx';

// ---------------------------------------------------------------- processes

/** Every child started here and not yet stopped: what Ctrl-C and failures stop. */
const running = new Set();

function track(child, name) {
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  child.stdout?.on('data', () => {});
  child.on('error', (error) => {
    stderr += String(error);
  });
  child.name = name;
  child.stderrTail = () => stderr;
  child.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  running.add(child);
  child.exited.then(() => running.delete(child));
  return child;
}

/** Stops one child by its pid (`signal`, then SIGKILL after three seconds); resolves once it has exited. */
async function stop(child, signal = 'SIGTERM') {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    try {
      process.kill(child.pid, signal);
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {}
    }, 3000);
    await child.exited;
    clearTimeout(timer);
  }
  running.delete(child);
}

async function stopAll() {
  await Promise.all([...running].map((child) => stop(child, child.stopSignal ?? 'SIGTERM')));
}

/** On Ctrl-C or SIGTERM: stop every child by pid, then exit. On any exit: SIGKILL what is left. */
function installCleanup() {
  const onSignal = (signal) => {
    process.stderr.write(`\ncluster bench: ${signal}, stopping ${running.size} process(es)\n`);
    stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => {
    for (const child of running) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {}
    }
  });
}

/** Whether 127.0.0.1:port accepts a connection and, with `probe`, answers it with `expect`. */
function answers(port, probe, expect) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => (probe === undefined ? done(true) : socket.write(probe)));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith(expect));
    });
  });
}

async function waitUntil(child, port, probe, expect, timeoutMs = 20_000) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.name} exited: ${child.stderrTail()}`);
    }
    if (await answers(port, probe, expect)) return;
    await sleep(25);
  }
  throw new Error(`${child.name} did not answer on ${port} within ${timeoutMs} ms: ${child.stderrTail()}`);
}

async function startRedis() {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--daemonize', 'no', '--loglevel', 'warning');
  const child = track(spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'redis-server');
  await waitUntil(child, port, 'PING\r\n', '+PONG');
  return { child, port, url: `redis://127.0.0.1:${port}` };
}

/** One servers/mcpkit-redis.mjs process on a free port. */
async function startServerProcess(script, redisUrl, secret) {
  const port = await freePort();
  const env = { ...process.env, BENCH_HTTP_PORT: String(port), BENCH_REDIS_URL: redisUrl };
  env.BENCH_STATE_SECRET = secret;
  const child = spawn(process.execPath, ['--expose-gc', script], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  track(child, `server on ${port}`);
  await waitUntil(child, port);
  return { child, port };
}

/**
 * The nginx configuration: docs/scaling.md's, everything under `prefix`, with
 * `workers` worker processes. Both `keepalive_requests` are raised from their
 * default of 1000: the load driver keeps its connections for the whole run
 * and does not reconnect when nginx closes one.
 */
function nginxConfig(prefix, port, backends, workers) {
  const servers = backends.map((backend) => `    server 127.0.0.1:${backend};`).join('\n');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((dir) => `  ${dir}_temp_path ${join(prefix, dir)};`)
    .join('\n');
  return `worker_processes ${workers};
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events {
  worker_connections 4096;
}
http {
  access_log off;
  keepalive_requests 10000000;
${temp}
  upstream mcp {
${servers}
    keepalive 64;
    keepalive_requests 10000000;
  }
  server {
    listen 127.0.0.1:${port};
    location /mcp {
      proxy_pass http://mcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }
  }
}
`;
}

async function startNginx(backends, workers) {
  const prefix = mkdtempSync(join(os.tmpdir(), 'mcpkit-bench-nginx-'));
  // Started as root, nginx's workers run as `nobody`: they must reach the prefix.
  chmodSync(prefix, 0o755);
  for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, dir), 0o777);
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, nginxConfig(prefix, port, backends, workers));
  const args = ['-p', `${prefix}/`, '-c', conf, '-e', join(prefix, 'error.log'), '-g', 'daemon off;'];
  const child = track(spawn(NGINX, args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'nginx');
  child.stopSignal = 'SIGQUIT';
  child.exited.then(() => rmSync(prefix, { recursive: true, force: true }));
  await waitUntil(child, port);
  return { child, port };
}

/** The pids of `pid`'s children (nginx's workers), from /proc. */
function childrenOf(pid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {}
  }
  return out;
}

const cpuOf = (pids) => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);

// ---------------------------------------------------------------- measurements

/** A tools/call through `port`, checked: the echo answers, with the Host header nginx passes on. */
async function checkEcho(port) {
  const conn = await HttpConnection.open(port);
  try {
    for (let n = 0; n < 4; n++) {
      const msg = message(MODERN, n + 1, 'tools/call', { name: 'echo', arguments: { text: `hi ${n}` } });
      const res = await conn.request(httpRequestFor({ port, wire: MODERN, msg }));
      const answer = messagesIn(res.headers['content-type'], res.body).find((m) => m.id === msg.id);
      if (res.status !== 200 || answer?.result?.content?.[0]?.text !== `hi ${n}`) {
        throw new Error(`echo through ${port}: HTTP ${res.status} ${String(res.body).slice(0, 300)}`);
      }
    }
  } finally {
    conn.close();
  }
}

/** A tools/call `name` with no arguments on `port`: its structuredContent. */
async function callTool(port, name) {
  const conn = await HttpConnection.open(port);
  try {
    const msg = message(MODERN, 1, 'tools/call', { name, arguments: {} });
    const res = await conn.request(httpRequestFor({ port, wire: MODERN, msg }));
    const answer = messagesIn(res.headers['content-type'], res.body).find((m) => m.id === 1);
    if (answer?.result?.structuredContent === undefined) throw new Error(`${name}: ${String(res.body)}`);
    return answer.result.structuredContent;
  } finally {
    conn.close();
  }
}

/**
 * One throughput configuration on fresh processes: `processes` servers,
 * behind nginx or not. Returns one sample per connection count.
 */
async function measureThroughput(ctx, { processes, viaNginx }) {
  const started = [];
  let nginx;
  try {
    for (let n = 0; n < processes; n++) {
      started.push(await startServerProcess(ctx.script, ctx.redis.url, ctx.secret));
    }
    if (viaNginx) {
      nginx = await startNginx(
        started.map((s) => s.port),
        ctx.nginxWorkers,
      );
    }
    const port = viaNginx ? nginx.port : started[0].port;
    await checkEcho(port);
    const serverPids = started.map((s) => s.child.pid);
    const nginxPids = viaNginx ? [nginx.child.pid, ...childrenOf(nginx.child.pid)] : [];
    const makeRequest = httpRequestTemplate({
      port,
      wire: MODERN,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'hello' } },
    });
    let id = 1000;
    const run = async (connections, durationMs) => {
      const perProcess = serverPids.map((pid) => cpuMs(pid));
      const nginxBefore = cpuOf(nginxPids);
      const load = os.loadavg()[0];
      const r = await httpLoad({ port, makeRequest, connections, durationMs, firstId: id });
      id = r.nextId;
      const perProcessMs = serverPids.map((pid, n) => cpuMs(pid) - perProcess[n]);
      const serverMs = perProcessMs.reduce((a, b) => a + b, 0);
      const nginxMs = cpuOf(nginxPids) - nginxBefore;
      if (r.failed > 0 || r.rpcErrors > 0) {
        ctx.warn(
          `${label(processes, viaNginx)} c=${connections}: ${r.failed} failed, ${r.rpcErrors} JSON-RPC errors` +
            (r.firstFailure ? ` (first: ${r.firstFailure})` : ''),
        );
      }
      return {
        connections,
        rps: r.rps,
        ok: r.ok,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        serverCpuUsPerRequest: (serverMs * 1000) / r.ok,
        nginxCpuUsPerRequest: viaNginx ? (nginxMs * 1000) / r.ok : Number.NaN,
        // Each process's share of the servers' CPU: round-robin spreads it.
        cpuShare: perProcessMs.map((ms) => (serverMs > 0 ? ms / serverMs : Number.NaN)),
        driverPct: (r.driverCpuMs / r.elapsedMs) * 100,
        loadAverage1m: load,
      };
    };
    await run(16, ctx.cfg.warmupMs);
    const out = [];
    for (const connections of ctx.cfg.connections) out.push(await run(connections, ctx.cfg.durationMs));
    return out;
  } finally {
    if (nginx) await stop(nginx.child, 'SIGQUIT');
    await Promise.all(started.map((s) => stop(s.child)));
  }
}

/** K acknowledged listen streams on one fresh process: its memory before and after. */
async function measureListen(ctx, streams) {
  const server = await startServerProcess(ctx.script, ctx.redis.url, ctx.secret);
  let sockets = [];
  try {
    await checkEcho(server.port);
    // Some traffic first, so the streams are not charged with the first request's start-up.
    const makeRequest = httpRequestTemplate({
      port: server.port,
      wire: MODERN,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'hello' } },
    });
    await httpLoad({ port: server.port, makeRequest, connections: 8, durationMs: 500, firstId: 1 });
    await sleep(300);
    const heapBefore = await callTool(server.port, 'memory');
    const rssBefore = rssBytes(server.child.pid);
    const opening = performance.now();
    sockets = await openListenStreams(server.port, streams, 500);
    const openMs = performance.now() - opening;
    await sleep(500);
    const heapAfter = await callTool(server.port, 'memory');
    const rssAfter = rssBytes(server.child.pid);
    return {
      streams,
      openMs,
      rssBeforeMiB: rssBefore / MiB,
      rssAfterMiB: rssAfter / MiB,
      heapBeforeMiB: heapBefore.heapUsed / MiB,
      heapAfterMiB: heapAfter.heapUsed / MiB,
      rssPerStreamKiB: (rssAfter - rssBefore) / 1024 / streams,
      heapPerStreamKiB: (heapAfter.heapUsed - heapBefore.heapUsed) / 1024 / streams,
      externalPerStreamKiB: (heapAfter.external - heapBefore.external) / 1024 / streams,
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    await stop(server.child);
  }
}

// ---------------------------------------------------------------- report

function label(processes, viaNginx) {
  return `${processes} process${processes === 1 ? '' : 'es'}${viaNginx ? ' behind nginx' : ', direct'}`;
}

function throughputTable(samples, connections) {
  const header = [
    'setup',
    'req/s',
    'p50 ms',
    'p99 ms',
    'server cpu µs/req',
    'nginx cpu µs/req',
    'cpu share per process',
    'driver cpu',
    'load 1m',
  ];
  const rows = [];
  for (const [key, list] of Object.entries(samples)) {
    const at = list.flat().filter((s) => s.connections === connections);
    if (at.length === 0) continue;
    const m = (field) => median(at.map((s) => s[field]));
    const shares = at[0].cpuShare.map((_, n) => median(at.map((s) => s.cpuShare[n])));
    rows.push([
      key,
      fmt(m('rps')),
      fmt(m('p50Ms'), 2),
      fmt(m('p99Ms'), 2),
      fmt(m('serverCpuUsPerRequest'), 0),
      fmt(m('nginxCpuUsPerRequest'), 0),
      shares.map((s) => `${fmt(s * 100, 0)}%`).join(' / '),
      `${fmt(m('driverPct'), 0)}%`,
      fmt(m('loadAverage1m'), 2),
    ]);
  }
  return {
    title: `tools/call echo, 2026-07-28 stateless, ${connections} connections (medians)`,
    header,
    rows,
  };
}

function listenTable(listen) {
  const header = [
    'streams',
    'open s',
    'RSS before MiB',
    'RSS after MiB',
    'heap before MiB',
    'heap after MiB',
    'RSS KiB/stream',
    'heap KiB/stream',
  ];
  const rows = listen.map((l) => [
    fmt(l.streams),
    fmt(l.openMs / 1000, 1),
    fmt(l.rssBeforeMiB, 1),
    fmt(l.rssAfterMiB, 1),
    fmt(l.heapBeforeMiB, 1),
    fmt(l.heapAfterMiB, 1),
    fmt(l.rssPerStreamKiB, 1),
    fmt(l.heapPerStreamKiB, 1),
  ]);
  return { title: 'subscriptions/listen streams held by one process (2026-07-28)', header, rows };
}

// ---------------------------------------------------------------- main

/**
 * Runs the cluster bench. `root` is the repository, `quick` a short smoke run,
 * `rounds` how many times each configuration is measured (interleaved).
 */
export async function runClusterBench({ root, quick, rounds, markdownFile, save }) {
  installCleanup();
  const cfg = quick
    ? { rounds: 1, warmupMs: 500, durationMs: 1000, connections: [16, 64], listenStreams: [200] }
    : { rounds: 3, warmupMs: 2000, durationMs: 3000, connections: [16, 64], listenStreams: [1000, 5000] };
  if (rounds !== undefined) cfg.rounds = rounds;
  const warnings = [];
  let failures = 0;
  const log = (text) => process.stderr.write(`${text}\n`);
  const warn = (text) => {
    warnings.push(text);
    log(`  ! ${text}`);
  };
  const loadBefore = os.loadavg();
  const startedAt = new Date();
  const t0 = performance.now();
  log(
    `bench --cluster: ${quick ? 'quick' : 'full'}, ${cfg.rounds} round(s); ` +
      `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const ctx = {
    cfg,
    warn,
    script: join(root, 'bench/servers/mcpkit-redis.mjs'),
    secret: randomBytes(32).toString('base64url'),
    nginxWorkers: 1,
    redis: undefined,
  };
  const setups = [
    { processes: 1, viaNginx: false },
    { processes: 1, viaNginx: true },
    { processes: 2, viaNginx: true },
  ];
  const samples = {};
  const listen = [];
  try {
    ctx.redis = await startRedis();
    for (let round = 1; round <= cfg.rounds; round++) {
      for (const setup of setups) {
        const name = label(setup.processes, setup.viaNginx);
        const t = performance.now();
        try {
          samples[name] ??= [];
          samples[name].push(await measureThroughput(ctx, setup));
          log(`[round ${round}/${cfg.rounds}] ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
        } catch (error) {
          failures++;
          warn(`[round ${round}/${cfg.rounds}] ${name} failed: ${error?.message ?? String(error)}`);
        }
      }
    }
    for (const streams of cfg.listenStreams) {
      try {
        listen.push(await measureListen(ctx, streams));
        log(`listen: ${streams} streams on one process`);
      } catch (error) {
        failures++;
        warn(`listen with ${streams} streams failed: ${error?.message ?? String(error)}`);
      }
    }
  } catch (error) {
    failures++;
    warn(`cluster bench failed: ${error?.message ?? String(error)}`);
  } finally {
    await stopAll();
  }

  const loadAfter = os.loadavg();
  const totalS = (performance.now() - t0) / 1000;
  const machine = {
    cpu: os.cpus()[0]?.model,
    cpus: os.cpus().length,
    memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    nginx: versionOf(NGINX, ['-v']),
    redis: versionOf(REDIS_SERVER, ['--version']),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
  };
  const tables = [...cfg.connections.map((c) => throughputTable(samples, c)), listenTable(listen)];
  const loads = (l) => l.map((v) => v.toFixed(2)).join(' ');
  process.stdout.write(
    `\nmcpkit cluster bench (${quick ? 'quick' : 'full'}): ${cfg.rounds} round(s), ${totalS.toFixed(0)} s; ` +
      `${machine.cpus}x ${machine.cpu}, Node ${machine.node}, ${machine.nginx}, ${machine.redis}; ` +
      `load average before ${loads(loadBefore)}, after ${loads(loadAfter)}\n` +
      'server cpu: utime+stime of the server processes (/proc/<pid>/stat) over the run / requests; ' +
      'nginx cpu: the same for its master and worker\n\n' +
      tables.map((t) => `${t.title}\n${table(t.header, t.rows)}\n`).join('\n'),
  );
  if (warnings.length > 0) process.stdout.write(`\nWarnings:\n${warnings.map((w) => `  ${w}`).join('\n')}\n`);
  if (markdownFile !== undefined) {
    const text = [
      `Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: \`npm run bench -- --cluster${quick ? ' --quick' : ''}\`, ` +
        `${cfg.rounds} round(s), medians, ${totalS.toFixed(0)} s. ${machine.cpus}× ${machine.cpu}, ` +
        `${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}, ${machine.nginx}, ${machine.redis}; ` +
        `load average ${loads(loadBefore)} before, ${loads(loadAfter)} after.`,
      '',
      ...tables.flatMap((t) => [`#### ${t.title}`, '', markdownTable(t.header, t.rows), '']),
      ...(warnings.length > 0 ? ['Warnings:', '', ...warnings.map((w) => `- ${w}`), ''] : []),
    ].join('\n');
    writeFileSync(markdownFile, text);
    process.stdout.write(`\nWrote ${markdownFile}\n`);
  }
  if (save) {
    const dir = join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const file = join(dir, `cluster-${stamp}${quick ? '-quick' : ''}.json`);
    const json = { startedAt, quick, config: cfg, machine, totalSeconds: totalS, samples, listen, warnings };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    try {
      execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', file], { stdio: 'ignore' });
    } catch {}
    process.stdout.write(`\nSaved ${file.slice(root.length + 1)}\n`);
  }
  return failures;
}

/** The first line of `bin args` (nginx prints its version on stderr), shortened. */
function versionOf(bin, args) {
  const out = spawnSync(bin, args, { encoding: 'utf8' });
  const line = `${out.stdout ?? ''}${out.stderr ?? ''}`.trim().split('\n')[0] ?? '';
  return line.replace(/^nginx version: /, '').replace(/^Redis server v=(\S+).*/, 'Redis $1') || 'unknown';
}
