// The pinned runtime in conformance/runtime: the Node 22 binary and the conformance CLI
// it runs. The suite's CLI needs Node >= 22 while the project runs on Node 20, so the
// runner never calls the CLI with its own Node. This module knows where both live,
// installs them (npm ci) when node_modules does not match the lockfile, and runs the
// CLI, either streaming into a leg's logs or synchronously for `conformance list`.

import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatExit, reapGroup, safeWrite, spawnGroup } from './processes.mjs';

const CONFORMANCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root. The CLI runs there: the client command it spawns uses paths relative to it. */
const REPO_ROOT = path.resolve(CONFORMANCE_DIR, '..');
const RUNTIME_DIR = path.join(CONFORMANCE_DIR, 'runtime');
const RUNTIME_NODE = path.join(RUNTIME_DIR, 'node_modules', 'node', 'bin', 'node');
const CLI = path.join(
  RUNTIME_DIR,
  'node_modules',
  '@modelcontextprotocol',
  'conformance',
  'dist',
  'index.js',
);

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

/**
 * Makes sure the pinned runtime is installed (running `npm ci` in conformance/runtime
 * if not) and that its Node binary is the version the lockfile pins. Throws otherwise.
 */
export function ensureRuntime() {
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

/**
 * Runs the conformance CLI once on the pinned Node 22, appending its stdout/stderr to
 * stdout.log/stderr.log in the leg folder. Resolves to { code, signal, error }.
 */
export async function runCli(args, legDir, verbose) {
  const stdout = createWriteStream(path.join(legDir, 'stdout.log'), { flags: 'a' });
  const stderr = createWriteStream(path.join(legDir, 'stderr.log'), { flags: 'a' });
  const header = `$ conformance ${args.join(' ')}\n`;
  stdout.write(header);
  stderr.write(header);
  const child = spawnGroup(RUNTIME_NODE, [CLI, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

/** Runs the conformance CLI synchronously (for `conformance list`) and returns its stdout. */
export function cliSync(args) {
  const result = spawnSync(RUNTIME_NODE, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`conformance ${args.join(' ')} ${formatExit(result)}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}
