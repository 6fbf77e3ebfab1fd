#!/usr/bin/env node
// Runs the official MCP conformance suite (@modelcontextprotocol/conformance) against
// mcpkit's fixtures and judges the results against conformance/expected-failures.yaml.
//
// Plain Node ESM with no dependencies, so it runs on the project's Node 20. The suite's
// CLI needs Node >= 22, so it runs on the pinned Node 22 binary installed by the private
// package in conformance/runtime (see conformance/README.md).
//
//   node conformance/run.mjs                       every leg, judged against the baseline
//   node conformance/run.mjs --leg server-all      one leg (repeatable)
//   node conformance/run.mjs --scenario ping       one scenario in every leg that has it
//   node conformance/run.mjs --update-baseline     rewrite the baseline to today's failures

import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const RUNTIME_DIR = path.join(HERE, 'runtime');
const RUNTIME_NODE = path.join(RUNTIME_DIR, 'node_modules', 'node', 'bin', 'node');
const CLI = path.join(
  RUNTIME_DIR,
  'node_modules',
  '@modelcontextprotocol',
  'conformance',
  'dist',
  'index.js',
);
const RESULTS_DIR = path.join(HERE, 'results');
const DEFAULT_BASELINE = path.join(HERE, 'expected-failures.yaml');

/** Per-scenario timeout for the client legs (the suite runs their scenarios in parallel). */
const CLIENT_TIMEOUT_MS = 120_000;
/** How long the server fixture may take to accept connections. */
const FIXTURE_START_TIMEOUT_MS = 60_000;
/** How long the server fixture gets to exit after SIGTERM before it is killed. */
const FIXTURE_STOP_GRACE_MS = 5_000;

/**
 * The legs, in the order they run. `selection` is what picks the leg's scenarios:
 * a frozen requirement set (run at that revision's wire) or a whole suite.
 */
export const LEGS = [
  { name: 'server-2025-11-25', kind: 'server', requirements: '2025-11-25' },
  { name: 'server-2026-07-28', kind: 'server', requirements: '2026-07-28' },
  { name: 'server-all', kind: 'server', suite: 'all' },
  { name: 'client-2025-11-25', kind: 'client', requirements: '2025-11-25' },
  { name: 'client-2026-07-28', kind: 'client', requirements: '2026-07-28' },
  { name: 'client-all', kind: 'client', suite: 'all' },
];
const LEG_NAMES = LEGS.map((leg) => leg.name);

/* ------------------------------------------------------------------------------------ */
/* Baseline file                                                                        */
/* ------------------------------------------------------------------------------------ */

const BASELINE_HEADER = `# Conformance baseline: the scenarios each leg is allowed to fail.
#
# Read by conformance/run.mjs (see conformance/README.md). A failing scenario that is
# not listed under its leg fails the run. A listed scenario that passes is reported so
# its entry can be deleted: a scenario may leave the baseline, never enter it.
#
# Format (a deliberately small subset of YAML, read without a YAML library):
#   <leg>:            a leg name (the six below)
#     - <scenario>    a scenario name exactly as the suite prints it
#   <leg>: []         nothing may fail in this leg
# Comments start with '#'. Regenerate with: node conformance/run.mjs --update-baseline
`;

/**
 * Parses the baseline file. Returns a Map from leg name to the list of scenario names.
 * Throws an Error naming the line for anything outside the small format.
 */
export function parseBaseline(text, legNames = LEG_NAMES) {
  const baseline = new Map();
  let current;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const where = `line ${i + 1}`;
    const line = stripComment(lines[i]).trimEnd();
    if (line.trim() === '') continue;
    const key = /^([A-Za-z0-9][\w.-]*)\s*:\s*(\[\s*\])?$/.exec(line);
    if (key) {
      const leg = key[1];
      if (!legNames.includes(leg)) {
        throw new Error(`${where}: unknown leg '${leg}' (legs: ${legNames.join(', ')})`);
      }
      if (baseline.has(leg)) throw new Error(`${where}: leg '${leg}' appears twice`);
      baseline.set(leg, []);
      current = key[2] ? undefined : leg;
      continue;
    }
    const item = /^\s+-\s+(.+)$/.exec(line);
    if (item) {
      if (current === undefined) {
        throw new Error(`${where}: list item outside a leg (or after '[]'): ${line.trim()}`);
      }
      const scenario = unquote(item[1].trim());
      if (scenario === '' || /\s/.test(scenario) || scenario.includes(':')) {
        throw new Error(`${where}: '${item[1].trim()}' is not a scenario name`);
      }
      const list = baseline.get(current);
      if (list.includes(scenario))
        throw new Error(`${where}: '${scenario}' is listed twice under ${current}`);
      list.push(scenario);
      continue;
    }
    throw new Error(`${where}: expected '<leg>:' or '  - <scenario>', got: ${line.trim()}`);
  }
  return baseline;
}

function stripComment(line) {
  // A comment starts at a '#' that begins the line or follows whitespace.
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function unquote(value) {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}

/** Writes a baseline Map back out: every known leg, scenarios sorted, header included. */
export function formatBaseline(baseline, legNames = LEG_NAMES) {
  let out = BASELINE_HEADER;
  for (const leg of legNames) {
    const scenarios = [...(baseline.get(leg) ?? [])].sort();
    out += '\n';
    if (scenarios.length === 0) {
      out += `${leg}: []\n`;
    } else {
      out += `${leg}:\n`;
      for (const scenario of scenarios) out += `  - ${scenario}\n`;
    }
  }
  return out;
}

/* ------------------------------------------------------------------------------------ */
/* Reading what the suite ran                                                            */
/* ------------------------------------------------------------------------------------ */

/**
 * Parses `conformance list` (no flags): the server and client scenario names.
 * Returns { server: string[], client: string[] }.
 */
export function parseScenarioList(text) {
  const out = { server: [], client: [] };
  let section;
  for (const line of text.split(/\r?\n/)) {
    if (/^Server scenarios/.test(line)) section = 'server';
    else if (/^Client scenarios/.test(line)) section = 'client';
    else if (/^\S/.test(line)) section = undefined;
    else if (section) {
      const item = /^\s+-\s+(\S+)/.exec(line);
      if (item) out[section].push(item[1]);
    }
  }
  return out;
}

/**
 * Parses `conformance list --requirements A,B`. Returns an object keyed by revision:
 * { server: string[], client: string[], notScored: { [scenario]: reason } } where the
 * server/client lists hold everything the CLI runs for that leg (scored first, then the
 * run-but-not-scored entries, which is the CLI's own order).
 */
export function parseRequirementsList(text) {
  const out = {};
  let rev;
  let section;
  let reason;
  for (const line of text.split(/\r?\n/)) {
    const head = /^Required for (\S+) /.exec(line);
    if (head) {
      rev = head[1];
      out[rev] = { server: [], client: [], notScored: {} };
      section = undefined;
      continue;
    }
    if (!rev) continue;
    if (/^Server scenarios/.test(line)) section = 'server';
    else if (/^Client scenarios/.test(line)) section = 'client';
    else if (/^Run and reported, but never scored/.test(line)) section = 'notScored';
    else if (/^\S/.test(line)) section = undefined;
    else if (section === 'server' || section === 'client') {
      const item = /^\s+-\s+(\S+)/.exec(line);
      if (item) out[rev][section].push(item[1]);
    } else if (section === 'notScored') {
      const group = /^\s+([\w-]+) \(\d+\):$/.exec(line);
      if (group) {
        reason = group[1];
        continue;
      }
      const item = /^\s+-\s+(\S+) \[(server|client)\]$/.exec(line);
      if (item) {
        out[rev][item[2]].push(item[1]);
        out[rev].notScored[item[1]] = reason ?? 'not scored';
      }
    }
  }
  return out;
}

const RESULT_DIR_SUFFIX = /-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/**
 * Reads the per-scenario folders the CLI writes under `-o <dir>`:
 *   server legs: <dir>/server-<scenario>-<timestamp>/checks.json
 *   client legs: <dir>/<scenario>-<timestamp>/{checks.json,stdout.txt,stderr.txt}
 * Client scenario names may contain '/', which nests the folder (auth/basic-cimd-<ts>).
 * A folder without checks.json means the scenario crashed (or was skipped) before the
 * CLI could write its checks. Returns a Map from scenario name to its tally.
 */
export function collectResults(dir, kind) {
  const results = new Map();
  const walk = (rel) => {
    let entries;
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (!RESULT_DIR_SUFFIX.test(entry.name)) {
        walk(childRel);
        continue;
      }
      let scenario = childRel.replace(RESULT_DIR_SUFFIX, '');
      if (kind === 'server') scenario = scenario.replace(/^server-/, '');
      const tally = readChecks(path.join(dir, childRel, 'checks.json'));
      tally.folder = childRel;
      const previous = results.get(scenario);
      // The timestamp sorts lexically, so the later run of a repeated scenario wins.
      if (!previous || previous.folder < childRel) results.set(scenario, tally);
    }
  };
  walk('');
  return results;
}

/** Tallies one checks.json. `error` is set when the file is missing or unreadable. */
export function readChecks(file) {
  let checks;
  try {
    checks = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      passed: 0,
      failed: 0,
      warnings: 0,
      error: error?.code === 'ENOENT' ? 'no checks.json' : `unreadable checks.json: ${error.message}`,
    };
  }
  if (!Array.isArray(checks))
    return { passed: 0, failed: 0, warnings: 0, error: 'checks.json is not an array' };
  return tallyChecks(checks);
}

export function tallyChecks(checks) {
  const count = (status) => checks.filter((check) => check?.status === status).length;
  return { passed: count('SUCCESS'), failed: count('FAILURE'), warnings: count('WARNING') };
}

/**
 * A scenario passes when it ran at least one check that succeeded and none failed.
 * Zero checks (or no checks.json at all) is not a pass. Warnings do not fail it.
 */
export function scenarioPassed(tally) {
  return !tally.error && tally.failed === 0 && tally.passed > 0;
}

/**
 * Judges one leg.
 *   expected:  the scenarios the leg was asked to run, in run order
 *   results:   Map from collectResults
 *   baseline:  scenario names allowed to fail in this leg
 *   subset:    true when only some scenarios ran (--scenario), so baseline entries for
 *              scenarios that did not run are not reported as unknown
 *   notScored: optional { [scenario]: reason } to annotate the table
 */
export function evaluateLeg({ expected, results, baseline, subset = false, notScored = {} }) {
  const names = [...expected, ...[...results.keys()].filter((name) => !expected.includes(name))];
  const allowed = new Set(baseline);
  const rows = names.map((name) => {
    const tally = results.get(name) ?? { passed: 0, failed: 0, warnings: 0, error: 'did not run' };
    const ok = scenarioPassed(tally);
    const listed = allowed.has(name);
    let status;
    if (ok) status = listed ? 'PASS (in baseline: remove it)' : 'pass';
    else {
      const why = tally.error ?? (tally.passed + tally.failed === 0 ? 'no checks' : '');
      status = `${listed ? 'fail (baseline)' : 'FAIL'}${why ? ` [${why}]` : ''}`;
    }
    if (notScored[name]) status += ` {not scored: ${notScored[name]}}`;
    return {
      name,
      ok,
      listed,
      status,
      checksPassed: tally.passed,
      checksFailed: tally.failed,
      warnings: tally.warnings,
      ...(tally.error ? { error: tally.error } : {}),
      ...(tally.folder ? { folder: tally.folder } : {}),
    };
  });
  const ran = new Set(names);
  return {
    rows,
    unexpectedFailures: rows.filter((row) => !row.ok && !row.listed).map((row) => row.name),
    expectedFailures: rows.filter((row) => !row.ok && row.listed).map((row) => row.name),
    nowPassing: rows.filter((row) => row.ok && row.listed).map((row) => row.name),
    unknownEntries: subset ? [] : baseline.filter((name) => !ran.has(name)),
    failures: rows.filter((row) => !row.ok).map((row) => row.name),
    totals: {
      scenariosPassed: rows.filter((row) => row.ok).length,
      scenariosFailed: rows.filter((row) => !row.ok).length,
      checksPassed: rows.reduce((n, row) => n + row.checksPassed, 0),
      checksFailed: rows.reduce((n, row) => n + row.checksFailed, 0),
    },
  };
}

/** The table printed for one leg. */
export function renderTable(evaluation) {
  const { rows, totals } = evaluation;
  const width = Math.max('Scenario'.length, ...rows.map((row) => row.name.length));
  const line = (name, passed, failed, warnings, status) =>
    `  ${name.padEnd(width)}  ${String(passed).padStart(6)}  ${String(failed).padStart(6)}  ${String(warnings).padStart(4)}  ${status}`;
  const out = [line('Scenario', 'Passed', 'Failed', 'Warn', 'Status')];
  out.push(`  ${'-'.repeat(width + 30)}`);
  for (const row of rows)
    out.push(line(row.name, row.checksPassed, row.checksFailed, row.warnings, row.status));
  out.push(
    `  Totals: scenarios ${totals.scenariosPassed} passed / ${totals.scenariosFailed} failed;` +
      ` checks ${totals.checksPassed} passed / ${totals.checksFailed} failed`,
  );
  return out.join('\n');
}

/* ------------------------------------------------------------------------------------ */
/* Processes                                                                             */
/* ------------------------------------------------------------------------------------ */

/** Process groups we started and have not reaped yet. Each child leads its own group. */
const liveGroups = new Set();

function killGroup(pid, signal) {
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
function spawnGroup(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) liveGroups.add(child.pid);
  child.exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return child;
}

/** Kills whatever is left of a group (the leader may be gone while its children live on). */
function reapGroup(child) {
  if (child.pid === undefined) return;
  killGroup(child.pid, 'SIGKILL');
  liveGroups.delete(child.pid);
}

function installSignalHandlers() {
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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
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

function canConnect(port) {
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
function tail(limit = 8_000) {
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
function safeWrite(stream, chunk) {
  if (!stream.writableEnded) stream.write(chunk);
}

function formatExit({ code, signal, error }) {
  if (error) return `failed to start (${error.message})`;
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/**
 * Starts the server fixture on a free port and waits until it accepts connections.
 * Returns { url, child, stderr, log } or throws with the fixture's stderr attached.
 */
async function startFixture(legDir) {
  const port = await freePort();
  const base = process.env.MCPKIT_CONFORMANCE_SERVER_CMD ?? 'npm run everything-server --';
  const command = `${base} --port ${port}`;
  const log = createWriteStream(path.join(legDir, 'server.log'));
  log.write(`$ ${command}\n`);
  const child = spawnGroup(command, [], { cwd: ROOT, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tail();
  child.stdout.on('data', (chunk) => safeWrite(log, chunk));
  child.stderr.on('data', (chunk) => {
    safeWrite(log, chunk);
    stderr.push(chunk);
  });
  let exit;
  child.exited.then((result) => {
    exit = result;
  });
  const fixture = { url: `http://127.0.0.1:${port}/mcp`, child, stderr, log, command };
  const deadline = Date.now() + FIXTURE_START_TIMEOUT_MS;
  while (true) {
    if (exit) {
      await stopFixture(fixture);
      throw new Error(`the server fixture (${command}) ${formatExit(exit)} before accepting connections`, {
        cause: stderr.text,
      });
    }
    if (await canConnect(port)) return fixture;
    if (Date.now() > deadline) {
      await stopFixture(fixture);
      throw new Error(
        `the server fixture (${command}) did not accept connections on 127.0.0.1:${port} ` +
          `within ${FIXTURE_START_TIMEOUT_MS / 1000}s (it must listen on 127.0.0.1 at the --port it is given)`,
        { cause: stderr.text },
      );
    }
    await sleep(150);
  }
}

/** Stops the fixture: SIGTERM to its group, then SIGKILL to whatever is left. */
async function stopFixture(fixture) {
  const { child, log } = fixture;
  if (child.pid !== undefined) {
    killGroup(child.pid, 'SIGTERM');
    let timer;
    await Promise.race([
      child.exited,
      new Promise((resolve) => (timer = setTimeout(resolve, FIXTURE_STOP_GRACE_MS))),
    ]);
    clearTimeout(timer);
    reapGroup(child);
  }
  await new Promise((resolve) => log.end(resolve));
}

/**
 * Runs the conformance CLI once on the pinned Node 22, appending its stdout/stderr to
 * stdout.log/stderr.log in the leg folder. Resolves to { code, signal, error }.
 */
async function runCli(args, legDir, verbose) {
  const stdout = createWriteStream(path.join(legDir, 'stdout.log'), { flags: 'a' });
  const stderr = createWriteStream(path.join(legDir, 'stderr.log'), { flags: 'a' });
  const header = `$ conformance ${args.join(' ')}\n`;
  stdout.write(header);
  stderr.write(header);
  const child = spawnGroup(RUNTIME_NODE, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => {
    safeWrite(stdout, chunk);
    if (verbose) process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk) => {
    safeWrite(stderr, chunk);
    if (verbose) process.stderr.write(chunk);
  });
  const result = await child.exited;
  // Client processes the suite timed out or abandoned are still in the group.
  reapGroup(child);
  await Promise.all([new Promise((r) => stdout.end(r)), new Promise((r) => stderr.end(r))]);
  return result;
}

function cliSync(args) {
  const result = spawnSync(RUNTIME_NODE, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`conformance ${args.join(' ')} ${formatExit(result)}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/* ------------------------------------------------------------------------------------ */
/* Runtime (pinned Node 22 + CLI)                                                         */
/* ------------------------------------------------------------------------------------ */

/** Returns why conformance/runtime/node_modules does not match its lockfile, or undefined. */
export function runtimeProblem(runtimeDir = RUNTIME_DIR) {
  const lock = JSON.parse(readFileSync(path.join(runtimeDir, 'package-lock.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(path.join(runtimeDir, 'package.json'), 'utf8'));
  const locked = lock.packages?.['']?.dependencies ?? {};
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (locked[name] !== range) {
      throw new Error(
        `conformance/runtime/package.json wants ${name}@${range} but its package-lock.json has ` +
          `${locked[name] ?? 'nothing'}; run 'npm install' in conformance/runtime and commit the lockfile`,
      );
    }
  }
  if (!existsSync(path.join(runtimeDir, 'node_modules')))
    return 'conformance/runtime/node_modules is missing';
  for (const [key, meta] of Object.entries(lock.packages ?? {})) {
    if (!key.startsWith('node_modules/') || meta.link) continue;
    let version;
    try {
      version = JSON.parse(readFileSync(path.join(runtimeDir, key, 'package.json'), 'utf8')).version;
    } catch {
      if (meta.optional || meta.dev) continue;
      return `${key.slice('node_modules/'.length)} is not installed`;
    }
    if (version !== meta.version) {
      return `${key.slice('node_modules/'.length)} is ${version}, the lockfile wants ${meta.version}`;
    }
  }
  if (!existsSync(path.join(runtimeDir, 'node_modules', 'node', 'bin', 'node'))) {
    return 'the Node 22 binary (node_modules/node/bin/node) is missing';
  }
  return undefined;
}

function ensureRuntime() {
  const problem = runtimeProblem();
  if (problem) {
    console.log(`conformance: ${problem}; running npm ci in conformance/runtime`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: RUNTIME_DIR, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm ci in conformance/runtime ${formatExit(result)}`);
    const after = runtimeProblem();
    if (after) throw new Error(`conformance/runtime is still not installed correctly after npm ci: ${after}`);
  }
  const lock = JSON.parse(readFileSync(path.join(RUNTIME_DIR, 'package-lock.json'), 'utf8'));
  const want = `v${lock.packages['node_modules/node'].version}`;
  const got = spawnSync(RUNTIME_NODE, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (got !== want) throw new Error(`${RUNTIME_NODE} reports ${got || 'nothing'}, expected ${want}`);
}

/* ------------------------------------------------------------------------------------ */
/* Legs                                                                                  */
/* ------------------------------------------------------------------------------------ */

function legDescription(leg) {
  return `${leg.kind} ${leg.requirements ? `--requirements ${leg.requirements}` : `--suite ${leg.suite}`}`;
}

/** The CLI arguments that select what one invocation runs. */
function selectionArgs(leg, scenario) {
  if (!scenario) return leg.requirements ? ['--requirements', leg.requirements] : ['--suite', leg.suite];
  // One scenario at the same wire the requirement set would use (it forces applicability).
  return leg.requirements
    ? ['--scenario', scenario, '--spec-version', leg.requirements, '--force']
    : ['--scenario', scenario];
}

function kindArgs(leg, target) {
  if (leg.kind === 'server') return ['server', '--url', target];
  return ['client', '--command', target, '--timeout', String(CLIENT_TIMEOUT_MS)];
}

/**
 * Runs one leg. Returns { leg, evaluation, durationMs, errors: string[] }.
 * `errors` are infrastructure problems (fixture would not start, CLI crashed), which
 * fail the run regardless of the baseline.
 */
async function runLeg(leg, { expected, notScored, scenarios, baseline, verbose }) {
  const started = Date.now();
  const legDir = path.join(RESULTS_DIR, leg.name);
  rmSync(legDir, { recursive: true, force: true });
  mkdirSync(legDir, { recursive: true });
  const errors = [];
  const invocations = scenarios ? scenarios.filter((name) => expected.includes(name)) : [undefined];
  const toRun = scenarios ? invocations : expected;

  let fixture;
  try {
    let target;
    if (leg.kind === 'server') {
      fixture = await startFixture(legDir);
      target = fixture.url;
    } else {
      target =
        process.env.MCPKIT_CONFORMANCE_CLIENT_CMD ?? 'node --import tsx conformance/everything-client.ts';
    }
    for (const scenario of invocations) {
      const args = [...kindArgs(leg, target), ...selectionArgs(leg, scenario), '-o', legDir];
      const result = await runCli(args, legDir, verbose);
      // The CLI exits 0 (all passed) or 1 (something failed); anything else is a crash.
      if (result.error || result.signal || (result.code !== 0 && result.code !== 1)) {
        errors.push(
          `the conformance CLI ${formatExit(result)} (see ${path.relative(ROOT, legDir)}/stderr.log)`,
        );
      }
    }
    if (fixture && fixture.child.exitCode !== null) {
      errors.push(
        `the server fixture ${formatExit({ code: fixture.child.exitCode, signal: fixture.child.signalCode })} ` +
          `during the run (see ${path.relative(ROOT, legDir)}/server.log)`,
      );
    }
  } catch (error) {
    errors.push(error.message + (error.cause ? `\n    fixture stderr:\n${indent(error.cause, 6)}` : ''));
  } finally {
    if (fixture) await stopFixture(fixture);
  }

  const results = collectResults(legDir, leg.kind);
  if (errors.length === 0 && toRun.length > 0 && results.size === 0) {
    errors.push(`the conformance CLI ran no scenarios (see ${path.relative(ROOT, legDir)}/stdout.log)`);
  }
  const evaluation = evaluateLeg({
    expected: toRun,
    results,
    baseline,
    subset: Boolean(scenarios),
    notScored,
  });
  const durationMs = Date.now() - started;
  writeFileSync(
    path.join(legDir, 'summary.json'),
    `${JSON.stringify({ leg: leg.name, command: legDescription(leg), durationMs, errors, ...evaluation }, null, 2)}\n`,
  );
  return { leg, evaluation, durationMs, errors };
}

function indent(text, n) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => ' '.repeat(n) + line)
    .join('\n');
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** The scenarios each leg runs, and the not-scored annotations, from `conformance list`. */
function planLegs(legs) {
  const plan = new Map();
  const revisions = [...new Set(legs.map((leg) => leg.requirements).filter(Boolean))];
  const sets = revisions.length
    ? parseRequirementsList(cliSync(['list', '--requirements', revisions.join(',')]))
    : {};
  const suites = legs.some((leg) => leg.suite) ? parseScenarioList(cliSync(['list'])) : undefined;
  for (const leg of legs) {
    if (leg.requirements) {
      const set = sets[leg.requirements];
      if (!set) throw new Error(`'conformance list' printed no requirement set ${leg.requirements}`);
      plan.set(leg.name, { expected: set[leg.kind], notScored: set.notScored });
    } else {
      plan.set(leg.name, { expected: suites[leg.kind], notScored: {} });
    }
    if (plan.get(leg.name).expected.length === 0) {
      throw new Error(`could not read the scenarios of ${leg.name} from 'conformance list'`);
    }
  }
  return plan;
}

/* ------------------------------------------------------------------------------------ */
/* Command line                                                                          */
/* ------------------------------------------------------------------------------------ */

const USAGE = `Usage: node conformance/run.mjs [options]   (or: npm run conformance -- [options])

Runs the MCP conformance suite against conformance/everything-server.ts and
conformance/everything-client.ts and judges it against conformance/expected-failures.yaml.

Options:
  --leg <name>         run only this leg (repeatable); legs: ${LEG_NAMES.join(', ')}
  --scenario <name>    run only this scenario, in every selected leg that has it (repeatable)
  --update-baseline    rewrite the baseline to exactly the current failures of what ran
  --baseline <file>    baseline file (default: conformance/expected-failures.yaml)
  --verbose            stream the suite's own output while it runs
  -h, --help           show this help

Results: conformance/results/<leg>/ (stdout.log, stderr.log, server.log, summary.json and
the suite's per-scenario folders with checks.json).`;

export function parseArgs(argv) {
  const options = {
    legs: [],
    scenarios: [],
    updateBaseline: false,
    baseline: DEFAULT_BASELINE,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--leg': {
        const leg = value();
        if (!LEG_NAMES.includes(leg)) throw new Error(`unknown leg '${leg}' (legs: ${LEG_NAMES.join(', ')})`);
        if (!options.legs.includes(leg)) options.legs.push(leg);
        break;
      }
      case '--scenario':
        options.scenarios.push(value());
        break;
      case '--baseline':
        options.baseline = path.resolve(value());
        break;
      case '--update-baseline':
        options.updateBaseline = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option '${arg}'`);
    }
  }
  return options;
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    console.error(`conformance: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  installSignalHandlers();

  const baselineText = existsSync(options.baseline) ? readFileSync(options.baseline, 'utf8') : '';
  let baseline;
  try {
    baseline = parseBaseline(baselineText);
  } catch (error) {
    console.error(`conformance: ${path.relative(ROOT, options.baseline)}: ${error.message}`);
    return 2;
  }

  try {
    ensureRuntime();
  } catch (error) {
    console.error(`conformance: ${error.message}`);
    return 1;
  }

  const legs = options.legs.length ? LEGS.filter((leg) => options.legs.includes(leg.name)) : LEGS;
  const scenarios = options.scenarios.length ? options.scenarios : undefined;
  let plan;
  try {
    plan = planLegs(legs);
  } catch (error) {
    console.error(`conformance: ${error.message}`);
    return 1;
  }
  if (scenarios) {
    const known = new Set(legs.flatMap((leg) => plan.get(leg.name).expected));
    const unknown = scenarios.filter((name) => !known.has(name));
    if (unknown.length) {
      console.error(`conformance: no selected leg has scenario(s): ${unknown.join(', ')}`);
      return 2;
    }
  }

  const outcomes = [];
  for (const leg of legs) {
    const { expected, notScored } = plan.get(leg.name);
    if (scenarios && !scenarios.some((name) => expected.includes(name))) {
      console.log(`\n== ${leg.name}: skipped (${scenarios.join(', ')} not in this leg)`);
      continue;
    }
    console.log(`\n== ${leg.name} (${legDescription(leg)}) ...`);
    const outcome = await runLeg(leg, {
      expected,
      notScored,
      scenarios,
      baseline: baseline.get(leg.name) ?? [],
      verbose: options.verbose,
    });
    outcomes.push(outcome);
    printLeg(outcome, options);
  }

  if (options.updateBaseline) return updateBaseline(outcomes, baseline, options, Boolean(scenarios));
  return printVerdict(outcomes, options);
}

function printLeg({ leg, evaluation, durationMs, errors }, options) {
  const rel = path.relative(ROOT, options.baseline);
  console.log(`== ${leg.name}: ${legDescription(leg)}, took ${seconds(durationMs)}`);
  console.log(renderTable(evaluation));
  for (const error of errors) console.log(`  ERROR: ${error}`);
  if (options.updateBaseline) return;
  if (evaluation.unexpectedFailures.length) {
    console.log(`  Failing and not in ${rel} under ${leg.name} (fix them; do not add them):`);
    for (const name of evaluation.unexpectedFailures) console.log(`    - ${name}`);
  }
  if (evaluation.nowPassing.length) {
    console.log(
      `  Now passing: remove from ${rel} under ${leg.name} (a scenario may leave the baseline, never enter it):`,
    );
    for (const name of evaluation.nowPassing) console.log(`    - ${name}`);
  }
  if (evaluation.unknownEntries.length) {
    console.log(`  Listed in ${rel} under ${leg.name} but not run by this leg (remove them):`);
    for (const name of evaluation.unknownEntries) console.log(`    - ${name}`);
  }
}

function printVerdict(outcomes, options) {
  const rel = path.relative(ROOT, options.baseline);
  console.log('\n== Summary');
  let failed = false;
  for (const { leg, evaluation, durationMs, errors } of outcomes) {
    const { totals } = evaluation;
    const bad = errors.length > 0 || evaluation.unexpectedFailures.length > 0;
    failed ||= bad;
    const notes = [];
    if (errors.length) notes.push(`${errors.length} error(s)`);
    if (evaluation.unexpectedFailures.length)
      notes.push(`${evaluation.unexpectedFailures.length} unexpected failure(s)`);
    if (evaluation.expectedFailures.length) notes.push(`${evaluation.expectedFailures.length} baselined`);
    if (evaluation.nowPassing.length) notes.push(`${evaluation.nowPassing.length} to remove from baseline`);
    console.log(
      `  ${bad ? 'FAIL' : 'ok  '} ${leg.name.padEnd(18)} ${seconds(durationMs).padStart(7)}  ` +
        `scenarios ${totals.scenariosPassed}/${totals.scenariosPassed + totals.scenariosFailed} passed` +
        (notes.length ? `  (${notes.join(', ')})` : ''),
    );
  }
  const total = outcomes.reduce((n, outcome) => n + outcome.durationMs, 0);
  console.log(`  total ${seconds(total)}`);
  if (outcomes.some((outcome) => outcome.evaluation.nowPassing.length)) {
    console.log(`\nSome baselined scenarios now pass: delete them from ${rel}.`);
  }
  if (failed) {
    console.log(`\nConformance FAILED. Results are in ${path.relative(ROOT, RESULTS_DIR)}/<leg>/.`);
    return 1;
  }
  console.log('\nConformance passed (no failures outside the baseline).');
  return 0;
}

function updateBaseline(outcomes, baseline, options, subset) {
  const rel = path.relative(ROOT, options.baseline);
  let status = 0;
  for (const { leg, evaluation, errors } of outcomes) {
    if (errors.length) {
      console.log(`\nNot updating ${leg.name}: the leg had errors (see above).`);
      status = 1;
      continue;
    }
    let next;
    if (subset) {
      // Only the scenarios that ran change; the rest of the leg's entries stay as they were.
      const ran = new Set(evaluation.rows.map((row) => row.name));
      next = [...(baseline.get(leg.name) ?? []).filter((name) => !ran.has(name)), ...evaluation.failures];
    } else {
      next = evaluation.failures;
    }
    const before = new Set(baseline.get(leg.name) ?? []);
    const after = new Set(next);
    const added = [...after].filter((name) => !before.has(name));
    const removed = [...before].filter((name) => !after.has(name));
    baseline.set(leg.name, next);
    console.log(`\n${leg.name}: ${after.size} allowed failure(s), +${added.length} -${removed.length}`);
    for (const name of added) console.log(`  + ${name}`);
    for (const name of removed) console.log(`  - ${name}`);
  }
  writeFileSync(options.baseline, formatBaseline(baseline));
  console.log(`\nWrote ${rel}.`);
  return status;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
