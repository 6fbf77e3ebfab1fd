/**
 * The README's own server ("A server in a few lines"), taken from README.md as
 * it stands and bundled for a runtime with esbuild: its `serveHttp` lines are
 * replaced by the README's Workers line, `export default { fetch }`. The
 * entry adds `/change`, which registers one more tool, so that a listen stream
 * or a 2025 GET stream has a change to hear. `mcpkit/*` resolves to src/, so
 * the bundle is what the tests see (no `npm run build` first).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The TypeScript of the README's server block, up to the line that serves it. */
export function readmeServerCode(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.indexOf('## A server in a few lines');
  const open = readme.indexOf('```ts\n', section);
  const close = readme.indexOf('```', open + 6);
  if (section === -1 || open === -1 || close === -1)
    throw new Error('README.md: no ```ts block under "## A server in a few lines"');
  const lines = readme.slice(open + 6, close).split('\n');
  const served = lines.findIndex((line) => line.startsWith('await serveHttp('));
  const workersLine = lines.find((line) => line.includes('export default { fetch:'));
  if (served === -1 || workersLine === undefined)
    throw new Error('README.md: the server block no longer ends with serveHttp and the Workers line');
  return lines
    .slice(0, served)
    .filter((line) => !line.includes("from 'mcpkit/node'"))
    .join('\n');
}

/** Where each runtime's server comes from: how it starts serving a fetch handler. */
const SERVE = {
  // The README's line, as a Worker's module: workerd calls `fetch` per request.
  workerd: 'export default { fetch: (request: Request) => handle(request) };',
  deno: `declare const Deno: any;
Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.args[0]), onListen: ({ port }: { port: number }) => console.log('listening on ' + port) }, handle);`,
  bun: `declare const Bun: any;
const running = Bun.serve({ hostname: '127.0.0.1', port: Number(Bun.argv[2]), fetch: handle, idleTimeout: 0 });
console.log('listening on ' + running.port);`,
} as const;

/** A runtime the README's server is deployed to. */
export type Runtime = keyof typeof SERVE;

/**
 * Writes the README's server and `runtime`'s entry under `dir` and bundles them
 * into one ES module; resolves to its path.
 *
 * @example
 * const file = await bundleReadmeServer('deno', tmp); // then: deno run --allow-net file port
 */
export async function bundleReadmeServer(runtime: Runtime, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, `entry-${runtime}.ts`);
  writeFileSync(
    entry,
    `${readmeServerCode()}

// ---- added by the deploy test: one more tool on demand, so that listeners hear a change.
let added = 0;
async function handle(request: Request): Promise<Response> {
  if (new URL(request.url).pathname === '/change') {
    added += 1;
    server.registerTool('added-' + added, { description: 'Registered at run time' }, async () => ({ content: [] }));
    return new Response('added-' + added);
  }
  return server.fetch(request);
}

${SERVE[runtime]}
`,
  );
  const outfile = join(dir, `server-${runtime}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: runtime === 'workerd' ? 'browser' : 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
    alias: {
      'mcpkit/server': join(root, 'src/entries/server.ts'),
    },
    nodePaths: [join(root, 'node_modules')],
  });
  return outfile;
}
