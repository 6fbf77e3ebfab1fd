/**
 * An esbuild plugin for tsup that decides how the build is split into files.
 *
 * esbuild puts each module in the chunk of the exact set of entry points that
 * reach it, so ten public entries that share modules in many combinations gave
 * twenty files to load for a server importing `mcpkit/server` and
 * `mcpkit/stdio`. Loading an ES module has a fixed cost per file (resolve,
 * stat, read, compile, link) that was a third of mcpkit's start-up.
 *
 * The plugin gives every entry point an import of an "anchor" module that
 * imports a whole layer. Every module of that layer is then reached by the same
 * set of entries and lands in one chunk:
 *
 * - the core layer (protocol, session, schema, the transports' shared parts),
 *   anchored by every entry;
 * - the server layer (McpServer and its serving, server-side auth), anchored by
 *   the entries a server imports (`mcpkit/server`, `mcpkit/node`,
 *   `mcpkit/stdio`, `mcpkit/http`).
 *
 * A client importing `mcpkit/client` does not anchor the server layer and so
 * never loads it. The anchors only import: a module's code still runs when,
 * and in the order, its importers need it, and tree shaking still removes
 * what nothing uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/** One layer: what it holds, and which entries anchor it. */
export interface ChunkLayer {
  /** Source directories whose modules it holds (relative to the root). */
  readonly dirs: readonly string[];
  /** Single modules it holds besides. */
  readonly files?: readonly string[];
  /** Paths (files or directories) left out of it. */
  readonly exclude?: readonly string[];
  /** The entry files (relative to the root) that anchor it. */
  readonly entries: readonly string[];
}

/** Every .ts module under `dir` (tests and test helpers left out), as absolute paths. */
function modulesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...modulesUnder(path));
    else if (entry.name.endsWith('.ts') && !/(\.test\.ts|^test-helpers\.ts)$/.test(entry.name))
      found.push(path);
  }
  return found;
}

/**
 * The plugin, for tsup's `esbuildPlugins`. `layers` name each layer. A module listed in two
 * layers is reached by the entries of both and lands in the chunk of that union, which is the
 * core chunk when, as here, the core layer's entries include every other layer's.
 *
 * @example
 * esbuildPlugins: [chunkAnchors({ root, layers: { core: { dirs: ['src/protocol'], entries: ['src/entries/index.ts'] } } })]
 */
export function chunkAnchors({
  root,
  layers,
}: {
  root: string;
  layers: Readonly<Record<string, ChunkLayer>>;
}): Plugin {
  const anchors = new Map<string, string>();
  const entryAnchors = new Map<string, string[]>();
  for (const [name, layer] of Object.entries(layers)) {
    const excluded = (layer.exclude ?? []).map((path) => join(root, path));
    const modules = [
      ...layer.dirs.flatMap((dir) => modulesUnder(join(root, dir))),
      ...(layer.files ?? []).map((file) => join(root, file)),
    ]
      .filter((path) => !excluded.some((out) => path === out || path.startsWith(out + sep)))
      .sort();
    // Re-exports, not bare imports: esbuild drops a bare import of a module the package marks
    // free of side effects ("sideEffects": false), and with it the reachability the anchor is for.
    anchors.set(name, modules.map((path, i) => `export * as m${i} from ${JSON.stringify(path)};`).join('\n'));
    for (const entry of layer.entries) {
      const path = join(root, entry);
      entryAnchors.set(path, [...(entryAnchors.get(path) ?? []), name]);
    }
  }
  return {
    name: 'chunk-anchors',
    setup(build) {
      build.onResolve({ filter: /^mcpkit-layer:/ }, (args) => ({
        path: args.path.slice('mcpkit-layer:'.length),
        namespace: 'mcpkit-layer',
      }));
      build.onLoad({ filter: /.*/, namespace: 'mcpkit-layer' }, (args) => ({
        contents: anchors.get(args.path),
        loader: 'ts',
        resolveDir: root,
      }));
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const names = entryAnchors.get(args.path);
        if (names === undefined) return undefined;
        const source = readFileSync(args.path, 'utf8');
        // A hashbang must stay the first line.
        const head = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
        const imports = names.map((name) => `import 'mcpkit-layer:${name}';\n`).join('');
        return {
          contents: source.slice(0, head) + imports + source.slice(head),
          loader: 'ts',
          resolveDir: join(args.path, '..'),
        };
      });
    },
  };
}
