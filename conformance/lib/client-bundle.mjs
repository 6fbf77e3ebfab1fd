/**
 * The client fixture, bundled once per run.
 *
 * The suite starts the client fixture once per client scenario, many at a
 * time. Under `node --import tsx` every start transpiles and loads the whole
 * source tree (about 0.7 s of CPU); the bundle starts in about 0.1 s. On a
 * busy machine that difference decides whether a scenario's first request
 * answers in time. The bundle lives under conformance/results/ (git-ignored),
 * inside the repository so that its package imports resolve from node_modules.
 */
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles conformance/everything-client.ts and returns the command the suite
 * should run. Package imports stay external (they load from node_modules).
 */
export async function bundleClientFixture(conformanceDir, resultsDir) {
  const outfile = path.join(resultsDir, '.client', 'everything-client.mjs');
  await build({
    entryPoints: [path.join(conformanceDir, 'everything-client.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return `node --enable-source-maps ${path.relative(path.dirname(conformanceDir), outfile)}`;
}
