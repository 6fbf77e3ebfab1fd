#!/usr/bin/env node
/**
 * `npm run bench`: mcpkit against the official SDK (v2 and v1) and a bare
 * JSON-RPC responder (the physical limit), interleaved round by round, each
 * measurement in a fresh server process, one raw JSON-RPC load driver (this
 * process). Prints medians with ratios and saves JSON under bench/results/.
 *
 *   npm run build && npm run bench            # full run (several minutes)
 *   npm run bench -- --quick                  # smoke test, under two minutes
 *   npm run bench -- --rounds 5 --only mcpkit,v2,limit
 *   npm run bench -- --markdown results.md   # also write the tables as markdown
 *   npm run bench -- --cluster                # processes on Redis behind nginx (lib/cluster.mjs)
 *   npm run bench -- --client                 # the clients only (lib/client-bench.mjs)
 *   npm run bench -- --server                 # the servers only
 *
 * See bench/README.md for what each metric means.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientReportMarkdown, clientReportText, runClientBench } from './lib/client-bench.mjs';
import { HttpConnection, httpLoad } from './lib/http-client.mjs';
import { openListenStreams } from './lib/listen.mjs';
import { cpuMs, freePort, rssBytes, sleep, startServer, stopServer, waitForPort } from './lib/proc.mjs';
import { fmt, markdownTable, median, ratio, table } from './lib/stats.mjs';
import { StdioClient } from './lib/stdio-client.mjs';
import {
  bodyTemplate,
  httpRequestFor,
  httpRequestTemplate,
  INITIALIZED,
  initializeMessage,
  LEGACY,
  MODERN,
  message,
  messagesIn,
} from './lib/wire.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const MiB = 1024 * 1024;

const IMPLS = [
  { id: 'mcpkit', label: 'mcpkit', script: join(here, 'server.mjs'), wires: [LEGACY, MODERN], listen: true },
  // The same server with zod schemas: only what zod changes (start-up and memory) is measured.
  {
    id: 'mcpkit-zod',
    label: 'mcpkit + zod',
    script: join(here, 'servers/mcpkit-zod.mjs'),
    wires: [LEGACY, MODERN],
    listen: false,
    startupAndMemoryOnly: true,
  },
  {
    id: 'v2',
    label: 'official v2',
    script: join(here, 'servers/official-v2.mjs'),
    wires: [LEGACY, MODERN],
    listen: true,
  },
  {
    id: 'v1',
    label: 'official v1',
    script: join(here, 'servers/official-v1.mjs'),
    wires: [LEGACY],
    listen: false,
  },
  {
    id: 'limit',
    label: 'bare limit',
    script: join(here, 'servers/limit.mjs'),
    wires: [LEGACY, MODERN],
    listen: false,
  },
];

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
};
const quick = flag('--quick');
const cfg = quick
  ? {
      rounds: 1,
      warmupMs: 300,
      durationMs: 700,
      stdioMs: 600,
      coldStarts: 3,
      growthRequests: 10_000,
      growthMaxMs: 5000,
      reads: { [MiB]: 6, [10 * MiB]: 2 },
      listenStreams: 200,
    }
  : {
      rounds: 3,
      warmupMs: 2000,
      durationMs: 3000,
      stdioMs: 2000,
      coldStarts: 9,
      growthRequests: 100_000,
      growthMaxMs: 180_000,
      reads: { [MiB]: 60, [10 * MiB]: 20 },
      listenStreams: 1000,
    };
if (option('--rounds') !== undefined) cfg.rounds = Math.max(1, Number(option('--rounds')));
const only = option('--only')?.split(',');
const impls = only ? IMPLS.filter((impl) => only.includes(impl.id)) : IMPLS;
const CONNECTIONS = [1, 16, 64];
const PIPELINE = 64;

// ---------------------------------------------------------------- results

/** samples[metric][impl] = one entry per round: { value, ...extras }. */
const samples = {};
function record(metric, impl, value, extra = {}) {
  samples[metric] ??= {};
  samples[metric][impl.id] ??= [];
  samples[metric][impl.id].push({ value, ...extra });
}
const warnings = [];
/** Measurements that threw (a server broke the contract, failed to start, ...): the run exits 1. */
let failures = 0;
function warn(text) {
  warnings.push(text);
  process.stderr.write(`  ! ${text}\n`);
}
const log = (text) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------- contract checks

function fail(what, got) {
  throw new Error(`${what}: got ${JSON.stringify(got).slice(0, 300)}`);
}

/** Checks the bench contract through `call(msg) => response message`. */
async function checkContract(call, wire, nextId) {
  const list = await call(message(wire, nextId(), 'tools/list'));
  const tools = list.result?.tools ?? [];
  const add = tools.find((t) => t.name === 'add');
  if (!tools.some((t) => t.name === 'echo') || add?.outputSchema === undefined) fail('tools/list', list);
  const echo = await call(message(wire, nextId(), 'tools/call', { name: 'echo', arguments: { text: 'hi' } }));
  if (echo.result?.content?.[0]?.text !== 'hi') fail('echo', echo);
  const sum = await call(message(wire, nextId(), 'tools/call', { name: 'add', arguments: { a: 2, b: 3 } }));
  if (sum.result?.structuredContent?.sum !== 5) fail('add', sum);
  const read = await call(message(wire, nextId(), 'resources/read', { uri: 'bench://blob/1000' }));
  if (read.result?.contents?.[0]?.text?.length !== 1000) fail('resources/read', read);
}

// ---------------------------------------------------------------- stdio

/** Spawn to the answer of the first tools/list (after initialize on 2025-11-25), in ms. */
async function coldStart(impl, wire) {
  let id = 1;
  const started = performance.now();
  const child = startServer(impl.script);
  const client = new StdioClient(child);
  try {
    if (wire === LEGACY) {
      const init = await client.request(initializeMessage(id++));
      if (init.result?.protocolVersion === undefined) fail('initialize', init);
      client.notify(INITIALIZED);
    }
    const list = await client.request(message(wire, id++, 'tools/list'));
    const ms = performance.now() - started;
    if (!Array.isArray(list.result?.tools)) fail('tools/list', list);
    return ms;
  } finally {
    await stopServer(child);
  }
}

/**
 * Cold starts of one round, interleaved: each pass starts every implementation once on each of
 * its wires, so a burst of background work on the machine lands on all of them alike instead of
 * on the few starts of one. Records each implementation's median for the round.
 */
async function measureColdStarts() {
  const colds = new Map();
  for (let n = 0; n < cfg.coldStarts; n++) {
    for (const impl of impls) {
      for (const wire of impl.wires) {
        const key = `${impl.id} ${wire}`;
        if (!colds.has(key)) colds.set(key, { impl, wire, all: [] });
        colds.get(key).all.push(await coldStart(impl, wire));
      }
    }
  }
  for (const { impl, wire, all } of colds.values()) record(`cold.${wire}`, impl, median(all), { all });
}

async function measureStdio(impl, wire) {
  if (impl.startupAndMemoryOnly) return;

  let id = 1;
  const child = startServer(impl.script);
  const client = new StdioClient(child);
  try {
    if (wire === LEGACY) {
      const init = await client.request(initializeMessage(id++));
      if (init.result?.protocolVersion === undefined) fail('initialize', init);
      client.notify(INITIALIZED);
    }
    await checkContract(
      (msg) => client.request(msg),
      wire,
      () => id++,
    );

    const makeBody = bodyTemplate(wire, 'tools/call', { name: 'echo', arguments: { text: 'hello' } });
    const run = async (inFlight, durationMs) => {
      const r = await client.load({ makeBody, inFlight, durationMs, firstId: id });
      id = r.nextId;
      if (r.errors > 0) warn(`${impl.label} stdio ${wire}: ${r.errors} chunks with JSON-RPC errors`);
      return r;
    };
    await run(PIPELINE, cfg.warmupMs / 2);
    record(`stdio.${wire}.pipelined`, impl, (await run(PIPELINE, cfg.stdioMs)).rps);
    record(`stdio.${wire}.sequential`, impl, (await run(1, cfg.stdioMs)).rps);
  } finally {
    await stopServer(child);
  }
}

// ---------------------------------------------------------------- HTTP

/**
 * Memory per open subscriptions/listen stream, in a fresh process (so garbage
 * from earlier load does not blur the difference): RSS before and after
 * opening `cfg.listenStreams` acknowledged streams.
 */
async function measureListen(impl) {
  const port = await freePort();
  const child = startServer(impl.script, port);
  try {
    await waitForPort(port, child);
    const setup = await HttpConnection.open(port);
    let id = 1;
    await checkContract(
      async (msg) => {
        const res = await setup.request(httpRequestFor({ port, wire: MODERN, msg }));
        return messagesIn(res.headers['content-type'], res.body).find((m) => m.id === msg.id) ?? {};
      },
      MODERN,
      () => id++,
    );
    setup.close();
    await sleep(500);
    const before = rssBytes(child.pid);
    const sockets = await openListenStreams(port, cfg.listenStreams);
    await sleep(500);
    const after = rssBytes(child.pid);
    record('listen.per_stream', impl, (after - before) / 1024 / cfg.listenStreams, {
      streams: cfg.listenStreams,
    });
    for (const socket of sockets) socket.destroy();
  } finally {
    await stopServer(child);
  }
}

async function measureHttp(impl, wire, { growth }) {
  const port = await freePort();
  const child = startServer(impl.script, port);
  try {
    await waitForPort(port, child);
    const pid = child.pid;
    let id = 1;
    let session;
    const setup = await HttpConnection.open(port);
    const call = async (msg, sessionId = session) => {
      const res = await setup.request(httpRequestFor({ port, wire, msg, session: sessionId }));
      if (msg.id === undefined) return res;
      if (res.status !== 200) fail(`${msg.method} HTTP ${res.status}`, res.body?.toString());
      const found = messagesIn(res.headers['content-type'], res.body).find((m) => m.id === msg.id);
      if (found === undefined) fail(`${msg.method} response`, res.body?.toString());
      return Object.assign(found, { httpHeaders: res.headers });
    };
    if (wire === LEGACY) {
      const init = await call(initializeMessage(id++), undefined);
      if (init.result?.protocolVersion === undefined) fail('initialize', init);
      session = init.httpHeaders['mcp-session-id'];
      const ack = await call(INITIALIZED);
      if (ack.status >= 300) fail('notifications/initialized', ack.status);
    }
    await checkContract(call, wire, () => id++);
    setup.close();

    const echo = httpRequestTemplate({
      port,
      wire,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'hello' } },
      session,
    });
    let served = 0;
    const run = async (connections, durationMs, maxRequests, makeRequest = echo) => {
      const cpuBefore = cpuMs(pid);
      const r = await httpLoad({ port, makeRequest, connections, durationMs, maxRequests, firstId: id });
      r.serverCpuMs = cpuMs(pid) - cpuBefore;
      r.cpuUsPerRequest = (r.serverCpuMs * 1000) / r.ok;
      id = r.nextId;
      served += r.ok;
      if (r.failed > 0 || r.rpcErrors > 0) {
        warn(
          `${impl.label} http ${wire} c=${connections}: ${r.failed} failed, ${r.rpcErrors} JSON-RPC errors`,
        );
        if (r.firstFailure) warn(`  first failure: ${r.firstFailure}`);
      }
      return r;
    };

    await run(16, cfg.warmupMs);
    await sleep(250);
    const warmRss = rssBytes(pid);
    record(`rss.${wire}.warm`, impl, warmRss / MiB);
    if (impl.startupAndMemoryOnly) return;
    for (const connections of CONNECTIONS) {
      const r = await run(connections, cfg.durationMs);
      const driverPct = (r.driverCpuMs / r.elapsedMs) * 100;
      const extra = { p50Ms: r.p50Ms, p99Ms: r.p99Ms, cpuUs: r.cpuUsPerRequest, driverPct };
      record(`http.${wire}.c${connections}`, impl, r.rps, { ...extra, elapsedMs: r.elapsedMs });
      if (connections === 16) record(`cpu.${wire}`, impl, r.cpuUsPerRequest);
    }

    if (growth) {
      const left = cfg.growthRequests - served;
      if (left > 0) await run(16, cfg.growthMaxMs, left);
      await sleep(250);
      const after = rssBytes(pid);
      record('rss.primary.after', impl, after / MiB, { wire, requests: served });
      record('rss.primary.growth', impl, (after - warmRss) / MiB, { wire, requests: served });
    }

    for (const [sizeText, count] of Object.entries(cfg.reads)) {
      const size = Number(sizeText);
      const uri = `bench://blob/${size}`;
      const check = await HttpConnection.open(port);
      const res = await check.request(
        httpRequestFor({ port, wire, msg: message(wire, id++, 'resources/read', { uri }), session }),
      );
      check.close();
      const text = messagesIn(res.headers['content-type'], res.body)[0]?.result?.contents?.[0]?.text;
      if (text?.length !== size) fail(`read of ${size} bytes`, String(text?.length));
      const makeRequest = httpRequestTemplate({
        port,
        wire,
        method: 'resources/read',
        params: { uri },
        session,
      });
      // A few unmeasured reads first: the first large answers of a process pay for compiling
      // the paths that handle them, which is start-up, not read throughput.
      await run(1, undefined, 3, makeRequest);
      const r = await run(1, undefined, count, makeRequest);
      record(`read.${wire}.${size / MiB}MiB`, impl, (r.ok * size) / MiB / (r.elapsedMs / 1000), {
        p50Ms: r.p50Ms,
      });
    }
  } finally {
    await stopServer(child);
  }
}

// ---------------------------------------------------------------- report

const LABEL = { [LEGACY]: '2025-11-25', [MODERN]: '2026-07-28' };
const METRICS = [];
for (const wire of [MODERN, LEGACY]) {
  for (const c of CONNECTIONS) {
    METRICS.push({ key: `http.${wire}.c${c}`, title: `HTTP echo, ${c} conn, ${LABEL[wire]}`, unit: 'req/s' });
  }
  METRICS.push({
    key: `cpu.${wire}`,
    title: `Server CPU per HTTP request (16 conn), ${LABEL[wire]}`,
    unit: 'µs',
  });
  METRICS.push({
    key: `stdio.${wire}.pipelined`,
    title: `stdio pipelined (64 in flight), ${LABEL[wire]}`,
    unit: 'req/s',
  });
  METRICS.push({ key: `stdio.${wire}.sequential`, title: `stdio sequential, ${LABEL[wire]}`, unit: 'req/s' });
  METRICS.push({
    key: `cold.${wire}`,
    title: `Cold start to first tools/list (stdio), ${LABEL[wire]}`,
    unit: 'ms',
  });
  METRICS.push({ key: `rss.${wire}.warm`, title: `RSS after warm-up (HTTP), ${LABEL[wire]}`, unit: 'MiB' });
  METRICS.push({
    key: `read.${wire}.1MiB`,
    title: `1 MiB resources/read (HTTP, 1 conn), ${LABEL[wire]}`,
    unit: 'MiB/s',
  });
  METRICS.push({
    key: `read.${wire}.10MiB`,
    title: `10 MiB resources/read (HTTP, 1 conn), ${LABEL[wire]}`,
    unit: 'MiB/s',
  });
}
METRICS.push({
  key: 'rss.primary.after',
  title: 'RSS after the growth run (HTTP, 16 conn)',
  unit: 'MiB',
  wireCol: true,
});
METRICS.push({
  key: 'rss.primary.growth',
  title: 'RSS growth: after growth run minus after warm-up',
  unit: 'MiB',
  wireCol: true,
});
METRICS.push({
  key: 'listen.per_stream',
  title: 'Memory per open subscriptions/listen stream (2026-07-28)',
  unit: 'KiB',
});

const medians = {};
function medianOf(key, implId) {
  return medians[key]?.[implId]?.value ?? Number.NaN;
}

function computeMedians() {
  for (const [key, byImpl] of Object.entries(samples)) {
    medians[key] = {};
    for (const [implId, list] of Object.entries(byImpl)) {
      const entry = { value: median(list.map((s) => s.value)), rounds: list.length };
      for (const extra of ['p50Ms', 'p99Ms', 'cpuUs', 'driverPct', 'requests', 'streams']) {
        if (list[0][extra] !== undefined) entry[extra] = median(list.map((s) => s[extra]));
      }
      if (list[0].wire !== undefined) entry.wire = list[0].wire;
      medians[key][implId] = entry;
    }
  }
}

/** One table per metric measured: `{ title, header, rows }`. */
function reportTables() {
  const tables = [];
  for (const metric of METRICS) {
    const byImpl = medians[metric.key];
    if (byImpl === undefined) continue;
    const withLatency = metric.key.startsWith('http.');
    const header = ['impl', `median ${metric.unit}`, 'vs v2', 'vs limit'];
    if (withLatency) header.push('p50 ms', 'p99 ms', 'cpu µs/req', 'driver cpu');
    if (metric.wireCol) header.push('wire, requests');
    const rows = [];
    for (const impl of impls) {
      const m = byImpl[impl.id];
      if (m === undefined) continue;
      const row = [
        impl.label,
        fmt(m.value),
        ratio(m.value, medianOf(metric.key, 'v2')),
        ratio(m.value, medianOf(metric.key, 'limit')),
      ];
      if (withLatency) row.push(fmt(m.p50Ms, 2), fmt(m.p99Ms, 2), fmt(m.cpuUs, 0), `${fmt(m.driverPct, 0)}%`);
      if (metric.wireCol) row.push(`${m.wire}, ${fmt(m.requests)}`);
      rows.push(row);
    }
    tables.push({ title: metric.title, header, rows });
  }
  return tables;
}

function report() {
  return reportTables()
    .map((t) => `${t.title}\n${table(t.header, t.rows)}\n`)
    .join('\n');
}

/** The whole result as markdown, ready to paste into docs/performance.md. */
function markdownReport({ machine, totalS, goals, clients }) {
  const load = (l) => l.map((v) => v.toFixed(2)).join(' ');
  const out = [
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: \`npm run bench${quick ? ' -- --quick' : ''}\`, ` +
      `${cfg.rounds} round(s), medians, ${totalS.toFixed(0)} s. ` +
      `${machine.cpus}× ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}; ` +
      `load average ${load(machine.loadAverageBefore)} before, ${load(machine.loadAverageAfter)} after.`,
    '',
  ];
  if (goals.checks.length > 0) {
    out.push(
      "#### Server targets (issues 7 and 18): mcpkit's ratio",
      '',
      markdownTable(
        ['target', 'mcpkit', 'met'],
        goals.checks.map((c) => [
          c.name,
          fmt(c.value, 2),
          Number.isNaN(c.value) ? 'n/a' : c.ok ? 'yes' : '**no**',
        ]),
      ),
      '',
    );
  }
  for (const t of reportTables()) out.push(`#### ${t.title}`, '', markdownTable(t.header, t.rows), '');
  if (clients) out.push('### Clients', '', clientReportMarkdown(clients));
  if (warnings.length > 0) out.push('Warnings:', '', ...warnings.map((w) => `- ${w}`), '');
  return out.join('\n');
}

/** The issue's targets, checked on the medians of this run. */
function targets() {
  const checks = [];
  const check = (name, value, ok) => checks.push({ name, value, ok });
  const m = (key, id) => medianOf(key, id);
  for (const wire of [MODERN, LEGACY]) {
    const rps = `http.${wire}.c16`;
    check(`HTTP c16 ${wire} >= 5x v2`, m(rps, 'mcpkit') / m(rps, 'v2'), m(rps, 'mcpkit') >= 5 * m(rps, 'v2'));
    check(
      `HTTP c16 ${wire} >= 0.5x limit`,
      m(rps, 'mcpkit') / m(rps, 'limit'),
      m(rps, 'mcpkit') >= 0.5 * m(rps, 'limit'),
    );
    const cpu = `cpu.${wire}`;
    check(
      `CPU/req ${wire} <= 2.5x limit`,
      m(cpu, 'mcpkit') / m(cpu, 'limit'),
      m(cpu, 'mcpkit') <= 2.5 * m(cpu, 'limit'),
    );
    const pipe = `stdio.${wire}.pipelined`;
    check(
      `stdio pipelined ${wire} >= 2x v2`,
      m(pipe, 'mcpkit') / m(pipe, 'v2'),
      m(pipe, 'mcpkit') >= 2 * m(pipe, 'v2'),
    );
    if (wire === LEGACY) {
      check(
        `stdio pipelined ${wire} > v1`,
        m(pipe, 'mcpkit') / m(pipe, 'v1'),
        m(pipe, 'mcpkit') > m(pipe, 'v1'),
      );
    }
    const cold = `cold.${wire}`;
    check(
      `cold start ${wire} <= 1.5x limit`,
      m(cold, 'mcpkit') / m(cold, 'limit'),
      m(cold, 'mcpkit') <= 1.5 * m(cold, 'limit'),
    );
    const rss = `rss.${wire}.warm`;
    check(
      `RSS warm ${wire} <= 0.5x v2`,
      m(rss, 'mcpkit') / m(rss, 'v2'),
      m(rss, 'mcpkit') <= 0.5 * m(rss, 'v2'),
    );
    const read = `read.${wire}.10MiB`;
    check(
      `10 MiB read ${wire} >= 0.9x limit`,
      m(read, 'mcpkit') / m(read, 'limit'),
      m(read, 'mcpkit') >= 0.9 * m(read, 'limit'),
    );
  }
  // Issue 18: the 2026-07-28 serving path as close to the bare limit as the 2025 one.
  const modernRps = m(`http.${MODERN}.c16`, 'mcpkit') / m(`http.${MODERN}.c16`, 'limit');
  check(`HTTP c16 ${MODERN} >= 0.7x limit (18)`, modernRps, modernRps >= 0.7);
  const modernCpu = m(`cpu.${MODERN}`, 'mcpkit') / m(`cpu.${MODERN}`, 'limit');
  check(`CPU/req ${MODERN} <= 1.5x limit (18)`, modernCpu, modernCpu <= 1.5);
  // "No growth beyond noise": at most the bare responder's growth plus 5 MiB.
  const growth = m('rss.primary.growth', 'mcpkit');
  const noise = Math.max(0, m('rss.primary.growth', 'limit')) + 5;
  check(`RSS growth <= limit's + 5 MiB (MiB)`, growth, growth <= noise);
  const lines = checks.map(
    (c) =>
      `  ${Number.isNaN(c.value) ? 'n/a ' : c.ok ? 'MET ' : 'MISS'}  ${c.name.padEnd(36)} ${fmt(c.value, 2)}`,
  );
  return { checks, text: lines.join('\n') };
}

// ---------------------------------------------------------------- main

function distIsStale() {
  const built = join(root, 'dist/server.js');
  let builtAt;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    return 'missing';
  }
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (walk(path)) return true;
      } else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.test.ts') &&
        statSync(path).mtimeMs > builtAt
      ) {
        return true;
      }
    }
    return false;
  };
  return walk(join(root, 'src')) ? 'stale' : 'fresh';
}

async function main() {
  const dist = distIsStale();
  if (dist === 'missing') {
    process.stderr.write('bench: dist/ is missing; run `npm run build` first\n');
    process.exit(1);
  }
  if (dist === 'stale')
    warn('src/ has files newer than dist/: mcpkit is measured as last built (`npm run build`)');
  if (flag('--cluster')) {
    const { runClusterBench } = await import('./lib/cluster.mjs');
    const rounds = option('--rounds') === undefined ? undefined : Math.max(1, Number(option('--rounds')));
    failures += await runClusterBench({
      root,
      quick,
      rounds,
      markdownFile: option('--markdown'),
      save: !flag('--no-save'),
    });
    return;
  }
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const t0 = performance.now();
  // The server section runs unless --client alone was asked for; the client section unless --server.
  const servers = !flag('--client') || flag('--server');
  const clientSection = !flag('--server') || flag('--client');
  log(
    `bench: ${quick ? 'quick' : 'full'}, ${cfg.rounds} round(s), ${impls.map((i) => i.label).join(', ')}; ` +
      `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  for (let round = 1; servers && round <= cfg.rounds; round++) {
    const coldStarted = performance.now();
    try {
      await measureColdStarts();
      log(
        `[round ${round}/${cfg.rounds}] cold starts: ${((performance.now() - coldStarted) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      failures++;
      warn(
        `[round ${round}/${cfg.rounds}] cold starts failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    for (const impl of impls) {
      const primary = impl.wires[impl.wires.length - 1];
      for (const wire of impl.wires) {
        const label = `[round ${round}/${cfg.rounds}] ${impl.label} ${wire}`;
        for (const [kind, measure] of [
          ['stdio', () => measureStdio(impl, wire)],
          ['http', () => measureHttp(impl, wire, { growth: wire === primary })],
        ]) {
          const t = performance.now();
          try {
            await measure();
            log(`${label} ${kind}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
          } catch (error) {
            failures++;
            warn(`${label} ${kind} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
      if (impl.listen) {
        try {
          await measureListen(impl);
        } catch (error) {
          failures++;
          warn(`${impl.label} listen failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
  computeMedians();
  let clients;
  if (clientSection) {
    clients = await runClientBench({
      quick,
      rounds: option('--rounds') === undefined ? undefined : cfg.rounds,
      only: option('--clients')?.split(','),
      log,
    });
    failures += clients.failures;
  }
  const totalS = (performance.now() - t0) / 1000;
  const loadAfter = os.loadavg();
  const machine = {
    cpu: os.cpus()[0]?.model,
    cpus: os.cpus().length,
    memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
  };
  const text = (servers ? report() : '') + (clients ? `\nClients\n\n${clientReportText(clients)}` : '');
  const goals = servers ? targets() : { checks: [], text: '  (servers not measured)' };
  process.stdout.write(
    `\nmcpkit bench (${quick ? 'quick' : 'full'}): ${cfg.rounds} round(s), medians, ${totalS.toFixed(0)} s; ` +
      `${machine.cpus}x ${machine.cpu}, Node ${machine.node}; ` +
      `load average before ${loadBefore[0].toFixed(2)}, after ${loadAfter[0].toFixed(2)}\n\n${text}\n` +
      `Server targets (issues 7 and 18), mcpkit's ratio:\n${goals.text}\n`,
  );
  if (warnings.length > 0) process.stdout.write(`\nWarnings:\n${warnings.map((w) => `  ${w}`).join('\n')}\n`);
  const markdownFile = option('--markdown');
  if (markdownFile !== undefined) {
    writeFileSync(markdownFile, markdownReport({ machine, totalS, goals, clients }));
    process.stdout.write(`\nWrote ${markdownFile}\n`);
  }
  if (!flag('--no-save')) {
    const dir = join(here, 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const file = join(dir, `bench-${stamp}${quick ? '-quick' : ''}.json`);
    const json = {
      startedAt,
      quick,
      config: cfg,
      machine,
      totalSeconds: totalS,
      medians,
      targets: goals.checks,
      samples,
      clients: clients && {
        config: clients.config,
        medians: clients.medians,
        targets: clients.checks,
        samples: clients.samples,
      },
      warnings,
    };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    // Keep `biome check .` clean while bench/results/ is not excluded from it.
    try {
      execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', file], { stdio: 'ignore' });
    } catch {}
    process.stdout.write(`\nSaved ${file.slice(root.length + 1)}\n`);
  }
}

await main();
// A smoke test (CI) fails when a measurement could not be taken; slow numbers never fail it.
if (failures > 0) process.exitCode = 1;
