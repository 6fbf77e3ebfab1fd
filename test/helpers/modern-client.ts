/**
 * A small 2026-07-28 client for tests, until mcpkit has a high-level Client:
 * a `JsonRpcPeer` that puts the `_meta` envelope on every request and, over
 * HTTP, sends the SEP-2243 headers (including the `Mcp-Param-*` headers of
 * tools it has seen in a `tools/list`).
 */

import { StreamableHttpClientTransport } from '../../src/entries/http.js';
import {
  JsonRpcPeer,
  type OutboundRequestOptions,
  type ResultObject,
  type Transport,
} from '../../src/entries/session.js';
import { StdioClientTransport, type StdioClientTransportOptions } from '../../src/entries/stdio.js';
import {
  extractParamHeaders,
  type ParamHeaderDeclaration,
  requestHeadersFor,
} from '../../src/protocol/http-headers.js';
import type { JSONRPCMessage } from '../../src/protocol/jsonrpc.js';
import { META_CLIENT_CAPABILITIES, META_PROTOCOL_VERSION } from '../../src/protocol/meta.js';

/** The revision these tests speak. */
export const MODERN_VERSION = '2026-07-28';

/** Client capabilities, as declared in the envelope. */
export type Capabilities = Record<string, unknown>;

/** The `_meta` envelope every 2026-07-28 request carries. */
export function envelope(capabilities: Capabilities = {}): Record<string, unknown> {
  return { [META_PROTOCOL_VERSION]: MODERN_VERSION, [META_CLIENT_CAPABILITIES]: capabilities };
}

/** `params` with the envelope merged into its `_meta` (keys already there, such as `progressToken`, stay). */
export function withEnvelope(
  params: Record<string, unknown> = {},
  capabilities: Capabilities = {},
): Record<string, unknown> {
  const meta = (params._meta as Record<string, unknown> | undefined) ?? {};
  return { ...params, _meta: { ...envelope(capabilities), ...meta } };
}

/** A test client: requests get the envelope; `peer` is there for notification handlers. */
export class ModernClient {
  /** `x-mcp-header` declarations of tools seen in `tools/list`, by tool name. */
  readonly toolHeaders = new Map<string, readonly ParamHeaderDeclaration[]>();
  readonly peer: JsonRpcPeer;

  constructor(
    transport: Transport,
    readonly capabilities: Capabilities = {},
  ) {
    this.peer = new JsonRpcPeer(transport);
  }

  /** Sends a request with the envelope (capabilities may be overridden per call). */
  async request(
    method: string,
    params: Record<string, unknown> = {},
    options: OutboundRequestOptions & { capabilities?: Capabilities } = {},
  ): Promise<ResultObject> {
    const { capabilities = this.capabilities, ...requestOptions } = options;
    const result = await this.peer.request(method, withEnvelope(params, capabilities), {
      timeoutMs: 10_000,
      ...requestOptions,
    });
    if (method === 'tools/list') this.learnTools(result.tools);
    return result;
  }

  /** Sends a request exactly as given (no envelope), to see how servers treat bad input. */
  raw(method: string, params?: Record<string, unknown>): Promise<ResultObject> {
    return this.peer.request(method, params, { timeoutMs: 10_000 });
  }

  close(): Promise<void> {
    return this.peer.close();
  }

  /** HTTP headers for one outbound message. */
  headersFor(message: JSONRPCMessage): Record<string, string> | undefined {
    if (!('method' in message)) return undefined;
    const name = (message.params as { name?: unknown } | undefined)?.name;
    const paramHeaders =
      message.method === 'tools/call' && typeof name === 'string' ? this.toolHeaders.get(name) : undefined;
    return requestHeadersFor(message, { protocolVersion: MODERN_VERSION, paramHeaders });
  }

  private learnTools(tools: unknown): void {
    if (!Array.isArray(tools)) return;
    for (const tool of tools as { name: string; inputSchema?: unknown }[]) {
      const extraction = extractParamHeaders(tool.inputSchema);
      if (extraction.ok && extraction.declarations.length > 0)
        this.toolHeaders.set(tool.name, extraction.declarations);
    }
  }
}

/** Options of {@link connectHttp}. */
export interface HttpClientOptions {
  capabilities?: Capabilities;
  /** Routes requests somewhere other than the network, e.g. `(r) => server.fetch(r)` in-process. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Connects over Streamable HTTP. */
export async function connectHttp(url: URL | string, options: HttpClientOptions = {}): Promise<ModernClient> {
  let client: ModernClient | undefined;
  const serve = options.fetch;
  const transport = new StreamableHttpClientTransport(new URL(url), {
    messageHeaders: (message) => client?.headersFor(message),
    fetch: serve
      ? (input: RequestInfo | URL, init?: RequestInit) => serve(new Request(input, init))
      : undefined,
  });
  client = new ModernClient(transport, options.capabilities);
  await client.peer.start();
  return client;
}

/** Starts a server as a child process and connects over its stdio. */
export async function connectStdio(
  options: StdioClientTransportOptions,
  capabilities: Capabilities = {},
): Promise<ModernClient> {
  const client = new ModernClient(new StdioClientTransport(options), capabilities);
  await client.peer.start();
  return client;
}

/**
 * Items in arrival order, for awaiting notifications without sleeping:
 * `await inbox.next()` resolves with the oldest item not yet taken.
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: ((item: T) => void)[] = [];

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  /** The next item; rejects after `timeoutMs` so a missing notification fails with a message, not a hang. */
  next(timeoutMs = 5_000): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift()!);
    return new Promise((resolve, reject) => {
      const waiter = (item: T) => {
        clearTimeout(timer);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`Nothing arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

/** A notification as a client received it. */
export interface ReceivedNotification {
  method: string;
  params: Record<string, unknown>;
}

/** Collects the client's notifications of the given methods into one inbox, in arrival order. */
export function collectNotifications(
  client: ModernClient,
  methods: readonly string[],
): Inbox<ReceivedNotification> {
  const inbox = new Inbox<ReceivedNotification>();
  for (const method of methods) {
    client.peer.dispatcher.setNotificationHandler(method, (params) => inbox.push({ method, params }));
  }
  return inbox;
}
