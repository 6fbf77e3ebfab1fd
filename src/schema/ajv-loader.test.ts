import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

// Each script runs in a fresh process: the test runner itself may have loaded Ajv already.
const ZOD_SERVER = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { McpServer } = await import('./src/entries/server.ts');
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

// Real tools over HTTP, called by a client, with schemas inside the built-in engine's subset.
const SUBSET_SERVER = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { McpServer } = await import('./src/entries/server.ts');
const { Client } = await import('./src/entries/client.ts');
const { serveHttp } = await import('./src/entries/node.ts');
const ajvLoaded = () => Object.keys(require.cache).some((path) => /[\\\\/]ajv[\\\\/]/.test(path));
const server = new McpServer({ name: 'no-ajv', version: '1.0.0' }, { warn: () => {} });
server.registerTool(
  'forecast',
  {
    inputSchema: {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 1, description: 'where' },
        days: { type: 'integer', minimum: 1, maximum: 7, default: 1 },
        units: { enum: ['metric', 'imperial'] },
      },
      required: ['city'],
      additionalProperties: false,
    },
    outputSchema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
  },
  ({ city, days }) => ({
    content: [{ type: 'text', text: city }],
    structuredContent: { summary: city + ' for ' + (days ?? 1) + ' days' },
  }),
);
const running = await serveHttp(server, { port: 0 });
const client = await Client.connect(running.url, { warn: () => {} });
const good = await client.callTool('forecast', { city: 'Oslo', days: 3 });
const bad = await client.callTool('forecast', { city: '', days: 9, extra: true });
const before = ajvLoaded();
// The other half: a schema outside the subset does load Ajv, so the probe above can see it.
server.registerTool('linked', { inputSchema: { type: 'object', $defs: { a: { type: 'string' } }, properties: { a: { $ref: '#/$defs/a' } } } }, () => ({ content: [] }));
const after = ajvLoaded();
await client.close();
await running.close();
console.log(JSON.stringify({
  good: good.structuredContent,
  bad: bad.content[0].text,
  badIsError: bad.isError,
  ajvLoadedBySubsetTools: before,
  ajvLoadedByRef: after,
}));
`;

/** Runs a module script in a fresh process with tsx; returns its last line of output, parsed. */
function runFresh(script: string): unknown {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.stderr).not.toMatch(/Error/);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

describe('Ajv is loaded on demand', () => {
  it('is not loaded by a server whose tools use zod, and is by the first JSON Schema outside the built-in subset, which still fails at registration', () => {
    expect(runFresh(ZOD_SERVER)).toEqual({
      afterZod: false,
      afterJsonSchema: true,
      rejected: 'unresolved-ref',
    });
  });

  it('is not loaded by a server whose tool schemas stay inside the built-in subset, through valid and invalid calls; a $ref then loads it', () => {
    expect(runFresh(SUBSET_SERVER)).toEqual({
      good: { summary: 'Oslo for 3 days' },
      bad:
        "Invalid arguments for tool forecast: (root): must not have the property 'extra'; " +
        '/city: must NOT have fewer than 1 characters; /days: must be <= 7',
      badIsError: true,
      ajvLoadedBySubsetTools: false,
      ajvLoadedByRef: true,
    });
  }, 30_000);
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
