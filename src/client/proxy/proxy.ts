/**
 * The proxy: an McpServer whose tools, prompts, resources and templates are a remote server's,
 * reached through a Client (any transport, either era), kept in step with the remote server's
 * list changes, with each call forwarded (`forwardCall`).
 */
import type {
  Prompt,
  Resource,
  ResourceTemplate as ResourceTemplateListing,
} from '../../protocol/types/index.js';
import type { Tool } from '../../protocol/types/modern/tool-definition.js';
import type { ServerContext } from '../../server/context.js';
import type { InputRequiredReturn } from '../../server/input-required.js';
import { McpServer, type McpServerOptions } from '../../server/mcp-server.js';
import type { ArgumentCompleter, PromptConfig, PromptOutcome } from '../../server/prompts.js';
import { ResourceTemplate } from '../../server/resources.js';
import type { ToolExecution } from '../../server/tasks/tool-execution.js';
import type { ToolConfig, ToolResult } from '../../server/tools.js';
import { UriTemplate } from '../../server/uri-template.js';
import { Client, type ClientOptions } from '../client.js';
import type { ConnectTarget } from '../connect-target.js';
import { askingDownstream } from './downstream-input.js';
import { forwardCall } from './forward-call.js';
import { DEFAULT_HELD_CALL_TTL_MS, DEFAULT_MAX_HELD_CALLS, HeldCalls } from './held-calls.js';
import { proxyClientInput } from './upstream-input.js';
import { UpstreamSubscriptions } from './upstream-subscriptions.js';

/**
 * Options of {@link createProxy}.
 *
 * @example
 * const options: ProxyOptions = { serverInfo: { name: 'gateway', version: '1.0.0' }, server: { tasks: {} } };
 */
export interface ProxyOptions {
  /** The proxy server's name and version. Default: the upstream server's, else `mcpkit-proxy`. */
  serverInfo?: { name: string; version: string };
  /** Options of the proxy's McpServer (auth, visibility, middleware, ...). */
  server?: McpServerOptions;
  /** Options of the upstream Client, when `createProxy` connects it (`upstream` is a target). */
  client?: ClientOptions;
  /**
   * The caller's identity upstream: the Client a downstream request is forwarded with, for
   * example one connected with the credentials `ctx.auth` maps to. Called for every forwarded
   * call; cache the clients yourself. Default: the proxy's upstream client, for every caller.
   * Lists always come from the proxy's upstream client.
   *
   * @example
   * const perUser = new Map<string, Promise<Client>>();
   * const upstreamFor = (ctx: ServerContext) => {
   *   const user = ctx.auth?.subject ?? 'anonymous';
   *   const headers = { authorization: `Bearer ${tokenOf(user)}` };
   *   if (!perUser.has(user)) perUser.set(user, Client.connect(url, { ...proxyClientInput(), headers }));
   *   return perUser.get(user)!;
   * };
   */
  upstreamFor?: (ctx: ServerContext) => Client | Promise<Client>;
  /**
   * How long a call to a 2025 upstream server waits between a 2026-07-28 downstream client's
   * rounds, ms (the call is held in this process meanwhile). Default 5 minutes.
   */
  heldCallTtlMs?: number;
  /** How many such calls the proxy holds at once; one more is refused (-32603). Default 1000. */
  maxHeldCalls?: number;
}

/**
 * A proxy made by {@link createProxy}: serve `server` with any transport (`serveStdio`,
 * `serveHttp`, `server.fetch`); `close()` ends it and the upstream connection it made.
 *
 * @example
 * const proxy = await createProxy('https://mcp.example.com/mcp');
 * const running = await serveHttp(proxy.server, { port: 4000 });
 * // ...
 * await running.close();
 * await proxy.close();
 */
export interface McpProxy {
  /** The proxy server: the upstream server's entries, forwarded. */
  readonly server: McpServer;
  /** The client the proxy reaches the upstream server with. */
  readonly upstream: Client;
  /** Reads the upstream lists again (done by itself on the upstream's list-changed notifications). */
  refresh(): Promise<void>;
  /** Stops following the upstream server; closes the upstream client when the proxy connected it. */
  close(): Promise<void>;
}

/**
 * Makes a server that proxies the server at `upstream` (a Client, or where to connect one):
 * everything it lists, and every call forwarded with its progress, cancellation and questions
 * (elicitation, sampling, roots) put to the downstream caller in the form its era speaks.
 *
 * @example
 * const proxy = await createProxy({ command: 'node', args: ['server.js'] });
 * await serveHttp(proxy.server, { port: 3000 });
 */
export async function createProxy(
  upstream: Client | ConnectTarget,
  options: ProxyOptions = {},
): Promise<McpProxy> {
  const owned = !(upstream instanceof Client);
  const client =
    upstream instanceof Client
      ? upstream
      : await Client.connect(upstream, upstreamClientOptions(options.client));
  try {
    const info = client.server.serverInfo;
    const warn = options.server?.warn ?? ((message: string) => console.warn(`[mcpkit] ${message}`));
    const subscriptions = new UpstreamSubscriptions(client, warn);
    const follows = (client.server.capabilities.resources as { subscribe?: unknown } | undefined)?.subscribe;
    const server = new McpServer(
      options.serverInfo ?? { name: info?.name ?? 'mcpkit-proxy', version: info?.version ?? '0.0.0' },
      {
        ...(client.server.instructions !== undefined && { instructions: client.server.instructions }),
        ...options.server,
        // Outermost: it sees every subscription the server serves.
        middleware: [
          ...(follows === true ? [subscriptions.middleware] : []),
          ...(options.server?.middleware ?? []),
        ],
      },
    );
    const mirror = new UpstreamMirror(client, server, options, owned, subscriptions);
    await mirror.refresh();
    return mirror;
  } catch (error) {
    if (owned) await client.close().catch(() => {});
    throw error;
  }
}

/** The upstream client's options when `createProxy` connects it: {@link proxyClientInput}, then the caller's. */
function upstreamClientOptions(given: ClientOptions = {}): ClientOptions {
  return { ...proxyClientInput(), ...given };
}

/** What a forwarded tool call gives its server: the upstream's result, or a round of input. */
type ToolOutcome = ToolResult | InputRequiredReturn;

/** The upstream's input schemas, as registered on the proxy: JSON Schema objects. */
type JsonObjectSchema = Record<string, unknown>;

/** A registration the proxy can take back. */
interface Removable {
  remove(): void;
}

/** One upstream entry as registered on the proxy, with the listing it was made from. */
interface Mirrored {
  /** The upstream listing, as JSON: a different one is a changed entry. */
  key: string;
  entry: Removable;
}

/** Keeps the proxy server's entries those of the upstream server. */
class UpstreamMirror implements McpProxy {
  private readonly held: HeldCalls;
  private readonly tools = new Map<string, Mirrored>();
  private readonly prompts = new Map<string, Mirrored>();
  private readonly resources = new Map<string, Mirrored>();
  private readonly templates = new Map<string, Mirrored>();
  private readonly stopWatching: () => void;
  private readonly stopForwarding: () => void;
  private readonly listening = new AbortController();
  private refreshing: Promise<void> = Promise.resolve();
  private readonly warn: (message: string) => void;

  constructor(
    readonly upstream: Client,
    readonly server: McpServer,
    private readonly options: ProxyOptions,
    /** Whether `createProxy` connected the upstream client (and so closes it). */
    private readonly owned: boolean,
    private readonly subscriptions: UpstreamSubscriptions,
  ) {
    this.held = new HeldCalls(
      options.heldCallTtlMs ?? DEFAULT_HELD_CALL_TTL_MS,
      options.maxHeldCalls ?? DEFAULT_MAX_HELD_CALLS,
    );
    this.warn = options.server?.warn ?? ((message) => console.warn(`[mcpkit] ${message}`));

    this.stopWatching = upstream.watchNotifications(({ method }) => {
      if (method.endsWith('/list_changed'))
        void this.refresh().catch((error: unknown) =>
          this.warn(`Proxy: could not read the upstream lists again after ${method}: ${messageOf(error)}`),
        );
    });
    this.stopForwarding = upstream.watchNotifications(({ method, params }) => {
      // The proxy's resources keep the upstream's URIs, so an update is forwarded as is.
      if (method === 'notifications/resources/updated' && typeof params?.uri === 'string')
        server.notifyResourceUpdated(params.uri);
    });
    this.followUpstreamLists();
  }

  /** 2026-07-28 servers send list changes on a listen stream only: keep one open. */
  private followUpstreamLists(): void {
    if (this.upstream.server.era !== 'modern') return;
    const caps = this.upstream.server.capabilities as Record<string, { listChanged?: boolean } | undefined>;
    const filter = {
      toolsListChanged: caps.tools?.listChanged === true,
      promptsListChanged: caps.prompts?.listChanged === true,
      resourcesListChanged: caps.resources?.listChanged === true,
    };
    if (!filter.toolsListChanged && !filter.promptsListChanged && !filter.resourcesListChanged) return;
    void (async () => {
      // Each notification also reaches the watcher above, which refreshes.
      for await (const _ of this.upstream.listen(filter, { signal: this.listening.signal })) {
      }
    })().catch(() => {});
  }

  refresh(): Promise<void> {
    // One refresh at a time, in order: a list change during one is read by the next.
    this.refreshing = this.refreshing.catch(() => {}).then(() => this.readLists());
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.stopWatching();
    this.stopForwarding();
    this.listening.abort();
    this.subscriptions.close();
    if (this.owned) await this.upstream.close();
  }

  private async readLists(): Promise<void> {
    const caps = this.upstream.server.capabilities;
    const sync = <T>(
      registered: Map<string, Mirrored>,
      listed: readonly T[],
      idOf: (item: T) => string,
      add: (item: T) => Removable,
      kind: string,
    ) =>
      mirror(registered, listed, idOf, add, (id, error) =>
        this.warn(`Proxy: left out upstream ${kind} ${JSON.stringify(id)}: ${messageOf(error)}`),
      );
    if (caps.tools)
      sync(
        this.tools,
        await this.upstream.listAllTools(),
        (tool) => tool.name,
        (tool) => this.addTool(tool),
        'tool',
      );
    if (caps.prompts)
      sync(
        this.prompts,
        await this.upstream.listAllPrompts(),
        (prompt) => prompt.name,
        (prompt) => this.addPrompt(prompt),
        'prompt',
      );
    if (caps.resources) {
      sync(
        this.resources,
        await this.upstream.listAllResources(),
        (resource) => resource.uri,
        (resource) => this.addResource(resource),
        'resource',
      );
      sync(
        this.templates,
        await this.upstream.listAllResourceTemplates(),
        (template) => template.uriTemplate,
        (template) => this.addTemplate(template),
        'resource template',
      );
    }
  }

  /** The client a downstream request goes upstream with (the caller's identity, when mapped). */
  private async clientFor(ctx: ServerContext): Promise<Client> {
    return this.options.upstreamFor ? await this.options.upstreamFor(ctx) : this.upstream;
  }

  private addTool(tool: Tool): Removable {
    const config: ToolConfig = {
      description: tool.description ?? tool.name,
      inputSchema: tool.inputSchema as Record<string, unknown>,
    };
    if (tool.title !== undefined) config.title = tool.title;
    if (tool.outputSchema !== undefined) config.outputSchema = tool.outputSchema as Record<string, unknown>;
    if (tool.annotations !== undefined) config.annotations = tool.annotations;
    if (tool.icons !== undefined) config.icons = tool.icons;
    if (tool._meta !== undefined) config._meta = tool._meta;
    const execution = this.executionOf(tool);
    if (execution) config.execution = execution;
    const name = tool.name;
    const forward = async (args: Record<string, unknown>, ctx: ServerContext): Promise<ToolOutcome> => {
      const client = await this.clientFor(ctx);
      const outcome = await forwardCall(ctx, client, this.held, async (extra, options) =>
        Object.keys(extra).length === 0
          ? { ...(await client.callTool(name, args, options)) }
          : client.request('tools/call', { name, arguments: args, ...extra }, options),
      );
      // The upstream's tools/call result (the client decoded and checked it), or input_required.
      return outcome as ToolOutcome;
    };
    // A JSON Schema object types the arguments as a plain record, which `forward` takes.
    return this.server.registerTool(name, config as ToolConfig<JsonObjectSchema>, forward);
  }

  /**
   * How the proxy runs a tool as a task, when it serves tasks (`server.tasks`): a task of its own
   * that forwards the call (the upstream may run it as a task in turn, which the call waits for).
   * Any tool may then run so; one the upstream runs only as a task must.
   */
  private executionOf(tool: Tool): ToolExecution | undefined {
    if (this.options.server?.tasks === undefined) return undefined;
    const listed = (tool as { execution?: { taskSupport?: unknown } }).execution?.taskSupport;
    return { taskSupport: listed === 'required' ? 'required' : 'optional' };
  }

  private addPrompt(prompt: Prompt): Removable {
    const name = prompt.name;
    const config: PromptConfig = {};
    if (prompt.title !== undefined) config.title = prompt.title;
    if (prompt.description !== undefined) config.description = prompt.description;
    if (prompt.icons !== undefined) config.icons = prompt.icons;
    if (prompt._meta !== undefined) config._meta = prompt._meta;
    const args = prompt.arguments ?? [];
    if (args.length > 0) {
      const properties: Record<string, Record<string, unknown>> = {};
      for (const argument of args)
        properties[argument.name] = {
          type: 'string',
          ...(argument.description !== undefined && { description: argument.description }),
        };
      config.argsSchema = {
        type: 'object',
        properties,
        required: args.filter((argument) => argument.required).map((argument) => argument.name),
      };
      if (this.upstream.server.capabilities.completions) {
        const complete: Record<string, ArgumentCompleter> = {};
        for (const argument of args)
          complete[argument.name] = async (value, context) =>
            (
              await this.upstream.complete(
                { type: 'ref/prompt', name },
                { name: argument.name, value },
                context.arguments,
              )
            ).completion.values;
        config.complete = complete;
      }
    }
    const get = async (values: Record<string, string>, ctx: ServerContext): Promise<PromptOutcome> => {
      const client = await this.clientFor(ctx);
      const outcome = await forwardCall(ctx, client, this.held, (extra, options) =>
        client.request('prompts/get', { name, arguments: values, ...extra }, options),
      );
      // The upstream's prompts/get result (decoded by the client), or input_required.
      return outcome as PromptOutcome;
    };
    if (args.length === 0)
      return this.server.registerPrompt(name, config as PromptConfig<undefined>, (ctx) => get({}, ctx));
    return this.server.registerPrompt(name, config as PromptConfig<JsonObjectSchema>, (values, ctx) =>
      get(values as Record<string, string>, ctx),
    );
  }

  private addResource(resource: Resource): Removable {
    const { uri, name, ...metadata } = resource;
    return this.server.registerResource(name, uri, metadata, async (url, ctx) => this.read(url.href, ctx));
  }

  private addTemplate(listing: ResourceTemplateListing): Removable {
    const { uriTemplate, name, ...metadata } = listing;
    const parsed = new UriTemplate(uriTemplate);
    const complete: Record<string, ArgumentCompleter> = {};
    if (this.upstream.server.capabilities.completions) {
      for (const variable of parsed.variableNames)
        complete[variable] = async (value, context) =>
          (
            await this.upstream.complete(
              { type: 'ref/resource', uri: uriTemplate },
              { name: variable, value },
              context.arguments,
            )
          ).completion.values;
    }
    const template = new ResourceTemplate(parsed, { complete });
    return this.server.registerResource(name, template, metadata, async (url, _variables, ctx) =>
      this.read(url.href, ctx),
    );
  }

  /**
   * Reads upstream. A resource handler cannot end a 2026-07-28 round, so questions the upstream
   * asks during a read reach only 2025 downstream sessions (as live requests).
   */
  private async read(uri: string, ctx: ServerContext) {
    const client = await this.clientFor(ctx);
    const handlers = ctx.era === 'legacy' ? askingDownstream(ctx) : {};
    return client.readResource(uri, { ...handlers, exclusiveInput: true, signal: ctx.signal });
  }
}

/**
 * Makes `registered` hold exactly `listed`: entries gone upstream are removed, changed ones
 * replaced, new ones added (each change is a list change downstream). One the proxy cannot
 * register (a schema it cannot compile, say) is left out and told to `refused`, not the others.
 */
function mirror<T>(
  registered: Map<string, Mirrored>,
  listed: readonly T[],
  idOf: (item: T) => string,
  add: (item: T) => Removable,
  refused: (id: string, error: unknown) => void,
): void {
  const seen = new Set<string>();
  for (const item of listed) {
    const id = idOf(item);
    if (seen.has(id)) continue;
    seen.add(id);
    const key = JSON.stringify(item);
    const current = registered.get(id);
    if (current?.key === key) continue;
    current?.entry.remove();
    registered.delete(id);
    try {
      registered.set(id, { key, entry: add(item) });
    } catch (error) {
      refused(id, error);
    }
  }
  for (const [id, current] of registered) {
    if (seen.has(id)) continue;
    current.entry.remove();
    registered.delete(id);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
