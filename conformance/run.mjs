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
//   node conformance/run.mjs --leg cluster         the three cluster legs (redis-server + nginx)
//   node conformance/run.mjs --no-cluster          every leg but the cluster legs
//   node conformance/run.mjs --scenario ping       one scenario in every leg that has it
//   node conformance/run.mjs --update-baseline     rewrite the baseline to today's failures
//
// This file holds the legs, the server fixture, running and planning legs, the command
// line and the printed verdict. The rest is in lib/: baseline.mjs (the baseline file),
// results.mjs (reading and judging what the suite ran), processes.mjs (process groups
// and their cleanup), cluster.mjs (redis-server, three fixtures and nginx for the
// cluster legs) and runtime.mjs (the pinned Node 22 and the CLI).

import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatBaseline, parseBaseline } from './lib/baseline.mjs';
import { bundleClientFixture } from './lib/client-bundle.mjs';
import { CLUSTER_SIZE, clusterSecret, startCluster } from './lib/cluster.mjs';
import {
  canConnect,
  formatExit,
  freePort,
  installSignalHandlers,
  killGroup,
  reapGroup,
  safeWrite,
  sleep,
  spawnGroup,
  tail,
} from './lib/processes.mjs';
import {
  collectResults,
  evaluateLeg,
  parseRequirementsList,
  parseScenarioList,
  renderTable,
} from './lib/results.mjs';
import { cliSync, ensureRuntime, runCli } from './lib/runtime.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const RESULTS_DIR = path.join(HERE, 'results');
const DEFAULT_BASELINE = path.join(HERE, 'expected-failures.yaml');

/** Per-scenario timeout for the client legs (the suite runs their scenarios in parallel). */
const CLIENT_TIMEOUT_MS = 120_000;
/** How long the server fixture may take to accept connections. */
const FIXTURE_START_TIMEOUT_MS = 60_000;
/** How long the server fixture gets to exit after SIGTERM before it is killed. */
const FIXTURE_STOP_GRACE_MS = 5_000;

/**
 * The legs, in the order they run. `requirements` or `suite` picks the leg's scenarios:
 * a frozen requirement set (run at that revision's wire) or a whole suite. A `cluster`
 * leg runs a server leg's scenarios against three `--redis` fixtures behind nginx
 * (lib/cluster.mjs) instead of one fixture.
 */
export const LEGS = [
  { name: 'server-2025-11-25', kind: 'server', requirements: '2025-11-25' },
  { name: 'server-2026-07-28', kind: 'server', requirements: '2026-07-28' },
  { name: 'server-all', kind: 'server', suite: 'all' },
  { name: 'client-2025-11-25', kind: 'client', requirements: '2025-11-25' },
  { name: 'client-2026-07-28', kind: 'client', requirements: '2026-07-28' },
  { name: 'client-all', kind: 'client', suite: 'all' },
  { name: 'cluster-server-2025-11-25', kind: 'server', requirements: '2025-11-25', cluster: true },
  { name: 'cluster-server-2026-07-28', kind: 'server', requirements: '2026-07-28', cluster: true },
  { name: 'cluster-server-all', kind: 'server', suite: 'all', cluster: true },
];
const LEG_NAMES = LEGS.map((leg) => leg.name);
/** `--leg cluster` selects all of these. */
const CLUSTER_LEG_NAMES = LEGS.filter((leg) => leg.cluster).map((leg) => leg.name);

/* ------------------------------------------------------------------------------------ */
/* Server fixture                                                                        */
/* ------------------------------------------------------------------------------------ */

/**
 * Starts the server fixture on a free port and waits until it accepts connections.
 * Returns { url, child, stderr, log } or throws with the fixture's stderr attached.
 */
async function startFixture(legDir) {
  const port = await freePort();
  const command = `${serverCommand()} --port ${port}`;
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
  const fixture = {
    url: `http://127.0.0.1:${port}/mcp`,
    child,
    stderr,
    log,
    command,
    problem: () =>
      exit
        ? `the server fixture ${formatExit(exit)} during the run (see ${path.relative(ROOT, legDir)}/server.log)`
        : undefined,
    stop: () => stopFixture(fixture),
  };
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

/** The server command without `--port`: the override for runner development, else the npm script. */
function serverCommand() {
  return process.env.MCPKIT_CONFORMANCE_SERVER_CMD ?? 'npm run everything-server --';
}

/** The `--state-secret` of every cluster fixture in this run: random, made once, shared by all. */
let runSecret;

/**
 * Starts the cluster (lib/cluster.mjs) for a cluster leg. Returns the same shape the
 * leg uses for a single fixture: { url, problem(), stop() }.
 */
async function startClusterFixture(legDir) {
  runSecret ??= clusterSecret();
  return startCluster({
    legDir,
    serverCommand: serverCommand(),
    cwd: ROOT,
    secret: runSecret,
    startTimeoutMs: FIXTURE_START_TIMEOUT_MS,
  });
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

/* ------------------------------------------------------------------------------------ */
/* Legs                                                                                  */
/* ------------------------------------------------------------------------------------ */

function legDescription(leg) {
  const selection = leg.requirements ? `--requirements ${leg.requirements}` : `--suite ${leg.suite}`;
  return `${leg.kind} ${selection}${leg.cluster ? `, ${CLUSTER_SIZE} --redis fixtures behind nginx` : ''}`;
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
/** The command that starts the client fixture; bundled on first use (see lib/client-bundle.mjs). */
let clientCommand;

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
      fixture = leg.cluster ? await startClusterFixture(legDir) : await startFixture(legDir);
      target = fixture.url;
    } else {
      clientCommand ??=
        process.env.MCPKIT_CONFORMANCE_CLIENT_CMD ?? (await bundleClientFixture(HERE, RESULTS_DIR));
      target = clientCommand;
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
    const problem = fixture?.problem();
    if (problem) errors.push(problem);
  } catch (error) {
    errors.push(error.message + (error.cause ? `\n    fixture stderr:\n${indent(error.cause, 6)}` : ''));
  } finally {
    if (fixture) await fixture.stop();
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
  --leg <name>         run only this leg (repeatable); legs: ${LEG_NAMES.join(', ')};
                       'cluster' stands for the ${CLUSTER_LEG_NAMES.length} cluster legs
  --no-cluster         leave out the cluster legs (which need redis-server and nginx)
  --scenario <name>    run only this scenario, in every selected leg that has it (repeatable)
  --update-baseline    rewrite the baseline to exactly the current failures of what ran
  --baseline <file>    baseline file (default: conformance/expected-failures.yaml)
  --verbose            stream the suite's own output while it runs
  -h, --help           show this help

Results: conformance/results/<leg>/ (stdout.log, stderr.log, server.log, summary.json and
the suite's per-scenario folders with checks.json; a cluster leg has server-<i>.log,
redis.log, nginx.conf, nginx-error.log and nginx-access.log instead of server.log).`;

export function parseArgs(argv) {
  const options = {
    legs: [],
    noCluster: false,
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
        const names = leg === 'cluster' ? CLUSTER_LEG_NAMES : [leg];
        if (!LEG_NAMES.includes(names[0])) {
          throw new Error(`unknown leg '${leg}' (legs: ${LEG_NAMES.join(', ')}, or cluster)`);
        }
        for (const name of names) if (!options.legs.includes(name)) options.legs.push(name);
        break;
      }
      case '--no-cluster':
        options.noCluster = true;
        break;
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
  if (options.noCluster && options.legs.some((name) => CLUSTER_LEG_NAMES.includes(name))) {
    throw new Error('--no-cluster contradicts --leg with a cluster leg');
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
    baseline = parseBaseline(baselineText, LEG_NAMES);
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

  const legs = (options.legs.length ? LEGS.filter((leg) => options.legs.includes(leg.name)) : LEGS).filter(
    (leg) => !(options.noCluster && leg.cluster),
  );
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
  const width = Math.max(...outcomes.map((outcome) => outcome.leg.name.length));
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
    if (totals.scenariosSkipped) notes.push(`${totals.scenariosSkipped} skipped by the suite`);
    console.log(
      `  ${bad ? 'FAIL' : 'ok  '} ${leg.name.padEnd(width)} ${seconds(durationMs).padStart(7)}  ` +
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
  writeFileSync(options.baseline, formatBaseline(baseline, LEG_NAMES));
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
