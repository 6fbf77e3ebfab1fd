#!/usr/bin/env node
/**
 * Makes package-lock.json list every platform-specific optional package.
 *
 * Why: the npm registry mirror this project is built against serves only the
 * packages for the platforms it runs on, so `npm install` writes a lockfile
 * without the others (esbuild's, rollup's and Biome's binaries for macOS,
 * Windows, musl...). `npm ci` then refuses the lockfile as out of sync. Listing
 * them as optional entries restores what the public registry would have written;
 * `npm ci` skips optional packages it cannot fetch or cannot use.
 *
 * Run after any dependency change: `npm install && node scripts/complete-lockfile.mjs`.
 * Pass `--check` to exit 1 instead of writing when entries are missing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file =
  process.argv.find((arg) => arg.endsWith('package-lock.json')) ??
  fileURLToPath(new URL('../package-lock.json', import.meta.url));
const check = process.argv.includes('--check');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** Where node would find `name` starting from the package at `parentPath`. */
function resolve(parentPath, name) {
  let base = parentPath;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

const added = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolve(path, name) || !EXACT.test(spec)) continue;
    const target = packages[`node_modules/${name}`] ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    const stub = { version: spec, optional: true };
    if (entry.dev) stub.dev = true;
    packages[target] = stub;
    added.push(`${target}@${spec}`);
  }
}

if (check) {
  if (added.length > 0) {
    console.error(
      `package-lock.json lacks ${added.length} optional entries; run: node scripts/complete-lockfile.mjs`,
    );
    process.exit(1);
  }
  process.exit(0);
}
if (added.length > 0) {
  // Keep npm's ordering: entries sorted by path, the root first.
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`complete-lockfile: added ${added.length} optional entr${added.length === 1 ? 'y' : 'ies'}`);
