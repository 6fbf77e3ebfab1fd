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
  // src/schema/ajv-loader.ts resolves Ajv from import.meta.url; the CommonJS build needs the shim for it.
  shims: true,
});
