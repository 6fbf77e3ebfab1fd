/**
 * A synchronous `require` that resolves from mcpkit's own files, for the few dependencies
 * mcpkit loads on first use yet must hand over synchronously (Ajv, because `compileSchema`
 * throws on an invalid schema right away; oauth4webapi, for the synchronous OAuth helpers
 * called before anything loaded it). Node's module cache keeps what it loads, and an ES
 * module it requires is the same instance an `import()` of it gives.
 */

/**
 * A CommonJS `require` function.
 *
 * @example
 * const load: NodeRequire = packageRequire() ?? ((id) => { throw new Error(`cannot load ${id}`); });
 */
export type NodeRequire = (id: string) => unknown;

let requireFromHere: NodeRequire | undefined;

/**
 * A `require` that resolves from this package, or `undefined` on a runtime without one. In the
 * CommonJS build that is the module's own `module.require`: no URL is built from the file's
 * path, so an install path holding `#` or `%` resolves like any other. In the ES module build,
 * `process.getBuiltinModule` (Node 20.16 and 22.3 on, Bun, Deno) gives `createRequire` without
 * a static `node:module` import, so the layers using it stay importable where there is no Node.
 *
 * @example
 * const { Ajv } = packageRequire()?.('ajv') as { Ajv: typeof import('ajv').Ajv };
 */
export function packageRequire(): NodeRequire | undefined {
  if (requireFromHere) return requireFromHere;
  // `module`, not `require`: bundlers rewrite a bare `require` into a helper that exists in
  // the ES module build too (and throws there), while `module` is left as it is.
  if (typeof module === 'object' && module !== null && typeof module.require === 'function') {
    const own = module;
    requireFromHere = (id) => own.require(id);
    return requireFromHere;
  }
  const builtin = (
    globalThis as {
      process?: { getBuiltinModule?: (id: string) => unknown };
    }
  ).process?.getBuiltinModule?.('node:module') as
    | { createRequire(from: string | URL): NodeRequire }
    | undefined;
  if (builtin === undefined) return undefined;
  requireFromHere = builtin.createRequire(import.meta.url);
  return requireFromHere;
}
