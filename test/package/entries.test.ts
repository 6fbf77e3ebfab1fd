/**
 * The built package as users load it: every public entry loads in both the
 * ES module and the CommonJS build, the entries share one copy of each class
 * (an error thrown by the server is an instance of the class `mcpkit/protocol`
 * exports), and the build keeps a server's start-up to a handful of files
 * (scripts/chunk-anchors.mjs). Runs on dist/, which `npm test` builds first.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRIES = [
  'mcpkit',
  'mcpkit/protocol',
  'mcpkit/session',
  'mcpkit/server',
  'mcpkit/client',
  'mcpkit/http',
  'mcpkit/stdio',
  'mcpkit/node',
  'mcpkit/redis',
  'mcpkit/testing',
  'mcpkit/proxy',
  'mcpkit/apps-host',
];

function run(args: string[]): string {
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
}

/** The same checks, in one child process per module system. */
const CHECKS = `
  const [root, protocol, server, http, node, stdio, client] = mods;
  const out = {};
  out.shared = root.McpError === protocol.McpError && server.McpServer !== undefined;
  const mcp = new server.McpServer({ name: 'probe', version: '1' });
  out.endpoint = mcp.createHttpEndpoint() instanceof http.StreamableHttpEndpoint;
  out.node = typeof node.serveHttp === 'function' && typeof stdio.serveStdio === 'function';
  out.client = typeof client.Client === 'function';
  console.log(JSON.stringify(out));
`;

describe('the built package', () => {
  it('is built (npm test builds it first; alone, run `npm run build`)', () => {
    expect(existsSync(join(root, 'dist/server.js')) && existsSync(join(root, 'dist/server.cjs'))).toBe(true);
  });

  it('loads every entry as ES modules, with one copy of each shared class', () => {
    const code = `const mods = await Promise.all(${JSON.stringify(['mcpkit', 'mcpkit/protocol', 'mcpkit/server', 'mcpkit/http', 'mcpkit/node', 'mcpkit/stdio', 'mcpkit/client'])}.map((m) => import(m)));${CHECKS}`;
    expect(JSON.parse(run(['--input-type=module', '-e', code]))).toEqual({
      shared: true,
      endpoint: true,
      node: true,
      client: true,
    });
    for (const entry of ENTRIES) run(['--input-type=module', '-e', `await import(${JSON.stringify(entry)})`]);
  });

  it('loads every entry as CommonJS, with one copy of each shared class', () => {
    const code = `const mods = ${JSON.stringify(['mcpkit', 'mcpkit/protocol', 'mcpkit/server', 'mcpkit/http', 'mcpkit/node', 'mcpkit/stdio', 'mcpkit/client'])}.map((m) => require(m));${CHECKS}`;
    expect(JSON.parse(run(['-e', code]))).toEqual({ shared: true, endpoint: true, node: true, client: true });
    for (const entry of ENTRIES) run(['-e', `require(${JSON.stringify(entry)})`]);
  });

  it('gives a stdio server a handful of files to load, and a client or the test kit no server code', () => {
    const filesLoaded = (entries: string[]) => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?['"](\.[^'"]+)['"]/g))
          visit(resolve(dirname(file), match[1]!));
      };
      for (const entry of entries) visit(join(root, 'dist', `${entry}.js`));
      return [...seen];
    };
    expect(filesLoaded(['server', 'stdio']).length).toBeLessThanOrEqual(6);
    const clientCode = filesLoaded(['client'])
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(clientCode).not.toContain('// src/server/mcp-server.ts');
    expect(clientCode).toContain('// src/client/client.ts');
    // The test kit takes the server as an argument: it loads the client, never the server's code.
    const kitCode = filesLoaded(['testing'])
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(kitCode).not.toContain('// src/server/mcp-server.ts');
    expect(kitCode).toContain('// src/testing/connect-in-memory.ts');
  });

  it('builds mcpkit/apps-host for web pages: its files import no Node built-in', () => {
    const seen = new Set<string>();
    const nodeImports: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:import|export)\s*\(?\s*(?:[^'"]*?from\s*)?['"]([^'"]+)['"]/g)) {
        const target = match[1]!;
        if (target.startsWith('.')) visit(resolve(dirname(file), target));
        else if (isBuiltin(target)) nodeImports.push(`${target} (in ${file})`);
      }
    };
    visit(join(root, 'dist', 'apps-host.js'));
    expect(seen.size).toBeGreaterThan(1);
    expect(nodeImports).toEqual([]);
  });

  it('gives mcpkit/client no OAuth library and no Node module only OAuth needs until it authorizes', () => {
    // What the client entry's files import up front: static imports and requires, not import() calls.
    const staticImports = (entry: string, pattern: RegExp) => {
      const seen = new Set<string>();
      const bare = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
          const target = match[1]!;
          if (target.startsWith('.')) visit(resolve(dirname(file), target));
          else bare.add(target.replace(/^node:/, '')); // tsup drops the node: prefix; either way counts
        }
      };
      visit(join(root, 'dist', entry));
      return { bare: [...bare], files: seen.size };
    };
    const esmWalk = staticImports(
      'client.js',
      /^(?:import|export)\s(?:[^'"();]*?\sfrom\s*)?['"]([^'"]+)['"]/gm,
    );
    const cjsWalk = staticImports('client.cjs', /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g);
    const [esm, cjs] = [esmWalk.bare, cjsWalk.bare];
    const onlyForOAuth = [
      'oauth4webapi',
      'jose',
      'child_process',
      'fs',
      'fs/promises',
      'path',
      'http',
      'https',
      'net',
    ];
    // The walk does follow the entry into its chunks (it has no bare import left to show for it:
    // eventsource-parser, Ajv, jose and oauth4webapi all load on first use).
    expect(esmWalk.files).toBeGreaterThan(2);
    expect(esm).not.toContain('eventsource-parser');
    expect(esm.filter((name) => onlyForOAuth.includes(name))).toEqual([]);
    expect(cjs.filter((name) => onlyForOAuth.includes(name))).toEqual([]);

    // The same in a process: importing the client loads none of those built-ins, and the
    // synchronous OAuth helpers still work from the build, taking oauth4webapi when called.
    const code = `
      const before = new Set(process.moduleLoadList);
      const m = await import('mcpkit/client');
      const builtins = process.moduleLoadList
        .filter((name) => !before.has(name) && name.startsWith('NativeModule ') && !name.includes('internal/'))
        .map((name) => name.slice('NativeModule '.length));
      const options = m.requestOptions(new URL('http://127.0.0.1:1/token'), { fetch: globalThis.fetch });
      const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const thumbprint = await new m.DPoPProver(keyPair).thumbprint();
      console.log(JSON.stringify({ builtins, optionSymbols: Object.getOwnPropertySymbols(options).length, thumbprint: thumbprint.length }));
    `;
    const result = JSON.parse(run(['--input-type=module', '-e', code])) as { builtins: string[] };
    expect(result.builtins.filter((name) => onlyForOAuth.includes(name))).toEqual([]);
    expect(result).toMatchObject({ optionSymbols: 2, thumbprint: 43 });
  });

  it('loads ioredis (an optional peer) from mcpkit/redis only', () => {
    const reach = (entry: string) => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(
          /(?:import|export|require)\s*\(?\s*(?:[^'"]*?from\s*)?['"](\.[^'"]+)['"]/g,
        ))
          visit(resolve(dirname(file), match[1]!));
      };
      visit(join(root, 'dist', entry));
      return [...seen].map((file) => readFileSync(file, 'utf8')).join('\n');
    };
    const loadsIoredis = /(?:from|import|require\()\s*\(?['"]ioredis['"]/;
    for (const entry of [
      'index',
      'protocol',
      'session',
      'server',
      'client',
      'http',
      'stdio',
      'node',
      'cli',
      'testing',
      'apps-host',
    ]) {
      expect(reach(`${entry}.js`), entry).not.toMatch(loadsIoredis);
      expect(reach(`${entry}.cjs`), entry).not.toMatch(loadsIoredis);
    }
    expect(reach('redis.js')).toMatch(loadsIoredis);
    const esm = run([
      '--input-type=module',
      '-e',
      `const m = await import('mcpkit/redis'); console.log(typeof m.redisBackplane + ' ' + typeof m.RedisUnavailableError);`,
    ]);
    expect(esm).toBe('function function');
    expect(run(['-e', `console.log(typeof require('mcpkit/redis').redisBackplane)`])).toBe('function');
  });
});
