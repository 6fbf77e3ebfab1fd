/**
 * Request checks that protect a Streamable HTTP server: DNS-rebinding defence
 * (Host and Origin) for servers on localhost.
 */

/** Host names that mean "this machine". */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Strips the port from a Host header value (`example.com:8080`, `[::1]:3000`)
 * and lower-cases it.
 *
 * @example
 * hostnameOf('[::1]:3000'); // '[::1]'
 */
export function hostnameOf(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(0, end + 1);
  }
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

/** True when a Host header names the loopback interface. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(hostnameOf(host));
}

/** True when an Origin header is an http(s) origin on the loopback interface. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return /^https?:$/.test(url.protocol) && LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** True when an address a server binds to is loopback-only. */
export function isLoopbackAddress(address: string): boolean {
  const host = address.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.') || host === '::ffff:127.0.0.1';
}

/**
 * Which Host and Origin values a server accepts.
 *
 * - `'loopback'`: only `localhost`, `127.0.0.1` and `[::1]` (any port) as Host,
 *   and only loopback origins. The right default for a server bound to localhost,
 *   where a hostile web page could otherwise reach it through DNS rebinding.
 * - `'loopback-origins'`: any Host; a request from a web page (one carrying an
 *   `Origin` header) only from a loopback origin. DNS rebinding is an attack by
 *   a web page, and browsers send `Origin` with every POST, so this stops it
 *   while a deployed server answers whatever name it is reached by. The default
 *   of `server.fetch`, which cannot know where it runs, and of `serveHttp` bound
 *   to a non-loopback address without a policy.
 * - `false`: no Host/Origin checks (a server behind a proxy that does them).
 * - An object: explicit allow-lists. Entries are compared case-insensitively;
 *   hosts without a port match any port. Without `allowedOrigins`, any origin passes.
 *
 * @example
 * const server = new McpServer(info, {
 *   http: { hostProtection: { allowedHosts: ['mcp.example.com'], allowedOrigins: ['https://app.example.com'] } },
 * });
 */
export type HostProtection =
  | 'loopback'
  | 'loopback-origins'
  | false
  | { allowedHosts?: readonly string[]; allowedOrigins?: readonly string[] };

/** The option every refusal names: where a server's Host/Origin policy is set. */
const OPTION = 'the hostProtection option (McpServer `http.hostProtection`, or serveHttp `hostProtection`)';

/**
 * Why a request failed the Host/Origin checks, or undefined when it passed. Each
 * reason says what was refused and names the option that would let it through.
 *
 * @example
 * checkHostAndOrigin('loopback', 'mcp.example.com', null);
 * // 'Host "mcp.example.com" is not allowed: ... set the hostProtection option ... { allowedHosts: ["mcp.example.com"] } ...'
 */
export function checkHostAndOrigin(
  protection: HostProtection,
  host: string | null,
  origin: string | null,
): string | undefined {
  if (protection === false) return undefined;
  if (protection === 'loopback') {
    if (host === null || !isLoopbackHost(host)) {
      return `Host ${JSON.stringify(host)} is not allowed: this server only answers requests addressed to localhost (DNS-rebinding protection, the default for a server bound to a loopback address). To serve other names, set ${OPTION}, for example ${allowHostsExample(host)}`;
    }
    if (origin !== null && !isLoopbackOrigin(origin)) {
      return `Origin ${JSON.stringify(origin)} is not allowed: this server only answers pages served from localhost. To allow that page, set ${OPTION}, for example ${allowOriginsExample(host, origin)}`;
    }
    return undefined;
  }
  if (protection === 'loopback-origins') {
    if (origin !== null && !isLoopbackOrigin(origin)) {
      return `Origin ${JSON.stringify(origin)} is not allowed: without a Host/Origin policy this server answers web pages only from localhost (DNS-rebinding protection). To allow that page, set ${OPTION}, for example ${allowOriginsExample(host, origin)}`;
    }
    return undefined;
  }
  const { allowedHosts, allowedOrigins } = protection;
  if (allowedHosts?.length && (host === null || !matchesHost(allowedHosts, host)))
    return `Host ${JSON.stringify(host)} is not allowed: it is not in allowedHosts (${allowedHosts.map((h) => JSON.stringify(h)).join(', ')}) of ${OPTION}; add it there to serve it`;
  if (origin !== null && allowedOrigins?.length) {
    const wanted = origin.toLowerCase();
    if (!allowedOrigins.some((allowed) => allowed.toLowerCase() === wanted))
      return `Origin ${JSON.stringify(origin)} is not allowed: it is not in allowedOrigins of ${OPTION}; add it there to allow that page`;
  }
  return undefined;
}

function allowHostsExample(host: string | null): string {
  const name = host === null ? 'mcp.example.com' : hostnameOf(host);
  return `{ allowedHosts: [${JSON.stringify(name)}] }, or false behind a proxy that checks Host itself`;
}

function allowOriginsExample(host: string | null, origin: string): string {
  const hosts = host === null ? '' : `allowedHosts: [${JSON.stringify(hostnameOf(host))}], `;
  return `{ ${hosts}allowedOrigins: [${JSON.stringify(origin)}] }`;
}

function matchesHost(allowed: readonly string[], host: string): boolean {
  const value = host.trim().toLowerCase();
  const name = hostnameOf(value);
  return allowed.some((entry) => {
    const candidate = entry.toLowerCase();
    return candidate === value || candidate === name;
  });
}

/**
 * Which proxies in front of the server are trusted to say, in `X-Forwarded-Host`
 * and `X-Forwarded-Proto`, which name and scheme the client used:
 *
 * - a number of hops: that many proxies append to (or set) those headers; the
 *   value the outermost of them wrote is used, and anything a client put before
 *   it is ignored. `1` for one nginx in front.
 * - a list of addresses: the headers count only on a request whose TCP peer is one
 *   of them (the `node:http` adapter knows the peer; a fetch runtime does not, so
 *   there every request is treated as untrusted), and the last value is used.
 * - `false` or absent: the headers are ignored.
 *
 * @example
 * await serveHttp(server, { trustProxy: 1, hostProtection: { allowedHosts: ['mcp.example.com'] } });
 */
export type TrustProxy = false | number | readonly string[];

/** What a trusted proxy said about the original request. */
export interface ForwardedRequest {
  /** The Host the client used, or null when no trusted proxy said. */
  readonly host: string | null;
  /** The scheme the client used (`https`), or null when no trusted proxy said. */
  readonly proto: string | null;
}

/** No trusted proxy said anything: one shared answer, so a request without a proxy allocates none. */
const NOT_FORWARDED: ForwardedRequest = Object.freeze({ host: null, proto: null });

/**
 * The Host and scheme a trusted proxy reports, from `X-Forwarded-Host` and
 * `X-Forwarded-Proto`, or nulls when the request did not come through a trusted proxy.
 *
 * @example
 * forwardedRequest(1, (name) => headers.get(name), '127.0.0.1'); // { host: 'mcp.example.com', proto: 'https' }
 */
export function forwardedRequest(
  trust: TrustProxy | undefined,
  header: (name: string) => string | null,
  peer: string | undefined,
): ForwardedRequest {
  if (trust === undefined || trust === false) return NOT_FORWARDED;
  let pick: (values: string[]) => string | undefined;
  if (typeof trust === 'number') {
    if (!(trust >= 1)) return NOT_FORWARDED;
    pick = (values) => values[Math.max(0, values.length - trust)];
  } else {
    if (peer === undefined || !trust.includes(normalizePeer(peer))) return NOT_FORWARDED;
    pick = (values) => values[values.length - 1];
  }
  const read = (name: string) => {
    const raw = header(name);
    if (raw === null) return null;
    const values = raw
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    return pick(values) ?? null;
  };
  return { host: read('x-forwarded-host'), proto: read('x-forwarded-proto')?.toLowerCase() ?? null };
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) as `127.0.0.1`. */
function normalizePeer(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
