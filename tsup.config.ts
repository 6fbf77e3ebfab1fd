import { defineConfig } from 'tsup';

// One entry per public subpath in package.json "exports"; keep the two lists in step.
export default defineConfig({
  entry: {
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
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  // Gives import.meta.url a value in the CommonJS build; src/schema/ajv-loader.ts reads it only in the ES module build.
  shims: true,
});
