// What the suite ran and how it went: parses `conformance list` into the scenarios each
// leg should run, reads the per-scenario checks.json folders the CLI writes, judges a
// leg against its baseline entries and renders the table printed for it. Pure apart
// from reading the results folder, so it is unit-tested directly.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

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
  return {
    passed: count('SUCCESS'),
    failed: count('FAILURE'),
    warnings: count('WARNING'),
    skipped: count('SKIPPED'),
  };
}

/**
 * The suite itself skipped the scenario: every check it wrote is SKIPPED (or INFO), none
 * passed, failed or warned. The conformance CLI does not count that as a failure, and
 * neither does this runner; it is reported as skipped.
 */
export function skippedBySuite(tally) {
  return (
    !tally.error &&
    tally.passed === 0 &&
    tally.failed === 0 &&
    tally.warnings === 0 &&
    (tally.skipped ?? 0) > 0
  );
}

/**
 * A scenario passes when it ran at least one check that succeeded and none failed or
 * warned (the conformance CLI fails a scenario on a WARNING too), or when the suite
 * skipped all of it. Zero checks (or no checks.json at all) is not a pass.
 */
export function scenarioPassed(tally) {
  if (skippedBySuite(tally)) return true;
  return !tally.error && tally.failed === 0 && tally.warnings === 0 && tally.passed > 0;
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
    const suiteSkipped = skippedBySuite(tally);
    if (ok) {
      const what = suiteSkipped ? 'skipped by the suite' : 'pass';
      status = listed ? `${what.toUpperCase()} (in baseline: remove it)` : what;
    } else {
      const why =
        tally.error ??
        (tally.passed + tally.failed + tally.warnings === 0
          ? 'no checks'
          : tally.failed === 0 && tally.warnings > 0
            ? 'warnings'
            : '');
      status = `${listed ? 'fail (baseline)' : 'FAIL'}${why ? ` [${why}]` : ''}`;
    }
    if (notScored[name]) status += ` {not scored: ${notScored[name]}}`;
    return {
      name,
      ok,
      listed,
      status,
      skipped: suiteSkipped,
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
      scenariosPassed: rows.filter((row) => row.ok && !row.skipped).length,
      scenariosSkipped: rows.filter((row) => row.skipped).length,
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
    `  Totals: scenarios ${totals.scenariosPassed} passed / ${totals.scenariosFailed} failed` +
      (totals.scenariosSkipped > 0 ? ` / ${totals.scenariosSkipped} skipped by the suite;` : ';') +
      ` checks ${totals.checksPassed} passed / ${totals.checksFailed} failed`,
  );
  return out.join('\n');
}
