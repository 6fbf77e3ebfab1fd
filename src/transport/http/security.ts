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
 * - `false`: no Host/Origin checks (a server behind a proxy that does them).
 * - An object: explicit allow-lists. Entries are compared case-insensitively;
 *   hosts without a port match any port.
 */
export type HostProtection =
  | 'loopback'
  | false
  | { allowedHosts?: readonly string[]; allowedOrigins?: readonly string[] };

/** Why a request failed the Host/Origin checks, or undefined when it passed. */
export function checkHostAndOrigin(
  protection: HostProtection,
  host: string | null,
  origin: string | null,
): string | undefined {
  if (protection === false) return undefined;
  if (protection === 'loopback') {
    if (host === null || !isLoopbackHost(host)) {
      return `Host ${JSON.stringify(host)} is not allowed: this server only answers requests addressed to localhost`;
    }
    if (origin !== null && !isLoopbackOrigin(origin)) {
      return `Origin ${JSON.stringify(origin)} is not allowed: this server only answers pages served from localhost`;
    }
    return undefined;
  }
  const { allowedHosts, allowedOrigins } = protection;
  if (allowedHosts?.length && (host === null || !matchesHost(allowedHosts, host)))
    return `Host ${JSON.stringify(host)} is not in allowedHosts`;
  if (origin !== null && allowedOrigins?.length) {
    const wanted = origin.toLowerCase();
    if (!allowedOrigins.some((allowed) => allowed.toLowerCase() === wanted))
      return `Origin ${JSON.stringify(origin)} is not in allowedOrigins`;
  }
  return undefined;
}

function matchesHost(allowed: readonly string[], host: string): boolean {
  const value = host.trim().toLowerCase();
  const name = hostnameOf(value);
  return allowed.some((entry) => {
    const candidate = entry.toLowerCase();
    return candidate === value || candidate === name;
  });
}
