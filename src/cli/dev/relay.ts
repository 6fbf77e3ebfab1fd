/**
 * The heart of `mcpkit dev`: a message-level relay between the host's
 * connection and a server process that may be replaced at any time. The host
 * keeps one connection; each new server process is brought to the state the
 * host left the previous one in (the 2025 handshake, log level and resource
 * subscriptions; 2026-07-28 listen streams, re-issued under their own ids) and
 * the host hears `list_changed` for whatever the new process lists differently.
 * Ids of the host's requests travel unchanged; requests the server sends the
 * host get ids of the relay's own, because each new process counts from the
 * start again.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../protocol/errors.js';
import {
  isNotification,
  isRequest,
  JSONRPC_VERSION,
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type JSONRPCResponse,
  type RequestId,
} from '../../protocol/jsonrpc.js';
import {
  META_CLIENT_CAPABILITIES,
  META_PROTOCOL_VERSION,
  META_SUBSCRIPTION_ID,
} from '../../protocol/meta.js';
import type { Transport } from '../../session/transport.js';
import { changedKinds, type ListKind, type ListSnapshot, snapshotLists } from './lists.js';

/** Options of a {@link DevRelay}. */
export interface DevRelayOptions {
  /** The host's connection (this process's stdin and stdout for `mcpkit dev`). */
  host: Transport;
  /** A transport to a freshly started server process, not yet started; called on every (re)start. */
  startServer: () => Transport;
  /** Where the relay says what happens (restarts, crashes); never the protocol stream. */
  report: (line: string) => void;
  /** How long the relay waits for each answer to a request of its own (the replayed handshake, lists). Default 10 000 ms. */
  ownRequestTimeoutMs?: number;
}

/** Where the relay stands with its server process. */
type ServerState = 'starting' | 'up' | 'down' | 'closed';

/** A request the server sent the host, under the id the host saw. */
interface ServerRequestRoute {
  hostId: string;
  generation: number;
  serverId: RequestId;
}

/** A `subscriptions/listen` request of the host, kept open across restarts. */
interface OpenListen {
  request: JSONRPCRequest;
  /** The filter the last acknowledgement granted, as JSON, once one came. */
  acknowledged?: string;
  /** The acknowledgement of the re-issued request is the relay's, not news for the host. */
  swallowAck: boolean;
}

/** A request of the relay's own to the server, waiting for its answer. */
interface OwnRequest {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** An answer of the server's that is an error, raised to the relay's own caller. */
class ServerAnswerError extends Error {
  override name = 'ServerAnswerError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const LIST_CHANGED: Record<ListKind, { method: string; filter: string }> = {
  tools: { method: 'notifications/tools/list_changed', filter: 'toolsListChanged' },
  prompts: { method: 'notifications/prompts/list_changed', filter: 'promptsListChanged' },
  resources: { method: 'notifications/resources/list_changed', filter: 'resourcesListChanged' },
};

/** How long a restart waits for a listing in progress (a server stuck in a loop never answers it). */
const LISTING_WAIT_MS = 2000;

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
function settledWithin(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (promise === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}

/** A request id as a map key: `1` and `"1"` are different ids. */
function idKey(id: RequestId): string {
  return `${typeof id}:${id}`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Relays one host connection to a succession of server processes. `start()`
 * starts the first; `restart()` replaces it (a watched file changed). Every
 * request of the host gets exactly one answer: the server's, or an error
 * saying the server restarted or is not running, with what to do.
 *
 * @example
 * const relay = new DevRelay({
 *   host: new StdioServerTransport(),
 *   startServer: () => new StdioClientTransport({ command: 'node', args: ['server.js'] }),
 *   report: (line) => process.stderr.write(`${line}\n`),
 * });
 * await relay.start();
 * watcher.on('change', () => void relay.restart());
 * await relay.closed;
 */
export class DevRelay {
  private state: ServerState = 'starting';
  private server: Transport | undefined;
  /** Counts server processes; events of a replaced one are ignored. */
  private generation = 0;
  private restarting = false;
  private restartAgain = false;
  /** Messages of the host that arrived while a server was starting. */
  private queue: JSONRPCMessage[] = [];
  /** The host's requests the current server has not answered yet (listen requests aside), by id. */
  private readonly inFlight = new Map<string, JSONRPCRequest>();
  private readonly listens = new Map<string, OpenListen>();
  /** The server's requests to the host, by the id the host saw, and the reverse for the current server. */
  private readonly serverRequests = new Map<string, ServerRequestRoute>();
  private readonly hostIdOf = new Map<string, string>();
  private readonly ownRequests = new Map<string, OwnRequest>();
  /** Tells the relay's ids from the host's and from those of earlier runs. */
  private readonly tag = randomUUID().slice(0, 8);
  private nextId = 0;

  // What the host told the server that a new process must be told again.
  private initialize: JSONRPCRequest | undefined;
  private initialized = false;
  private logLevel: Record<string, unknown> | undefined;
  private readonly subscribedUris = new Set<string>();
  /** The `_meta` a 2026-07-28 host sends (its revision and capabilities), reused on the relay's own requests. */
  private modernEnvelope: Record<string, unknown> | undefined;
  /** The server's 2025 capabilities, from its latest answer to `initialize`. */
  private legacyCapabilities: Record<string, unknown> | undefined;

  /** What the last listed server offered, and which process that listing is of. */
  private lists: ListSnapshot | undefined;
  private listedGeneration = 0;
  /** The latest listing, which a restart lets finish: it is the baseline the new process is compared with. */
  private listing: Promise<void> | undefined;

  private markClosed!: () => void;
  /** Settles once the host has closed the connection and the server is stopped. */
  readonly closed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  constructor(private readonly options: DevRelayOptions) {}

  /** Starts listening to the host and starts the first server process. */
  async start(): Promise<void> {
    await this.options.host.start({
      onMessage: (message) => this.fromHost(message),
      onInvalid: (reply) => {
        if (reply) this.toHost(reply);
      },
      onClose: () => void this.close(),
    });
    await this.launch();
  }

  /**
   * Replaces the server process with a new one. Calls made while a restart
   * runs are folded into one more restart after it.
   */
  async restart(): Promise<void> {
    if (this.state === 'closed') return;
    if (this.restarting) {
      this.restartAgain = true;
      return;
    }
    this.restarting = true;
    try {
      do {
        this.restartAgain = false;
        // What the host sends meanwhile waits for the new process.
        this.state = 'starting';
        await settledWithin(this.listing, LISTING_WAIT_MS);
        await this.stopServer(
          'The server restarted (mcpkit dev reloaded it) before answering this request; send it again.',
        );
        if (this.isClosed()) return;
        this.options.report('restarting the server');
        await this.launch();
      } while (this.restartAgain && !this.isClosed());
    } finally {
      this.restarting = false;
    }
  }

  /** Stops the server process and ends the relay (the host closed its connection). */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const message of this.queue) this.refuse(message);
    this.queue = [];
    await this.stopServer('mcpkit dev is shutting down.');
    await this.options.host.close().catch(() => {});
    this.markClosed();
  }

  /** Read through a call: the state changes while a restart awaits. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  // ---- server processes ----

  private async launch(): Promise<void> {
    const generation = ++this.generation;
    this.state = 'starting';
    const server = this.options.startServer();
    this.server = server;
    const current = () => generation === this.generation && this.state !== 'closed';
    try {
      await server.start({
        onMessage: (message) => {
          if (current()) this.fromServer(message);
        },
        onInvalid: (_reply, detail) => {
          if (current()) this.options.report(`the server wrote something that is not JSON-RPC: ${detail}`);
        },
        onClose: (error) => {
          if (current()) this.serverGone(error);
        },
      });
      await this.replayHandshake();
    } catch (error) {
      if (current()) this.serverGone(error instanceof Error ? error : new Error(String(error)));
      void server.close().catch(() => {});
      return;
    }
    if (!current()) {
      // Replaced or shut down while it started: this process is nobody's.
      void server.close().catch(() => {});
      return;
    }
    this.state = 'up';
    // Re-issued under the host's own ids in the same turn the server goes up, so no request
    // the host sends next overtakes them.
    for (const listen of this.listens.values()) {
      listen.swallowAck = listen.acknowledged !== undefined;
      this.toServer(listen.request);
    }
    const queued = this.queue;
    this.queue = [];
    for (const message of queued) this.fromHost(message);
    void this.compareLists();
  }

  /** Brings a new server process to where the host left the previous one. */
  private async replayHandshake(): Promise<void> {
    if (this.initialize) {
      const result = await this.requestServer('initialize', this.initialize.params ?? {});
      this.legacyCapabilities = record(result.capabilities);
      if (this.initialized) this.toServer({ jsonrpc: JSONRPC_VERSION, method: 'notifications/initialized' });
      if (this.logLevel) await this.requestServer('logging/setLevel', this.logLevel);
      for (const uri of this.subscribedUris) await this.requestServer('resources/subscribe', { uri });
    }
  }

  /**
   * Stops the current server, if any: every request it had not answered gets
   * `why` as an error, and the host stops waiting for its questions.
   */
  private async stopServer(why: string): Promise<void> {
    const server = this.server;
    this.forgetServer(why);
    await server?.close().catch(() => {});
  }

  /** The server process ended on its own (a crash, a syntax error, an exit). */
  private serverGone(error: Error | undefined): void {
    const how = error?.message ?? 'The server process closed its output';
    this.forgetServer(
      `${how.replace(/\.$/, '')} before answering this request (mcpkit dev). Fix the server and save: mcpkit dev restarts it; then send the request again.`,
    );
    this.state = 'down';
    for (const message of this.queue) this.refuse(message);
    this.queue = [];
    this.options.report(`${how.replace(/\.$/, '')}; waiting for a change to restart it`);
  }

  /** Leaves the current server behind: its pending work is answered with `why`. */
  private forgetServer(why: string): void {
    this.server = undefined;
    this.generation++;
    for (const request of this.inFlight.values()) this.answerError(request.id, ErrorCode.InternalError, why);
    this.inFlight.clear();
    for (const { hostId } of this.serverRequests.values()) {
      this.toHost({
        jsonrpc: JSONRPC_VERSION,
        method: 'notifications/cancelled',
        params: { requestId: hostId, reason: 'The server restarted' },
      });
    }
    this.serverRequests.clear();
    this.hostIdOf.clear();
    for (const own of this.ownRequests.values()) own.reject(new Error('The server process was replaced'));
    this.ownRequests.clear();
  }

  // ---- the host's messages ----

  private fromHost(message: JSONRPCMessage): void {
    if (isRequest(message)) this.hostRequest(message);
    else if (isNotification(message)) this.hostNotification(message);
    else this.hostAnswer(message);
  }

  private hostRequest(request: JSONRPCRequest): void {
    if (request.method === 'subscriptions/listen') {
      // Held open across restarts; sent now if a server is up, else when one is.
      this.listens.set(idKey(request.id), { request, swallowAck: false });
      if (this.state === 'up') this.toServer(request);
      return;
    }
    if (this.state === 'starting') {
      this.queue.push(request);
      return;
    }
    if (this.state !== 'up') {
      this.refuse(request);
      return;
    }
    this.noteEnvelope(request);
    this.inFlight.set(idKey(request.id), request);
    this.toServer(request);
    if (this.modernEnvelope && this.listedGeneration !== this.generation) void this.compareLists();
  }

  private hostNotification(notification: JSONRPCNotification): void {
    const params = record(notification.params);
    if (notification.method === 'notifications/cancelled' && params?.requestId !== undefined) {
      const key = idKey(params.requestId as RequestId);
      this.listens.delete(key);
      // The host expects no answer to a request it cancelled, so a restart owes it none.
      this.inFlight.delete(key);
      const queuedAt = this.queue.findIndex(
        (message) => 'id' in message && idKey(message.id as RequestId) === key,
      );
      if (queuedAt !== -1) {
        // Never reached a server: nothing to cancel there.
        this.queue.splice(queuedAt, 1);
        return;
      }
    }
    if (this.state === 'starting') this.queue.push(notification);
    else if (this.state === 'up') {
      this.toServer(notification);
      if (notification.method === 'notifications/initialized') {
        this.initialized = true;
        void this.compareLists();
      }
    }
  }

  /** The host answered a request of the server's: it goes to the process that asked, if still running. */
  private hostAnswer(answer: JSONRPCResponse): void {
    if (answer.id === undefined) return;
    const key = idKey(answer.id);
    const route = this.serverRequests.get(key);
    if (!route) return;
    this.serverRequests.delete(key);
    this.hostIdOf.delete(idKey(route.serverId));
    if (route.generation === this.generation) this.toServer({ ...answer, id: route.serverId });
  }

  /**
   * Keeps what a new server process must be told again, once the server took
   * it: an `initialize` refused, or cut short by a restart, is not the session's.
   */
  private remember(request: JSONRPCRequest, result: Record<string, unknown>): void {
    const params = record(request.params);
    switch (request.method) {
      case 'initialize':
        this.initialize = request;
        this.initialized = false;
        this.legacyCapabilities = record(result.capabilities);
        return;
      case 'logging/setLevel':
        this.logLevel = params;
        return;
      case 'resources/subscribe':
        if (typeof params?.uri === 'string') this.subscribedUris.add(params.uri);
        return;
      case 'resources/unsubscribe':
        if (typeof params?.uri === 'string') this.subscribedUris.delete(params.uri);
        return;
    }
  }

  /** A 2026-07-28 request's revision and capabilities, which the relay's own requests reuse. */
  private noteEnvelope(request: JSONRPCRequest): void {
    const meta = record(record(request.params)?._meta);
    if (typeof meta?.[META_PROTOCOL_VERSION] === 'string') {
      this.modernEnvelope = {
        [META_PROTOCOL_VERSION]: meta[META_PROTOCOL_VERSION],
        [META_CLIENT_CAPABILITIES]: meta[META_CLIENT_CAPABILITIES] ?? {},
      };
    }
  }

  /** Answers a request no server can take now. */
  private refuse(message: JSONRPCMessage): void {
    if (!isRequest(message)) return;
    // The relay itself is alive: a host checking the connection should not give up on it.
    if (message.method === 'ping') {
      this.toHost({ jsonrpc: JSONRPC_VERSION, id: message.id, result: {} });
      return;
    }
    this.answerError(
      message.id,
      ErrorCode.InternalError,
      'The server is not running: it failed to start or exited (see mcpkit dev on stderr). Fix it and save: mcpkit dev restarts it; then send the request again.',
    );
  }

  // ---- the server's messages ----

  private fromServer(message: JSONRPCMessage): void {
    if (isRequest(message)) {
      const hostId = `mcpkit-dev:${this.tag}:${++this.nextId}`;
      this.serverRequests.set(idKey(hostId), { hostId, generation: this.generation, serverId: message.id });
      this.hostIdOf.set(idKey(message.id), hostId);
      this.toHost({ ...message, id: hostId });
      return;
    }
    if (isNotification(message)) {
      this.serverNotification(message);
      return;
    }
    if (!('id' in message) || message.id === undefined) {
      this.options.report(`the server sent an error without an id: ${JSON.stringify(message)}`);
      return;
    }
    const key = idKey(message.id);
    const own = this.ownRequests.get(key);
    if (own) {
      this.ownRequests.delete(key);
      if ('result' in message) own.resolve(record(message.result) ?? {});
      else own.reject(new ServerAnswerError(message.error.code, message.error.message));
      return;
    }
    const request = this.inFlight.get(key);
    if (request) {
      this.inFlight.delete(key);
      if ('result' in message) this.remember(request, record(message.result) ?? {});
    } else if (!this.listens.delete(key)) {
      return; // An answer to nothing the host is waiting for (a request it cancelled, say).
    }
    this.toHost(message);
  }

  private serverNotification(notification: JSONRPCNotification): void {
    const params = record(notification.params);
    if (notification.method === 'notifications/subscriptions/acknowledged') {
      const id = record(params?._meta)?.[META_SUBSCRIPTION_ID];
      const listen = id === undefined ? undefined : this.listens.get(idKey(id as RequestId));
      if (listen) {
        const granted = JSON.stringify(params?.notifications ?? {});
        const repeat = listen.swallowAck && granted === listen.acknowledged;
        listen.swallowAck = false;
        listen.acknowledged = granted;
        if (repeat) return;
      }
    }
    if (notification.method === 'notifications/cancelled' && params?.requestId !== undefined) {
      const key = idKey(params.requestId as RequestId);
      // The server cancelled its own question: the host knows it by the relay's id.
      const hostId = this.hostIdOf.get(key);
      if (hostId !== undefined) {
        this.hostIdOf.delete(key);
        this.serverRequests.delete(idKey(hostId));
        this.toHost({ ...notification, params: { ...params, requestId: hostId } });
        return;
      }
      // On stdio a server ends a listen stream this way.
      this.listens.delete(key);
    }
    this.toHost(notification);
  }

  // ---- lists and their changes ----

  /**
   * Lists what the current server offers and tells the host of each kind that
   * differs from the last listing. The first listing only sets the baseline.
   */
  private compareLists(): Promise<void> {
    const listing = this.listAndCompare();
    this.listing = listing;
    return listing;
  }

  private async listAndCompare(): Promise<void> {
    const generation = this.generation;
    const legacy = this.initialize !== undefined && this.initialized;
    if (this.state !== 'up' || this.listedGeneration === generation || (!legacy && !this.modernEnvelope))
      return;
    this.listedGeneration = generation;
    let snapshot: ListSnapshot;
    try {
      snapshot = await snapshotLists((method, params) =>
        this.requestServer(method, legacy ? params : { ...params, _meta: this.modernEnvelope }),
      );
    } catch (error) {
      if (generation === this.generation) {
        this.options.report(`could not list what the server offers: ${(error as Error).message}`);
      }
      return;
    }
    if (generation !== this.generation) return;
    const before = this.lists;
    this.lists = snapshot;
    if (!before) return;
    const changed = changedKinds(before, snapshot);
    if (changed.length > 0) this.options.report(`changed: ${changed.join(', ')}`);
    for (const kind of changed) this.announce(kind, legacy);
  }

  /** Sends the host the change of one kind, where it may receive it. */
  private announce(kind: ListKind, legacy: boolean): void {
    const { method, filter } = LIST_CHANGED[kind];
    if (legacy) {
      // A 2025 server declares which lists it announces; the host expects nothing else.
      if (record(this.legacyCapabilities?.[kind])?.listChanged === true) {
        this.toHost({ jsonrpc: JSONRPC_VERSION, method });
      }
      return;
    }
    for (const listen of this.listens.values()) {
      const granted = record(listen.acknowledged === undefined ? undefined : JSON.parse(listen.acknowledged));
      if (granted?.[filter] !== true) continue;
      this.toHost({
        jsonrpc: JSONRPC_VERSION,
        method,
        params: { _meta: { [META_SUBSCRIPTION_ID]: listen.request.id } },
      });
    }
  }

  // ---- sending ----

  /** A request of the relay's own to the current server; resolves with its result. */
  private requestServer(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const server = this.server;
    if (!server) return Promise.reject(new Error('No server is running'));
    const id = `mcpkit-dev:${this.tag}:own-${++this.nextId}`;
    const timeoutMs = this.options.ownRequestTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ownRequests.delete(idKey(id));
        reject(new Error(`The server did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.ownRequests.set(idKey(id), {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      server.send({ jsonrpc: JSONRPC_VERSION, id, method, params }).catch((error: unknown) => {
        this.ownRequests.get(idKey(id))?.reject(error instanceof Error ? error : new Error(String(error)));
        this.ownRequests.delete(idKey(id));
      });
    });
  }

  private toServer(message: JSONRPCMessage): void {
    // A failed send means the process is going away; its close answers what is in flight.
    this.server?.send(message).catch(() => {});
  }

  private toHost(message: JSONRPCMessage): void {
    this.options.host.send(message).catch(() => {});
  }

  private answerError(id: RequestId, code: number, message: string): void {
    this.toHost({ jsonrpc: JSONRPC_VERSION, id, error: { code, message } });
  }
}
