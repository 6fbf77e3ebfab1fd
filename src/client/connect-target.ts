/**
 * Turns what `Client.connect` was given (a URL, a command, a transport) into a
 * transport.
 */
import { McpkitLocalError } from '../protocol/errors.js';
import type { JSONRPCMessage } from '../protocol/jsonrpc.js';
import type { Transport } from '../session/transport.js';
import {
  authorizingFetch,
  authorizingWire,
  type HttpAuthorizer,
  StreamableHttpClientTransport,
  type StreamableHttpClientTransportOptions,
} from '../transport/http/client.js';
import { defaultHttpFetch, defaultHttpWire } from '../transport/http/default-wire.js';
import { OutboundGuard, type SsrfProtection } from '../transport/http/outbound-guard.js';
import type { HttpResponseHead, HttpWire } from '../transport/http/wire.js';
import { defaultChildEnvironment, StdioClientTransport } from '../transport/stdio/client.js';

/** A server process to spawn and speak to over stdio. */
export interface SpawnTarget {
  command: string;
  args?: readonly string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** A server to connect to: an HTTP(S) URL, a command to spawn (stdio), or a ready transport. */
export type ConnectTarget = string | URL | SpawnTarget | Transport;

/**
 * What a spawn consent hook is shown before a local server is started:
 * exactly what will run, with nothing left out.
 *
 * @example
 * const shown: SpawnRequest = {
 *   command: 'npx',
 *   args: ['-y', 'weather-mcp'],
 *   env: { PATH: '/usr/bin', HOME: '/home/me', WEATHER_KEY: 'k-123' },
 *   addedEnv: { WEATHER_KEY: 'k-123' },
 * };
 */
export interface SpawnRequest {
  /** The program. */
  command: string;
  /** Every argument, in order. */
  args: readonly string[];
  /** The whole environment the process gets: the inherited defaults plus what the target sets. */
  env: Readonly<Record<string, string>>;
  /** Only the variables the target sets itself (`SpawnTarget.env`), values included. */
  addedEnv: Readonly<Record<string, string>>;
  /** The working directory, when the target names one. */
  cwd?: string;
}

/**
 * Asked before a command is started (SEP-1024): resolve to true to start it,
 * false to refuse (the connect then fails with {@link SpawnRefusedError}).
 * Show the user the whole request, say that a local server runs with their
 * privileges, and start nothing without an explicit yes.
 *
 * @example
 * const confirmSpawn: SpawnConsent = async ({ command, args, addedEnv }) =>
 *   askUser(`Start ${[command, ...args].join(' ')} with ${JSON.stringify(addedEnv)}?`);
 */
export type SpawnConsent = (request: SpawnRequest) => boolean | Promise<boolean>;

/**
 * The consent hook refused to start the command; nothing was started.
 *
 * @example
 * try {
 *   await Client.connect({ command: 'node', args: ['server.js'] }, { confirmSpawn: () => false });
 * } catch (error) {
 *   if (error instanceof SpawnRefusedError) console.error(`not started: ${error.request.command}`);
 * }
 */
export class SpawnRefusedError extends McpkitLocalError {
  override name = 'SpawnRefusedError';
  constructor(readonly request: SpawnRequest) {
    super(
      `Not starting ${JSON.stringify([request.command, ...request.args].join(' '))}: confirmSpawn refused it`,
    );
  }
}

/**
 * What `confirmSpawn` is shown for a target: its command, arguments and the
 * environment the process would get.
 *
 * @example
 * spawnRequestFor({ command: 'node', args: ['server.js'], env: { DEBUG: '1' } }).addedEnv; // { DEBUG: '1' }
 */
export function spawnRequestFor(target: SpawnTarget): SpawnRequest {
  const addedEnv = { ...target.env };
  const request: SpawnRequest = {
    command: target.command,
    args: [...(target.args ?? [])],
    env: { ...defaultChildEnvironment(), ...addedEnv },
    addedEnv,
  };
  if (target.cwd !== undefined) request.cwd = target.cwd;
  return request;
}

/** Transport-level options of `Client.connect`. */
export interface TargetOptions {
  /**
   * Consent before a command target is started (SEP-1024): called with the
   * full command, arguments and environment; false refuses with
   * {@link SpawnRefusedError}. Asked once per `connect`: the restart of the
   * same command for a 2025 server that exits on the first probe is not asked
   * again. Without it, commands start without asking: a host that starts
   * commands it did not write itself (from a configuration file or a link)
   * should set it.
   */
  confirmSpawn?: SpawnConsent;
  /** Headers on every HTTP request (authorization, say). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /**
   * The fetch to use for HTTP (a proxy, instrumentation, a test double). Without it, on Node the
   * client uses Node's own HTTP client with a keep-alive connection pool, a fraction of fetch's
   * cost per request; on other runtimes, the global `fetch`.
   */
  fetch?: typeof fetch;
  /**
   * Authorization for HTTP servers: an `OAuthClientAuth` (OAuth 2.1, the MCP
   * authorization spec) or any other {@link HttpAuthorizer}. Every request to
   * the server (POST, GET stream, DELETE) carries its headers, and a 401/403 goes
   * to it first.
   */
  auth?: HttpAuthorizer;
  /**
   * Server-side request forgery protection: which addresses URLs the server chooses may lead
   * to (its redirects, the protected resource metadata and authorization server it names, that
   * server's endpoints, and what `client.checkUrl` is asked about). The host in the URL given
   * to `connect` is always allowed; any other host must resolve to public addresses only (checked
   * after DNS resolution and on every redirect), or be in `allow`. Loopback is allowed too when
   * the URL given is loopback, or the target is a command. `false` turns it off. Default: on.
   * See docs/auth.md ("Which URLs the client fetches") and `SsrfProtectionOptions`.
   */
  ssrfProtection?: SsrfProtection;
  /** What to do with a spawned server's stderr. Default `'inherit'`. */
  stderr?: 'inherit' | 'pipe' | 'ignore';
}

/** What the client adds to whichever transport it gets; called as methods of the object given. */
export interface TargetHooks {
  messageHeaders(message: JSONRPCMessage): Record<string, string> | undefined;
  onResponse(response: HttpResponseHead, message: JSONRPCMessage): void;
  cancellation(): 'close-stream' | 'notification';
}

function isTransport(target: unknown): target is Transport {
  return typeof target === 'object' && target !== null && typeof (target as Transport).send === 'function';
}

/** Whether a target is a command to spawn (so it can be spawned again). */
export function isSpawnTarget(target: ConnectTarget): target is SpawnTarget {
  return (
    !isTransport(target) && !(typeof target === 'string' || target instanceof URL) && 'command' in target
  );
}

/** What the client needs to reach an HTTP endpoint outside the transport (the 2025 GET stream, DELETE). */
export interface HttpEndpoint {
  url: URL;
  /** For the HTTP+SSE fallback, which speaks fetch. */
  fetch: typeof fetch;
  /** For the 2025 session's own requests (the GET stream, DELETE): the transport's kind of wire. */
  wire: HttpWire;
  headers: () => Promise<Record<string, string>>;
}

/**
 * The HTTP endpoint behind a target, when the client built an HTTP transport for it (pass that
 * transport to share its wire).
 *
 * @example
 * httpEndpointOf('http://127.0.0.1:3000/mcp', {})?.url.href; // 'http://127.0.0.1:3000/mcp'
 */
export function httpEndpointOf(
  target: ConnectTarget,
  options: TargetOptions,
  transport?: Transport,
): HttpEndpoint | undefined {
  if (isTransport(target) || !(typeof target === 'string' || target instanceof URL)) return undefined;
  const url = typeof target === 'string' ? new URL(target) : target;
  // The transport built for the same target already has the wire (and its guard): shared.
  const wire = transport instanceof StreamableHttpClientTransport ? transport.wire : undefined;
  return new LazyHttpEndpoint(url, options, wire);
}

/**
 * An {@link HttpEndpoint} whose guard, fetch and wire are made when first needed (a 2025
 * session's GET stream, DELETE, the HTTP+SSE fallback): a 2026-07-28 client that never needs
 * them holds no second guard and wire per connection. A class, so a held connection keeps one
 * object rather than a closure per member.
 */
class LazyHttpEndpoint implements HttpEndpoint {
  private guardOnce: OutboundGuard | undefined;
  private fetchOnce: typeof fetch | undefined;
  private wireOnce: HttpWire | undefined;

  constructor(
    readonly url: URL,
    private readonly options: TargetOptions,
    wire?: HttpWire,
  ) {
    this.wireOnce = wire;
  }

  private guard(): OutboundGuard {
    this.guardOnce ??= new OutboundGuard({ named: this.url, protection: this.options.ssrfProtection });
    return this.guardOnce;
  }

  get fetch(): typeof fetch {
    if (!this.fetchOnce) {
      const base = defaultHttpFetch(this.options.fetch, this.guard());
      this.fetchOnce = this.options.auth ? authorizingFetch(base, this.options.auth, this.guard()) : base;
    }
    return this.fetchOnce;
  }

  get wire(): HttpWire {
    if (!this.wireOnce) {
      const base = defaultHttpWire(this.options.fetch, this.guard());
      this.wireOnce = this.options.auth ? authorizingWire(base, this.options.auth, this.guard()) : base;
    }
    return this.wireOnce;
  }

  async headers(): Promise<Record<string, string>> {
    const headers = this.options.headers;
    return { ...(typeof headers === 'function' ? await headers() : headers) };
  }
}

/**
 * The options of the HTTP transport the client builds: the user's transport options, and the
 * client's hooks as methods (one object per connection, no closures).
 */
class HookedHttpOptions implements StreamableHttpClientTransportOptions {
  readonly fetch: typeof fetch | undefined;
  readonly headers: TargetOptions['headers'];
  readonly authorizer: HttpAuthorizer | undefined;
  readonly ssrfProtection: SsrfProtection | undefined;

  constructor(
    options: TargetOptions,
    private readonly hooks: TargetHooks,
  ) {
    this.fetch = options.fetch;
    this.headers = options.headers;
    this.authorizer = options.auth;
    this.ssrfProtection = options.ssrfProtection;
  }

  messageHeaders(message: JSONRPCMessage): Record<string, string> | undefined {
    return this.hooks.messageHeaders(message);
  }

  onResponse(response: HttpResponseHead, message: JSONRPCMessage): void {
    this.hooks.onResponse(response, message);
  }

  /** Read per cancellation: the mode follows the revision the client negotiated. */
  get cancellation(): 'close-stream' | 'notification' {
    return this.hooks.cancellation();
  }
}

/**
 * Builds the transport for a target.
 *
 * @example
 * connectTarget('http://127.0.0.1:3000/mcp', {}, hooks); // StreamableHttpClientTransport
 */
export function connectTarget(target: ConnectTarget, options: TargetOptions, hooks: TargetHooks): Transport {
  if (isTransport(target)) return target;
  if (typeof target === 'string' || target instanceof URL) {
    const url = typeof target === 'string' ? new URL(target) : target;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(
        `Cannot connect to ${url.href}: use an http(s) URL, a { command } to spawn, or a transport`,
      );
    }
    return new StreamableHttpClientTransport(url, new HookedHttpOptions(options, hooks));
  }
  return new StdioClientTransport({
    command: target.command,
    args: target.args,
    env: target.env,
    cwd: target.cwd,
    stderr: options.stderr ?? 'inherit',
  });
}
