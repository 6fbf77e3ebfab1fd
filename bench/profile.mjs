#!/usr/bin/env node
/**
 * CPU profile of one bench server under one load, summarised:
 *
 *   node bench/profile.mjs [--impl mcpkit|v2|v1|limit] [--wire 2026-07-28|2025-11-25]
 *                          [--scenario echo|read10|stdio|cold] [--seconds 10] [--connections 16]
 *
 * Starts the server with `node --cpu-prof`, drives it with the bench driver,
 * stops it, and prints the functions with the most self time and the time
 * per package/file. The .cpuprofile is kept under bench/results/profiles/
 * (open it in Chrome DevTools or speedscope for the full picture).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpConnection, httpLoad } from './lib/http-client.mjs';
import { freePort, sleep, stopServer, waitForPort } from './lib/proc.mjs';
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
} from './lib/wire.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const SCRIPTS = {
  mcpkit: join(here, 'server.mjs'),
  v2: join(here, 'servers/official-v2.mjs'),
  v1: join(here, 'servers/official-v1.mjs'),
  limit: join(here, 'servers/limit.mjs'),
};

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at === -1 ? fallback : argv[at + 1];
};
const impl = option('--impl', 'mcpkit');
const wire = option('--wire', impl === 'v1' ? LEGACY : MODERN);
const scenario = option('--scenario', 'echo');
const seconds = Number(option('--seconds', '10'));
const connections = Number(option('--connections', '16'));
const top = Number(option('--top', '25'));
if (!(impl in SCRIPTS) || ![LEGACY, MODERN].includes(wire)) {
  process.stderr.write(
    'usage: node bench/profile.mjs --impl mcpkit|v2|v1|limit --wire 2026-07-28|2025-11-25\n',
  );
  process.exit(2);
}

const dir = join(here, 'results/profiles', `${impl}-${wire}-${scenario}-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const cold = scenario === 'cold';
const stdio = scenario === 'stdio' || cold;
const port = stdio ? undefined : await freePort();
const env = { ...process.env };
if (port === undefined) delete env.BENCH_HTTP_PORT;
else env.BENCH_HTTP_PORT = String(port);
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, SCRIPTS[impl]], {
  env,
  stdio: [stdio ? 'pipe' : 'ignore', stdio ? 'pipe' : 'ignore', 'inherit'],
});
child.exited = new Promise((resolve) => child.once('exit', resolve));
child.stderrTail = () => '';

let served = 0;
if (cold) {
  // Start-up only: spawn, first tools/list, stop.
  const client = new StdioClient(child);
  if (wire === LEGACY) {
    await client.request(initializeMessage(0));
    client.notify(INITIALIZED);
  }
  await client.request(message(wire, 1, 'tools/list'));
  served = 1;
} else if (stdio) {
  const client = new StdioClient(child);
  let id = 1;
  if (wire === LEGACY) {
    await client.request(initializeMessage(id++));
    client.notify(INITIALIZED);
  }
  const makeBody = bodyTemplate(wire, 'tools/call', { name: 'echo', arguments: { text: 'hello' } });
  const r = await client.load({ makeBody, inFlight: 64, durationMs: seconds * 1000, firstId: id });
  served = r.ok;
} else {
  await waitForPort(port, child);
  let session;
  if (wire === LEGACY) {
    const setup = await HttpConnection.open(port);
    const init = await setup.request(httpRequestFor({ port, wire, msg: initializeMessage(0) }));
    session = init.headers['mcp-session-id'];
    await setup.request(httpRequestFor({ port, wire, msg: INITIALIZED, session }));
    setup.close();
  }
  const read = scenario.startsWith('read');
  const size = read ? Number(scenario.slice(4) || '10') * 1024 * 1024 : 0;
  const makeRequest = httpRequestTemplate({
    port,
    wire,
    session,
    method: read ? 'resources/read' : 'tools/call',
    params: read ? { uri: `bench://blob/${size}` } : { name: 'echo', arguments: { text: 'hello' } },
  });
  const r = await httpLoad({
    port,
    makeRequest,
    connections: read ? 1 : connections,
    durationMs: seconds * 1000,
  });
  served = r.ok;
  process.stderr.write(`${r.ok} requests, ${r.rps.toFixed(0)}/s, ${r.failed} failed\n`);
}
await sleep(100);
await stopServer(child);

const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (file === undefined) {
  process.stderr.write(`no profile written in ${dir}\n`);
  process.exit(1);
}
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));

// Self time per node: each sample is attributed to the node on top of the stack.
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let n = 0; n < profile.samples.length; n++) {
  const id = profile.samples[n];
  self.set(id, (self.get(id) ?? 0) + (deltas[n] ?? 0));
}
const totalUs = [...self.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url) => {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm !== -1) return path.slice(nm + 'node_modules/'.length);
  return path.startsWith('/') ? relative(root, path) : path;
};
const fnKey = (frame) =>
  `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
const groupOf = (frame) => {
  const url = shortUrl(frame.url);
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native/V8)';
  if (url.startsWith('node:')) return url;
  const pkg = /^(@[^/]+\/[^/]+|[^/]+)\//.exec(url);
  if (frame.url.includes('node_modules/') && pkg) return pkg[1];
  return url;
};

const byFunction = new Map();
const byGroup = new Map();
for (const [id, us] of self) {
  const frame = byId.get(id).callFrame;
  byFunction.set(fnKey(frame), (byFunction.get(fnKey(frame)) ?? 0) + us);
  byGroup.set(groupOf(frame), (byGroup.get(groupOf(frame)) ?? 0) + us);
}
const pct = (us) => `${((us / totalUs) * 100).toFixed(1).padStart(5)}%`;
const print = (title, map, count) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    process.stdout.write(`  ${pct(us)}  ${key}\n`);
  }
};
process.stdout.write(
  `${impl} ${wire} ${scenario}: ${served} requests, ${(totalUs / 1000).toFixed(0)} ms sampled, ` +
    `${served > 0 ? (totalUs / served).toFixed(1) : '-'} µs sampled per request\n` +
    `profile: ${relative(root, join(dir, file))}\n`,
);
print('Self time by package / file', byGroup, 15);
print('Self time by function', byFunction, top);
