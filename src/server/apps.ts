/**
 * MCP Apps (SEP-1865), the server side: an app is a `ui://` resource holding an HTML
 * document (`text/html;profile=mcp-app`) and the tools that name it in `_meta.ui.resourceUri`.
 * A host that declared the `io.modelcontextprotocol/ui` extension renders the document in a
 * sandboxed iframe when the model calls the tool; a client that did not sees an ordinary tool,
 * described and answered through its text fallback.
 *
 * The per-request rules (who declared the extension, which tools a client without it sees)
 * live in `app-extension.ts`, where `tools/list` and `tools/call` apply them to every tool.
 */
import type { Icon } from '../protocol/types/index.js';
import type { SchemaSource } from '../schema/index.js';
import {
  APP_MIME_TYPE,
  APP_URI_SCHEME,
  type AppToolVisibility,
  clientSupportsApps,
} from './app-extension.js';
import type { ServerContext } from './context.js';
import type { McpServer } from './mcp-server.js';
import type {
  ReadResourceCallback,
  ReadTemplateCallback,
  RegisteredResource,
  ResourceMetadata,
  ResourceTemplate,
} from './resources.js';
import type { InferStructuredContent } from './schema-types.js';
import {
  APP_FALLBACK,
  type RegisteredTool,
  type ToolConfig,
  type ToolHandler,
  type ToolResult,
} from './tools.js';

/**
 * The origins an app's document may reach, which the host turns into its Content Security
 * Policy. Each list left out (or empty) allows nothing beyond the host's restrictive default.
 *
 * @example
 * const csp: AppCsp = {
 *   connectDomains: ['https://api.example.com'],
 *   resourceDomains: ['https://cdn.example.com'],
 * };
 */
export interface AppCsp {
  /** Origins for `fetch`, XHR and WebSocket (`connect-src`). */
  readonly connectDomains?: readonly string[];
  /** Origins for scripts, styles, images, fonts and media (`script-src`, `style-src`, `img-src`, ...). */
  readonly resourceDomains?: readonly string[];
  /** Origins the document may embed in nested iframes (`frame-src`; none when left out). */
  readonly frameDomains?: readonly string[];
  /** Origins allowed as the document's base URI (`base-uri`; its own origin only when left out). */
  readonly baseUriDomains?: readonly string[];
}

/** A browser permission an app asks for: an empty object, as the extension writes it. */
export type AppPermission = Readonly<Record<string, never>>;

/**
 * Browser features an app asks the host to allow in its iframe (the `allow` attribute). A host
 * may refuse any of them; the app should detect features rather than assume them.
 *
 * @example
 * const permissions: AppPermissions = { clipboardWrite: {} };
 */
export interface AppPermissions {
  readonly camera?: AppPermission;
  readonly microphone?: AppPermission;
  readonly geolocation?: AppPermission;
  readonly clipboardWrite?: AppPermission;
}

/**
 * What an app's resource tells the host about rendering it: `_meta.ui` on the resource.
 *
 * @example
 * const ui: AppResourceUi = { csp: { connectDomains: ['https://api.example.com'] }, prefersBorder: true };
 */
export interface AppResourceUi {
  /** The origins the document may reach; nothing external when left out. */
  readonly csp?: AppCsp;
  /** Browser features the document asks for. */
  readonly permissions?: AppPermissions;
  /** A dedicated origin for the iframe, in the form the host documents (host-specific). */
  readonly domain?: string;
  /** Whether the host should draw a border and background around the app (the host decides when left out). */
  readonly prefersBorder?: boolean;
}

/**
 * How `registerAppResource` describes an app's document.
 *
 * @example
 * const config: AppResourceConfig = {
 *   description: 'The counter view',
 *   html: '<!doctype html><html><body><button>+1</button></body></html>',
 *   csp: {},
 *   prefersBorder: true,
 * };
 */
export interface AppResourceConfig extends AppResourceUi {
  readonly title?: string;
  readonly description?: string;
  readonly icons?: Icon[];
  /** The HTML document, or a function that builds it for each read. */
  readonly html: string | ((ctx: ServerContext) => string | Promise<string>);
  /** More `_meta` for the listing and the content (`ui` is set from the fields above). */
  readonly _meta?: Record<string, unknown>;
  /** OAuth scopes a token needs to read it, on a server with `auth` (never listed). */
  readonly scopes?: readonly string[];
}

/**
 * Registers an app's document: a `ui://` resource with the MIME type
 * `text/html;profile=mcp-app`, whose CSP, permissions, domain and border preference go out in
 * `_meta.ui` both on the listing (so a host can review them at connection time) and on the
 * content it reads (which hosts prefer).
 *
 * @throws TypeError when `uri` does not start with `ui://`.
 *
 * @example
 * registerAppResource(server, 'Counter view', 'ui://counter/view.html', {
 *   description: 'A button that counts clicks',
 *   html: counterHtml,
 *   csp: {}, // nothing external
 *   prefersBorder: true,
 * });
 */
export function registerAppResource(
  server: McpServer,
  name: string,
  uri: string,
  config: AppResourceConfig,
): RegisteredResource {
  if (!uri.startsWith(APP_URI_SCHEME)) {
    throw new TypeError(`App resource ${JSON.stringify(uri)}: the URI must start with ${APP_URI_SCHEME}`);
  }
  const ui = resourceUi(config);
  const meta = ui === undefined ? config._meta : { ...config._meta, ui };
  const { html } = config;
  return server.registerResource(
    name,
    uri,
    {
      ...(config.title !== undefined && { title: config.title }),
      ...(config.description !== undefined && { description: config.description }),
      mimeType: APP_MIME_TYPE,
      ...(config.icons !== undefined && { icons: config.icons }),
      ...(meta !== undefined && { _meta: meta }),
      ...(config.scopes !== undefined && { scopes: config.scopes }),
    },
    async (url, ctx) => {
      const text = typeof html === 'string' ? html : await html(ctx);
      if (typeof text !== 'string') {
        throw new TypeError(
          `App resource ${JSON.stringify(uri)}: html() returned ${typeof text}, not a string`,
        );
      }
      const content = { uri: url.href, mimeType: APP_MIME_TYPE, text };
      return { contents: [meta === undefined ? content : { ...content, _meta: meta }] };
    },
  );
}

/** `_meta.ui` of an app resource, from its config; undefined when it sets none of it. */
function resourceUi(config: AppResourceUi): Record<string, unknown> | undefined {
  const ui: Record<string, unknown> = {};
  if (config.csp !== undefined) ui.csp = config.csp;
  if (config.permissions !== undefined) ui.permissions = config.permissions;
  if (config.domain !== undefined) ui.domain = config.domain;
  if (config.prefersBorder !== undefined) ui.prefersBorder = config.prefersBorder;
  return Object.keys(ui).length === 0 ? undefined : ui;
}

/**
 * What a client without the MCP Apps extension gets from an app tool instead: another
 * description in `tools/list`, and its result rewritten (for example the text the app would
 * have shown). Left out, such a client sees the tool as registered.
 *
 * @example
 * const fallback: AppToolFallback<typeof output> = {
 *   description: 'Counts clicks; answers with the count as text',
 *   result: (result) => ({ ...result, content: [{ type: 'text', text: `Count: ${result.structuredContent?.count}` }] }),
 * };
 */
export interface AppToolFallback<TOutput extends SchemaSource | undefined = undefined> {
  /** The description listed to such a client. */
  readonly description?: string;
  /**
   * Rewrites the handler's result for such a client (not an error, not a request for input).
   * With an `outputSchema`, the rewritten result still has to match it.
   */
  readonly result?: (
    result: ToolResult<InferStructuredContent<TOutput>>,
    ctx: ServerContext,
  ) => ToolResult<InferStructuredContent<TOutput>> | Promise<ToolResult<InferStructuredContent<TOutput>>>;
}

/**
 * How `registerAppTool` describes a tool of an app: a tool's config, the `ui://` resource
 * that renders its results, who may use it, and its fallback.
 *
 * @example
 * const config: AppToolConfig<typeof input> = {
 *   description: 'Shows a counter the user can click',
 *   inputSchema: input,
 *   resourceUri: 'ui://counter/view.html',
 *   fallback: { description: 'Returns the counter as text' },
 * };
 */
export interface AppToolConfig<
  TInput extends SchemaSource | undefined = undefined,
  TOutput extends SchemaSource | undefined = undefined,
> extends Omit<ToolConfig<TInput, TOutput>, typeof APP_FALLBACK> {
  /** The `ui://` resource (registered with `registerAppResource`) that renders the tool's results. */
  readonly resourceUri: string;
  /**
   * Who may use it: `'model'` (the host lists it to the model) and/or `'app'` (the app may call
   * it through the host). Default: both. An app-only tool (`['app']`) is neither listed to nor
   * callable by a client that did not declare the extension.
   */
  readonly visibility?: readonly AppToolVisibility[];
  /** What a client without the extension gets instead. */
  readonly fallback?: AppToolFallback<TOutput>;
}

/**
 * Registers a tool of an app: an ordinary tool whose listing carries
 * `_meta.ui = { resourceUri, visibility }`, so that a host with the MCP Apps extension renders
 * its results in the app. Each request is answered for the client that sent it: one without the
 * extension gets the fallback description and result, and never sees an app-only tool.
 *
 * @throws TypeError when `resourceUri` does not start with `ui://`, or `visibility` is empty
 * or names someone other than `'model'` and `'app'`.
 *
 * @example
 * registerAppTool(server, 'show_counter', {
 *   description: 'Shows a counter the user can click',
 *   inputSchema: z.object({ start: z.number().int() }),
 *   outputSchema: z.object({ count: z.number().int() }),
 *   resourceUri: 'ui://counter/view.html',
 *   fallback: {
 *     description: 'Returns the starting count as text',
 *     result: (result) => ({ ...result, content: [{ type: 'text', text: `Count: ${result.structuredContent?.count}` }] }),
 *   },
 * }, ({ start }) => ({ structuredContent: { count: start } }));
 */
export function registerAppTool<
  const TInput extends SchemaSource | undefined = undefined,
  const TOutput extends SchemaSource | undefined = undefined,
>(
  server: McpServer,
  name: string,
  config: AppToolConfig<TInput, TOutput>,
  handler: ToolHandler<TInput, TOutput>,
): RegisteredTool {
  const { resourceUri, visibility, fallback, ...tool } = config;
  if (!resourceUri.startsWith(APP_URI_SCHEME)) {
    throw new TypeError(
      `App tool ${JSON.stringify(name)}: resourceUri ${JSON.stringify(resourceUri)} must start with ${APP_URI_SCHEME}`,
    );
  }
  const ui: Record<string, unknown> = { resourceUri };
  if (visibility !== undefined) {
    if (visibility.length === 0 || visibility.some((who) => who !== 'model' && who !== 'app')) {
      throw new TypeError(
        `App tool ${JSON.stringify(name)}: visibility must list 'model', 'app' or both, not ${JSON.stringify(visibility)}`,
      );
    }
    ui.visibility = [...new Set(visibility)];
  }
  const registered: ToolConfig<TInput, TOutput> = {
    ...tool,
    _meta: { ...tool._meta, ui },
    ...(fallback?.description !== undefined && { [APP_FALLBACK]: { description: fallback.description } }),
  };
  const rewrite = fallback?.result;
  if (rewrite === undefined) return server.registerTool(name, registered, handler);
  // The handler's context is its last argument, with or without an input schema.
  const answer = handler as (...args: unknown[]) => unknown;
  const wrapped = async (...args: unknown[]) => {
    const result = (await answer(...args)) as
      | ToolResult<InferStructuredContent<TOutput>>
      | { resultType?: unknown };
    const ctx = args[args.length - 1] as ServerContext;
    if (clientSupportsApps(ctx.clientCapabilities)) return result;
    if (result === null || typeof result !== 'object') return result;
    if ('resultType' in result && result.resultType === 'input_required') return result;
    if ((result as ToolResult).isError === true) return result;
    return rewrite(result as ToolResult<InferStructuredContent<TOutput>>, ctx);
  };
  return server.registerTool(name, registered, wrapped as unknown as ToolHandler<TInput, TOutput>);
}

/**
 * What the official helpers of `@modelcontextprotocol/ext-apps/server` need of a server, in
 * terms that do not depend on the official SDK's types (mcpkit does not depend on that package).
 * Its methods take what the helpers pass and return mcpkit's handles.
 */
export interface ExtAppsServer {
  // biome-ignore lint/suspicious/noExplicitAny: the helpers type these with the official SDK's McpServer, which mcpkit does not import; the adapter checks nothing the helpers have not
  registerTool(name: string, config: any, handler: any): any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  registerResource(name: string, uriOrTemplate: any, config: any, read: any): any;
}

/**
 * The request's identity as the official SDK's handlers read it (`ctx.mcpReq`), added to
 * mcpkit's context by `asExtAppsServer`: what maps one to one, and nothing else.
 */
export interface ExtAppsRequestView {
  readonly id: ServerContext['requestId'];
  readonly method: string;
  readonly _meta: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal;
}

/**
 * Lets the official MCP Apps helpers (`registerAppTool` and `registerAppResource` from
 * `@modelcontextprotocol/ext-apps/server`) register on an mcpkit server: the one adapter line
 * their types need. Handlers get mcpkit's `ServerContext`, plus `ctx.mcpReq` with the request's
 * `id`, `method`, `_meta` and `signal` for code written against the official SDK; the rest of
 * the official context (`mcpReq.send`, `elicitInput`, ...) is not there: use mcpkit's
 * (`ctx.elicit`, ...). The handles they return are mcpkit's (`enable`, `disable`, `update`,
 * `remove`). Prefer mcpkit's own `registerAppTool`/`registerAppResource`, which add typed
 * metadata, visibility and a fallback.
 *
 * @example
 * import { registerAppTool, registerAppResource } from '@modelcontextprotocol/ext-apps/server';
 * const apps = asExtAppsServer(server);
 * registerAppTool(apps, 'weather', { _meta: { ui: { resourceUri: 'ui://weather/view.html' } } }, handler);
 * registerAppResource(apps, 'Weather', 'ui://weather/view.html', {}, read);
 */
export function asExtAppsServer(server: McpServer): ExtAppsServer {
  return {
    registerTool: (name: string, config: ToolConfig, handler: (...args: unknown[]) => unknown) =>
      server.registerTool(name, config, withRequestView(handler) as ToolHandler<SchemaSource>),
    registerResource: (
      name: string,
      uriOrTemplate: string | ResourceTemplate,
      config: ResourceMetadata,
      read: (...args: unknown[]) => unknown,
    ) =>
      typeof uriOrTemplate === 'string'
        ? server.registerResource(name, uriOrTemplate, config, withRequestView(read) as ReadResourceCallback)
        : server.registerResource(name, uriOrTemplate, config, withRequestView(read) as ReadTemplateCallback),
  };
}

/** Calls `callback` with its last argument, mcpkit's context, seen through an `mcpReq` view as well. */
function withRequestView(callback: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    const ctx = args[args.length - 1] as ServerContext;
    const mcpReq: ExtAppsRequestView = {
      id: ctx.requestId,
      method: ctx.method,
      _meta: ctx.meta,
      signal: ctx.signal,
    };
    // The view delegates to the context itself, so its getters and methods keep working.
    const view = Object.create(ctx, { mcpReq: { value: mcpReq, enumerable: true } }) as ServerContext;
    return callback(...args.slice(0, -1), view);
  };
}
