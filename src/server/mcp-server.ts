/**
 * McpServer: register tools, resources and prompts once; serve them to any
 * client over stdio or Streamable HTTP.
 *
 * Handlers never see the era: the request gate, the codec and the input broker
 * (Multi Round-Trip Requests on 2026-07-28) sit between them and the wire.
 */
import { type BearerAuthOptions, BearerGuard } from '../auth/server/bearer-guard.js';
import { ProtectedHttpEndpoint } from '../auth/server/protected-endpoint.js';
import { principalIdentity } from '../auth/server/request-principal.js';
import { atTokenExpiry } from '../auth/server/token-expiry.js';
import type { CacheHints } from '../protocol/codec/cacheable.js';
import type { ImplementationInfo } from '../protocol/codec/codec.js';
import { resourceNotFound } from '../protocol/codec/index.js';
import { InvalidParamsError } from '../protocol/errors.js';
import type { JSONRPCRequest } from '../protocol/jsonrpc.js';
import type { DiscoverResult, HandlerResult, Resource, ServerCapabilities } from '../protocol/types/index.js';
import { isObject } from '../protocol/validation/validator.js';
import { MODERN_PROTOCOL_VERSIONS, type ProtocolEra } from '../protocol/versions.js';
import type { SchemaSource } from '../schema/index.js';
import { Dispatcher, isAbortError, type RequestHandlerContext } from '../session/dispatcher.js';
import type { RequestResultFor } from '../session/handler-types.js';
import type { Middleware } from '../session/middleware.js';
import { JsonRpcPeer } from '../session/peer.js';
import type { TelemetryOptions } from '../session/telemetry.js';
import type { Transport } from '../session/transport.js';
import { dispatcherHandlers } from '../transport/http/dispatch.js';
import { StreamableHttpEndpoint, type StreamableHttpOptions } from '../transport/http/endpoint.js';
import { createFetchHandler, type FetchHandler } from '../transport/http/fetch-handler.js';
import { clientSupportsApps } from './app-extension.js';
import { bindingOf, principalIdOf } from './binding.js';
import { completeArgument } from './completion.js';
import {
  DEFAULT_MAX_CONCURRENT_REQUESTS_PER_PRINCIPAL,
  limitConcurrencyPerPrincipal,
} from './concurrency-per-principal.js';
import {
  type ContextFactoryOptions,
  clientCapabilitiesOf,
  type DeprecatedFeature,
  type InputBroker,
  type RoundInput,
  ServerContextImpl,
} from './context.js';
import {
  asThrownError,
  defaultErrorHook,
  errorContextOf,
  GENERIC_FAILURE,
  type HandlerErrorContext,
  type HandlerErrorHook,
} from './error-hook.js';
import { InMemoryEventBus, listingDigest, type ServerEventBus } from './events.js';
import { type LegacyHttpSessionOptions, LegacyHttpSessions } from './legacy/http-sessions.js';
import { answerSessionMethod, type LegacyConnection } from './legacy/legacy-serving.js';
import { UrlElicitations } from './legacy/url-elicitations.js';
import {
  acknowledgedFilter,
  DEFAULT_MAX_LISTEN_STREAMS_PER_PRINCIPAL,
  type ListenLimits,
  OpenStreams,
  StreamsPerPrincipal,
  type SubscriptionFilter,
  serveListen,
} from './listen.js';
import {
  lend,
  type MountedServer,
  type MountOptions,
  mountedTemplate,
  prefixed,
  rewrittenResources,
  unchanged,
} from './mount.js';
import { type InputRoundOptions, runWithInputRounds, type StateKeyRingLike } from './mrtr/round.js';
import { DEFAULT_PAGE_SIZE, listPage } from './pagination.js';
import {
  createPromptEntry,
  getPrompt,
  type PromptConfig,
  type PromptEntry,
  type PromptHandler,
  type RegisteredPrompt,
} from './prompts.js';
import { Registry } from './registry.js';
import {
  checkReadResult,
  createResourceEntry,
  createTemplateEntry,
  type ReadResourceCallback,
  type ReadTemplateCallback,
  type RegisteredResource,
  type ResourceEntry,
  type ResourceMetadata,
  ResourceTemplate,
  type TemplateEntry,
} from './resources.js';
import { createServingEdge, type ServingEdgeHost } from './serving-edge.js';
import { coreToolListing } from './tasks/core-tasks.js';
import { TASKS_EXTENSION } from './tasks/extension.js';
import { TaskLeaseLostError } from './tasks/leases.js';
import type { TaskControl } from './tasks/task-control.js';
import { TaskCancelledError } from './tasks/task-run.js';
import { TaskService, type TasksOptions } from './tasks/task-service.js';
import { checkToolExecution } from './tasks/tool-execution.js';
import { serverTelemetry } from './telemetry.js';
import {
  callTool,
  createToolEntry,
  type RegisteredTool,
  type ToolConfig,
  type ToolEntry,
  type ToolHandler,
} from './tools.js';
import type { VisibilityFilter, VisibilityTarget } from './visibility.js';

/** Options of an {@link McpServer}. */
export interface McpServerOptions {
  /** Shown to clients in `server/discover`: how to use this server. */
  instructions?: string;
  /** Capabilities to declare beyond the ones registrations imply (for example `experimental`, `extensions`). */
  capabilities?: Record<string, unknown>;
  /** Items per page of list results. Default 100. */
  pageSize?: number;
  /** Caching hints for cacheable results that do not set their own. Default: `{ ttlMs: 0, cacheScope: 'private' }`. */
  cache?: CacheHints;
  /**
   * Keys that seal Multi Round-Trip state. Default: a random key for this
   * process, so a retry that reaches another process is refused. Behind a load
   * balancer give every process the same keys:
   * `stateKeys: stateKeysFromSecret(process.env.MCP_STATE_SECRET)`.
   */
  stateKeys?: StateKeyRingLike;
  /** How long sealed round state stays valid, in ms. Default 10 minutes. */
  stateTtlMs?: number;
  /** Bounds on rounds of one request. Default 16. */
  maxInputRounds?: number;
  /** Carries change events between listen streams (and processes). Default: in memory. */
  eventBus?: ServerEventBus;
  /** Limits of listen streams. */
  listen?: ListenLimits;
  /**
   * Requests one verified principal may have in progress at once over HTTP (listen streams
   * included); one more gets HTTP 429 with error -32029 until one finishes. Requests without a
   * principal are not counted. Message transports bound requests per connection instead
   * (`maxInFlightRequests`). Default 64.
   */
  maxConcurrentRequestsPerPrincipal?: number;
  /** Options of the Streamable HTTP endpoint behind `fetch` and `serveHttp` (body limit, Host/Origin checks, ...). */
  http?: StreamableHttpOptions;
  /** Middleware around every inbound message. */
  middleware?: readonly Middleware[];
  /** Where warnings go (odd tool names, deprecated features). Default `console.warn`. */
  warn?: (message: string) => void;
  /**
   * Receives every exception a handler or middleware throws that is not an `McpError`
   * (tools, resources, prompts, completion, list callbacks, tasks, notification handlers),
   * the original error with its stack, and the request it broke. Default: printed with
   * its stack on `console.error`. See docs/observability.md.
   *
   * @example
   * const server = new McpServer(info, {
   *   onError: (error, where) => logger.error({ err: error, method: where.method, target: where.target }),
   * });
   */
  onError?: HandlerErrorHook;
  /**
   * Whether the message of such an exception reaches the client: as the text of the
   * tool error (`isError`) of a failed tool, as the message of the -32603 answer of
   * any other request. Default false: the client reads "Internal error" and only the
   * hook sees the message. An `McpError` always reaches the client as it is, and a
   * tool's `toolError(...)` result is what it says.
   */
  exposeErrors?: boolean;
  /**
   * OpenTelemetry spans and metrics after the semantic conventions for MCP, on the optional
   * peer dependency `@opentelemetry/api`: a SERVER span per request and notification that
   * continues the caller's trace from `_meta`, and `mcp.server.operation.duration`.
   * Off unless set; `{}` uses the global tracer and meter providers. See docs/observability.md.
   *
   * @example
   * const server = new McpServer(info, { telemetry: { tracer: trace.getTracer('weather') } });
   */
  telemetry?: TelemetryOptions;
  /** Whether to send `serverInfo` in result `_meta`. Default true. */
  sendServerInfo?: boolean;
  /** Limits of 2025-era HTTP sessions (idle timeout, how many at once). */
  sessions?: LegacyHttpSessionOptions;
  /**
   * OAuth protection of the HTTP endpoint (`fetch`, `serveHttp`): bearer
   * tokens checked by a verifier, Protected Resource Metadata served, and the
   * `scopes` of each tool, resource and prompt enforced. Handlers see the
   * principal on `ctx.auth`. Stdio servers take credentials from their environment instead.
   */
  auth?: BearerAuthOptions;
  /**
   * Serves the tasks extension (`io.modelcontextprotocol/tasks`): tools
   * registered with `execution.taskSupport` run as tasks for clients that
   * declare the extension, and `tasks/get`, `tasks/update`, `tasks/cancel`
   * are answered. 2025-11-25 sessions get the same tasks as core tasks
   * (`capabilities.tasks`, `tasks/get`, `tasks/result`, `tasks/list`,
   * `tasks/cancel`; see docs/tasks.md). Off unless set; `{}` takes the defaults.
   */
  tasks?: TasksOptions;
  /**
   * Decides, per request, which tools, prompts, resources and templates the caller sees and may
   * use (from `ctx.auth`, the client's capabilities, or anything else the context says). Lists
   * leave out what it refuses, and a call, get, read, completion or subscription of it is
   * answered as for an unknown name or URI; list results then carry `cacheScope: 'private'`,
   * since they depend on who asks. Off unless set (everyone sees everything). See
   * docs/composition.md.
   *
   * @example
   * const server = new McpServer(info, {
   *   auth,
   *   visibility: (target, ctx) => target.kind !== 'tool' || !target.name.startsWith('admin_') ||
   *     (ctx.auth?.scopes.includes('admin') ?? false),
   * });
   */
  visibility?: VisibilityFilter;
}

const DEPRECATION_NOTES: Record<DeprecatedFeature, string> = {
  logging: 'Logging is deprecated as of MCP 2026-07-28 (SEP-2577); prefer your own telemetry.',
  sampling: 'Sampling is deprecated as of MCP 2026-07-28 (SEP-2577).',
  roots: 'Roots are deprecated as of MCP 2026-07-28 (SEP-2577).',
};

/**
 * An MCP server.
 *
 * Registrations made before the server serves (its first `connect`, `fetch`,
 * `createHttpEndpoint`, or message) announce no list change: a process
 * starting, or restarting, on a shared event bus sends other processes'
 * listen streams nothing. From then on every registry change is announced.
 *
 * @example
 * import { z } from 'zod';
 * const server = new McpServer({ name: 'weather', version: '1.0.0' });
 * server.registerTool('forecast', {
 *   description: 'Forecast for a city',
 *   inputSchema: z.object({ city: z.string() }),
 * }, async ({ city }) => ({ content: [{ type: 'text', text: `${city}: sunny` }] }));
 * export default { fetch: (request: Request) => server.fetch(request) };
 */
export class McpServer {
  /** Routes requests to the handlers below; transports drive it. */
  readonly dispatcher: Dispatcher;
  /** The server's change events (list changes, resource updates). */
  readonly events: ServerEventBus;
  private readonly tools: Registry<ToolEntry, ToolConfig>;
  private readonly prompts: Registry<PromptEntry, PromptConfig>;
  private readonly resources: Registry<ResourceEntry, ResourceMetadata>;
  private readonly templates: Registry<TemplateEntry, ResourceMetadata>;
  private readonly pageSize: number;
  private readonly warn: (message: string) => void;
  private readonly onError: HandlerErrorHook;
  private readonly exposeErrors: boolean;
  private readonly warned = new Set<DeprecatedFeature>();
  /** Open listen streams, ended by {@link McpServer.close}. */
  private readonly listenStreams = new OpenStreams();
  /** Open listen streams per principal, bounded by `listen.maxStreamsPerPrincipal`. */
  private readonly listenersByPrincipal = new StreamsPerPrincipal();
  private readonly urlElicitations = new UrlElicitations();
  /** The servers mounted in this one (`mount`). */
  private readonly mounted = new Set<McpServer>();
  /** What every handler context is built with; one object for the server's life. */
  private readonly contextOptions: ContextFactoryOptions = {
    onDeprecated: (feature) => this.deprecated(feature),
    onUrlElicitation: (elicitationId, inner) => {
      const session = bindingOf(inner).session;
      if (session) this.urlElicitations.track(elicitationId, session);
    },
  };
  private inputRounds: InputRoundOptions | undefined;
  private fetchHandler: FetchHandler | undefined;
  private legacySessions: LegacyHttpSessions | undefined;
  private readonly taskService: TaskService | undefined;
  /**
   * Whether the server has started serving: set by the first {@link connect},
   * {@link fetch} or {@link createHttpEndpoint} (so `serveStdio` and
   * `serveHttp`), or the first message reaching {@link dispatcher}. Until then
   * registering, changing or removing a tool, prompt or resource announces no
   * list change: nobody can be listening to this process yet, and on a shared
   * event bus other processes' streams must not hear it (re)start. Explicit
   * `notifyResourceListChanged` and `notifyResourceUpdated` always publish.
   */
  private serving = false;

  constructor(
    readonly serverInfo: ImplementationInfo,
    readonly options: McpServerOptions = {},
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.warn = options.warn ?? ((message) => console.warn(`[mcpkit] ${message}`));
    this.events = options.eventBus ?? new InMemoryEventBus();
    this.onError = options.onError ?? defaultErrorHook;
    this.exposeErrors = options.exposeErrors ?? false;
    const edge = createServingEdge(this.edgeHost());
    // Telemetry is the outermost middleware, so its span covers the others; absent, nothing is installed.
    const middleware = options.telemetry
      ? [serverTelemetry(options.telemetry, this.warn), ...(options.middleware ?? [])]
      : options.middleware;
    this.dispatcher = new Dispatcher({
      middleware,
      exposeInternalErrors: this.exposeErrors,
      onError: (error, message, binding) => this.report(error, errorContextOf(message, binding)),
      // A message reaching the dispatcher (through any transport, ours or not) means serving.
      edge: { ...edge, bind: (message, given) => this.markServing(edge.bind(message, given)) },
    });
    this.taskService = options.tasks ? new TaskService(options.tasks, this.warn, this.pageSize) : undefined;
    // Each list change carries the digest of the listing it produced: processes making the
    // same change announce the same identity, and a shared bus delivers it once. Before the
    // server serves, registrations build its registry and announce nothing (see `serving`).
    const announce =
      (type: 'tools/list_changed' | 'prompts/list_changed', listing: () => Iterable<string>) => () => {
        if (this.serving) void this.events.publish({ type, change: listingDigest(listing()) });
      };
    const announceResources = () => {
      if (!this.serving) return;
      void this.events.publish({
        type: 'resources/list_changed',
        change: listingDigest(this.resourceListing()),
      });
    };
    this.tools = new Registry(
      'Tool',
      announce('tools/list_changed', () => definitionsOf(this.tools.list())),
      (entry, name, config) => createToolEntry(name, config, entry.handler, this.warn),
    );
    this.prompts = new Registry(
      'Prompt',
      announce('prompts/list_changed', () => definitionsOf(this.prompts.list())),
      (entry, name, config) => createPromptEntry(name, config, entry.handler),
    );
    this.resources = new Registry(
      'Resource',
      announceResources,
      (entry, name, config) => createResourceEntry(name, entry.uri, config, entry.read),
      (entry) => entry.uri,
    );
    this.templates = new Registry('Resource template', announceResources, (entry, name, config) =>
      createTemplateEntry(name, entry.template, config, entry.read),
    );
    this.installHandlers();
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers a tool. The handler gets the validated arguments and the context
   * (or only the context, for a tool without an input schema).
   *
   * @example
   * server.registerTool('add', {
   *   inputSchema: z.object({ a: z.number(), b: z.number() }),
   *   outputSchema: z.object({ sum: z.number() }),
   * }, ({ a, b }) => ({ structuredContent: { sum: a + b } }));
   */
  registerTool<
    const TInput extends SchemaSource | undefined = undefined,
    const TOutput extends SchemaSource | undefined = undefined,
  >(
    name: string,
    config: ToolConfig<TInput, TOutput>,
    handler: ToolHandler<TInput, TOutput>,
  ): RegisteredTool {
    if (config.execution) checkToolExecution(name, config.execution, this.taskService !== undefined);
    const entry = createToolEntry(name, config as ToolConfig, handler as ToolEntry['handler'], this.warn);
    return this.tools.add(entry);
  }

  /**
   * Registers a resource at a fixed URI, or a template of URIs.
   *
   * @example
   * server.registerResource('readme', 'file:///README.md', { mimeType: 'text/markdown' }, async (uri) => ({
   *   contents: [{ uri: uri.href, text: await readFile('README.md', 'utf8') }],
   * }));
   */
  registerResource(
    name: string,
    uri: string,
    metadata: ResourceMetadata,
    read: ReadResourceCallback,
  ): RegisteredResource;
  registerResource(
    name: string,
    template: ResourceTemplate,
    metadata: ResourceMetadata,
    read: ReadTemplateCallback,
  ): RegisteredResource;
  registerResource(
    name: string,
    uriOrTemplate: string | ResourceTemplate,
    metadata: ResourceMetadata,
    read: ReadResourceCallback | ReadTemplateCallback,
  ): RegisteredResource {
    if (uriOrTemplate instanceof ResourceTemplate) {
      return this.templates.add(
        createTemplateEntry(name, uriOrTemplate, metadata, read as ReadTemplateCallback),
      );
    }
    return this.resources.add(
      createResourceEntry(name, uriOrTemplate, metadata, read as ReadResourceCallback),
    );
  }

  /**
   * Registers a prompt.
   *
   * @example
   * server.registerPrompt('review', {
   *   argsSchema: z.object({ code: z.string() }),
   * }, ({ code }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Review:\n${code}` } }] }));
   */
  registerPrompt<const TArgs extends SchemaSource | undefined = undefined>(
    name: string,
    config: PromptConfig<TArgs>,
    handler: PromptHandler<TArgs>,
  ): RegisteredPrompt {
    return this.prompts.add(
      createPromptEntry(name, config as PromptConfig, handler as PromptEntry['handler']),
    );
  }

  /**
   * Shows another server's tools, prompts, resources and templates in this one: tools, prompts
   * and templates under `prefix` (`weather` + `_` + `forecast` = `weather_forecast`), resources
   * at their own URIs or as `options.resourceUris` rewrites them (`schemePrefixed('weather')`).
   * They are served by this server, as its own: its transports, `auth`,
   * visibility, tasks, middleware and limits apply, and their handlers run with this server's
   * context, so elicitation, sampling and Multi Round-Trip rounds, completion, progress and tasks
   * work through the mount on both eras. The view is live: what the mounted server registers,
   * changes or removes later is announced to this server's clients as a list change.
   *
   * A name or URI both servers would hold is an error when it would happen: here, at mount time,
   * or later, when either server registers it. Mounting a server that serves tasks-only tools in
   * one without `tasks` is an error too.
   *
   * @example
   * const gateway = new McpServer({ name: 'gateway', version: '1.0.0' });
   * gateway.mount('weather', weatherServer);   // weather_forecast, weather_alerts, ...
   * gateway.mount('notes', notesServer);       // notes_search, and the notes:// resources
   */
  mount(prefix: string, other: McpServer, options: MountOptions = {}): MountedServer {
    const separator = options.separator ?? '_';
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix) || !/^[A-Za-z0-9_.-]*$/.test(separator)) {
      throw new TypeError(
        `Mount prefix ${JSON.stringify(prefix)} and separator ${JSON.stringify(separator)} must be letters, digits, _, . or - (tool names allow no others)`,
      );
    }
    if (this.mounted.has(other))
      throw new TypeError(`Cannot mount ${JSON.stringify(prefix)}: that server is already mounted here`);
    if (other === this || other.mountsServer(this)) {
      throw new TypeError(`Cannot mount ${JSON.stringify(prefix)}: the server would contain itself`);
    }
    for (const tool of other.tools.list()) {
      const name = `${prefix}${separator}${tool.name}`;
      if (name.length > 128) {
        throw new TypeError(
          `Tool ${JSON.stringify(name)} would exceed 128 characters; mount under a shorter prefix`,
        );
      }
      if (tool.config.execution)
        checkToolExecution(name, tool.config.execution, this.taskService !== undefined);
    }
    const named = <T extends { readonly name: string }>(entry: T) => entry.name;
    const uris = options.resourceUris;
    const stops: (() => void)[] = [];
    try {
      stops.push(
        lend(
          this.tools,
          other.tools,
          prefixed(prefix, separator, named, (tool, name) => ({
            ...tool,
            name,
            listing: { ...tool.listing, name },
            fallbackListing: tool.fallbackListing && { ...tool.fallbackListing, name },
          })),
          'Tool',
        ),
        lend(
          this.prompts,
          other.prompts,
          prefixed(prefix, separator, named, (prompt, name) => ({
            ...prompt,
            name,
            listing: { ...prompt.listing, name },
          })),
          'Prompt',
        ),
        lend(
          this.resources,
          other.resources,
          uris ? rewrittenResources(uris) : unchanged((resource) => resource.uri),
          'Resource',
        ),
        lend(
          this.templates,
          other.templates,
          prefixed(prefix, separator, named, (template, name) => mountedTemplate(template, name, uris)),
          'Resource template',
        ),
      );
    } catch (error) {
      for (const stop of stops) stop();
      throw error;
    }
    // What the mounted server says of its resources explicitly reaches this server's clients.
    if (other.events !== this.events) {
      stops.push(
        other.events.subscribe((event) => {
          if (event.type === 'resources/updated')
            void this.events.publish(uris ? { ...event, uri: uris.outer(event.uri) } : event);
          else if (event.type === 'resources/list_changed' && !event.change) void this.events.publish(event);
        }),
      );
    }
    this.mounted.add(other);
    return {
      prefix,
      unmount: () => {
        if (!this.mounted.delete(other)) return;
        for (const stop of stops) stop();
      },
    };
  }

  /** Whether `server` is mounted in this one, directly or deeper. */
  private mountsServer(server: McpServer): boolean {
    for (const mounted of this.mounted) if (mounted === server || mounted.mountsServer(server)) return true;
    return false;
  }

  /** What the resource listing is made of, for the identity of a `resources/list_changed`. */
  private resourceListing(): string[] {
    const listed = this.resources.list();
    const resources = definitionsOf(listed).map((entry, at) => `resource ${listed[at]?.uri} ${entry}`);
    const templates = definitionsOf(this.templates.list()).map((entry) => `template ${entry}`);
    return [...resources, ...templates];
  }

  /** Tells listening clients that the resource list changed (for example what a template's `list` returns). */
  notifyResourceListChanged(): void {
    void this.events.publish({ type: 'resources/list_changed' });
  }

  /** Tells subscribed clients that a resource changed. */
  notifyResourceUpdated(uri: string): void {
    void this.events.publish({ type: 'resources/updated', uri });
  }

  /**
   * Tells the client that asked, on a 2025-11-25 session, that the out-of-band
   * interaction of a URL-mode elicitation finished
   * (`notifications/elicitation/complete`). Returns false when the id is
   * unknown, already completed, expired (after an hour), or its session is
   * gone. 2026-07-28 clients need no notice: they retry the request.
   *
   * @example
   * // In the web route the elicitation URL leads to, once the user is done:
   * server.completeElicitation(elicitationId);
   */
  completeElicitation(elicitationId: string): boolean {
    return this.urlElicitations.complete(elicitationId);
  }

  // ---------------------------------------------------------------- serving

  /**
   * Serves one HTTP request (Streamable HTTP, 2026-07-28): the web-standard
   * entry point for Workers, Deno, Bun and fetch-style frameworks.
   *
   * It cannot know the address it is served on, so without `http.hostProtection`
   * it answers any Host (a Worker's `*.workers.dev` name, a proxy's public name)
   * and refuses web pages other than loopback ones (`'loopback-origins'`): DNS
   * rebinding needs a browser, and browsers send `Origin` with every POST. Set
   * `http.hostProtection` to `'loopback'` or to allow-lists to be stricter, and
   * `http.trustProxy` behind a proxy. docs/deploy.md has a recipe per runtime.
   *
   * @example
   * Bun.serve({ port: 3000, fetch: (request) => server.fetch(request) });
   */
  fetch(request: Request, extra?: Record<string, unknown>): Promise<Response> {
    if (!this.fetchHandler && this.options.auth && this.options.auth.resource === undefined) {
      return Promise.reject(
        new TypeError('McpServer: auth.resource (the public URL of this server) is required for fetch'),
      );
    }
    this.fetchHandler ??= createFetchHandler(
      this.createHttpEndpoint(
        this.options.http?.hostProtection === undefined ? { hostProtection: 'loopback-origins' } : {},
      ),
    );
    this.serving = true;
    return this.fetchHandler(request, extra);
  }

  /**
   * Serves this server on one message transport (stdio, an in-memory pair, a transport of your
   * own) until it closes: every message takes the same serving edge as over HTTP. The
   * connection may open one 2025 session (`initialize`); 2026-07-28 requests need none.
   *
   * @example
   * const [clientSide, serverSide] = createInMemoryTransportPair();
   * await server.connect(serverSide);
   * const client = await Client.connect(clientSide);
   */
  async connect(transport: Transport): Promise<JsonRpcPeer> {
    this.serving = true;
    const connection: LegacyConnection = { session: undefined };
    const peer = new JsonRpcPeer(transport, { dispatcher: this.dispatcher, binding: { connection } });
    connection.sink = (notification) =>
      void peer.notify(notification.method, notification.params).catch(() => {});
    await peer.start();
    void peer.closed.then(() => connection.session?.close());
    return peer;
  }

  /**
   * The Streamable HTTP endpoint for this server; `serveHttp` and `fetch` use
   * it. With `auth`, a {@link ProtectedHttpEndpoint} that authenticates every
   * request and serves the Protected Resource Metadata.
   */
  createHttpEndpoint(options: StreamableHttpOptions = {}): StreamableHttpEndpoint {
    this.serving = true;
    this.legacySessions ??= new LegacyHttpSessions(
      this.dispatcher,
      { events: this.events, warn: this.warn },
      this.options.sessions,
    );
    const handlers = limitConcurrencyPerPrincipal(
      this.legacySessions.wrap(dispatcherHandlers(this.dispatcher)),
      this.options.maxConcurrentRequestsPerPrincipal ?? DEFAULT_MAX_CONCURRENT_REQUESTS_PER_PRINCIPAL,
    );
    const httpOptions = { ...this.options.http, ...options };
    if (!this.options.auth) return new StreamableHttpEndpoint(handlers, httpOptions);
    return new ProtectedHttpEndpoint(handlers, {
      ...httpOptions,
      guard: new BearerGuard(this.options.auth),
      operationScopes: (request) => this.operationScopes(request),
    });
  }

  /** The scopes a request's target (tool, prompt, resource) was registered with. */
  private operationScopes(request: JSONRPCRequest): readonly string[] | undefined {
    const params = request.params ?? {};
    switch (request.method) {
      case 'tools/call':
        return typeof params.name === 'string' ? this.tools.get(params.name)?.config.scopes : undefined;
      case 'prompts/get':
        return typeof params.name === 'string' ? this.prompts.get(params.name)?.config.scopes : undefined;
      case 'resources/read':
      case 'resources/subscribe':
        return typeof params.uri === 'string' ? this.resourceScopes(params.uri) : undefined;
      case 'completion/complete': {
        // Completing an argument can reveal what the target holds: it needs the target's scopes.
        const ref = (params.ref ?? {}) as { type?: unknown; name?: unknown; uri?: unknown };
        if (ref.type === 'ref/prompt' && typeof ref.name === 'string')
          return this.prompts.get(ref.name)?.config.scopes;
        if (ref.type === 'ref/resource' && typeof ref.uri === 'string')
          return this.completionTemplate(ref.uri)?.config.scopes;
        return undefined;
      }
      case 'subscriptions/listen':
        return this.subscriptionScopes(params.notifications);
      default:
        // Lists stay open to any valid token: clients learn what exists, then step up when they call it.
        return undefined;
    }
  }

  /**
   * The template a completion reference names: by its template string, or
   * the first one matching a concrete URI. The scope check and the handler
   * both use it, so they always agree on which template is meant.
   */
  private completionTemplate(uriOrTemplate: string): TemplateEntry | undefined {
    return this.templates
      .list()
      .find(
        (t) =>
          t.template.uriTemplate.toString() === uriOrTemplate ||
          t.template.uriTemplate.match(uriOrTemplate) !== undefined,
      );
  }

  /**
   * A listen stream delivers `resources/updated` for each URI it names, so it
   * needs every one of their scopes (as `resources/subscribe` does one by one).
   */
  private subscriptionScopes(notifications: unknown): readonly string[] | undefined {
    const uris = (notifications as { resourceSubscriptions?: unknown } | undefined)?.resourceSubscriptions;
    if (!Array.isArray(uris)) return undefined;
    const needed = new Set<string>();
    for (const uri of uris) {
      if (typeof uri !== 'string') continue;
      for (const scope of this.resourceScopes(uri) ?? []) needed.add(scope);
    }
    return needed.size > 0 ? [...needed] : undefined;
  }

  /** The scopes of the resource a URI names: a fixed one, else the first template that matches (as a read picks). */
  private resourceScopes(uri: string): readonly string[] | undefined {
    const fixed = this.resources.get(uri);
    if (fixed) return fixed.config.scopes;
    return this.templates.list().find((t) => t.template.uriTemplate.match(uri) !== undefined)?.config.scopes;
  }

  /**
   * Ends the listen streams open now gracefully (each gets its closing
   * result), ends 2025 sessions, and stops background work (the task store's
   * sweep). Registrations and tasks stay; the server can serve again, new
   * listen streams included.
   *
   * @example
   * process.on('SIGTERM', () => {
   *   server.close();
   *   void running.close();
   * });
   */
  close(): void {
    this.listenStreams.closeAll();
    this.taskService?.close();
    this.legacySessions?.closeAll();
  }

  /** The capabilities this server declares, from what is registered. */
  capabilities(): Record<string, unknown> {
    const caps: Record<string, unknown> = { ...this.options.capabilities };
    if (this.tools.everRegistered) caps.tools = { listChanged: true };
    if (this.prompts.everRegistered) caps.prompts = { listChanged: true };
    if (this.hasResources) caps.resources = { subscribe: true, listChanged: true };
    if (this.prompts.everRegistered || this.templates.everRegistered) caps.completions = {};
    caps.logging ??= {};
    const advertised = this.options.auth?.extensions;
    if (advertised && advertised.length > 0) {
      const extensions = { ...(caps.extensions as Record<string, unknown> | undefined) };
      for (const id of advertised) extensions[id] ??= {};
      caps.extensions = extensions;
    }
    if (this.taskService) {
      caps.extensions = { ...(caps.extensions as Record<string, unknown> | undefined) };
      (caps.extensions as Record<string, unknown>)[TASKS_EXTENSION] ??= {};
    }
    return caps;
  }

  /** Notes that the server serves (a message reached it), passing `binding` through. */
  private markServing<T>(binding: T): T {
    this.serving = true;
    return binding;
  }

  /** What the serving edge asks of this server. */
  private edgeHost(): ServingEdgeHost {
    return {
      events: this.events,
      supportedVersions: MODERN_PROTOCOL_VERSIONS,
      encode: {
        serverInfo: this.options.sendServerInfo === false ? undefined : this.serverInfo,
        cache: this.options.cache,
      },
      hasMethod: (method, era) => this.hasMethod(method, era),
      initializeResult: (version) => this.initializeResult(version),
      paramHeadersFor: (request) => {
        if (request.method !== 'tools/call') return undefined;
        const name = request.params?.name;
        return typeof name === 'string' ? this.tools.get(name)?.paramHeaders : undefined;
      },
    };
  }

  /** Whether any resource or template was ever registered. */
  private get hasResources(): boolean {
    return this.resources.everRegistered || this.templates.everRegistered;
  }

  private hasMethod(method: string, era?: ProtocolEra): boolean {
    switch (method) {
      case 'tasks/result':
      case 'tasks/list':
        // 2025-11-25 core task methods: 2026-07-28 has neither.
        return era === 'legacy' && this.taskService !== undefined && this.taskService.core.serves(method);
      case 'server/discover':
      case 'subscriptions/listen':
        return true;
      case 'tools/list':
      case 'tools/call':
        return this.tools.everRegistered;
      case 'prompts/list':
      case 'prompts/get':
        return this.prompts.everRegistered;
      case 'resources/list':
      case 'resources/templates/list':
      case 'resources/read':
        return this.hasResources;
      case 'completion/complete':
        return this.prompts.everRegistered || this.templates.everRegistered;
      default:
        return this.dispatcher.hasRequestHandler(method);
    }
  }

  // ---------------------------------------------------------------- handlers

  private context(
    inner: RequestHandlerContext,
    broker: InputBroker,
    round?: RoundInput,
    task?: TaskControl,
  ): ServerContextImpl {
    return new ServerContextImpl(inner, this.contextOptions, { broker, round, task });
  }

  /** Hands a failure to the error hook; a hook that throws is said through `warn`, never lost. */
  private report(error: Error, where: HandlerErrorContext): void {
    try {
      this.onError(error, where);
    } catch (hookFailure) {
      this.warn(`The onError hook threw while reporting ${where.method}: ${String(hookFailure)}`);
    }
  }

  /** Reports a tool handler's exception and returns the text its tool error shows the client. */
  private toolFailed(thrown: unknown, inner: RequestHandlerContext, name: string, taskId?: string): string {
    const error = asThrownError(thrown);
    // A cancelled call's handler ending with the abort is not a failure (the client gets no answer),
    // nor is a task's handler ending with its task's cancellation or lost lease (the task is final).
    if (inner.signal.aborted && (isAbortError(error) || error === inner.signal.reason))
      return GENERIC_FAILURE;
    if (error instanceof TaskCancelledError || error instanceof TaskLeaseLostError) return GENERIC_FAILURE;
    const where = errorContextOf(
      { jsonrpc: '2.0', id: inner.requestId, method: inner.method },
      inner.binding,
      name,
    );
    this.report(error, taskId === undefined ? where : { ...where, taskId });
    return this.exposeErrors && error.message ? error.message : GENERIC_FAILURE;
  }

  /** The `initialize` result of a 2025 session. */
  private initializeResult(protocolVersion: string): Record<string, unknown> {
    // 2025 capabilities have no `extensions`; tasks there are the core `tasks` capability.
    const { extensions: _extensions, ...capabilities } = this.capabilities();
    const tasks = this.taskService?.core.capability(protocolVersion);
    if (tasks) capabilities.tasks = tasks;
    const result: Record<string, unknown> = { protocolVersion, capabilities, serverInfo: this.serverInfo };
    if (this.options.instructions !== undefined) result.instructions = this.options.instructions;
    return result;
  }

  private deprecated(feature: DeprecatedFeature): void {
    if (this.warned.has(feature)) return;
    this.warned.add(feature);
    this.warn(DEPRECATION_NOTES[feature]);
  }

  /** Round options of a request: the server's, and the principal its sealed state is bound to. */
  private roundOptions(inner: RequestHandlerContext): InputRoundOptions {
    this.inputRounds ??= {
      keys: this.options.stateKeys,
      ttlMs: this.options.stateTtlMs,
      maxRounds: this.options.maxInputRounds,
      onUrlElicitationRequired: (error, request) => {
        const listed = isObject(error.data) ? error.data.elicitations : undefined;
        if (!Array.isArray(listed)) return;
        for (const page of listed) {
          if (isObject(page) && typeof page.elicitationId === 'string')
            this.contextOptions.onUrlElicitation?.(page.elicitationId, request);
        }
      },
    };
    const principal = principalIdOf(inner);
    return principal === undefined ? this.inputRounds : { ...this.inputRounds, principal };
  }

  private installHandlers(): void {
    const d = this.dispatcher;
    d.setRequestHandler('server/discover', () => {
      const result: HandlerResult<DiscoverResult> = {
        supportedVersions: [...MODERN_PROTOCOL_VERSIONS],
        // Built from the registries and the options' capabilities, which are ServerCapabilities.
        capabilities: this.capabilities() as ServerCapabilities,
      };
      if (this.options.instructions !== undefined) result.instructions = this.options.instructions;
      return result;
    });

    d.setRequestHandler('tools/list', (params, inner) => {
      const tasks = this.taskService !== undefined;
      // Shaped by the requesting client: one without MCP Apps sees no app-only tool, and an
      // app tool's fallback description.
      const apps = clientSupportsApps(clientCapabilitiesOf(inner));
      const shown = (t: ToolEntry) => (apps ? t.listing : (t.fallbackListing ?? t.listing));
      let tools = apps ? this.tools.list() : this.tools.list().filter((t) => !t.appOnly);
      const sees = this.visibleTo(inner);
      if (sees) tools = tools.filter((t) => sees({ kind: 'tool', name: t.name, tool: shown(t) }));
      const page = listPage('tools', tools, params.cursor, this.pageSize, (t) =>
        tasks ? coreToolListing(shown(t), t.config.execution, inner) : shown(t),
      );
      return sees ? callerDependent(page) : page;
    });
    d.setRequestHandler('tools/call', (params, inner) => {
      const tool = this.tools.named(params.name);
      // An app-only tool does not exist for a client that has no app to call it.
      if (tool.appOnly && !clientSupportsApps(clientCapabilitiesOf(inner))) {
        throw new InvalidParamsError(`Unknown tool: ${tool.name}`);
      }
      // Nor does one the caller may not see: the same answer, so its existence stays hidden.
      const sees = this.visibleTo(inner);
      if (sees && !sees({ kind: 'tool', name: tool.name, tool: tool.listing })) {
        throw new InvalidParamsError(`Unknown tool: ${tool.name}`);
      }
      // Both paths answer with a completed tool result (callTool fills `content`), an
      // input_required result, or, through the tasks extension, a created task.
      type Answer = Promise<RequestResultFor<'tools/call'>>;
      if (this.taskService && (tool.config.execution || bindingOf(inner).era === 'legacy')) {
        return this.taskService.callTool(
          tool.config.execution,
          params,
          inner,
          this.roundOptions(inner),
          (callInner, broker, round, task) =>
            callTool(tool, params.arguments, this.context(callInner, broker, round, task), (thrown) =>
              this.toolFailed(thrown, callInner, tool.name, task?.id),
            ),
        ) as Answer;
      }
      return runWithInputRounds('tools/call', params, inner, this.roundOptions(inner), (broker, round) =>
        callTool(tool, params.arguments, this.context(inner, broker, round), (thrown) =>
          this.toolFailed(thrown, inner, tool.name),
        ),
      ) as Answer;
    });

    d.setRequestHandler('prompts/list', (params, inner) => {
      const sees = this.visibleTo(inner);
      if (!sees)
        return listPage('prompts', this.prompts.list(), params.cursor, this.pageSize, (p) => p.listing);
      const prompts = this.prompts.list().filter((p) => sees(promptTarget(p)));
      return callerDependent(listPage('prompts', prompts, params.cursor, this.pageSize, (p) => p.listing));
    });
    d.setRequestHandler('prompts/get', (params, inner) => {
      const prompt = this.prompts.named(params.name);
      const sees = this.visibleTo(inner);
      if (sees && !sees(promptTarget(prompt))) throw new InvalidParamsError(`Unknown prompt: ${prompt.name}`);
      return runWithInputRounds('prompts/get', params, inner, this.roundOptions(inner), (broker, round) =>
        getPrompt(prompt, params.arguments, this.context(inner, broker, round)),
      );
    });

    d.setRequestHandler('resources/list', async (params, inner) => {
      const sees = this.visibleTo(inner);
      const fixed = sees
        ? this.resources.list().filter((r) => sees(fixedResourceTarget(r)))
        : this.resources.list();
      const listed: Resource[] = fixed.map((r) => r.listing);
      for (const template of this.templates.list()) {
        const list = template.template.callbacks.list;
        if (!list || (sees && !sees(templateTarget(template)))) continue;
        const { resources } = await list(this.context(inner, NO_INPUT));
        const { scopes: _scopes, ...shown } = template.config;
        for (const resource of resources) {
          if (sees && !sees(templatedResourceTarget(template, resource.uri))) continue;
          listed.push({ ...shown, ...resource });
        }
      }
      const page = listPage('resources', listed, params.cursor, this.pageSize);
      return sees ? callerDependent(page) : page;
    });
    d.setRequestHandler('resources/templates/list', (params, inner) => {
      const sees = this.visibleTo(inner);
      const templates = sees
        ? this.templates.list().filter((t) => sees(templateTarget(t)))
        : this.templates.list();
      const page = listPage('resourceTemplates', templates, params.cursor, this.pageSize, (t) => t.listing);
      return sees ? callerDependent(page) : page;
    });
    d.setRequestHandler('resources/read', (params, inner) => {
      const uri = params.uri as string;
      const sees = this.visibleTo(inner);
      if (sees && !this.resourceVisible(uri, sees)) throw resourceNotFound(uri);
      return runWithInputRounds('resources/read', params, inner, this.roundOptions(inner), (broker, round) =>
        this.readResource(uri, this.context(inner, broker, round)),
      );
    });

    d.setRequestHandler('completion/complete', (params, inner) => {
      const sees = this.visibleTo(inner);
      return completeArgument(params, {
        prompt: (name) => {
          const prompt = this.prompts.get(name);
          return prompt && (!sees || sees(promptTarget(prompt))) ? prompt : undefined;
        },
        template: (uri) => {
          const template = this.completionTemplate(uri);
          return template && (!sees || sees(templateTarget(template))) ? template : undefined;
        },
      });
    });

    this.taskService?.install(d);

    // 2025 sessions: subscribing to a resource the caller may not see is refused as for an
    // unknown one (without a filter the session answers subscriptions itself).
    if (this.options.visibility) {
      d.setRequestHandler('resources/subscribe', (params, inner) => {
        const session = bindingOf(inner).session;
        const sees = this.visibleTo(inner);
        if (!session) throw new InvalidParamsError('resources/subscribe needs a 2025-11-25 session');
        if (sees && typeof params.uri === 'string' && !this.resourceVisible(params.uri, sees))
          throw resourceNotFound(params.uri);
        const request = {
          jsonrpc: '2.0' as const,
          id: inner.requestId,
          method: 'resources/subscribe',
          params,
        };
        return answerSessionMethod(session, request);
      });
    }

    d.setRequestHandler('subscriptions/listen', async (params, inner) => {
      const filter = acknowledgedFilter(
        (params.notifications ?? {}) as SubscriptionFilter,
        {
          tools: this.tools.everRegistered,
          prompts: this.prompts.everRegistered,
          resources: this.hasResources,
        },
        this.options.listen ?? {},
      );
      const requested = (params.notifications ?? {}) as SubscriptionFilter;
      // A resource the caller may not see is not subscribed to (the acknowledgement leaves it out).
      const sees = this.visibleTo(inner);
      if (sees && filter.resourceSubscriptions) {
        filter.resourceSubscriptions = filter.resourceSubscriptions.filter((uri) =>
          this.resourceVisible(uri, sees),
        );
      }
      const tasks = await this.taskService?.listen(requested.taskIds, inner);
      if (tasks) filter.taskIds = tasks.taskIds;
      const sources = tasks?.source ? [tasks.source] : [];
      // The stream ends (gracefully) when the server closes or the token that opened it expires.
      const principal = bindingOf(inner).principal;
      const limits = this.options.listen ?? {};
      const forget =
        principal === undefined
          ? undefined
          : this.listenersByPrincipal.take(
              principalIdentity(principal),
              limits.maxStreamsPerPrincipal ?? DEFAULT_MAX_LISTEN_STREAMS_PER_PRINCIPAL,
            );
      return serveListen(
        filter,
        inner,
        this.events,
        (stop) => {
          const release = this.listenStreams.hold(stop);
          const cancel = principal ? atTokenExpiry(principal, stop) : undefined;
          return () => {
            release();
            cancel?.();
            forget?.();
          };
        },
        sources,
      );
    });
  }

  /**
   * The visibility filter bound to one request's caller, or undefined when the server has none
   * (then everyone sees everything and nothing is checked).
   */
  private visibleTo(inner: RequestHandlerContext): ((target: VisibilityTarget) => boolean) | undefined {
    const filter = this.options.visibility;
    if (!filter) return undefined;
    const caller = this.context(inner, NO_INPUT);
    return (target) => filter(target, caller);
  }

  /** Whether a URI names a resource the caller sees: a fixed one, or one of a template it sees (as a read picks). */
  private resourceVisible(uri: string, sees: (target: VisibilityTarget) => boolean): boolean {
    const fixed = this.resources.get(uri);
    if (fixed) return sees(fixedResourceTarget(fixed));
    const template = this.templates.list().find((t) => t.template.uriTemplate.match(uri) !== undefined);
    // An unknown URI: the read answers "not found" itself.
    if (!template) return true;
    return sees(templateTarget(template)) && sees(templatedResourceTarget(template, uri));
  }

  private async readResource(uri: string, ctx: ServerContextImpl) {
    const fixed = this.resources.get(uri);
    if (fixed) return checkReadResult(uri, await fixed.read(new URL(uri), ctx));
    for (const template of this.templates.list()) {
      const variables = template.template.uriTemplate.match(uri);
      if (variables === undefined) continue;
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        throw new InvalidParamsError(`Invalid resource URI: ${uri}`);
      }
      return checkReadResult(uri, await template.read(url, variables, ctx));
    }
    throw resourceNotFound(uri);
  }
}

/** A list result that depends on who asked: never shared between credentials by a cache. */
function callerDependent<T extends object>(page: T): T & { cacheScope: 'private' } {
  return { ...page, cacheScope: 'private' };
}

function promptTarget(prompt: PromptEntry): VisibilityTarget {
  return { kind: 'prompt', name: prompt.name, prompt: prompt.listing };
}

function fixedResourceTarget(resource: ResourceEntry): VisibilityTarget {
  return { kind: 'resource', uri: resource.uri, name: resource.name };
}

function templateTarget(template: TemplateEntry): VisibilityTarget {
  return {
    kind: 'resourceTemplate',
    name: template.name,
    uriTemplate: template.template.uriTemplate.toString(),
  };
}

function templatedResourceTarget(template: TemplateEntry, uri: string): VisibilityTarget {
  return {
    kind: 'resource',
    uri,
    name: template.name,
    uriTemplate: template.template.uriTemplate.toString(),
  };
}

/** A broker for handlers that may not ask for input (list callbacks, completion). */
const NO_INPUT: InputBroker = {
  ask: (_kind, method) =>
    Promise.reject(new InvalidParamsError(`${method} cannot be requested while listing or completing`)),
};

/**
 * One string per entry, its name and definition, for a listing's digest.
 * Functions are left out; a definition that cannot be written as JSON
 * (a cycle, say) counts by its name alone.
 */
function definitionsOf(entries: readonly { readonly name: string; readonly config: unknown }[]): string[] {
  return entries.map((entry) => {
    try {
      const definition = JSON.stringify(entry.config, (_key, value: unknown) =>
        typeof value === 'function' ? undefined : value,
      );
      return `${entry.name} ${definition ?? ''}`;
    } catch {
      return entry.name;
    }
  });
}
