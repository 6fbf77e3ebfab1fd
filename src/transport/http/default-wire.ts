/**
 * Which {@link HttpWire} a client uses when it was given no `fetch`: Node's own HTTP client on
 * Node (a fraction of fetch's cost per request), the global `fetch` everywhere else.
 */
import { guardedFetch } from './guarded-fetch.js';
import { isNodeRuntime, nodeWire, nodeWireCheckingRedirects } from './node-wire.js';
import { OutboundGuard } from './outbound-guard.js';
import { fetchWire, type HttpWire, wireFetch } from './wire.js';

/**
 * The wire for a client: `fetch`'s when one is given, otherwise the fastest this runtime has.
 * With a `guard`, every redirect is checked by it before it is followed (SSRF protection).
 *
 * @example
 * const wire = defaultHttpWire(options.fetch, new OutboundGuard({ named: url }));
 */
export function defaultHttpWire(fetchImpl?: typeof fetch, guard?: OutboundGuard): HttpWire {
  if (fetchImpl || !isNodeRuntime()) {
    // Looked up per request, not captured: instrumentation may replace the global fetch later.
    const given = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    return fetchWire(guard ? guardedFetch(given, guard) : given);
  }
  return guard?.enabled ? guardedNodeWire(guard) : nodeWire;
}

/** Hosts whose default wire is remembered; past this many the oldest is forgotten. */
const MAX_REMEMBERED_HOSTS = 256;
const hostWires = new Map<string, HttpWire>();

/**
 * The wire of a client that set nothing of its own (no `fetch`, authorization or
 * `ssrfProtection` options): {@link defaultHttpWire} with the default guard for the URL's host.
 * That depends on the host alone, so every client of one host shares it (and its guard) rather
 * than holding a copy per connection.
 *
 * @example
 * defaultHostWire(new URL('https://a.example/mcp')) === defaultHostWire(new URL('https://a.example/other')); // true
 */
export function defaultHostWire(url: URL): HttpWire {
  const host = url.hostname.toLowerCase();
  let wire = hostWires.get(host);
  if (!wire) {
    wire = defaultHttpWire(undefined, new OutboundGuard({ named: url }));
    if (hostWires.size >= MAX_REMEMBERED_HOSTS) {
      const oldest = hostWires.keys().next();
      if (!oldest.done) hostWires.delete(oldest.value);
    }
    hostWires.set(host, wire);
  }
  return wire;
}

/**
 * Node's wire with each redirect checked by `guard` (at most its `maxRedirects` of them). The
 * first URL is not: a client's requests go to the URL its user named, which the guard allows.
 */
function guardedNodeWire(guard: OutboundGuard): HttpWire {
  return nodeWireCheckingRedirects(async (next, hop, request) => {
    if (hop > guard.maxRedirects) {
      throw new TypeError(
        `${request.method} ${request.url.href}: more than ${guard.maxRedirects} redirects (maxRedirects of ssrfProtection)`,
      );
    }
    await guard.check(next);
  });
}

/**
 * The `fetch` for a client's requests outside the transport (the 2025 standalone stream, DELETE,
 * the HTTP+SSE fallback): the one given, otherwise on the same wire as the transport's.
 *
 * @example
 * const response = await defaultHttpFetch(options.fetch)(url, { method: 'DELETE' });
 */
export function defaultHttpFetch(fetchImpl?: typeof fetch, guard?: OutboundGuard): typeof fetch {
  if (fetchImpl || !isNodeRuntime()) {
    const given = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    return guard ? guardedFetch(given, guard) : given;
  }
  return wireFetch(guard?.enabled ? guardedNodeWire(guard) : nodeWire);
}
