/**
 * The README's own server ("A server in a few lines"), taken from README.md as
 * it stands and bundled for a runtime with esbuild: its `serveHttp` lines are
 * replaced by the runtime's recipe from docs/deploy.md. The entry adds
 * `/change`, which registers one more tool, so that a listen stream or a 2025
 * GET stream has a change to hear. `mcpkit/*` resolves to src/, so
 * the bundle is what the tests see (no `npm run build` first).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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

/** The first fenced block of `lang` under the `## heading` of docs/deploy.md. */
export function deployRecipe(heading: string, lang: string): string {
  const doc = readFileSync(join(root, 'docs/deploy.md'), 'utf8');
  const section = doc.indexOf(`\n## ${heading}\n`);
  const next = doc.indexOf('\n## ', section + 1);
  const open = doc.indexOf(`\`\`\`${lang}\n`, section);
  if (section === -1 || open === -1 || (next !== -1 && open > next))
    throw new Error(`docs/deploy.md: no \`\`\`${lang} block under "## ${heading}"`);
  const close = doc.indexOf('```', open + lang.length + 4);
  return doc.slice(open + lang.length + 4, close);
}

/** `text` with `from` replaced by `to`; throws when `from` is not there (the recipe changed shape). */
export function substitute(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`deploy recipe: expected ${JSON.stringify(from)} in:\n${text}`);
  return text.split(from).join(to);
}

/**
 * How each runtime serves: docs/deploy.md's recipe, calling the test's `handle` (which adds
 * `/change`) instead of `server.fetch`, on the port the test picked (an argument).
 */
function serving(runtime: Runtime): string {
  switch (runtime) {
    case 'workerd':
      return substitute(deployRecipe('Cloudflare Workers', 'ts'), 'server.fetch(request)', 'handle(request)');
    case 'deno':
      return substitute(
        substitute(deployRecipe('Deno', 'ts'), 'server.fetch(request)', 'handle(request)'),
        'port: 8000',
        'port: Number(Deno.args[0])',
      );
    case 'bun':
      return substitute(
        substitute(deployRecipe('Bun', 'ts'), 'server.fetch(request)', 'handle(request)'),
        'port: 3000',
        'port: Number(Bun.argv[2])',
      );
  }
}

/** The workerd configuration of docs/deploy.md, serving `file` (beside it) on `port`. */
export function workerdConfig(file: string, port: number): string {
  return substitute(
    substitute(deployRecipe('Cloudflare Workers', 'capnp'), '127.0.0.1:8787', `127.0.0.1:${port}`),
    'embed "worker.mjs"',
    `embed ${JSON.stringify(basename(file))}`,
  );
}

/** A runtime the README's server is deployed to. */
export type Runtime = 'workerd' | 'deno' | 'bun';

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

${serving(runtime)}
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
