import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

// Runs in a fresh process: the test runner itself may have loaded Ajv already.
const SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { McpServer } = await import('./src/server/index.ts');
const { z } = await import('zod');
const ajvLoaded = () => Object.keys(require.cache).some((path) => path.includes('/ajv/dist/'));
const server = new McpServer({ name: 'lazy-ajv', version: '1.0.0' });
server.registerTool('zod', { inputSchema: z.object({ a: z.string() }) }, () => ({ content: [] }));
const afterZod = ajvLoaded();
let rejected = '';
try {
  server.registerTool('broken', { inputSchema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } }, () => ({ content: [] }));
} catch (error) {
  rejected = error.reason;
}
console.log(JSON.stringify({ afterZod, afterJsonSchema: ajvLoaded(), rejected }));
`;

describe('Ajv is loaded on demand', () => {
  it('is not loaded by a server whose tools use zod, and is by the first JSON Schema outside the built-in subset, which still fails at registration', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/Error/);
    const lines = run.stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toEqual({
      afterZod: false,
      afterJsonSchema: true,
      rejected: 'unresolved-ref',
    });
  });
});

describe('Ajv is found from the built package', () => {
  it('loads in the CommonJS and ES module builds installed under a path holding # and %xx', async () => {
    // The CommonJS build once resolved Ajv from a file URL made of its path, which `#` cuts
    // short and `%41` changes; build the schema layer the way the package is built and load it
    // from such a directory, with the dependencies beside it as an install would have them.
    const { build } = await import('tsup');
    const home = join(mkdtempSync(join(tmpdir(), 'mcpkit-')), 'in#stall%41dir');
    mkdirSync(home);
    symlinkSync(join(root, 'node_modules'), join(home, 'node_modules'), 'dir');
    try {
      await build({
        entry: { schema: join(root, 'src/schema/index.ts') },
        outDir: join(home, 'dist'),
        format: ['esm', 'cjs'],
        target: 'node20',
        shims: true,
        splitting: true,
        dts: false,
        silent: true,
        config: false,
      });
      // $defs is outside the built-in engine's subset, so this schema needs Ajv.
      const check = (load: string) => `
        const v = ${load}.compileSchema({ type: 'object', required: ['a'], $defs: { unused: {} } });
        console.log(JSON.stringify(v.validate({}).issues.map((issue) => issue.keyword)));`;
      const cjs = spawnSync(process.execPath, ['-e', check("require('./dist/schema.cjs')")], {
        cwd: home,
        encoding: 'utf8',
      });
      expect(cjs.stderr).toBe('');
      expect(cjs.stdout.trim()).toBe('["required"]');
      const esm = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', check("(await import('./dist/schema.js'))")],
        { cwd: home, encoding: 'utf8' },
      );
      expect(esm.stderr).toBe('');
      expect(esm.stdout.trim()).toBe('["required"]');
    } finally {
      rmSync(dirname(home), { recursive: true, force: true });
    }
  }, 60_000);
});
