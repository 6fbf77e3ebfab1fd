/**
 * The point of the built-in engine: a server whose tool schemas stay inside the subset
 * validates them without ever loading Ajv. Checked in a fresh process (the test runner may
 * have loaded Ajv already) that serves real tools over HTTP and calls them with a client.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ajvEngine, compileCount, compileSchema, defaultEngine } from '../../src/schema/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { McpServer } = await import('./src/server/index.ts');
const { Client } = await import('./src/client/index.ts');
const { serveHttp } = await import('./src/transport/node/index.ts');
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

describe('a server whose tool schemas stay inside the subset', () => {
  it('validates inputs and outputs without loading Ajv, which a $ref then does load', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/Error/);
    const lines = run.stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toEqual({
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

describe('the default engine in compileSchema', () => {
  it('is defaultEngine; ajvEngine, passed explicitly, compiles separately and gives the same issues', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
    const before = compileCount();
    const byDefault = compileSchema(schema);
    expect(compileSchema(schema, { engine: defaultEngine })).toBe(byDefault);
    const byAjv = compileSchema(schema, { engine: ajvEngine });
    expect(byAjv).not.toBe(byDefault);
    expect(compileCount() - before).toBe(2);
    expect(byDefault.validate({ n: 1.5 })).toEqual(byAjv.validate({ n: 1.5 }));
    expect(byDefault.validate({ n: 1.5 })).toEqual({
      ok: false,
      issues: [{ path: '/n', message: 'must be integer', keyword: 'type' }],
    });
  });
});
