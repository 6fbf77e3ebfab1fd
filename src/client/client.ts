/**
 * Client: connect to any MCP server (a URL, a command, or a transport), agree
 * on a revision, and call every server feature with typed methods. Requests
 * for input (elicitation, sampling, roots) are answered by handlers the
 * application registers once, on both eras.
 */

import { AuthorizationError } from '../auth/client/errors.js';
import { codecFor } from '../protocol/codec/index.js';
import { applyDefaults, validateElicitationContent } from '../protocol/elicitation-form.js';
import {
  ConnectionClosedError,
  ErrorCode,
  McpError,
  McpkitLocalError,
  RequestTimeoutError,
  UnsupportedProtocolVersionError,
  UrlElicitationRequiredError,
} from '../protocol/errors.js';
import {
  extractParamHeaders,
  type ParamHeaderDeclaration,
  requestHeadersFor,
} from '../protocol/http-headers.js';
import type { JSONRPCMessage, RequestId } from '../protocol/jsonrpc.js';
import {
  META_CLIENT_CAPABILITIES,
  META_CLIENT_INFO,
  META_LOG_LEVEL,
  META_PROTOCOL_VERSION,
  META_SUBSCRIPTION_ID,
} from '../protocol/meta.js';
import { samplingMessageProblems } from '../protocol/sampling-messages.js';
import { sharedFrozenJson } from '../protocol/shared-json.js';
import type {
  CompleteResult,
  DiscoverResult,
  GetPromptResult,
  LegacyServerRequests,
  Prompt,
  ReadResourceResult,
  ReceivedResult,
  Resource,
  ResourceTemplate,
} from '../protocol/types/index.js';
import type { Tool } from '../protocol/types/modern/tool-definition.js';
import type { CallToolResult } from '../protocol/types/modern/tools.js';
import { isObject } from '../protocol/validation/validator.js';
import { LATEST_PROTOCOL_VERSION, LEGACY_PROTOCOL_VERSIONS, type ProtocolEra } from '../protocol/versions.js';
import { type CompiledSchema, compileSchema, describeSchemaIssues } from '../schema/index.js';
import { childSignal } from '../session/abort.js';
import { HandlerTable } from '../session/dispatcher.js';
import type { Middleware, ResultObject } from '../session/middleware.js';
import type { OutboundRequestOptions, ProgressUpdate } from '../session/outbound.js';
import { JsonRpcPeer } from '../session/peer.js';
import type { TelemetryOptions } from '../session/telemetry.js';
import type { Transport } from '../session/transport.js';
import { HttpStatusError, SsrfBlockedError, StreamInterruptedError } from '../transport/http/errors.js';
import { LegacySseClientTransport } from '../transport/http/legacy-sse-client.js';
import { OutboundGuard } from '../transport/http/outbound-guard.js';
import type { HttpResponseHead } from '../transport/http/wire.js';
import { StdioClientTransport } from '../transport/stdio/client.js';
import {
  type ConnectTarget,
  connectTarget,
  type HttpEndpoint,
  httpEndpointOf,
  isSpawnTarget,
  SpawnRefusedError,
  type SpawnTarget,
  spawnRequestFor,
  type TargetHooks,
  type TargetOptions,
} from './connect-target.js';
import { capabilitiesFor, type InputContext, type InputHandlers } from './input-handlers.js';
import { StandaloneStream, TappedTransport } from './legacy-stream.js';
import { type ListenFilter, type ListenNotification, listenStream } from './listen.js';
import { acceptsLegacyVersion, classifyProbe } from './negotiation.js';
import type { ClientRequestArgs, ClientRequestParams, ClientRequestResult } from './request-types.js';
import { credentialKeyFromAuthorization, ResultCache } from './result-cache.js';
import { ClientTaskReceiver } from './task-receiver.js';
import { isFinalTaskStatus, readTaskState, TaskHandle, type TaskState, type TaskWire } from './tasks.js';
import { ClientTelemetry } from './telemetry.js';
import { activeTraceMeta, loadTraceContext } from './trace-context.js';
import { PendingUrlElicitations } from './url-elicitations.js';

/** Who the client is. */
export interface ClientInfo {
  name: string;
  version: string;
  [key: string]: unknown;
}

/** Options of {@link Client.connect}. */
export interface ClientOptions extends InputHandlers, TargetOptions {
  /** Sent as `clientInfo`. Default `{ name: 'mcpkit-client', version }`. */
  clientInfo?: ClientInfo;
  /** Extra client capabilities (for example `extensions`); merged over what the handlers imply. */
  capabilities?: Record<string, unknown>;
  /** Pin a revision instead of negotiating (a modern or a legacy one). */
  protocolVersion?: string;
  /**
   * `'auto'` (default): the driver answers every `input_required` with the
   * input handlers and retries. `'manual'`: calls return the `input_required`
   * result to the caller.
   */
  inputMode?: 'auto' | 'manual';
  /** Rounds of input one call may take. Default 10. */
  maxInputRounds?: number;
  /** Default timeout of each request, ms. Default 60 000. */
  timeoutMs?: number;
  /**
   * How long the `server/discover` probe waits before taking silence for a 2025 server, ms, on
   * stdio and other message transports. Default 10 000. Over HTTP the probe waits `timeoutMs`,
   * since every HTTP server answers it (a 2025 one with an error).
   */
  probeTimeoutMs?: number;
  /**
   * Ask servers for log messages at this level and above.
   *
   * @deprecated MCP logging is deprecated as of 2026-07-28 (SEP-2577); servers are told to log
   * with their own telemetry (stderr, OpenTelemetry) instead. It still works on every revision
   * mcpkit speaks.
   */
  logLevel?: string;
  /**
   * Receives `notifications/message`.
   *
   * @deprecated MCP logging is deprecated as of 2026-07-28 (SEP-2577); see `logLevel`.
   */
  onLog?: (message: { level: string; data: unknown; logger?: string }) => void;
  /** Receives list-changed and resource-updated notifications from every stream. */
  onNotification?: (notification: { method: string; params?: Record<string, unknown> }) => void;
  /**
   * Cache cacheable results by their `ttlMs`/`cacheScope`. Default true. A result served from
   * the cache is shared and deep-frozen (changing it throws); copy it with `structuredClone`
   * before changing it.
   */
  cache?: boolean;
  /** Over HTTP, fall back to the deprecated HTTP+SSE transport when the server refuses POSTs. Default true. */
  legacySseFallback?: boolean;
  /** Called with problems that are not errors of a call (a tool dropped for bad headers, say). */
  warn?: (message: string) => void;
  /**
   * OpenTelemetry spans and metrics after the semantic conventions for MCP, on the optional
   * peer dependency `@opentelemetry/api`: a CLIENT span per call (the trace context sent in
   * `_meta` names it) and `mcp.client.operation.duration`. Off unless set; `{}` uses the
   * global tracer and meter providers. See docs/observability.md.
   *
   * @example
   * const client = await Client.connect(url, { telemetry: { tracer: trace.getTracer('agent') } });
   */
  telemetry?: TelemetryOptions;
  /**
   * Told when a 2025-11-25 server reports that the out-of-band interaction of
   * a URL-mode elicitation this client was shown has finished.
   */
  onElicitationComplete?: (elicitationId: string) => void;
  /**
   * After the user accepts the pages of a -32042 answer (2025-11-25), how long
   * to wait for the server's completion notices before retrying the request, ms.
   * The retry goes at once when every notice has arrived, or when the
   * connection has no stream the notices could come on. Default 60 000.
   */
  urlElicitationWaitMs?: number;
  /**
   * Declare the tasks extension (`io.modelcontextprotocol/tasks`, 2026-07-28)
   * on every request, so the server may run any task-capable tool as a task;
   * `callTool` then waits for the task's result. On 2025-11-25 it makes
   * `callTool` run every tool that allows it (`execution.taskSupport`) as a
   * task. Default false: the client still uses a task where a call needs one
   * (task-only tools, `callToolTask`, `task()`, `listen({ taskIds })`).
   */
  tasks?: boolean;
  /**
   * Middleware around every message the client sends and receives, outermost first: the same
   * `(next) => (ctx, message) => result` shape a server takes (`mcpkit/session`'s `Middleware`).
   * Sending (`ctx.direction === 'outbound'`: requests, each Multi Round-Trip round and the
   * handshake included, and notifications), `next` puts the message on the wire and resolves with
   * the server's result, or rejects with its error. Receiving (`'inbound'`: what the server sends
   * the client, such as a 2025 session's `elicitation/create` and notifications), `next` runs the
   * client's own handler.
   *
   * @example
   * const timing: Middleware = (next) => async (ctx, message) => {
   *   const started = performance.now();
   *   try {
   *     return await next(ctx, message);
   *   } finally {
   *     if (ctx.direction === 'outbound') console.error(message.method, performance.now() - started, 'ms');
   *   }
   * };
   * const client = await Client.connect('http://127.0.0.1:3000/mcp', { middleware: [timing] });
   */
  middleware?: readonly Middleware[];
}

/**
 * Options of one call.
 *
 * Input handlers given here (`onElicit`, `onSample`, `roots`, with `elicitUrl` and
 * `sampleWithTools`) answer this call's requests for input instead of the client's, so each
 * caller answers its own questions (what a proxy needs: the caller downstream answers). On
 * 2026-07-28 they answer this call's Multi Round-Trip rounds and are declared in its `_meta`
 * capabilities. On a 2025 session the server asks with requests of its own, declared once at
 * `initialize` (so the client needs handlers of its own for the server to ask at all); such a
 * request is routed by this rule: one that came on the response stream of a call (Streamable
 * HTTP) goes to that call's handlers; one with no such tie (stdio, the standalone GET stream)
 * goes to the most recently started call still in flight that has handlers of its own; with
 * none, to the client's.
 *
 * @example
 * const result = await client.callTool('book', { city: 'Paris' }, {
 *   onElicit: async ({ message }) => ({ action: 'accept', content: { confirmed: await ask(message) } }),
 * });
 */
export interface CallOptions extends InputHandlers {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (update: ProgressUpdate) => void;
  /** Extra `_meta` for this request. */
  meta?: Record<string, unknown>;
  /**
   * This call's input mode, over the client's `inputMode`: `'manual'` resolves a `tools/call`,
   * `prompts/get` or `resources/read` to its `input_required` result (2026-07-28), for the caller
   * to answer and send again with `inputResponses` and `requestState` in the params. It covers
   * the call's rounds only: should the server run the call as a task, the task's questions are
   * answered by the handlers (unless the client's own `inputMode` is `'manual'`).
   */
  inputMode?: 'auto' | 'manual';
  /**
   * Only this call's input handlers answer it, and only they are declared (2026-07-28): the
   * client's own are left out rather than filling in for those the call lacks. A proxy sets it,
   * so the upstream server is told exactly what the downstream caller can answer.
   */
  exclusiveInput?: boolean;
}

/** Options of a tool call, which may run as a task. */
export interface ToolCallOptions extends CallOptions {
  /**
   * Told each time the task behind the call changes status (when the server
   * runs the call as a task). Aborting `signal` while the task runs cancels it.
   */
  onTaskStatus?: (state: TaskState) => void;
  /** 2025-11-25: the TTL to ask for the task, ms (the server may choose another). */
  taskTtlMs?: number;
}

/** A tool call the server runs as a task; `result()` gives the tool's result. */
export type ToolTask = TaskHandle<CallToolResult>;

/**
 * What `server/discover` (or `initialize`) told the client. Frozen, all the way down: clients
 * of servers that describe themselves alike share one copy (a gateway holding hundreds of
 * connections to one server keeps one).
 *
 * @example
 * const client = await Client.connect('http://127.0.0.1:3000/mcp');
 * if (client.server.capabilities.resources) console.log(`${client.server.serverInfo?.name} has resources`);
 */
export interface ServerDescription {
  readonly protocolVersion: string;
  readonly era: ProtocolEra;
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly serverInfo: Readonly<{ name: string; version: string; [key: string]: unknown }> | undefined;
  readonly instructions: string | undefined;
  readonly supportedVersions: readonly string[];
}

/** A call ended in `input_required` and the driver could not or may not finish it. */
export class InputRequiredError extends McpkitLocalError {
  override name = 'InputRequiredError';
  constructor(
    message: string,
    readonly result: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Who the client says it is when `clientInfo` is not given; one object for every client. */
const DEFAULT_CLIENT_INFO: ClientInfo = Object.freeze({ name: 'mcpkit-client', version: '0.1.0' });

function warnOnConsole(message: string): void {
  console.warn(`[mcpkit] ${message}`);
}

/** Default wait for the `server/discover` probe. */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

const INPUT_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read']);
/** The tasks extension's identifier (2026-07-28). */
const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
const RELATED_TASK = 'io.modelcontextprotocol/related-task';
const LIST_CHANGES: Record<string, 'tools' | 'prompts' | 'resources'> = {
  'notifications/tools/list_changed': 'tools',
  'notifications/prompts/list_changed': 'prompts',
  'notifications/resources/list_changed': 'resources',
};

/**
 * An MCP client.
 *
 * @example
 * const client = await Client.connect('http://127.0.0.1:3000/mcp', {
 *   onElicit: async ({ message }) => ({ action: 'accept', content: { confirmed: true } }),
 * });
 * for await (const tool of client.listTools()) console.log(tool.name);
 * const result = await client.callTool('forecast', { city: 'Paris' });
 * await client.close();
 */
export class Client {
  private peer!: JsonRpcPeer;
  private description!: ServerDescription;
  private sessionId: string | undefined;
  // What follows is made on first use: a process may hold thousands of clients, most of them
  // idle, and an empty Map costs about 200 bytes.
  /** What calls need of each listed tool (headers, output schema, task support), or why it was left out. */
  private tools: Map<string, ToolFacts> | undefined;
  private capabilitiesPlain: Record<string, unknown> | undefined;
  private capabilitiesWithTasks: Record<string, unknown> | undefined;
  /** What only some clients ever use (tasks, listen streams, URL elicitation...), made on first use. */
  private occasional: OccasionalState | undefined;
  private get occasionalState(): OccasionalState {
    this.occasional ??= new OccasionalState();
    return this.occasional;
  }
  private get receivedTasks(): ClientTaskReceiver {
    const occasional = this.occasionalState;
    occasional.receivedTasks ??= new ClientTaskReceiver();
    return occasional.receivedTasks;
  }
  private get urlElicitations(): PendingUrlElicitations {
    const occasional = this.occasionalState;
    occasional.urlElicitations ??= new PendingUrlElicitations();
    return occasional.urlElicitations;
  }
  private readonly cache = new ResultCache();
  private version = LATEST_PROTOCOL_VERSION as string;
  private era: ProtocolEra = 'modern';
  /** Set when the client built an HTTP transport itself. */
  private http: { endpoint: HttpEndpoint; tap: TappedTransport } | undefined;
  private standalone: StandaloneStream | undefined;
  /** Set when the connection died while the `server/discover` probe was waiting. */
  private probeLostConnection = false;
  /** Set at start when `telemetry` is on and `@opentelemetry/api` loaded. */
  private telemetry: ClientTelemetry | undefined;
  /** Where the client connects, for the spans' network attributes. */
  private networkTarget: URL | 'stdio' | undefined;

  private constructor(private readonly options: ClientOptions) {}

  private get clientInfo(): ClientInfo {
    return this.options.clientInfo ?? DEFAULT_CLIENT_INFO;
  }

  private get warn(): (message: string) => void {
    return this.options.warn ?? warnOnConsole;
  }

  /**
   * Connects and negotiates a revision.
   *
   * @example
   * const overHttp = await Client.connect('https://example.com/mcp');
   * const overStdio = await Client.connect({ command: 'node', args: ['server.js'] });
   * // Ask before starting a command that came from elsewhere (SEP-1024):
   * const asked = await Client.connect(
   *   { command: 'npx', args: ['-y', 'weather-mcp'], env: { WEATHER_KEY: key } },
   *   { confirmSpawn: (request) => askUser(request) },
   * );
   */
  static async connect(target: ConnectTarget, options: ClientOptions = {}): Promise<Client> {
    if (isSpawnTarget(target) && options.confirmSpawn) {
      const request = spawnRequestFor(target);
      if ((await options.confirmSpawn(request)) !== true) throw new SpawnRefusedError(request);
    }
    const client = new Client(declaringAuthExtensions(options));
    await loadTraceContext();
    // Parsed once: the transport and the endpoint share the URL.
    if (typeof target === 'string') target = new URL(target);
    let transport = connectTarget(target, options, new Client.TransportHooks(client));
    const endpoint = httpEndpointOf(target, options, transport);
    client.networkTarget = endpoint ? endpoint.url : isSpawnTarget(target) ? 'stdio' : undefined;
    if (endpoint) {
      const tap = new TappedTransport(transport);
      client.http = { endpoint, tap };
      transport = tap;
    }
    try {
      await client.start(transport);
    } catch (error) {
      if (isSpawnTarget(target) && client.probeLostConnection && options.protocolVersion === undefined) {
        await client.peer.close().catch(() => {});
        // A server that reported an error on stderr before it exited most likely crashed at start
        // (a stack trace): starting it again would only print the same crash twice. A banner
        // ("running on stdio") is no such report: a strict 2025 server may print one.
        if (transport instanceof StdioClientTransport && reportsError(transport.recentStderr)) {
          throw new ConnectionClosedError(
            `${error instanceof Error ? error.message.replace(/\.$/, '') : String(error)} before answering, ` +
              "after reporting an error on stderr; not starting it again (a 2025 server that accepts nothing before initialize takes protocolVersion: '2025-11-25')",
            { cause: error },
          );
        }
        return Client.respawnLegacy(target, options);
      }
      // A server that answers neither a 2026-07-28 POST nor a 2025 initialize POST may predate
      // Streamable HTTP: try the deprecated HTTP+SSE transport of 2024-11-05 on the same URL.
      if (!endpoint || options.legacySseFallback === false || !refusesPost(error)) throw error;
      await client.peer.close().catch(() => {});
      const fallback = new Client({
        ...options,
        protocolVersion: options.protocolVersion ?? LEGACY_PROTOCOL_VERSIONS[0],
      });
      fallback.networkTarget = endpoint.url;
      const sse = new LegacySseClientTransport(endpoint.url, {
        fetch: endpoint.fetch,
        headers: () => endpoint.headers(),
      });
      await fallback.start(sse);
      return fallback;
    }
    return client;
  }

  /** What the client adds to the transport it builds: methods on one object per connection. */
  private static readonly TransportHooks = class ClientTransportHooks implements TargetHooks {
    constructor(private readonly client: Client) {}

    messageHeaders(message: JSONRPCMessage): Record<string, string> | undefined {
      return this.client.headersFor(message);
    }

    onResponse(response: HttpResponseHead, message: JSONRPCMessage): void {
      const client = this.client;
      const id = response.headers.get('mcp-session-id');
      if (id && client.era === 'legacy') client.sessionId = id;
      // 404 on a 2025 session: the server ended it; the request must go again in a new session.
      if (
        response.status === 404 &&
        client.era === 'legacy' &&
        client.sessionId &&
        'id' in message &&
        'method' in message
      ) {
        const occasional = client.occasionalState;
        occasional.expiredRequests ??= new Set();
        occasional.expiredRequests.add(message.id);
      }
    }

    cancellation(): 'close-stream' | 'notification' {
      return this.client.era === 'modern' ? 'close-stream' : 'notification';
    }
  };

  /**
   * The server process exited on the `server/discover` probe: a 2025 server
   * that accepts nothing before `initialize`. The probe's failure marks it
   * legacy, so a fresh process is started and greeted with the handshake.
   */
  private static async respawnLegacy(target: SpawnTarget, options: ClientOptions): Promise<Client> {
    const client = new Client({ ...options, protocolVersion: LEGACY_PROTOCOL_VERSIONS[0] });
    client.networkTarget = 'stdio';
    await client.start(
      connectTarget(target, options, {
        messageHeaders: () => undefined,
        onResponse: () => {},
        cancellation: () => 'notification',
      }),
    );
    return client;
  }

  /** What the server said about itself. */
  get server(): ServerDescription {
    return this.description;
  }

  /** The revision in use. */
  get protocolVersion(): string {
    return this.version;
  }

  /**
   * Checks a URL this server handed over (a URL-mode elicitation, an icon, a link in a result)
   * before the application fetches it from where the client runs, under the same rule the
   * client applies to its own requests (`ssrfProtection`): the server's own host passes; any
   * other host must resolve to public addresses only, or be allowed by the option. Resolves when
   * the URL may be fetched; throws {@link SsrfBlockedError} (which says why, and which option
   * allows it) otherwise, and for anything but an http(s) URL. A URL the user's own browser
   * opens is the user's business; this check is for fetches made by a gateway or backend.
   *
   * @example
   * const icon = tool.icons?.[0]?.src;
   * if (icon) {
   *   await client.checkUrl(icon); // throws for http://169.254.169.254/..., http://10.0.0.5/...
   *   const image = await fetch(icon, { redirect: 'error' }); // a redirect would escape the check
   * }
   */
  async checkUrl(url: string | URL): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SsrfBlockedError(String(url), undefined, 'it is not a valid URL', '');
    }
    const occasional = this.occasionalState;
    occasional.urlGuard ??= new OutboundGuard({
      named: this.networkTarget instanceof URL ? this.networkTarget : undefined,
      localProcess: this.networkTarget === 'stdio',
      protection: this.options.ssrfProtection,
    });
    await occasional.urlGuard.check(parsed);
  }

  /**
   * Closes the connection (and the child process, for stdio). A 2025 HTTP
   * session is ended with DELETE first.
   */
  async close(): Promise<void> {
    this.occasional?.receivedTasks?.close();
    this.occasional?.taskWatchers?.clear();
    await this.standalone?.close();
    this.standalone = undefined;
    if (this.http && this.era === 'legacy' && this.sessionId !== undefined)
      await this.endSession(this.http.endpoint);
    await this.peer.close();
  }

  /** Asks the server to end the 2025 session (DELETE); best effort, bounded. */
  private async endSession(endpoint: HttpEndpoint): Promise<void> {
    const signal = AbortSignal.timeout(SESSION_DELETE_TIMEOUT_MS);
    try {
      const answer = await endpoint.wire({
        method: 'DELETE',
        url: endpoint.url,
        headers: await this.sessionHeaders(endpoint),
        signal,
      });
      await answer.discard();
    } catch {
      // The server may be gone already; the session ends with it.
    }
  }

  /** Headers naming the 2025 session outside the transport (GET stream, DELETE). */
  private async sessionHeaders(endpoint: HttpEndpoint): Promise<Record<string, string>> {
    const headers = await endpoint.headers();
    headers['mcp-protocol-version'] = this.version;
    if (this.sessionId !== undefined) headers['mcp-session-id'] = this.sessionId;
    return headers;
  }

  // ------------------------------------------------------------------ connection

  private async start(transport: Transport): Promise<void> {
    if (this.options.telemetry)
      this.telemetry = await ClientTelemetry.create(this.options.telemetry, this.networkTarget, this.warn);
    const middleware = this.options.middleware;
    this.peer = new JsonRpcPeer(transport, {
      defaultTimeoutMs: this.options.timeoutMs,
      outboundMiddleware: middleware,
      middleware,
      handlerTable: Client.inbound,
      handlerOwner: this,
    });
    await this.peer.start();
    const pinned = this.options.protocolVersion;
    if (pinned !== undefined && acceptsLegacyVersion(pinned)) return this.initializeLegacy(pinned);
    let version = pinned ?? LATEST_PROTOCOL_VERSION;
    for (let attempt = 0; attempt < 2; attempt++) {
      this.version = version;
      this.era = 'modern';
      let outcome: { result: Record<string, unknown> } | { error: unknown };
      try {
        outcome = {
          result: await retryOnReset('server/discover', () =>
            this.peer.request('server/discover', this.envelope({}), {
              // A legacy stdio server may stay silent: its probe gets a shorter wait than other requests.
              // Not over HTTP, where every server answers (a 2025 one with an error), so silence is
              // only slowness; nor with authorization: the probe's first 401 may wait for a user.
              timeoutMs:
                this.options.auth || this.http
                  ? this.options.timeoutMs
                  : Math.min(
                      this.options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
                      this.options.timeoutMs ?? Infinity,
                    ),
            }),
          ),
        };
      } catch (error) {
        // Refused authorization says nothing about the era: a 2025 handshake would be refused the same.
        if (error instanceof AuthorizationError) throw error;
        // Over HTTP a probe with no answer in time is a slow server, not a 2025 one.
        if (this.http && error instanceof RequestTimeoutError) throw error;
        outcome = { error };
        // Some 2025 stdio servers exit on any first message but initialize: `connect` respawns those.
        if (error instanceof ConnectionClosedError) this.probeLostConnection = true;
      }
      const verdict = classifyProbe(outcome, version);
      if (verdict.era === 'modern') {
        const result = codecFor(version).decodeResult(
          'server/discover',
          (outcome as { result: Record<string, unknown> }).result,
        );
        this.description = sharedFrozenJson<ServerDescription>({
          protocolVersion: version,
          era: 'modern',
          capabilities: (result.capabilities as Record<string, unknown>) ?? {},
          serverInfo: (result._meta as Record<string, unknown> | undefined)?.[
            'io.modelcontextprotocol/serverInfo'
          ] as ServerDescription['serverInfo'],
          instructions: result.instructions as string | undefined,
          supportedVersions: (result.supportedVersions as string[]) ?? [version],
        });
        return;
      }
      if (verdict.era === 'legacy') {
        if (pinned !== undefined) throw (outcome as { error: unknown }).error;
        return this.initializeLegacy(LEGACY_PROTOCOL_VERSIONS[0]);
      }
      version = verdict.version;
    }
    throw new McpError(
      ErrorCode.UnsupportedProtocolVersion,
      'The server kept refusing the protocol version it listed as supported',
    );
  }

  private async initializeLegacy(requested: string): Promise<void> {
    this.era = 'legacy';
    this.version = requested;
    const result = await retryOnReset('initialize', () =>
      this.peer.request('initialize', {
        protocolVersion: requested,
        capabilities: {
          ...capabilitiesFor(this.options, 'legacy'),
          ...receivableTasks(this.options, requested),
          ...this.options.capabilities,
        },
        clientInfo: this.clientInfo,
      }),
    );
    if (!acceptsLegacyVersion(result.protocolVersion)) {
      await this.peer.close();
      throw UnsupportedProtocolVersionError.for(String(result.protocolVersion), LEGACY_PROTOCOL_VERSIONS);
    }
    this.version = result.protocolVersion;
    this.description = sharedFrozenJson<ServerDescription>({
      protocolVersion: this.version,
      era: 'legacy',
      capabilities: (result.capabilities as Record<string, unknown>) ?? {},
      serverInfo: result.serverInfo as ServerDescription['serverInfo'],
      instructions: result.instructions as string | undefined,
      supportedVersions: [this.version],
    });
    await retryOnReset('notifications/initialized', () => this.peer.notify('notifications/initialized'));
    if (this.http) {
      // What a 2025 server sends outside requests travels on the standalone stream.
      const { endpoint, tap } = this.http;
      this.standalone = new StandaloneStream({
        url: endpoint.url,
        wire: endpoint.wire,
        headers: () => this.sessionHeaders(endpoint),
        sink: tap,
      });
      await this.standalone.open();
    }
    if (this.options.logLevel !== undefined && this.description.capabilities.logging) {
      await this.peer.request('logging/setLevel', { level: this.options.logLevel }).catch(() => {});
    }
  }

  /** Starts a new 2025 session after the server ended the last one. */
  private async reinitialize(): Promise<void> {
    this.sessionId = undefined;
    await this.standalone?.close();
    this.standalone = undefined;
    await this.initializeLegacy(this.version);
  }

  /**
   * Adds a receiver of what `onNotification` receives (list-changed, resource-updated,
   * subscription and task notifications, from every stream), for code that did not create the
   * client; returns the function that removes it. On 2026-07-28 list changes only arrive on a
   * `listen` stream the client has open.
   *
   * @example
   * const stop = client.watchNotifications(({ method }) => {
   *   if (method === 'notifications/tools/list_changed') void refreshTools();
   * });
   */
  watchNotifications(
    receiver: (notification: { method: string; params?: Record<string, unknown> }) => void,
  ): () => void {
    const occasional = this.occasionalState;
    occasional.notificationWatchers ??= new Set();
    const watchers = occasional.notificationWatchers;
    watchers.add(receiver);
    return () => watchers.delete(receiver);
  }

  /**
   * Tells a 2025 server that the client's roots changed
   * (`notifications/roots/list_changed`). 2026-07-28 has no such notification:
   * servers ask for roots with each request that needs them, so this does nothing there.
   *
   * @example
   * await client.notifyRootsChanged();
   */
  async notifyRootsChanged(): Promise<void> {
    if (this.era !== 'legacy' || !this.options.roots) return;
    await this.peer.notify('notifications/roots/list_changed');
  }

  /**
   * The capabilities a modern request declares, with or without the tasks extension. The options
   * do not change after construction, so each form is built once and shared (frozen) by every
   * request instead of being rebuilt per call.
   */
  private modernCapabilities(
    withTasks: boolean,
    handlers: InputHandlers = this.options,
  ): Record<string, unknown> {
    const own = handlers === this.options;
    const cached = !own ? undefined : withTasks ? this.capabilitiesWithTasks : this.capabilitiesPlain;
    if (cached) return cached;
    const capabilities: Record<string, unknown> = {
      ...capabilitiesFor(handlers, 'modern'),
      ...this.options.capabilities,
    };
    if (withTasks) {
      const extensions = isObject(capabilities.extensions) ? capabilities.extensions : {};
      capabilities.extensions = { [TASKS_EXTENSION]: {}, ...extensions };
    }
    if (!own) return capabilities;
    // Shared by every client that declares the same: a process holding many connections keeps one.
    const frozen = sharedFrozenJson(capabilities);
    if (withTasks) this.capabilitiesWithTasks = frozen;
    else this.capabilitiesPlain = frozen;
    return frozen;
  }

  /** The `_meta` envelope of a modern request (capabilities always, even `{}`). */
  private envelope(
    params: Record<string, unknown>,
    meta?: Record<string, unknown>,
    declareTasks = false,
    handlers: InputHandlers = this.options,
  ): Record<string, unknown> {
    const trace = activeTraceMeta();
    if (this.era === 'legacy') {
      return meta || trace.traceparent ? { ...params, _meta: { ...trace, ...meta } } : params;
    }
    // The client's own handlers declare the same capabilities on every request (built once); a
    // call with handlers of its own (a proxy forwarding its caller's) declares what those answer.
    const capabilities = this.modernCapabilities(declareTasks || !!this.options.tasks, handlers);
    const envelope: Record<string, unknown> = {
      ...trace,
      ...meta,
      [META_PROTOCOL_VERSION]: this.version,
      [META_CLIENT_CAPABILITIES]: capabilities,
      [META_CLIENT_INFO]: this.clientInfo,
    };
    if (this.options.logLevel !== undefined) envelope[META_LOG_LEVEL] = this.options.logLevel;
    return { ...params, _meta: envelope };
  }

  /** HTTP headers for one outbound message (standard headers, SEP-2243; session id on 2025). */
  private headersFor(message: JSONRPCMessage): Record<string, string> | undefined {
    if (this.era === 'legacy') {
      const headers: Record<string, string> = {};
      if (!('method' in message && message.method === 'initialize'))
        headers['mcp-protocol-version'] = this.version;
      if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
      return headers;
    }
    if (!('method' in message)) return { 'mcp-protocol-version': this.version };
    const name = message.method === 'tools/call' ? message.params?.name : undefined;
    const paramHeaders = typeof name === 'string' ? this.tools?.get(name)?.headers : undefined;
    return requestHeadersFor(message, { protocolVersion: this.version, paramHeaders });
  }

  /**
   * What the client answers and listens to, written once for every client: each connection's
   * dispatcher runs these with its own client, so a process holding many connections keeps one
   * set of handlers.
   */
  private static readonly inbound: HandlerTable<Client> = Client.inboundHandlers();

  private static inboundHandlers(): HandlerTable<Client> {
    const table = new HandlerTable<Client>().request('ping', () => ({}));
    // A 2025-11-25 server may ask for either as a task: answered at once with the task, run in the background.
    for (const method of ['elicitation/create', 'sampling/createMessage'] as const) {
      table.request(method, (client, params, ctx) =>
        client.inputOrTask(method, params, ctx.signal, client.inputsFor(ctx.binding?.relatedRequestId)),
      );
    }
    const onLegacy =
      (answer: (tasks: ClientTaskReceiver, params: Record<string, unknown>) => unknown) =>
      (client: Client, params: Record<string, unknown>) => {
        if (client.era !== 'legacy')
          throw new McpError(ErrorCode.MethodNotFound, 'This client runs no tasks');
        return answer(client.receivedTasks, params) as ResultObject | Promise<ResultObject>;
      };
    for (const verb of ['get', 'result', 'list', 'cancel'] as const)
      table.request(
        `tasks/${verb}`,
        onLegacy((tasks, params) => tasks[verb](params)),
      );
    table
      .request('roots/list', (client, params, ctx) =>
        client.answerInput(
          'roots/list',
          params,
          { signal: ctx.signal },
          client.inputsFor(ctx.binding?.relatedRequestId),
        ),
      )
      .notification('notifications/message', (client, params) => {
        client.options.onLog?.(params as { level: string; data: unknown; logger?: string });
      });
    for (const method of [
      'notifications/tools/list_changed',
      'notifications/prompts/list_changed',
      'notifications/resources/list_changed',
      'notifications/resources/updated',
      'notifications/subscriptions/acknowledged',
    ]) {
      table.notification(method, (client, params) => client.routeNotification(method, params));
    }
    // Task status: 2026-07-28 on listen streams, 2025-11-25 on the session.
    for (const method of ['notifications/tasks', 'notifications/tasks/status']) {
      table.notification(method, (client, params) => {
        const state = readTaskState(params);
        if (state)
          for (const watcher of client.occasional?.taskWatchers?.get(state.taskId) ?? []) watcher(state);
        client.routeNotification(method, params);
      });
    }
    return table
      .notification('notifications/elicitation/complete', (client, params) => {
        // Ids this client was never shown, or already saw completed, are ignored (spec MUST).
        if (
          typeof params.elicitationId === 'string' &&
          client.occasional?.urlElicitations?.complete(params.elicitationId)
        )
          client.options.onElicitationComplete?.(params.elicitationId);
      })
      .notification('notifications/cancelled', (client, params) => {
        // Servers on stdio end a listen stream this way.
        const id = params.requestId;
        if (typeof id === 'string' || typeof id === 'number')
          client.occasional?.listeners?.get(id)?.({ method: 'notifications/cancelled', params });
      });
  }

  /** A list change, resource update or task status: the cache, the listen stream it came on, the watchers. */
  private routeNotification(method: string, params: Record<string, unknown>): void {
    const kind = LIST_CHANGES[method];
    if (kind) this.cache.invalidate(kind);
    if (method === 'notifications/resources/updated' && typeof params.uri === 'string')
      this.cache.invalidateResource(params.uri);
    const subscription = (params._meta as Record<string, unknown> | undefined)?.[META_SUBSCRIPTION_ID];
    if (subscription !== undefined)
      this.occasional?.listeners?.get(subscription as string | number)?.({ method, params });
    this.options.onNotification?.({ method, params });
    const watchers = this.occasional?.notificationWatchers;
    if (watchers) for (const watcher of watchers) watcher({ method, params });
  }

  /**
   * Answers a server's request for input; a 2025-11-25 task-augmented one
   * (with a `task` param) is answered with the created task at once and run
   * in the background, for the server to follow with `tasks/*`.
   */
  private inputOrTask(
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
    handlers: InputHandlers,
  ): Promise<ResultObject> {
    // A request type the client did not declare as task-capable is processed normally (spec MUST).
    const declared = receivableTasks(this.options, this.version).tasks as
      | { requests: Record<string, unknown> }
      | undefined;
    const kind = method === 'elicitation/create' ? 'elicitation' : 'sampling';
    if (this.era !== 'legacy' || !isObject(params.task) || !declared?.requests[kind])
      return this.answerInput(method, params, { signal }, handlers);
    const { task, ...request } = params;
    return Promise.resolve(
      this.receivedTasks.create(task, (taskSignal) =>
        this.answerInput(method, request, { signal: taskSignal }, handlers),
      ),
    );
  }

  /**
   * The handlers that answer a 2025 server's request for input (the rule of {@link CallOptions}):
   * those of the call whose response stream carried it, else those of the most recently started
   * call in flight that has its own, else the client's.
   */
  private inputsFor(relatedRequestId: RequestId | undefined): InputHandlers {
    const callInputs = this.occasional?.callInputs;
    const related = relatedRequestId === undefined ? undefined : callInputs?.get(relatedRequestId);
    if (related) return related;
    let latest: InputHandlers | undefined;
    if (callInputs) for (const handlers of callInputs.values()) latest = handlers;
    return latest ?? this.options;
  }

  /** The client's input handlers with this call's own over them, or the client's when it has none. */
  private handlersOf(options: CallOptions): InputHandlers {
    if (options.exclusiveInput) {
      const { onElicit, elicitUrl, onSample, sampleWithTools, roots } = options;
      return { onElicit, elicitUrl, onSample, sampleWithTools, roots };
    }
    if (!options.onElicit && !options.onSample && !options.roots) return this.options;
    return {
      onElicit: options.onElicit ?? this.options.onElicit,
      elicitUrl: options.onElicit ? options.elicitUrl : this.options.elicitUrl,
      onSample: options.onSample ?? this.options.onSample,
      sampleWithTools: options.onSample ? options.sampleWithTools : this.options.sampleWithTools,
      roots: options.roots ?? this.options.roots,
    };
  }

  /** Answers one input request with the application's handlers (which give that method's result). */
  private answerInput<M extends keyof LegacyServerRequests>(
    method: M,
    params: Record<string, unknown>,
    ctx: InputContext,
    handlers?: InputHandlers,
  ): Promise<LegacyServerRequests[M]['result']>;
  private answerInput(
    method: string,
    params: Record<string, unknown>,
    ctx: InputContext,
    handlers?: InputHandlers,
  ): Promise<ResultObject>;
  private async answerInput(
    method: string,
    params: Record<string, unknown>,
    ctx: InputContext,
    handlers: InputHandlers = this.options,
  ): Promise<ResultObject> {
    switch (method) {
      case 'elicitation/create': {
        if (!handlers.onElicit)
          throw new McpError(ErrorCode.MethodNotFound, 'This client does not answer elicitation');
        if (params.mode === 'url' && typeof params.elicitationId === 'string') {
          this.urlElicitations.expect(params.elicitationId);
        }
        const answer = await handlers.onElicit(params as never, ctx);
        if (answer.action === 'accept' && params.mode !== 'url' && params.requestedSchema) {
          const content = applyDefaults(params.requestedSchema as never, (answer.content ?? {}) as never);
          const issues = validateElicitationContent(params.requestedSchema as never, content as never);
          if (issues.length > 0) {
            throw new McpkitLocalError(
              `The elicitation answer does not match the requested form: ${issues.map((i) => i.message).join('; ')}`,
            );
          }
          return { ...answer, content };
        }
        return answer as unknown as ResultObject;
      }
      case 'sampling/createMessage': {
        if (!handlers.onSample)
          throw new McpError(ErrorCode.MethodNotFound, 'This client does not answer sampling');
        checkSamplingRequest(params, handlers.sampleWithTools === true);
        return (await handlers.onSample(params as never, ctx)) as unknown as ResultObject;
      }
      case 'roots/list': {
        const roots = handlers.roots;
        if (!roots) throw new McpError(ErrorCode.MethodNotFound, 'This client exposes no roots');
        return { roots: typeof roots === 'function' ? [...(await roots(ctx))] : [...roots] };
      }
      default:
        throw new McpError(ErrorCode.MethodNotFound, `Unknown input request ${method}`);
    }
  }

  // ------------------------------------------------------------------ requests

  /**
   * Sends any request with the envelope, the input driver, the cache and one
   * re-issue of a request whose response stream broke. Typed methods use it.
   *
   * A method of the 2026-07-28 method map (`tools/call`, `resources/read`, ...)
   * types its params and result; any other name is a custom method with plain
   * objects both ways. With `inputMode: 'manual'`, `tools/call`, `prompts/get`
   * and `resources/read` may resolve to an `input_required` result instead.
   *
   * @example
   * const { tools } = await client.request('tools/list');
   * const call = await client.request('tools/call', { name: 'add', arguments: { a: 1, b: 2 } });
   * const custom = await client.request('acme/reindex', { full: true }); // Record<string, unknown>
   */
  request<M extends string>(
    method: M,
    ...args: ClientRequestArgs<M, CallOptions>
  ): Promise<ClientRequestResult<M>>;
  request(
    method: string,
    params: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<Record<string, unknown>> {
    return this.exchange(method, params, options, false);
  }

  /** One call: under its CLIENT span when telemetry is on, else as it is. */
  private exchange(
    method: string,
    params: Record<string, unknown>,
    options: CallOptions,
    declareTasks: boolean,
  ): Promise<Record<string, unknown>> {
    const telemetry = this.telemetry;
    if (!telemetry) return this.exchangeRounds(method, params, options, declareTasks);
    const facts = { protocolVersion: this.version, sessionId: this.sessionId };
    return telemetry.call(method, params, facts, (onRequestId) =>
      this.exchangeRounds(method, params, options, declareTasks, onRequestId),
    );
  }

  /**
   * What `request` does, and `declareTasks` declares the tasks extension on
   * this one request (2026-07-28): a `tools/call` may then be answered with a task.
   */
  private async exchangeRounds(
    method: string,
    params: Record<string, unknown>,
    options: CallOptions,
    declareTasks: boolean,
    onRequestId?: (id: RequestId) => void,
  ): Promise<Record<string, unknown>> {
    const cacheable = this.options.cache !== false && this.era === 'modern';
    // Private results are kept per credential: a different token never sees another's entries.
    const credential =
      cacheable && ResultCache.isCacheableMethod(method) ? await this.credentialKey() : undefined;
    const cached = cacheable ? this.cache.get(method, params, credential) : undefined;
    if (cached) return cached;
    const codec = codecFor(this.version);
    const maxRounds = this.options.maxInputRounds ?? 10;
    let round: Record<string, unknown> = params;
    // Input handlers get a signal of this call's own, following the caller's: never the caller's
    // itself (many calls may share one) nor one every call shares, so listeners they add to it
    // go away with the call.
    let input: { signal: AbortSignal; release: () => void } | undefined;
    const inputSignal = () => {
      input ??= childSignal(options.signal);
      return input.signal;
    };
    try {
      for (let rounds = 0; ; rounds++) {
        let sent: ResultObject;
        try {
          sent = await this.send(method, round, options, declareTasks, onRequestId);
        } catch (error) {
          if (
            !(error instanceof UrlElicitationRequiredError) ||
            !this.answersUrlElicitation() ||
            rounds >= maxRounds
          )
            throw error;
          await this.visitRequiredPages(error, method, inputSignal());
          continue;
        }
        const result = codec.decodeResult(method, sent);
        this.checkResultType(method, result, declareTasks);
        if (result.resultType !== 'input_required') {
          // Cached under the credential the request went with: a sign-in or a refresh while it was
          // in flight changes it, and then the result is not cached (the key would misfile it).
          // What was cached is handed out as the cache holds it (frozen, one copy per process),
          // as later hits are: what clients learn from it (a listing's tool facts) is shared too.
          if (cacheable && round === params && credential === (await this.credentialKey()))
            return this.cache.store(method, params, result, credential) ?? result;
          return result;
        }
        if ((options.inputMode ?? this.options.inputMode) === 'manual') return result;
        if (rounds >= maxRounds)
          throw new InputRequiredError(`${method} still needed input after ${maxRounds} rounds`, result);
        // The next round carries this round's answers only, never answers the caller sent first.
        const { inputResponses: _answered, requestState: _state, ...base } = params;
        round = base;
        const requests = (result.inputRequests ?? {}) as Record<
          string,
          { method: string; params?: Record<string, unknown> }
        >;
        const responses: Record<string, unknown> = {};
        for (const [key, request] of Object.entries(requests)) {
          responses[key] = await this.answerInput(
            request.method,
            request.params ?? {},
            { signal: inputSignal(), origin: method },
            this.handlersOf(options),
          );
        }
        if (Object.keys(requests).length > 0) round.inputResponses = responses;
        // Echo the state exactly as received; send none when none came.
        if (typeof result.requestState === 'string') round.requestState = result.requestState;
      }
    } finally {
      input?.release();
    }
  }

  /**
   * A result whose `resultType` the method does not allow is a protocol
   * error, never a success: `input_required` only for the three methods with
   * input rounds, `task` only for a `tools/call` that declared the tasks extension.
   */
  private checkResultType(method: string, result: Record<string, unknown>, declaredTasks: boolean): void {
    const type = result.resultType;
    if (type === 'complete' || type === undefined) return;
    if (type === 'input_required' && INPUT_METHODS.has(method)) return;
    if (type === 'task' && method === 'tools/call' && (declaredTasks || this.options.tasks)) return;
    const why =
      type === 'task' && method === 'tools/call'
        ? 'which needs the tasks extension declared on the request'
        : type === 'input_required'
          ? 'which only tools/call, prompts/get and resources/read may do'
          : 'which that method does not allow';
    throw new McpkitLocalError(
      `Protocol error: the server answered ${method} with resultType ${JSON.stringify(type)}, ${why}`,
    );
  }

  private answersUrlElicitation(): boolean {
    return (
      this.options.inputMode !== 'manual' && this.options.onElicit !== undefined && !!this.options.elicitUrl
    );
  }

  /**
   * A 2025-11-25 server answered -32042: the request can go again once the
   * user has visited the listed pages. Each is shown through `onElicit` (URL
   * mode); all must be accepted. Then the server's completion notices are
   * awaited (bounded) where they can arrive at all.
   */
  private async visitRequiredPages(
    error: UrlElicitationRequiredError,
    method: string,
    signal: AbortSignal,
  ): Promise<void> {
    const listed = isObject(error.data) ? error.data.elicitations : undefined;
    const pages = (Array.isArray(listed) ? listed : []).filter(
      (page): page is { url: string; message: string; elicitationId: string } =>
        isObject(page) &&
        typeof page.url === 'string' &&
        typeof page.message === 'string' &&
        typeof page.elicitationId === 'string',
    );
    if (pages.length === 0) throw error;
    for (const page of pages) {
      const answer = (await this.answerInput(
        'elicitation/create',
        { mode: 'url', message: page.message, url: page.url, elicitationId: page.elicitationId },
        { signal, origin: method },
      )) as { action?: unknown };
      if (answer.action !== 'accept') throw error;
    }
    // Notices travel on stdio or the standalone GET stream; without either, none will come.
    const waitMs = this.http && !this.standalone?.active ? 0 : (this.options.urlElicitationWaitMs ?? 60_000);
    const pending = this.urlElicitations;
    await Promise.all(pages.map((page) => pending.wait(page.elicitationId, waitMs, signal)));
  }

  /** A digest of the credential these requests carry (the authorizer's, else a static Authorization header), if any. */
  private async credentialKey(): Promise<string | undefined> {
    const auth = this.options.auth;
    if (auth?.credential && this.http) {
      const credential = await auth.credential(this.http.endpoint.url);
      if (credential !== undefined) return credentialKeyFromAuthorization(credential);
    }
    const headers =
      typeof this.options.headers === 'function' ? await this.options.headers() : this.options.headers;
    if (!headers) return undefined;
    const authorization = Object.entries(headers).find(
      ([name]) => name.toLowerCase() === 'authorization',
    )?.[1];
    return authorization === undefined ? undefined : credentialKeyFromAuthorization(authorization);
  }

  private async send(
    method: string,
    params: Record<string, unknown>,
    options: CallOptions,
    declareTasks = false,
    onRequestId?: (id: RequestId) => void,
  ): Promise<ResultObject> {
    let requestId: RequestId | undefined;
    const handlers = this.handlersOf(options);
    const ownHandlers = handlers !== this.options;
    const requestOptions: OutboundRequestOptions = {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      onProgress: options.onProgress,
      onRequestId: (id) => {
        if (ownHandlers) {
          const occasional = this.occasionalState;
          occasional.callInputs ??= new Map();
          const inputs = occasional.callInputs;
          if (requestId !== undefined) inputs.delete(requestId);
          inputs.set(id, handlers);
        }
        requestId = id;
        onRequestId?.(id);
      },
    };
    try {
      return await this.sendAttempts(
        method,
        params,
        options,
        declareTasks,
        handlers,
        requestOptions,
        () => requestId,
      );
    } finally {
      if (ownHandlers && requestId !== undefined) this.occasional?.callInputs?.delete(requestId);
    }
  }

  /** `send`'s attempts: the request again in a new 2025 session, after a broken stream or a reset. */
  private async sendAttempts(
    method: string,
    params: Record<string, unknown>,
    options: CallOptions,
    declareTasks: boolean,
    handlers: InputHandlers,
    requestOptions: OutboundRequestOptions,
    sentId: () => RequestId | undefined,
  ): Promise<ResultObject> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.peer.request(
          method,
          this.envelope(params, options.meta, declareTasks, handlers),
          requestOptions,
        );
      } catch (error) {
        const requestId = sentId();
        // The 2025 session ended (404): open a new one, once, and send the request again in it.
        if (requestId !== undefined && this.occasional?.expiredRequests?.delete(requestId) && attempt === 0) {
          await this.reinitialize();
          continue;
        }
        // A broken stream loses the request; send it again as a new request (new id).
        if (error instanceof StreamInterruptedError && attempt < 2) continue;
        // A reset before any answer: the server never saw it; only side-effect-free methods go again.
        if (attempt < 2 && isRetrySafe(method) && isConnectionReset(error)) continue;
        if (error instanceof UnsupportedProtocolVersionError && attempt === 0 && this.era === 'modern') {
          const next =
            error.supported.find((v) => v === this.version) ?? error.supported.find((v) => v >= '2026-07-28');
          if (next) {
            this.version = next;
            continue;
          }
        }
        throw error;
      }
    }
  }

  // ------------------------------------------------------------------ features

  /**
   * Asks the server to describe itself again.
   *
   * @example
   * const { supportedVersions, capabilities } = await client.discover();
   */
  async discover(options?: CallOptions): Promise<ReceivedResult<DiscoverResult>> {
    return this.request('server/discover', {}, options);
  }

  /**
   * Iterates over every tool, page by page. Tools whose `x-mcp-header`
   * declarations are invalid are left out, as the specification requires.
   *
   * @example
   * for await (const tool of client.listTools()) console.log(tool.name);
   */
  async *listTools(options?: CallOptions): AsyncGenerator<Tool> {
    for await (const page of this.pages<Tool>('tools/list', 'tools', options)) yield* this.learnTools(page);
  }

  /**
   * Remembers what the calls need from each listed tool (its headers, output schema, task
   * support) and gives the tools a client may call: one whose `x-mcp-header` declarations are
   * invalid is left out, with a warning. A page the result cache holds (frozen, one copy per
   * process) is read once per process: every client that lists it shares what was learnt, until
   * it learns something of its own.
   */
  private learnTools(page: readonly Tool[]): readonly Tool[] {
    if (Object.isFrozen(page)) {
      const learnt = sharedToolPage(page);
      for (const warning of learnt.warnings) this.warn(warning);
      if (this.tools === undefined) this.tools = learnt.facts;
      else if (this.tools !== learnt.facts) {
        const tools = this.ownTools();
        for (const [name, facts] of learnt.facts) tools.set(name, facts);
      }
      return learnt.accepted;
    }
    const warnings: string[] = [];
    const accepted = learnToolPage(page, this.ownTools(), warnings);
    for (const warning of warnings) this.warn(warning);
    return accepted;
  }

  /** The client's tool facts, ready to change: a table shared with other clients is copied first. */
  private ownTools(): Map<string, ToolFacts> {
    if (this.tools === undefined) this.tools = new Map();
    else if (SHARED_TOOL_FACTS.has(this.tools)) this.tools = new Map(this.tools);
    return this.tools;
  }

  /** Every tool, as an array. */
  async listAllTools(options?: CallOptions): Promise<Tool[]> {
    const all: Tool[] = [];
    for await (const page of this.pages<Tool>('tools/list', 'tools', options))
      for (const tool of this.learnTools(page)) all.push(tool);
    return all;
  }

  /**
   * Calls a tool and gives its result. `structuredContent` is checked against
   * the tool's `outputSchema` when the tool was listed with one. A tool the
   * listing left out for invalid `x-mcp-header` declarations is refused
   * without a request.
   *
   * A tool that runs only as a task (`execution.taskSupport: 'required'`), or
   * any task-capable tool with the client's `tasks` option, is run as a task
   * and waited for: polled at the server's interval (sooner when a status
   * notification arrives), its questions answered by the input handlers, each
   * change of status told to `onTaskStatus`. Aborting `signal` cancels the task.
   *
   * @example
   * const result = await client.callTool('add', { a: 1, b: 2 });
   * const report = await client.callTool('export_report', { quarter: 'Q3' }, {
   *   onTaskStatus: (task) => console.log(task.status, task.statusMessage ?? ''),
   * });
   */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options: ToolCallOptions = {},
  ): Promise<CallToolResult> {
    await this.learnTool(name, options);
    const outcome = await this.startToolCall(name, args, options, this.options.tasks === true);
    if (!(outcome instanceof TaskHandle)) return outcome;
    try {
      return await outcome.result({ signal: options.signal });
    } catch (error) {
      // The caller gave up, or waiting failed (an input handler threw, the server stopped
      // answering): the task is cancelled before the call rejects (bounded, best effort), so
      // nobody is left running work whose result no one will fetch.
      if (!isFinalTaskStatus(outcome.state.status)) {
        await Promise.race([outcome.cancel(), sleep(TASK_CANCEL_WAIT_MS)]).catch(() => {});
      }
      throw error;
    } finally {
      outcome.dispose();
    }
  }

  /**
   * Calls a tool as a task and gives the task's handle at once: follow it,
   * answer its questions, cancel it, and get its result when it ends. When the
   * server answers at once instead (a tool that may run either way, on a
   * server that chose not to make a task, or one that cannot run as a task),
   * the handle is already `completed` with that result and `taskId` is the
   * empty string.
   *
   * @example
   * const task = await client.callToolTask('purge_archive', { olderThanDays: 30 });
   * for await (const state of task) console.log(state.status);
   * const result = await task.result();
   */
  async callToolTask(
    name: string,
    args: Record<string, unknown> = {},
    options: ToolCallOptions = {},
  ): Promise<ToolTask> {
    await this.learnTool(name, options);
    const outcome = await this.startToolCall(name, args, options, true);
    if (outcome instanceof TaskHandle) return outcome;
    const now = new Date().toISOString();
    const done: TaskState = {
      taskId: '',
      status: 'completed',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: null,
      result: outcome as unknown as Record<string, unknown>,
    };
    return new TaskHandle(this.taskWire(), done, () => outcome);
  }

  /**
   * A handle on a task the server already runs, by its id (from an earlier
   * call, another process, or the user): its current state is fetched first,
   * so an unknown id fails here (-32602). `result()` gives the request's result.
   *
   * @example
   * const task = await client.task(savedTaskId);
   * console.log(task.state.status);
   * await task.cancel();
   */
  async task(
    taskId: string,
    options: { onTaskStatus?: (state: TaskState) => void } = {},
  ): Promise<TaskHandle> {
    const wire = this.taskWire();
    const state = await wire.get(taskId);
    return new TaskHandle(wire, state, (result) => result, options.onTaskStatus);
  }

  /**
   * The caller's tasks, page by page (`tasks/list`, 2025-11-25 servers that
   * declare it). The 2026-07-28 tasks extension has no listing: there it
   * throws, saying so.
   *
   * @example
   * for await (const task of client.listTasks()) console.log(task.taskId, task.status);
   */
  async *listTasks(options?: CallOptions): AsyncGenerator<TaskState> {
    if (this.era === 'modern')
      throw new McpkitLocalError(
        'The 2026-07-28 tasks extension has no tasks/list: keep the ids of the tasks you start',
      );
    const tasks = this.description.capabilities.tasks;
    if (!isObject(tasks) || !isObject(tasks.list))
      throw new McpkitLocalError('This server does not list tasks (no tasks.list capability)');
    for await (const task of this.paginate<unknown>('tasks/list', 'tasks', options)) {
      const state = readTaskState(task);
      if (state) yield state;
    }
  }

  /** Lists the tools once, to learn a tool's headers, output schema and task support before calling it. */
  private async learnTool(name: string, options: CallOptions): Promise<void> {
    if (this.tools?.get(name)?.listed || !this.description.capabilities.tools) return;
    if (this.era === 'legacy' && !this.serverRunsToolTasks()) return;
    await this.listAllTools(options).catch(() => []);
  }

  /** 2025-11-25: whether the server takes task-augmented `tools/call`. */
  private serverRunsToolTasks(): boolean {
    const tasks = this.description.capabilities.tasks;
    const requests = isObject(tasks) ? tasks.requests : undefined;
    const tools = isObject(requests) ? requests.tools : undefined;
    return isObject(tools) && isObject(tools.call);
  }

  /**
   * Sends the `tools/call`: as a task when the tool must run as one, or may
   * and `preferTask`; the result when the server answered at once, else the
   * task's handle.
   */
  private async startToolCall(
    name: string,
    args: Record<string, unknown>,
    options: ToolCallOptions,
    preferTask: boolean,
  ): Promise<CallToolResult | ToolTask> {
    const facts = this.tools?.get(name);
    if (facts?.rejected !== undefined)
      throw new McpkitLocalError(
        `Tool ${JSON.stringify(name)} was left out of the listing: ${facts.rejected}`,
      );
    const support = facts?.taskSupport;
    const params: Record<string, unknown> = { name, arguments: args };
    // 2025-11-25 lists each tool's task support; 2026-07-28 does not, and a declared extension is enough.
    const legacyTask =
      this.era === 'legacy' &&
      this.serverRunsToolTasks() &&
      (support === 'required' || (preferTask && support === 'optional'));
    if (legacyTask) params.task = options.taskTtlMs === undefined ? {} : { ttl: options.taskTtlMs };
    const declare = this.era === 'modern' && (preferTask || support === 'required');
    let result: Record<string, unknown>;
    try {
      result = await this.exchange('tools/call', params, options, declare);
    } catch (error) {
      // 2026-07-28 does not list which tools run only as tasks: such a tool refuses a call that did not
      // declare the extension (-32021, before running anything), and the call goes again declaring it.
      if (declare || !requiresTasksExtension(error)) throw error;
      const known = this.tools?.get(name);
      this.ownTools().set(name, { ...(known ?? { listed: false }), taskSupport: 'required' });
      result = await this.exchange('tools/call', params, options, true);
    }
    const created =
      result.resultType === 'task'
        ? readTaskState(result)
        : legacyTask && result.content === undefined
          ? readTaskState(result.task)
          : undefined;
    if (created) {
      options.onTaskStatus?.(created);
      return new TaskHandle(
        this.taskWire(options),
        created,
        (final) =>
          this.checkToolResult(
            name,
            codecFor(this.version).decodeResult('tools/call', this.unrelated(final)),
          ),
        options.onTaskStatus,
      );
    }
    if (result.resultType === 'task' || (legacyTask && isObject(result.task)))
      throw new McpkitLocalError(`Protocol error: the server answered tools/call with a malformed task`);
    return this.checkToolResult(name, result);
  }

  /** The tool's result, after its `structuredContent` is checked against the listed `outputSchema`. */
  private checkToolResult(name: string, result: Record<string, unknown>): CallToolResult {
    const output = this.tools?.get(name)?.output;
    if (output && !result.isError && (result.resultType ?? 'complete') === 'complete') {
      output.compiled ??= this.compileOutput(output.schema);
      const checked = output.compiled.validate(result.structuredContent);
      if (!checked.ok) {
        throw new McpkitLocalError(
          `Tool ${name} returned structuredContent that does not match its outputSchema: ${describeSchemaIssues(checked.issues)}`,
        );
      }
    }
    return result as unknown as CallToolResult;
  }

  /** A task's final result without the 2025 related-task marker (the handle already names the task). */
  private unrelated(result: Record<string, unknown>): Record<string, unknown> {
    const meta = result._meta;
    if (!isObject(meta) || !(RELATED_TASK in meta)) return result;
    const { [RELATED_TASK]: _related, ...rest } = meta;
    return Object.keys(rest).length > 0 ? { ...result, _meta: rest } : withoutMeta(result);
  }

  /** How task handles reach the server on the revision in use. */
  private taskWire(call: CallOptions = {}): TaskWire {
    const era = this.era;
    const codec = codecFor(this.version);
    // The task's questions go to the handlers of the call that made it, as the call's own would.
    const { onElicit, elicitUrl, onSample, sampleWithTools, roots, exclusiveInput } = call;
    const input: CallOptions = { onElicit, elicitUrl, onSample, sampleWithTools, roots, exclusiveInput };
    // The task methods need the extension declared on each request (2026-07-28).
    const ask = (method: string, params: Record<string, unknown>, options: CallOptions = {}) =>
      this.exchange(method, params, { ...input, ...options }, era === 'modern');
    return {
      era,
      get: async (taskId, signal) => {
        const state = readTaskState(await ask('tasks/get', { taskId }, { signal }));
        if (!state)
          throw new McpkitLocalError(`Protocol error: tasks/get for ${taskId} did not answer a task`);
        return state;
      },
      fetchResult: async (taskId, signal) =>
        codec.decodeResult(
          'tools/call',
          await this.send(
            'tasks/result',
            { taskId },
            { ...input, signal, timeoutMs: Number.POSITIVE_INFINITY },
          ),
        ),
      update: async (taskId, inputResponses) => {
        await ask('tasks/update', { taskId, inputResponses });
      },
      cancel: async (taskId) => readTaskState(await ask('tasks/cancel', { taskId })),
      answer:
        // A call's own inputMode is about its rounds; the client's also covers its tasks' questions.
        this.options.inputMode === 'manual'
          ? undefined
          : (method, params, signal) =>
              this.answerInput(method, params, { signal, origin: 'tools/call' }, this.handlersOf(input)),
      watch: (taskId, listener) => {
        const occasional = this.occasionalState;
        occasional.taskWatchers ??= new Map();
        const byTask = occasional.taskWatchers;
        const watchers = byTask.get(taskId) ?? new Set();
        byTask.set(taskId, watchers);
        watchers.add(listener);
        return () => {
          watchers.delete(listener);
          if (watchers.size === 0 && byTask.get(taskId) === watchers) byTask.delete(taskId);
        };
      },
    };
  }

  /**
   * Iterates over resources, page by page.
   *
   * @example
   * for await (const resource of client.listResources()) console.log(resource.uri, resource.mimeType);
   */
  listResources(options?: CallOptions): AsyncGenerator<Resource> {
    return this.paginate<Resource>('resources/list', 'resources', options);
  }

  /**
   * Every resource, as an array.
   *
   * @example
   * const uris = (await client.listAllResources()).map((resource) => resource.uri);
   */
  listAllResources(options?: CallOptions): Promise<Resource[]> {
    return collectPages(this.pages<Resource>('resources/list', 'resources', options));
  }

  /**
   * Iterates over resource templates, page by page.
   *
   * @example
   * for await (const template of client.listResourceTemplates()) console.log(template.uriTemplate);
   */
  listResourceTemplates(options?: CallOptions): AsyncGenerator<ResourceTemplate> {
    return this.paginate<ResourceTemplate>('resources/templates/list', 'resourceTemplates', options);
  }

  /**
   * Every resource template, as an array.
   *
   * @example
   * const templates = await client.listAllResourceTemplates();
   */
  listAllResourceTemplates(options?: CallOptions): Promise<ResourceTemplate[]> {
    return collectPages(
      this.pages<ResourceTemplate>('resources/templates/list', 'resourceTemplates', options),
    );
  }

  /**
   * Reads a resource. Each entry of `contents` is text (`text`) or base64 bytes (`blob`).
   *
   * @example
   * const { contents } = await client.readResource('file:///notes.md');
   * for (const entry of contents) console.log('text' in entry ? entry.text : `${entry.blob.length} base64 chars`);
   */
  readResource(uri: string, options?: CallOptions): Promise<ReceivedResult<ReadResourceResult>> {
    return this.request('resources/read', { uri }, options);
  }

  /**
   * Iterates over prompts, page by page.
   *
   * @example
   * for await (const prompt of client.listPrompts()) console.log(prompt.name, prompt.arguments);
   */
  listPrompts(options?: CallOptions): AsyncGenerator<Prompt> {
    return this.paginate<Prompt>('prompts/list', 'prompts', options);
  }

  /**
   * Every prompt, as an array.
   *
   * @example
   * const names = (await client.listAllPrompts()).map((prompt) => prompt.name);
   */
  listAllPrompts(options?: CallOptions): Promise<Prompt[]> {
    return collectPages(this.pages<Prompt>('prompts/list', 'prompts', options));
  }

  /**
   * Renders a prompt.
   *
   * @example
   * const { messages } = await client.getPrompt('review', { code: 'let x = 1' });
   * const first = messages[0]?.content;
   * if (first?.type === 'text') console.log(first.text);
   */
  getPrompt(
    name: string,
    args: Record<string, string> = {},
    options?: CallOptions,
  ): Promise<GetPromptResult> {
    return this.request('prompts/get', { name, arguments: args }, options);
  }

  /**
   * Completion of a prompt argument or a template variable.
   *
   * @example
   * const { completion } = await client.complete({ type: 'ref/prompt', name: 'review' }, { name: 'language', value: 'py' });
   * console.log(completion.values);
   */
  complete(
    ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
    argument: { name: string; value: string },
    context?: Record<string, string>,
    options?: CallOptions,
  ): Promise<CompleteResult> {
    const params: ClientRequestParams<'completion/complete'> = { ref, argument };
    if (context) params.context = { arguments: context };
    return this.request('completion/complete', params, options);
  }

  /**
   * Listens for changes (2026-07-28 `subscriptions/listen`) as an async
   * iterable of notifications. Ends when the server closes the subscription
   * or `signal` aborts; a broken stream is reopened with a new request.
   *
   * With `taskIds`, the stream also carries `notifications/tasks` with each
   * named task's full state (its current state first), and tasks waited on by
   * `callTool` or a {@link TaskHandle} wake at once on them.
   *
   * @example
   * for await (const event of client.listen({ toolsListChanged: true })) console.log(event.method);
   * for await (const event of client.listen({ taskIds: [task.taskId] })) console.log(event.params?.status);
   */
  listen(filter: ListenFilter, options: { signal?: AbortSignal } = {}): AsyncIterable<ListenNotification> {
    return listenStream(filter, options.signal, {
      open: (params, signal, onId) =>
        this.peer.request(
          'subscriptions/listen',
          this.envelope(params, undefined, filter.taskIds !== undefined),
          {
            signal,
            // A listen request lasts as long as the subscription.
            timeoutMs: Number.POSITIVE_INFINITY,
            onRequestId: onId,
          },
        ),
      register: (id, listener) => {
        const occasional = this.occasionalState;
        occasional.listeners ??= new Map();
        const listeners = occasional.listeners;
        listeners.set(id, listener);
        return () => listeners.delete(id);
      },
      isBroken: (error) => error instanceof StreamInterruptedError,
    });
  }

  private async *paginate<T>(method: string, field: string, options?: CallOptions): AsyncGenerator<T> {
    for await (const page of this.pages<T>(method, field, options)) yield* page;
  }

  /** Every page of a list, as the array in `field`, following `nextCursor`. */
  private async *pages<T>(
    method: string,
    field: string,
    options?: CallOptions,
  ): AsyncGenerator<readonly T[]> {
    let cursor: string | undefined;
    for (let pages = 0; pages < 10_000; pages++) {
      const result = await this.request(method, cursor === undefined ? {} : { cursor }, options);
      const items = result[field];
      yield Array.isArray(items) ? (items as T[]) : [];
      // Only an absent cursor ends the list; an empty string is a cursor.
      if (typeof result.nextCursor !== 'string') return;
      cursor = result.nextCursor;
    }
  }

  private compileOutput(schema: unknown): CompiledSchema {
    // Listed schemas are kept frozen, one copy per process of equal ones: each is compiled once.
    if (typeof schema !== 'object' || schema === null)
      return compileSchema(schema as Record<string, unknown>, { io: 'output' });
    let compiled = compiledOutputSchemas.get(schema);
    if (!compiled) {
      compiled = compileSchema(schema as Record<string, unknown>, { io: 'output' });
      compiledOutputSchemas.set(schema, compiled);
    }
    return compiled;
  }
}

/**
 * Refuses, with -32602, a sampling request this client must not take: `tools` or `toolChoice`
 * without its `sampling.tools` capability, or messages that break the tool-use rules (SEP-1577).
 */
function checkSamplingRequest(params: Record<string, unknown>, declaredTools: boolean): void {
  if (!declaredTools && (params.tools !== undefined || params.toolChoice !== undefined)) {
    throw new McpError(
      ErrorCode.InvalidParams,
      'This sampling request has tools or toolChoice, but this client did not declare the sampling.tools capability (set sampleWithTools to take them)',
    );
  }
  const problems = samplingMessageProblems(params.messages);
  if (problems.length > 0) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `This sampling request's messages break the tool-use rules: ${problems.join('; ')}`,
    );
  }
}

/**
 * The 2025-11-25 `tasks` capability for the requests this client can run as
 * tasks (those it has handlers for); nothing on older revisions.
 */
function receivableTasks(options: ClientOptions, version: string): Record<string, unknown> {
  if (version < '2025-11-25' || (!options.onElicit && !options.onSample)) return {};
  const requests: Record<string, unknown> = {};
  if (options.onElicit) requests.elicitation = { create: {} };
  if (options.onSample) requests.sampling = { createMessage: {} };
  return { tasks: { list: {}, cancel: {}, requests } };
}

/** Whether an error is -32021 naming the tasks extension among the capabilities the request lacked. */
function requiresTasksExtension(error: unknown): boolean {
  if (!(error instanceof McpError) || error.code !== ErrorCode.MissingRequiredClientCapability) return false;
  const required = isObject(error.data) ? error.data.requiredCapabilities : undefined;
  const extensions = isObject(required) ? required.extensions : undefined;
  return isObject(extensions) && TASKS_EXTENSION in extensions;
}

function withoutMeta(result: Record<string, unknown>): Record<string, unknown> {
  const { _meta: _dropped, ...rest } = result;
  return rest;
}

/** True when an error says the server does not take MCP POSTs at this URL (400, 404, 405 without a JSON-RPC answer). */
function refusesPost(error: unknown): boolean {
  return (
    error instanceof HttpStatusError && (error.status === 400 || error.status === 404 || error.status === 405)
  );
}

/** Methods without side effects on the server, safe to send again. */
const RETRY_SAFE_METHODS = new Set([
  'ping',
  'server/discover',
  'initialize',
  'notifications/initialized',
  'resources/read',
  'prompts/get',
  'completion/complete',
  'tasks/get',
  'tasks/result',
]);

function isRetrySafe(method: string): boolean {
  return RETRY_SAFE_METHODS.has(method) || method.endsWith('/list');
}

/** Error codes of a connection that dropped before the request got any answer. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * Whether a send failed because the connection was reset before any answer:
 * typically a keep-alive connection the server closed while the request was
 * being written (so the server never processed it).
 */
function isConnectionReset(error: unknown): boolean {
  if (!(error instanceof ConnectionClosedError)) return false;
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && RESET_CODES.has(code)) return true;
    cause = cause.cause;
  }
  return false;
}

/** Runs a side-effect-free exchange, again (up to twice) if the connection was reset before any answer. */
async function retryOnReset<T>(method: string, exchange: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await exchange();
    } catch (error) {
      if (attempt < 2 && isRetrySafe(method) && isConnectionReset(error)) continue;
      throw error;
    }
  }
}

/** How long an aborted `callTool` waits for the server to confirm its task's cancellation, ms. */
const TASK_CANCEL_WAIT_MS = 5000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

/** How long closing waits for the server to acknowledge the end of a 2025 session, ms. */
const SESSION_DELETE_TIMEOUT_MS = 2000;

/** Every page's items in one array, a page at a time (not an item at a time). */
async function collectPages<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const all: T[] = [];
  // A loop, not push(...page): a page of a few hundred thousand items would overflow the arguments.
  for await (const page of pages) for (const item of page) all.push(item);
  return all;
}

/** The options with the extensions the authorizer implies added to `capabilities.extensions` (explicit ones win). */
function declaringAuthExtensions(options: ClientOptions): ClientOptions {
  const implied = options.auth?.extensions;
  if (!implied || Object.keys(implied).length === 0) return options;
  const capabilities = options.capabilities ?? {};
  const declared = (capabilities.extensions ?? {}) as Record<string, unknown>;
  return { ...options, capabilities: { ...capabilities, extensions: { ...implied, ...declared } } };
}

/** Whether a process's last stderr output reads like an error report (a stack trace, a panic). */
function reportsError(stderr: string | undefined): boolean {
  // `TypeError:`, `ModuleNotFoundError`, `Exception in thread`, `Traceback (most recent call last)`.
  return stderr !== undefined && /(error|exception)\b|\b(traceback|panic|fatal)\b/i.test(stderr);
}

/** Client state only some clients ever need, made on first use: each field is made on first use too. */
class OccasionalState {
  /** Who waits for status notifications of which task. */
  taskWatchers: Map<string, Set<(state: TaskState) => void>> | undefined;
  /** Tasks a 2025-11-25 server created on this client (task-augmented sampling and elicitation). */
  receivedTasks: ClientTaskReceiver | undefined;
  /** The receivers of the listen streams open, by subscription id. */
  listeners: Map<string | number, (notification: ListenNotification) => void> | undefined;
  /** In-flight requests with input handlers of their own, oldest first: where a 2025 server's questions go. */
  callInputs: Map<RequestId, InputHandlers> | undefined;
  /** Who `watchNotifications` added, besides `options.onNotification`. */
  notificationWatchers:
    | Set<(notification: { method: string; params?: Record<string, unknown> }) => void>
    | undefined;
  /** Requests a 2025 server answered with 404: their session ended. */
  expiredRequests: Set<RequestId> | undefined;
  /** URL-mode elicitations shown to the user whose completion a request waits for. */
  urlElicitations: PendingUrlElicitations | undefined;
  /** Judges URLs the server hands over (`checkUrl`). */
  urlGuard: OutboundGuard | undefined;
}

/** Output schemas compiled, by the frozen schema object the listing (or the process's shared copy) holds. */
const compiledOutputSchemas = new WeakMap<object, CompiledSchema>();

/** What the client remembers of one listed tool for its calls. */
interface ToolFacts {
  /** False when only learnt from a call (the tool still needs listing for its headers). */
  readonly listed: boolean;
  /** Its `x-mcp-header` declarations. */
  headers?: readonly ParamHeaderDeclaration[];
  /** Its `outputSchema`, compiled on the tool's first result: compiling loads the JSON Schema engine. */
  output?: { readonly schema: unknown; compiled?: CompiledSchema };
  /** `execution.taskSupport`, or `'required'` once the server refused a call that did not declare tasks. */
  taskSupport?: string;
  /** Why the listing left it out (invalid `x-mcp-header` declarations). */
  rejected?: string;
}

/** The record of a tool with no headers, no output schema and no task support: shared by all of them. */
const PLAIN_TOOL: ToolFacts = Object.freeze({ listed: true, headers: Object.freeze([]) });

/** What one page of a tool listing taught: facts by tool name, the tools a client may call, and why others were left out. */
interface LearntToolPage {
  readonly facts: Map<string, ToolFacts>;
  readonly accepted: readonly Tool[];
  readonly warnings: readonly string[];
}

/** What was learnt from each frozen page, kept as long as the page is. */
const learntToolPages = new WeakMap<readonly Tool[], LearntToolPage>();
/** The fact tables clients share (copied before a client changes its own). */
const SHARED_TOOL_FACTS = new WeakSet<Map<string, ToolFacts>>();

/** What a frozen page teaches, learnt once per process: a gateway's hundred sessions of one server share it. */
function sharedToolPage(page: readonly Tool[]): LearntToolPage {
  let learnt = learntToolPages.get(page);
  if (learnt === undefined) {
    const facts = new Map<string, ToolFacts>();
    const warnings: string[] = [];
    learnt = { facts, accepted: learnToolPage(page, facts, warnings), warnings };
    learntToolPages.set(page, learnt);
    SHARED_TOOL_FACTS.add(facts);
  }
  return learnt;
}

/** Files what calls need of each tool on `page` in `facts`; gives the tools a client may call. */
function learnToolPage(page: readonly Tool[], facts: Map<string, ToolFacts>, warnings: string[]): Tool[] {
  const accepted: Tool[] = [];
  for (const tool of page) {
    const headers = paramHeadersOf(tool.inputSchema);
    if (!headers.ok) {
      const why = headers.issues.map((issue) => issue.message).join('; ');
      warnings.push(`Ignoring tool ${JSON.stringify(tool.name)}: ${why}`);
      facts.set(tool.name, { listed: true, rejected: why });
      continue;
    }
    const taskSupport = (tool as { execution?: { taskSupport?: unknown } }).execution?.taskSupport;
    // Most tools need nothing remembered: they share one record.
    if (headers.declarations.length === 0 && !tool.outputSchema && typeof taskSupport !== 'string') {
      facts.set(tool.name, PLAIN_TOOL);
    } else {
      const learnt: ToolFacts = { listed: true, headers: headers.declarations };
      // Kept as the one copy the process holds of that schema (the cached listing's, when this
      // page came from the cache), not the page as received: many sessions of one server would
      // each keep theirs.
      if (tool.outputSchema)
        learnt.output = {
          schema: Object.isFrozen(tool.outputSchema)
            ? tool.outputSchema
            : sharedFrozenJson(tool.outputSchema),
        };
      if (typeof taskSupport === 'string') learnt.taskSupport = taskSupport;
      facts.set(tool.name, learnt);
    }
    accepted.push(tool);
  }
  return accepted;
}

/**
 * The `x-mcp-header` declarations of a tool's input schema. A listing served from the result
 * cache hands back the same deep-frozen schema objects each time, so what was read from one is
 * remembered with it; a schema that is not frozen could change under a memo and is read afresh.
 */
const frozenSchemaHeaders = new WeakMap<object, ReturnType<typeof extractParamHeaders>>();
function paramHeadersOf(inputSchema: unknown): ReturnType<typeof extractParamHeaders> {
  if (typeof inputSchema !== 'object' || inputSchema === null || !Object.isFrozen(inputSchema))
    return extractParamHeaders(inputSchema);
  let headers = frozenSchemaHeaders.get(inputSchema);
  if (!headers) {
    headers = extractParamHeaders(inputSchema);
    frozenSchemaHeaders.set(inputSchema, headers);
  }
  return headers;
}
