/**
 * The client half of the bench (`npm run bench -- --client`, and part of a full `npm run bench`):
 * MCP clients measured against the bare server (servers/limit.mjs), so that the server costs
 * next to nothing and what differs is the client. Each measurement runs in a fresh client process
 * (bench/clients/*.mjs, one scenario each, see clients/driver.mjs) against a fresh server process;
 * rounds interleave the clients, and tables give medians across rounds with ratios to the
 * official v2 client and to the bare limit (a hand-written JSON-RPC client on a keep-alive
 * node:http pool, or on the child's pipes for stdio). bench/README.md says what each metric means.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startServer, stopServer, waitForPort } from './proc.mjs';
import { fmt, markdownTable, median, ratio, table } from './stats.mjs';
import { LEGACY, MODERN } from './wire.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bench = dirname(here);
const LIMIT_SERVER = join(bench, 'servers/limit.mjs');

export const CLIENTS = [
  { id: 'mcpkit', label: 'mcpkit', script: 'clients/mcpkit.mjs', wires: [LEGACY, MODERN] },
  { id: 'v2', label: 'official v2', script: 'clients/official-v2.mjs', wires: [LEGACY, MODERN] },
  { id: 'v1', label: 'official v1', script: 'clients/official-v1.mjs', wires: [LEGACY] },
  { id: 'limit', label: 'bare (node:http pool, pipes)', script: 'clients/raw.mjs', wires: [LEGACY, MODERN] },
  {
    id: 'fetch',
    label: 'bare on global fetch',
    script: 'clients/raw.mjs',
    via: 'fetch',
    wires: [LEGACY, MODERN],
    httpOnly: true,
  },
];

const QUICK = {
  rounds: 1,
  warmupMs: 200,
  durationMs: 400,
  connects: 1,
  httpConnections: 50,
  stdioConnections: 2,
  reads: { [1024 * 1024]: 3, [10 * 1024 * 1024]: 1 },
  listRepeats: 2,
};
const FULL = {
  rounds: 3,
  warmupMs: 1000,
  durationMs: 2000,
  connects: 3,
  httpConnections: 200,
  stdioConnections: 30,
  reads: { [1024 * 1024]: 30, [10 * 1024 * 1024]: 10 },
  listRepeats: 20,
};

const LABEL = { [LEGACY]: '2025-11-25', [MODERN]: '2026-07-28' };

/** The metrics, in report order: key, title, unit, and whether smaller is better. */
function metricList() {
  const list = [];
  for (const wire of [MODERN, LEGACY]) {
    const w = LABEL[wire];
    list.push(
      { key: `client.http.${wire}.c16`, title: `HTTP callTool, 16 concurrent, ${w}`, unit: 'calls/s' },
      { key: `client.http.${wire}.seq`, title: `HTTP callTool, sequential, ${w}`, unit: 'calls/s' },
      { key: `client.http.${wire}.cpu`, title: `Client CPU per HTTP call (16 concurrent), ${w}`, unit: 'µs' },
      { key: `client.stdio.${wire}.pipelined`, title: `stdio callTool, 64 in flight, ${w}`, unit: 'calls/s' },
      {
        key: `client.stdio.${wire}.cpu`,
        title: `Client CPU per stdio call (64 in flight), ${w}`,
        unit: 'µs',
      },
      {
        key: `client.connect.http.${wire}`,
        title: `Process start to first tools/list, HTTP, ${w}`,
        unit: 'ms',
      },
      {
        key: `client.connect.stdio.${wire}`,
        title: `Process start to first tools/list, stdio (server spawn included), ${w}`,
        unit: 'ms',
      },
      { key: `client.memory.http.${wire}.heap`, title: `Heap per held HTTP connection, ${w}`, unit: 'KiB' },
      { key: `client.memory.http.${wire}.rss`, title: `RSS per held HTTP connection, ${w}`, unit: 'KiB' },
      { key: `client.read.${wire}.1MiB`, title: `1 MiB resources/read (HTTP), ${w}`, unit: 'MiB/s' },
      { key: `client.read.${wire}.10MiB`, title: `10 MiB resources/read (HTTP), ${w}`, unit: 'MiB/s' },
      {
        key: `client.list.${wire}.first`,
        title: `listTools over 1,000 tools (10 pages), first, ${w}`,
        unit: 'ms',
      },
      {
        key: `client.list.${wire}.repeat`,
        title: `listTools over 1,000 tools, again (a cache may answer), ${w}`,
        unit: 'ms',
      },
    );
  }
  list.push(
    { key: 'client.memory.stdio.heap', title: 'Heap per held stdio connection (newest wire)', unit: 'KiB' },
    { key: 'client.memory.stdio.rss', title: 'RSS per held stdio connection (newest wire)', unit: 'KiB' },
  );
  return list;
}

/** Runs one client process on one job; resolves with its JSON result. */
function runClient(client, job, { gc = false } = {}) {
  return new Promise((resolve, reject) => {
    const args = [...(gc ? ['--expose-gc'] : []), join(bench, client.script)];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, BENCH_CLIENT_JOB: JSON.stringify({ ...job, via: client.via }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err = (err + chunk).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)));
      else reject(new Error(`${client.label} ${job.scenario} ${job.wire} exited ${code}: ${err.trim()}`));
    });
  });
}

/** A fresh bare HTTP server for `use`, stopped afterwards. */
async function withHttpServer(use, env = {}) {
  const port = await freePort();
  const server = startServer(LIMIT_SERVER, port, env);
  try {
    await waitForPort(port, server);
    return await use(`http://127.0.0.1:${port}/mcp`);
  } finally {
    await stopServer(server);
  }
}

const STDIO_TARGET = { command: process.execPath, args: [LIMIT_SERVER] };

/**
 * Runs the client bench; returns { tables, checks, samples, medians, failures }.
 *
 * @param {{ quick: boolean, rounds?: number, only?: string[], log: (line: string) => void }} options
 */
export async function runClientBench({ quick, rounds, only, log }) {
  const cfg = { ...(quick ? QUICK : FULL) };
  if (rounds !== undefined) cfg.rounds = rounds;
  const clients = only ? CLIENTS.filter((c) => only.includes(c.id)) : CLIENTS;
  const samples = {};
  const record = (key, client, value) => {
    samples[key] ??= {};
    samples[key][client.id] ??= [];
    samples[key][client.id].push(value);
  };
  let failures = 0;
  const attempt = async (label, measure) => {
    const t = performance.now();
    try {
      await measure();
      log(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures++;
      log(`  ! ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const base = { warmupMs: cfg.warmupMs, durationMs: cfg.durationMs };

  for (let round = 1; round <= cfg.rounds; round++) {
    for (const client of clients) {
      for (const wire of client.wires) {
        const label = `[client round ${round}/${cfg.rounds}] ${client.label} ${wire}`;
        await attempt(`${label} http`, () =>
          withHttpServer(async (url) => {
            const calls = await runClient(client, { ...base, scenario: 'http-calls', wire, target: { url } });
            record(`client.http.${wire}.c16`, client, calls.c16);
            record(`client.http.${wire}.seq`, client, calls.sequential);
            record(`client.http.${wire}.cpu`, client, calls.cpuUs);
            const connects = [];
            for (let n = 0; n < cfg.connects; n++)
              connects.push((await runClient(client, { scenario: 'connect', wire, target: { url } })).ms);
            record(`client.connect.http.${wire}`, client, median(connects));
            const memory = await runClient(
              client,
              { scenario: 'memory', wire, target: { url }, connections: cfg.httpConnections },
              { gc: true },
            );
            record(`client.memory.http.${wire}.heap`, client, memory.heapKiB);
            record(`client.memory.http.${wire}.rss`, client, memory.rssKiB);
            const reads = await runClient(client, {
              scenario: 'read',
              wire,
              target: { url },
              reads: cfg.reads,
            });
            record(`client.read.${wire}.1MiB`, client, reads[1024 * 1024]);
            record(`client.read.${wire}.10MiB`, client, reads[10 * 1024 * 1024]);
          }),
        );
        await attempt(`${label} list`, () =>
          withHttpServer(
            async (url) => {
              const list = await runClient(client, {
                scenario: 'list',
                wire,
                target: { url },
                tools: 1000,
                repeats: cfg.listRepeats,
              });
              record(`client.list.${wire}.first`, client, list.firstMs);
              record(`client.list.${wire}.repeat`, client, list.repeatMs);
            },
            { BENCH_TOOLS: '1000' },
          ),
        );
        if (client.httpOnly) continue;
        await attempt(`${label} stdio`, async () => {
          const calls = await runClient(client, {
            ...base,
            scenario: 'stdio-calls',
            wire,
            target: STDIO_TARGET,
          });
          record(`client.stdio.${wire}.pipelined`, client, calls.pipelined);
          record(`client.stdio.${wire}.cpu`, client, calls.cpuUs);
          const connects = [];
          for (let n = 0; n < cfg.connects; n++)
            connects.push((await runClient(client, { scenario: 'connect', wire, target: STDIO_TARGET })).ms);
          record(`client.connect.stdio.${wire}`, client, median(connects));
          if (wire === client.wires.at(-1)) {
            const memory = await runClient(
              client,
              { scenario: 'memory', wire, target: STDIO_TARGET, connections: cfg.stdioConnections },
              { gc: true },
            );
            record('client.memory.stdio.heap', client, memory.heapKiB);
            record('client.memory.stdio.rss', client, memory.rssKiB);
          }
        });
      }
    }
  }

  const medians = {};
  for (const [key, byClient] of Object.entries(samples)) {
    medians[key] = {};
    for (const [id, values] of Object.entries(byClient)) medians[key][id] = median(values);
  }
  const m = (key, id) => medians[key]?.[id] ?? Number.NaN;
  const tables = [];
  for (const metric of metricList()) {
    if (!medians[metric.key]) continue;
    const rows = clients
      .filter((client) => medians[metric.key][client.id] !== undefined)
      .map((client) => [
        client.label,
        fmt(m(metric.key, client.id)),
        ratio(m(metric.key, client.id), m(metric.key, 'v2')),
        ratio(m(metric.key, client.id), m(metric.key, 'limit')),
      ]);
    tables.push({
      title: metric.title,
      header: ['client', `median ${metric.unit}`, 'vs v2', 'vs bare'],
      rows,
    });
  }
  return { tables, checks: targets(m), samples, medians, failures, config: cfg };
}

/** The issue's targets for the client, on this run's medians. */
function targets(m) {
  const checks = [];
  const check = (name, value, ok) => checks.push({ name, value, ok });
  for (const wire of [MODERN, LEGACY]) {
    const c16 = `client.http.${wire}.c16`;
    const v2 = m(c16, 'mcpkit') / m(c16, 'v2');
    check(`client HTTP c16 ${wire} >= 3x v2`, v2, v2 >= 3);
    const bare = m(c16, 'mcpkit') / m(c16, 'limit');
    check(`client HTTP c16 ${wire} >= 0.6x bare`, bare, bare >= 0.6);
    const pipe = `client.stdio.${wire}.pipelined`;
    const pipeV2 = m(pipe, 'mcpkit') / m(pipe, 'v2');
    check(`client stdio ${wire} >= 3x v2`, pipeV2, pipeV2 >= 3);
    const pipeBare = m(pipe, 'mcpkit') / m(pipe, 'limit');
    check(`client stdio ${wire} >= 0.9x bare`, pipeBare, pipeBare >= 0.9);
    const connect = `client.connect.http.${wire}`;
    const connectBare = m(connect, 'mcpkit') / m(connect, 'limit');
    check(`client connect HTTP ${wire} <= 1.5x bare`, connectBare, connectBare <= 1.5);
    const heap = `client.memory.http.${wire}.heap`;
    const heapV2 = m(heap, 'mcpkit') / m(heap, 'v2');
    check(`client heap/conn HTTP ${wire} <= 0.5x v2`, heapV2, heapV2 <= 0.5);
  }
  const heap = m('client.memory.stdio.heap', 'mcpkit') / m('client.memory.stdio.heap', 'v2');
  check('client heap/conn stdio <= 0.5x v2', heap, heap <= 0.5);
  return checks;
}

/** The tables as text. */
export function clientReportText({ tables, checks }) {
  const text = tables.map((t) => `${t.title}\n${table(t.header, t.rows)}\n`).join('\n');
  const goals = checks
    .map(
      (c) =>
        `  ${Number.isNaN(c.value) ? 'n/a ' : c.ok ? 'MET ' : 'MISS'}  ${c.name.padEnd(40)} ${fmt(c.value, 2)}`,
    )
    .join('\n');
  return `${text}\nClient targets (issue 18), mcpkit's ratio:\n${goals}\n`;
}

/** The tables as markdown. */
export function clientReportMarkdown({ tables, checks }) {
  const out = [
    "#### Client targets (issue 18): mcpkit's ratio",
    '',
    markdownTable(
      ['target', 'mcpkit', 'met'],
      checks.map((c) => [c.name, fmt(c.value, 2), Number.isNaN(c.value) ? 'n/a' : c.ok ? 'yes' : '**no**']),
    ),
    '',
  ];
  for (const t of tables) out.push(`#### ${t.title}`, '', markdownTable(t.header, t.rows), '');
  return out.join('\n');
}
