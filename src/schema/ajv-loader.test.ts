import { spawnSync } from 'node:child_process';
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
  it('is not loaded by a server whose tools use zod, and is by the first plain JSON Schema, which still fails at registration', () => {
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
