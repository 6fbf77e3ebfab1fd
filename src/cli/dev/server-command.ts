/**
 * How `mcpkit dev <file>` runs the user's server file: JavaScript with Node,
 * TypeScript through the project's tsx when it has one, else through Node's
 * own type stripping where Node has it.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';

/**
 * A program and its arguments.
 *
 * @example
 * const command: ServerCommand = { command: process.execPath, args: ['server.js'] };
 */
export interface ServerCommand {
  command: string;
  args: string[];
}

/** Where to look for tsx, and which Node runs the server. */
export interface ServerCommandContext {
  /** The user's project: tsx is looked up from here as well as from the file's folder. */
  cwd: string;
  /** `process.versions.node` by default. */
  nodeVersion?: string;
  /** `process.execPath` by default. */
  nodePath?: string;
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);

/**
 * The command that runs a server file with its arguments. Throws
 * {@link UsageError} for a file that is missing, of a kind Node cannot run, or
 * TypeScript where neither tsx nor Node's type stripping is available.
 *
 * @example
 * serverCommandFor('src/server.ts', ['--verbose'], { cwd: process.cwd() });
 * // { command: '/usr/bin/node', args: ['--import', 'file:///…/tsx/dist/loader.mjs', '/…/src/server.ts', '--verbose'] }
 */
export function serverCommandFor(
  file: string,
  args: readonly string[],
  context: ServerCommandContext,
): ServerCommand {
  const path = resolve(context.cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageError(`${file} is not a file. Give the server's file: mcpkit dev server.ts`);
  }
  const node = context.nodePath ?? process.execPath;
  const extension = extname(path).toLowerCase();
  if (JAVASCRIPT.has(extension)) return { command: node, args: [path, ...args] };
  if (!TYPESCRIPT.has(extension)) {
    throw new UsageError(
      `Cannot tell how to run ${file} (a .ts, .mts, .js or .mjs file); for anything else give the command: mcpkit dev -- <command> [args...]`,
    );
  }
  const tsx = findTsx([path, join(context.cwd, 'package.json')]);
  if (tsx !== undefined) return { command: node, args: ['--import', tsx, path, ...args] };
  if (stripsTypes(context.nodeVersion ?? process.versions.node)) {
    return { command: node, args: ['--experimental-strip-types', path, ...args] };
  }
  throw new UsageError(
    `${file} is TypeScript, and this Node (${context.nodeVersion ?? process.versions.node}) cannot run it by itself (that needs 22.6 or later). Install tsx in your project (npm install --save-dev tsx), or give the command: mcpkit dev -- <command> [args...]`,
  );
}

/** The URL of tsx's loader as resolved from the first of `from` that finds it. */
function findTsx(from: readonly string[]): string | undefined {
  for (const origin of from) {
    try {
      return pathToFileURL(createRequire(origin).resolve('tsx')).href;
    } catch {
      // Not installed where this origin looks; try the next.
    }
  }
  return undefined;
}

/**
 * True when Node runs TypeScript with `--experimental-strip-types` (22.6 and later).
 *
 * @example
 * stripsTypes('22.6.0'); // true
 * stripsTypes('20.16.0'); // false
 */
export function stripsTypes(nodeVersion: string): boolean {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 6);
}
