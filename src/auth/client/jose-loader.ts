/**
 * `jose` on first use. It is the largest module a client loads (about 80 ms of a fresh process's
 * start on a 2-core machine) and only DPoP proofs and private-key client authentication need it,
 * so a client that uses neither never pays for it.
 */
import type * as Jose from 'jose';

let loading: Promise<typeof Jose> | undefined;

/**
 * The `jose` module, imported once.
 *
 * @example
 * const { SignJWT } = await loadJose();
 */
export function loadJose(): Promise<typeof Jose> {
  loading ??= import('jose');
  return loading;
}
