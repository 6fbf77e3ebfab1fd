import { defineConfig } from 'tsup';
import { chunkAnchors } from './scripts/chunk-anchors.js';

const entry = {
  index: 'src/index.ts',
  protocol: 'src/protocol/index.ts',
  session: 'src/session/index.ts',
  server: 'src/server/index.ts',
  client: 'src/client/index.ts',
  cli: 'src/cli/main.ts',
  http: 'src/transport/http/index.ts',
  stdio: 'src/transport/stdio/index.ts',
  node: 'src/transport/node/index.ts',
  'dev-auth': 'src/auth/dev-server/index.ts',
};

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
          ],
          exclude: [
            'src/transport/node',
            'src/transport/http/index.ts',
            'src/transport/stdio/index.ts',
            'src/transport/http/client.ts',
            'src/transport/http/legacy-sse-client.ts',
            'src/transport/stdio/client.ts',
          ],
          entries: Object.values(entry),
        },
        server: {
          dirs: ['src/server', 'src/auth/server'],
          exclude: ['src/server/node', 'src/server/index.ts'],
          entries: [entry.server, entry.node, entry.stdio, entry.http],
        },
      },
    }),
  ],
});
