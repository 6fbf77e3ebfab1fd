/**
 * mcpkit/apps-host runs in web pages: bundling the entry for the browser pulls in no Node
 * built-in, directly or through anything it imports.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

const BUILTINS = new Set(builtinModules);

/** Bundles `entry` for the browser and gives every Node built-in some module imported, with who imported it. */
async function nodeImportsOf(entry: string): Promise<string[]> {
  const found: string[] = [];
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'find-node-builtins',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            const bare = args.path.replace(/^node:/, '').split('/')[0] ?? '';
            if (!args.path.startsWith('node:') && !BUILTINS.has(bare)) return undefined;
            found.push(`${args.path} (from ${args.importer})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return found;
}

describe('the mcpkit/apps-host entry in a browser bundle', () => {
  it('imports no Node built-in, directly or transitively', async () => {
    expect(await nodeImportsOf('../../src/entries/apps-host.ts')).toEqual([]);
  });

  it('would be caught importing one: the Client module reaches node:child_process', async () => {
    const found = await nodeImportsOf('../../src/client/client.ts');
    expect(found.some((line) => line.startsWith('node:child_process'))).toBe(true);
  });
});
