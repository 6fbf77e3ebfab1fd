/**
 * How many cases each property runs, and from which seed. Under `npm test` the seed is fixed and
 * the runs few, so every run checks the same cases and the fuzz files stay fast; `npm run fuzz`
 * (scripts/fuzz.mjs) sets `FUZZ_SEED` and `FUZZ_RUNS` to search further. A failure prints the
 * seed and the counterexample; the same two variables replay it, since the cases of a property
 * depend on nothing else: `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npx vitest run test/fuzz/<file>`.
 */
import type fc from 'fast-check';

/** The seed `npm test` uses: fixed, so a green run stays green until the code changes. */
const FIXED_SEED = 20_260_728;

function envInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** The seed of this run: `FUZZ_SEED`, or the fixed one. */
export const FUZZ_SEED = envInteger('FUZZ_SEED') ?? FIXED_SEED;

/**
 * fast-check parameters for one property: `runs` cases under `npm test`, scaled by `FUZZ_RUNS`
 * (a multiplier of 1 means as many as `npm test`) when searching. Every failure report names the
 * seed, so it can be replayed.
 *
 * @example
 * fc.assert(fc.property(fc.string(), (s) => s.length >= 0), fuzzParams(200));
 */
export function fuzzParams<T>(runs: number): fc.Parameters<T> {
  const scale = envInteger('FUZZ_RUNS') ?? 1;
  return { seed: FUZZ_SEED, numRuns: Math.max(1, runs * scale) };
}
