import { defineConfig } from 'tsup';
import { chunkAnchors } from './scripts/chunk-anchors.js';

// The package's entry files, all in src/entries/ (they only re-export; cli.ts also starts the CLI).
const entry = {
  index: 'src/entries/index.ts',
  protocol: 'src/entries/protocol.ts',
  session: 'src/entries/session.ts',
  server: 'src/entries/server.ts',
  client: 'src/entries/client.ts',
  cli: 'src/entries/cli.ts',
  http: 'src/entries/http.ts',
  stdio: 'src/entries/stdio.ts',
  node: 'src/entries/node.ts',
  redis: 'src/entries/redis.ts',
  'dev-auth': 'src/entries/dev-auth.ts',
  testing: 'src/entries/testing.ts',
  proxy: 'src/entries/proxy.ts',
  'apps-host': 'src/entries/apps-host.ts',
};

// What the CLI's `proxy` verb imports on demand (each a chunk entry of its own for esbuild): they
// anchor the layers they use, so the CLI's other verbs load no more files than before.
const PROXY_VERB = 'src/cli/proxy.ts';
const PROXY_INPUT = 'src/client/proxy/upstream-input.ts';

// One entry per public subpath in package.json "exports"; keep the two lists in step.
export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  // Gives import.meta.url a value in the CommonJS build; src/schema/ajv-loader.ts reads it only in the ES module build.
  shims: true,
  // Few files per import (scripts/chunk-anchors.mjs): the core layer in one chunk, the server layer in another.
  esbuildPlugins: [
    chunkAnchors({
      root: import.meta.dirname ?? process.cwd(),
      layers: {
        core: {
          dirs: ['src/protocol', 'src/session', 'src/schema', 'src/transport'],
          // Small modules the client shares with the server: in the core chunk rather than chunks of their own.
          files: [
            'src/auth/server/resource-metadata.ts',
            'src/auth/server/loopback-origin.ts',
            'src/server/logging.ts',
            // The apps extension's names and visibility rule, which mcpkit/apps-host shares.
            'src/server/app-extension.ts',
          ],
          exclude: [
            'src/transport/node',
            'src/transport/http/client.ts',
            'src/transport/http/wire.ts',
            'src/transport/http/node-wire.ts',
            'src/transport/http/default-wire.ts',
            'src/transport/http/legacy-sse-client.ts',
            'src/transport/stdio/client.ts',
          ],
          entries: [...Object.values(entry), PROXY_VERB, PROXY_INPUT],
        },
        server: {
          dirs: ['src/server', 'src/auth/server'],
          // serveHttp and serveStdio are shared by their entries and the CLI's proxy: in this chunk
          // rather than chunks of their own.
          files: ['src/node/serve-http.ts', 'src/node/serve-stdio.ts'],
          // The proxy brings the server, in its entry and in the CLI's `proxy` verb (imported on
          // demand, so a chunk entry of its own): both anchor the layer, which stays one chunk.
          entries: [entry.server, entry.node, entry.stdio, entry.http, entry.proxy, PROXY_VERB],
        },
      },
    }),
  ],
});
