/**
 * Turns what `Client.connect` was given (a URL, a command, a transport) into a
 * transport.
 */
import type { JSONRPCMessage } from '../protocol/jsonrpc.js';
import type { Transport } from '../session/transport.js';
import {
  authorizingFetch,
  type HttpAuthorizer,
  StreamableHttpClientTransport,
} from '../transport/http/client.js';
import { StdioClientTransport } from '../transport/stdio/client.js';

/** A server process to spawn and speak to over stdio. */
export interface SpawnTarget {
  command: string;
  args?: readonly string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** A server to connect to: an HTTP(S) URL, a command to spawn (stdio), or a ready transport. */
export type ConnectTarget = string | URL | SpawnTarget | Transport;

/** Transport-level options of `Client.connect`. */
export interface TargetOptions {
  /** Headers on every HTTP request (authorization, say). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** The fetch to use for HTTP. */
  fetch?: typeof fetch;
  /**
   * Authorization for HTTP servers: an `OAuthClientAuth` (OAuth 2.1, the MCP
   * authorization spec) or any other {@link HttpAuthorizer}. Every request to
   * the server (POST, GET stream, DELETE) carries its headers, and a 401/403 goes
   * to it first.
   */
  auth?: HttpAuthorizer;
  /** What to do with a spawned server's stderr. Default `'inherit'`. */
  stderr?: 'inherit' | 'pipe' | 'ignore';
}

/** What the client adds to whichever transport it gets. */
export interface TargetHooks {
  messageHeaders: (message: JSONRPCMessage) => Record<string, string> | undefined;
  onResponse: (response: Response, message: JSONRPCMessage) => void;
  cancellation: () => 'close-stream' | 'notification';
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
  fetch: typeof fetch;
  headers: () => Promise<Record<string, string>>;
}

/**
 * The HTTP endpoint behind a target, when the client built an HTTP transport for it.
 *
 * @example
 * httpEndpointOf('http://127.0.0.1:3000/mcp', {})?.url.href; // 'http://127.0.0.1:3000/mcp'
 */
export function httpEndpointOf(target: ConnectTarget, options: TargetOptions): HttpEndpoint | undefined {
  if (isTransport(target) || !(typeof target === 'string' || target instanceof URL)) return undefined;
  const url = typeof target === 'string' ? new URL(target) : target;
  const headers = options.headers;
  const base: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    url,
    fetch: options.auth ? authorizingFetch(base, options.auth) : base,
    headers: async () => ({ ...(typeof headers === 'function' ? await headers() : headers) }),
  };
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
    return new StreamableHttpClientTransport(url, {
      fetch: options.fetch,
      headers: options.headers,
      authorizer: options.auth,
      messageHeaders: hooks.messageHeaders,
      onResponse: (response, message) => hooks.onResponse(response, message),
      cancellation: hooks.cancellation,
    });
  }
  return new StdioClientTransport({
    command: target.command,
    args: target.args,
    env: target.env,
    cwd: target.cwd,
    stderr: options.stderr ?? 'inherit',
  });
}
