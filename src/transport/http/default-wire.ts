/**
 * Which {@link HttpWire} a client uses when it was given no `fetch`: Node's own HTTP client on
 * Node (a fraction of fetch's cost per request), the global `fetch` everywhere else.
 */
import { isNodeRuntime, nodeWire } from './node-wire.js';
import { fetchWire, type HttpWire, wireFetch } from './wire.js';

/**
 * The wire for a client: `fetch`'s when one is given, otherwise the fastest this runtime has.
 *
 * @example
 * const wire = defaultHttpWire(options.fetch);
 */
export function defaultHttpWire(fetchImpl?: typeof fetch): HttpWire {
  if (fetchImpl) return fetchWire(fetchImpl);
  // Looked up per request, not captured: instrumentation may replace the global fetch later.
  return isNodeRuntime() ? nodeWire : fetchWire((input, init) => globalThis.fetch(input, init));
}

/**
 * The `fetch` for a client's requests outside the transport (the 2025 standalone stream, DELETE,
 * the HTTP+SSE fallback): the one given, otherwise on the same wire as the transport's.
 *
 * @example
 * const response = await defaultHttpFetch(options.fetch)(url, { method: 'DELETE' });
 */
export function defaultHttpFetch(fetchImpl?: typeof fetch): typeof fetch {
  if (fetchImpl) return fetchImpl;
  return isNodeRuntime() ? wireFetch(nodeWire) : (input, init) => globalThis.fetch(input, init);
}
