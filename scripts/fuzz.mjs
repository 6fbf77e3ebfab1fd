#!/usr/bin/env node
/**
 * `npm run fuzz`: runs the property tests of test/fuzz/ over and over with fresh random seeds and
 * many more cases than `npm test` (which uses one fixed seed), until the time is up or a property
 * fails. A failure prints fast-check's report (the seed, the shrunk counterexample) and the
 * command that replays it, and exits 1.
 *
 *   npm run fuzz                          # one minute, every fuzz file
 *   npm run fuzz -- --minutes 10          # ten minutes
 *   npm run fuzz -- --minutes 5 sse stdio # only test/fuzz/sse.fuzz.test.ts and stdio-lines
 *   npm run fuzz -- --runs 50             # 50 times the cases of npm test per round (default 20)
 *
 * Each round is one vitest run on one worker (the machine may be shared), with FUZZ_SEED and
 * FUZZ_RUNS set for test/fuzz/fuzz-config.ts. A round still running at the deadline is stopped,
 * and counts as passed so far.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv) {
  const options = { minutes: 1, runs: 20, filters: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--minutes' || arg === '--runs') {
      const value = Number(argv[++i]);
      if (!(value > 0)) throw new Error(`${arg} needs a positive number, got ${JSON.stringify(argv[i])}`);
      options[arg.slice(2)] = value;
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run fuzz -- [--minutes N] [--runs MULTIPLIER] [file filter ...]');
      process.exit(0);
    } else options.filters.push(arg);
  }
  options.runs = Math.round(options.runs);
  return options;
}

/** The fuzz files to run: all of them, or those whose path starts with a filter. */
function fuzzFiles(filters) {
  return filters.length === 0 ? ['test/fuzz/'] : filters.map((f) => `test/fuzz/${f}`);
}

function vitestArgs(filters) {
  return [
    'run',
    ...fuzzFiles(filters),
    '--testTimeout=0',
    '--maxWorkers=1',
    '--minWorkers=1',
    '--reporter=dot',
  ];
}

/** Runs one round; resolves with its exit code and output, or `stopped` when the deadline cut it. */
function round(seed, runs, filters, deadline) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', ...vitestArgs(filters)], {
      cwd: root,
      env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_RUNS: String(runs), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stopping it at the deadline also stops its workers.
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    let stopped = false;
    const timer = setTimeout(
      () => {
        stopped = true;
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
      },
      Math.max(0, deadline - Date.now()),
    );
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, stopped });
    });
  });
}

const options = parseArgs(process.argv.slice(2));
const started = Date.now();
const deadline = started + options.minutes * 60_000;
console.log(
  `Fuzzing ${options.filters.length === 0 ? 'every property in test/fuzz/' : options.filters.join(', ')} ` +
    `for ${options.minutes} min, ${options.runs}× the cases of npm test per round.`,
);
let rounds = 0;
while (Date.now() < deadline) {
  const seed = randomInt(2 ** 31);
  const roundStart = Date.now();
  const { code, output, stopped } = await round(seed, options.runs, options.filters, deadline);
  if (stopped) {
    console.log(`round ${rounds + 1}: seed ${seed}, stopped at the deadline`);
    break;
  }
  rounds++;
  if (code !== 0) {
    console.log(output);
    const files = fuzzFiles(options.filters).join(' ');
    console.log(`\nround ${rounds} FAILED with seed ${seed}. Replay it with:`);
    console.log(`  FUZZ_SEED=${seed} FUZZ_RUNS=${options.runs} npx vitest run ${files} --testTimeout=0`);
    console.log('Then make the counterexample above a named regression test next to the fix.');
    process.exit(1);
  }
  console.log(`round ${rounds}: seed ${seed}, passed in ${((Date.now() - roundStart) / 1000).toFixed(1)} s`);
}
console.log(
  `No failure in ${rounds} complete round(s), ${((Date.now() - started) / 60_000).toFixed(1)} min.`,
);
