/**
 * The client's SSRF guard: which addresses a URL chosen by a server (protected resource
 * metadata, an authorization server and its endpoints, a redirect, a URL elicitation) may
 * lead to. A gateway that connects to servers its users name must not let one of them point it
 * at the gateway's own network: a cloud metadata service on 169.254.169.254, an admin page on
 * 10.0.0.5, a database on localhost.
 *
 * The rule: the host the user named (the MCP server's URL) is always allowed; every other host
 * must resolve only to public addresses, or be allowed explicitly (`allow`). Loopback is
 * allowed too when the user named a loopback server (local development) or started the server
 * as a local process (stdio), which can reach loopback by itself anyway.
 */
import { SsrfBlockedError } from './errors.js';
import { type AddressKind, classifyIp, type IpRange, inRange, parseCidr, parseIp } from './ip-ranges.js';

/**
 * Resolves a host name to every address it has (IPv4 and IPv6), as text. Rejects when the
 * name does not resolve.
 *
 * @example
 * import { lookup } from 'node:dns/promises';
 * const resolve: HostResolver = async (name) => (await lookup(name, { all: true })).map((a) => a.address);
 */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

/**
 * How the client keeps server-chosen URLs away from internal addresses. Every field is
 * optional; `{}` is the default behaviour.
 *
 * @example
 * await Client.connect('https://mcp.example.com/mcp', {
 *   auth,
 *   ssrfProtection: { allow: ['auth.corp.internal', '10.20.0.0/16'] },
 * });
 */
export interface SsrfProtectionOptions {
  /**
   * Hosts and address ranges server-chosen URLs may reach although they are internal: exact
   * host names (`auth.corp.internal`), addresses (`10.0.0.5`, `fd00::1`) and CIDR ranges
   * (`10.20.0.0/16`, `fd00::/8`). A listed name is allowed whatever it resolves to; an address
   * or range allows exactly those addresses.
   */
  allow?: readonly string[];
  /**
   * Allow loopback addresses (127.0.0.0/8, ::1, localhost). Default: true when the user named
   * a loopback server (`http://127.0.0.1:3000/mcp`, `http://localhost/mcp`) or a command to
   * spawn, false otherwise. Private and link-local addresses stay refused either way.
   */
  allowLoopback?: boolean;
  /**
   * Resolves host names before a request (tests inject one; an application may use its own
   * resolver). Default: `node:dns` `lookup` with `all: true` where `node:dns` exists (Node,
   * Bun, Deno); elsewhere (browsers, workers) names are not resolved, and only literal
   * addresses and `localhost` names are judged.
   */
  resolve?: HostResolver;
  /** Redirects followed per request, each one checked like the first URL. Default 5. */
  maxRedirects?: number;
}

/**
 * `false` turns the guard off; an object tunes it ({@link SsrfProtectionOptions}). Default
 * (`undefined`): on, as `{}`.
 *
 * @example
 * const off: SsrfProtection = false; // a trusted server on a private network, tested separately
 */
export type SsrfProtection = false | SsrfProtectionOptions;

/**
 * The default of {@link SsrfProtectionOptions.maxRedirects}.
 *
 * @example
 * const ssrfProtection: SsrfProtectionOptions = { maxRedirects: DEFAULT_MAX_REDIRECTS * 2 };
 */
export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * Where a guard stands: what the user named, and how.
 *
 * @example
 * const options: OutboundGuardOptions = { named: new URL('https://mcp.example.com/mcp'), protection: { allow: ['10.0.0.0/8'] } };
 */
export interface OutboundGuardOptions {
  /** The URL the user named (the MCP server). Its host is always allowed. */
  named?: URL;
  /** The user started the server as a local process (stdio): loopback is allowed by default. */
  localProcess?: boolean;
  /** The user's setting, `ssrfProtection` of `Client.connect`. */
  protection?: SsrfProtection;
}

/** The option users change, named in every refusal. */
const OPTION = 'ssrfProtection (an option of Client.connect)';

/** The words of a refusal, per kind of address. */
const KIND_WORDS: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private-network address',
  'link-local': 'a link-local address (cloud metadata services live there)',
  shared: 'a carrier-grade NAT address (100.64.0.0/10)',
  unspecified: 'an unspecified address (0.0.0.0 or ::, which reach this machine)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** Names that mean this machine without asking DNS (RFC 6761 reserves `localhost` and its subdomains). */
function isLocalhostName(hostname: string): boolean {
  const name = hostname.replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The specifier of Node's resolver, computed so bundlers for browsers leave it alone. */
const NODE_DNS = 'node:dns';

let systemResolver: Promise<HostResolver | undefined> | undefined;

/** Node's `lookup` with `all: true`, where the runtime has `node:dns`; `undefined` elsewhere. */
function loadSystemResolver(): Promise<HostResolver | undefined> {
  systemResolver ??= import(/* @vite-ignore */ NODE_DNS).then(
    (dns: typeof import('node:dns')) => async (hostname: string) =>
      (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address),
    () => undefined,
  );
  return systemResolver;
}

/**
 * Judges URLs a server chose before the client fetches them. `check` throws
 * {@link SsrfBlockedError} for a refused URL; `guardedFetch` (./guarded-fetch.ts) checks every
 * request and every redirect with it.
 *
 * @example
 * const guard = new OutboundGuard({ named: new URL('https://mcp.example.com/mcp') });
 * await guard.check(new URL('https://auth.example.com/token')); // fine: public
 * await guard.check(new URL('http://169.254.169.254/')); // throws SsrfBlockedError
 */
export class OutboundGuard {
  /** False when the user turned the guard off. */
  readonly enabled: boolean;
  /** Redirects followed per request. */
  readonly maxRedirects: number;
  private readonly named: string | undefined;
  private readonly allowLoopback: boolean;
  // Made only for an `allow` list: every connection has a guard, most without one.
  private allowedHosts: Set<string> | undefined;
  private allowedRanges: IpRange[] | undefined;
  private readonly resolver: HostResolver | undefined;

  constructor(options: OutboundGuardOptions = {}) {
    const protection = options.protection ?? {};
    this.enabled = protection !== false;
    const settings = protection === false ? {} : protection;
    this.named = options.named?.hostname.toLowerCase();
    const namedIsLoopback =
      this.named !== undefined &&
      (isLocalhostName(this.named) || classifyOrUndefined(this.named) === 'loopback');
    this.allowLoopback = settings.allowLoopback ?? (options.localProcess === true || namedIsLoopback);
    this.resolver = settings.resolve;
    this.maxRedirects = settings.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    if (!(Number.isInteger(this.maxRedirects) && this.maxRedirects >= 0)) {
      throw new RangeError(`${OPTION}: maxRedirects must be a whole number from 0; got ${this.maxRedirects}`);
    }
    for (const entry of settings.allow ?? []) this.addAllowed(entry);
  }

  /**
   * Whether redirects are followed by the guard, hop by hop: where names can be resolved (a
   * resolver was given, or `node:dns` exists). Elsewhere a browser hides redirect targets from
   * scripts, so the runtime follows them and only the first URL is checked.
   */
  async followsRedirects(): Promise<boolean> {
    return this.enabled && (await this.resolverInUse()) !== undefined;
  }

  /**
   * Resolves when `url` may be fetched; throws {@link SsrfBlockedError} saying which address it
   * leads to, why that is refused and which option allows it. Only `http:` and `https:` URLs
   * pass.
   *
   * @example
   * await guard.check(new URL('http://2130706433/')); // throws: 127.0.0.1, a loopback address
   */
  async check(url: URL): Promise<void> {
    const refusal = await this.judge(url);
    if (refusal) throw refusal;
  }

  private async judge(url: URL): Promise<SsrfBlockedError | undefined> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return new SsrfBlockedError(
        url.href,
        undefined,
        'it is not an http(s) URL',
        'Only http: and https: URLs are fetched.',
      );
    }
    if (!this.enabled) return undefined;
    // URL parsing already made the host canonical: `0x7f.1` and `2130706433` read 127.0.0.1.
    const host = url.hostname.toLowerCase();
    if (host === this.named || this.allowedHosts?.has(host)) return undefined;
    if (isLocalhostName(host)) {
      return this.allowLoopback ? undefined : this.refusal(url, host, 'loopback', undefined);
    }
    let addresses: readonly string[];
    // A literal is judged as it is (without the brackets of an IPv6 one); a name by what it resolves to.
    const literal = parseIp(host) !== undefined;
    if (literal) addresses = [host.replace(/^\[(.*)\]$/, '$1')];
    else {
      const resolve = await this.resolverInUse();
      if (!resolve) return undefined; // No resolver on this runtime: a name cannot be judged here.
      try {
        addresses = await resolve(host);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        return new SsrfBlockedError(
          url.href,
          undefined,
          `its host ${host} did not resolve${typeof code === 'string' ? ` (${code})` : ''}, so where it leads cannot be checked`,
          `If the name is right, check DNS; to skip the check for it, add ${JSON.stringify(host)} to the allow list of ${OPTION}.`,
        );
      }
      if (addresses.length === 0) {
        return new SsrfBlockedError(url.href, undefined, `its host ${host} resolved to no address`, '');
      }
    }
    // Every address must pass: a name with one public and one private address is refused, since
    // the connection may use either.
    for (const address of addresses) {
      const ip = parseIp(address);
      if (!ip) {
        return new SsrfBlockedError(
          url.href,
          address,
          `the resolver answered something that is not an address`,
          '',
        );
      }
      const kind = classifyIp(ip);
      if (kind === 'public') continue;
      if (kind === 'loopback' && this.allowLoopback) continue;
      if (this.allowedRanges?.some((range) => inRange(ip, range))) continue;
      return this.refusal(url, address, kind, literal ? undefined : host);
    }
    return undefined;
  }

  /** A refusal of `address`, which `name` resolved to (undefined when the URL named it itself). */
  private refusal(
    url: URL,
    address: string,
    kind: Exclude<AddressKind, 'public'>,
    name: string | undefined,
  ): SsrfBlockedError {
    const host = name ?? address;
    const resolvedFrom = name === undefined ? '' : `${name} resolves to ${address}, `;
    const entries =
      name === undefined ? JSON.stringify(address) : `${JSON.stringify(name)} or ${JSON.stringify(address)}`;
    return new SsrfBlockedError(
      url.href,
      address,
      `${resolvedFrom}${KIND_WORDS[kind]}`,
      `If this host is meant to be reached, add ${entries} to the allow list of ${OPTION}, for example ssrfProtection: { allow: [${JSON.stringify(host)}] }${kind === 'loopback' ? ' (or allowLoopback: true)' : ''}; ssrfProtection: false turns the check off.`,
    );
  }

  private addAllowed(entry: string): void {
    const range = parseCidr(entry.trim());
    if (range) {
      this.allowedRanges ??= [];
      this.allowedRanges.push(range);
      return;
    }
    let hostname: string | undefined;
    try {
      hostname = new URL(`http://${entry.trim()}/`).hostname;
    } catch {
      hostname = undefined;
    }
    if (!hostname || hostname !== entry.trim().toLowerCase() || entry.includes('/')) {
      throw new TypeError(
        `${OPTION}: allow entry ${JSON.stringify(entry)} is neither a host name, an address nor a CIDR range (like 10.0.0.0/8)`,
      );
    }
    this.allowedHosts ??= new Set();
    this.allowedHosts.add(hostname);
  }

  private resolverInUse(): Promise<HostResolver | undefined> {
    return this.resolver ? Promise.resolve(this.resolver) : loadSystemResolver();
  }
}

function classifyOrUndefined(host: string): AddressKind | undefined {
  const ip = parseIp(host);
  return ip && classifyIp(ip);
}
