/**
 * Loads Ajv on demand. Ajv is the largest part of mcpkit's start-up (about a third of a
 * server's import time), and a server whose tools use zod, ArkType or Valibot never needs
 * it: their own library validates, and neither does one whose JSON Schemas stay inside the
 * built-in engine's subset (subset-engine.ts). So it is required the first time a JSON
 * Schema outside that subset is compiled, synchronously, because `compileSchema` is
 * synchronous and must throw on an invalid schema right away. Once loaded, Node's module cache keeps it.
 *
 * Bundlers do not see these requires: a bundled application that compiles JSON Schema outside
 * the subset must ship `ajv` beside the bundle (mark it external) or pass its own `engine`; see
 * docs/performance.md, "Lazy Ajv".
 */
import { type NodeRequire, packageRequire } from './package-require.js';

/** The package's `require`; throws where the runtime has none. */
function nodeRequire(): NodeRequire {
  const found = packageRequire();
  if (found === undefined) {
    throw new Error(
      'Validating plain JSON Schema needs Ajv, which mcpkit loads on first use with require (CommonJS) or ' +
        'process.getBuiltinModule (Node 20.16 / 22.3 or later, Bun, Deno); on this runtime pass a JSON Schema ' +
        '`engine` to compileSchema',
    );
  }
  return found;
}

/**
 * One of Ajv's modules (`'ajv'`, `'ajv/dist/2020.js'`, ...), loaded on first call.
 *
 * @example
 * const { Ajv2020 } = loadAjvModule<{ Ajv2020: typeof import('ajv/dist/2020.js').Ajv2020 }>('ajv/dist/2020.js');
 */
export function loadAjvModule<T>(id: string): T {
  return nodeRequire()(id) as T;
}
