/**
 * `renderApp`: from a connected client and a tool to a running app in the page.
 */
import type { Implementation, Tool } from '../../protocol/types/index.js';
import { AppRenderError, appResourceUri, readAppDocument } from './app-resource.js';
import { type AppHostCallbacks, type AppView, AppViewBridge } from './app-view.js';
import type { AppHostClient } from './host-client.js';
import type { AppHostContext } from './messages.js';

/** Options of {@link renderApp}. */
export interface RenderAppOptions extends AppHostCallbacks {
  /** A client connected to the tool's server, declaring the `io.modelcontextprotocol/ui` extension. */
  client: AppHostClient;
  /** Where the app's iframe goes (appended). */
  container: HTMLElement;
  /** The tool whose app to show: its listing, or its name (then looked up with `tools/list`). */
  tool: Tool | string;
  /**
   * The sandbox proxy page (`sandboxProxyHtml()`), served on an origin other than the host
   * page's. Rendering refuses a URL on the host's own origin: the app would share it.
   */
  sandboxProxyUrl: string | URL;
  /** The tool's arguments, sent as `ui/notifications/tool-input` as soon as the app is ready. */
  toolInput?: Record<string, unknown>;
  /** Who the host is, in the `ui/initialize` answer. Default `{ name: 'mcpkit-apps-host', version: '0.1.0' }`. */
  hostInfo?: Implementation;
  /** Theme, display mode, locale, container dimensions… (`toolInfo` is filled in from `tool`). */
  hostContext?: AppHostContext;
  /** The inner iframe's `sandbox` attribute. Default `allow-scripts allow-forms` (an opaque origin). */
  sandbox?: string;
  /** Whether the iframe follows the height the app reports (up to `containerDimensions.maxHeight`). Default true. */
  autoResize?: boolean;
  /** How long teardown waits for the app's answer, ms. Default 3 000. */
  teardownTimeoutMs?: number;
  /** Aborts fetching the app's document (before anything is shown). */
  signal?: AbortSignal;
}

const DEFAULT_HOST_INFO: Implementation = { name: 'mcpkit-apps-host', version: '0.1.0' };

/**
 * Renders a tool's MCP App: reads its `ui://` document with `resources/read`, builds the double
 * iframe (the sandbox proxy on its own origin, the app inside it under the CSP its resource
 * declares), answers the app's `ui/initialize` with the host's info, capabilities and context,
 * and from then on proxies the app's `tools/call` (only tools whose visibility includes
 * `"app"`), `resources/read` and logging, and hands links, messages, size changes and display
 * mode requests to the callbacks. Messages are taken only from the proxy iframe's own window
 * and origin.
 *
 * Resolves once the iframe is in the page (the app initializes on its own; await `view.ready`
 * to know when). Send the tool's result with `view.sendToolResult` when the call completes.
 *
 * @throws AppRenderError when the tool has no app, its document is not an MCP App, or the proxy
 *   shares the host page's origin.
 *
 * @example
 * import { Client } from 'mcpkit/client';
 * import { renderApp } from 'mcpkit/apps-host';
 *
 * const client = await Client.connect('https://mcp.example.com/mcp', {
 *   capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } } },
 * });
 * const args = { city: 'Paris' };
 * const view = await renderApp({
 *   client,
 *   container: document.getElementById('app')!,
 *   tool: 'weather',
 *   toolInput: args,
 *   sandboxProxyUrl: 'https://sandbox.example.net/proxy.html',
 *   hostContext: { theme: 'dark', displayMode: 'inline', locale: navigator.language },
 *   onOpenLink: (url) => void window.open(url, '_blank', 'noopener'),
 *   onSizeChange: ({ height }) => console.log('app height', height),
 * });
 * await view.sendToolResult(await client.callTool('weather', args));
 */
export async function renderApp(options: RenderAppOptions): Promise<AppView> {
  const window = options.container.ownerDocument.defaultView;
  if (!window) throw new TypeError('renderApp: the container is not in a document with a window');
  const sandboxProxyUrl = new URL(options.sandboxProxyUrl, window.location.href);
  if (sandboxProxyUrl.origin === window.location.origin) {
    throw new AppRenderError(
      `renderApp: the sandbox proxy ${sandboxProxyUrl.href} is on the host page's own origin; serve it on another origin (another port or host name) so the app cannot reach the host page`,
    );
  }
  const signal = options.signal;
  const tools = await options.client.listAllTools(signal === undefined ? {} : { signal });
  const tool =
    typeof options.tool === 'string' ? tools.find((listed) => listed.name === options.tool) : options.tool;
  if (!tool) throw new AppRenderError(`renderApp: the server lists no tool ${JSON.stringify(options.tool)}`);
  const uri = appResourceUri(tool);
  if (!uri)
    throw new AppRenderError(
      `renderApp: tool ${JSON.stringify(tool.name)} has no app (no _meta.ui.resourceUri)`,
    );
  const document = await readAppDocument(options.client, uri, signal === undefined ? {} : { signal });

  const view = new AppViewBridge({
    ...options,
    tool,
    tools,
    document,
    sandboxProxyUrl,
    hostInfo: options.hostInfo ?? DEFAULT_HOST_INFO,
    hostContext: options.hostContext ?? {},
    sandbox: options.sandbox,
    autoResize: options.autoResize ?? true,
    teardownTimeoutMs: options.teardownTimeoutMs ?? 3_000,
  });
  await view.start();
  if (options.toolInput !== undefined) view.sendToolInput(options.toolInput).catch(() => {});
  return view;
}
