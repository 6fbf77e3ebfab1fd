/**
 * One rendered app: the sandbox proxy's iframe in the host page, and the JSON-RPC conversation
 * with the app through it. It answers the app's handshake, proxies what the app may ask of the
 * server, passes the rest to the host's callbacks, and pushes the tool's input and result.
 */
import { ErrorCode, McpError } from '../../protocol/errors.js';
import type {
  CallToolResult,
  Implementation,
  LoggingMessageNotificationParams,
  Tool,
} from '../../protocol/types/index.js';
import { toolVisibility } from '../../server/app-extension.js';
import type { RequestHandler } from '../../session/dispatcher.js';
import type { ResultObject } from '../../session/middleware.js';
import { JsonRpcPeer } from '../../session/peer.js';
import type { AppDocument } from './app-resource.js';
import type { AppHostClient } from './host-client.js';
import {
  APPS_PROTOCOL_VERSION,
  type AppDisplayMode,
  type AppHostCapabilities,
  type AppHostContext,
  type AppInitializeParams,
  type AppInitializeResult,
  type AppMessageParams,
  AppMethod,
  type AppModelContextParams,
  type AppSizeChangedParams,
  type SandboxResourceReadyParams,
} from './messages.js';
import { DEFAULT_APP_SANDBOX } from './sandbox-proxy.js';
import { WindowMessageTransport } from './window-transport.js';

/** What the host does for an app: each callback left out is a feature the host does not offer. */
export interface AppHostCallbacks {
  /**
   * The app asks to open a URL (`ui/open-link`, http or https only). Open it (in a new tab, after
   * asking the user if you like); throw to refuse. Without it, the app's requests are refused.
   */
  onOpenLink?: (url: string) => void | Promise<void>;
  /** The app asks to add a message to the conversation as the user (`ui/message`); throw to refuse. */
  onMessage?: (message: AppMessageParams) => void | Promise<void>;
  /** The app asks to replace what the model knows of it on its next turn (`ui/update-model-context`). */
  onUpdateModelContext?: (context: AppModelContextParams) => void | Promise<void>;
  /** The app's document changed size (`ui/notifications/size-changed`), after the iframe was resized. */
  onSizeChange?: (size: AppSizeChangedParams) => void;
  /** The app logged something (`notifications/message`). */
  onLog?: (entry: LoggingMessageNotificationParams) => void;
  /**
   * The app asks for another display mode, one the app and the host both list. Answer the mode
   * the app ends up in. Without it, the app stays in its current mode.
   */
  onRequestDisplayMode?: (
    mode: AppDisplayMode,
    current: AppDisplayMode,
  ) => AppDisplayMode | Promise<AppDisplayMode>;
  /** The app asks to be closed (`ui/notifications/request-teardown`). Without it, the view is torn down. */
  onRequestTeardown?: () => void;
  /** Something went wrong that no request reports: a malformed message, an unanswered teardown. */
  onError?: (error: Error) => void;
}

/** Everything an {@link AppView} is built from. */
export interface AppViewSetup extends AppHostCallbacks {
  readonly client: AppHostClient;
  readonly container: HTMLElement;
  readonly tool: Tool;
  readonly tools: readonly Tool[];
  readonly document: AppDocument;
  readonly sandboxProxyUrl: URL;
  readonly hostInfo: Implementation;
  readonly hostContext: AppHostContext;
  readonly sandbox: string | undefined;
  readonly autoResize: boolean;
  readonly teardownTimeoutMs: number;
}

/**
 * A rendered app. Every `send…` waits for the app's `ui/notifications/initialized` (the host may
 * send nothing before it), so call them in order as the tool call progresses.
 *
 * @example
 * const view = await renderApp({ client, container, tool: 'counter', toolInput: { start: 1 }, sandboxProxyUrl });
 * view.sendToolResult(await client.callTool('counter', { start: 1 }));
 * // later
 * await view.teardown();
 */
export interface AppView {
  /** The outer (sandbox proxy) iframe, in the container. */
  readonly iframe: HTMLIFrameElement;
  /** Settles with what the app said about itself once it has initialized; rejects if it closes first. */
  readonly ready: Promise<AppInitializeParams>;
  /** Settles once the view is gone: iframe removed, conversation closed. */
  readonly closed: Promise<void>;
  /** The host context as the app last heard it. */
  readonly hostContext: Readonly<AppHostContext>;
  /** Sends the tool's complete arguments (once, before the result). */
  sendToolInput(args: Record<string, unknown>): Promise<void>;
  /** Sends the arguments received so far, while they stream (before the complete input). */
  sendToolInputPartial(args: Record<string, unknown>): Promise<void>;
  /** Sends the tool's result. */
  sendToolResult(result: CallToolResult): Promise<void>;
  /** Tells the app the tool call was cancelled. */
  sendToolCancelled(reason?: string): Promise<void>;
  /** Changes part of the host context and tells the app what changed. */
  setHostContext(changes: Partial<AppHostContext>): Promise<void>;
  /**
   * Sends `ui/resource-teardown`, waits for the app's answer (up to the teardown timeout), then
   * removes the iframe. Says whether the app answered (an app that never initialized is not
   * asked). Calling it again gives the same outcome.
   */
  teardown(reason?: string): Promise<AppTeardownOutcome>;
}

/** How a teardown went: `answered` when the app acknowledged `ui/resource-teardown` in time. */
export interface AppTeardownOutcome {
  readonly answered: boolean;
}

const DISPLAY_MODES: readonly AppDisplayMode[] = ['inline', 'fullscreen', 'pip'];
/** The outer iframe's sandbox: the proxy needs its own origin (to be a separate one) and scripts. */
const PROXY_SANDBOX = 'allow-scripts allow-same-origin allow-forms';
const PERMISSION_FEATURES = {
  camera: 'camera',
  microphone: 'microphone',
  geolocation: 'geolocation',
  clipboardWrite: 'clipboard-write',
} as const;

/** The bridge behind {@link AppView}. Built by `renderApp`. */
export class AppViewBridge implements AppView {
  readonly iframe: HTMLIFrameElement;
  readonly ready: Promise<AppInitializeParams>;
  readonly closed: Promise<void>;
  private readonly peer: JsonRpcPeer;
  private readonly tools = new Map<string, Tool>();
  private context: AppHostContext;
  private app: AppInitializeParams | undefined;
  private resolveReady!: (app: AppInitializeParams) => void;
  private rejectReady!: (error: Error) => void;
  private resolveClosed!: () => void;
  private resourceSent = false;
  private initialized = false;
  private tearingDown: Promise<AppTeardownOutcome> | undefined;

  constructor(private readonly setup: AppViewSetup) {
    const window = setup.container.ownerDocument.defaultView;
    if (!window) throw new TypeError('renderApp: the container is not in a document with a window');
    this.context = { ...setup.hostContext, toolInfo: { tool: setup.tool } };
    for (const tool of setup.tools) this.tools.set(tool.name, tool);
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // a view closed before it initialized is not an unhandled rejection
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });

    const iframe = setup.container.ownerDocument.createElement('iframe');
    iframe.setAttribute('sandbox', PROXY_SANDBOX);
    const allow = allowAttribute(setup.document.permissions);
    if (allow) iframe.setAttribute('allow', allow);
    iframe.setAttribute('title', setup.tool.title ?? setup.tool.name);
    iframe.style.border =
      setup.document.prefersBorder === false ? '0' : '1px solid rgba(127, 127, 127, 0.35)';
    iframe.style.width = '100%';
    iframe.src = setup.sandboxProxyUrl.href;
    this.iframe = iframe;
    setup.container.append(iframe);
    const frameWindow = iframe.contentWindow;
    if (!frameWindow) throw new TypeError('renderApp: the sandbox iframe has no window');

    this.peer = new JsonRpcPeer(
      new WindowMessageTransport(window, frameWindow, setup.sandboxProxyUrl.origin),
      {
        onError: (error) => setup.onError?.(error),
      },
    );
    this.serve();
  }

  get hostContext(): Readonly<AppHostContext> {
    return this.context;
  }

  /** Starts listening; the proxy's `sandbox-proxy-ready` then brings the app's HTML in. */
  async start(): Promise<void> {
    await this.peer.start();
  }

  sendToolInput(args: Record<string, unknown>): Promise<void> {
    return this.notifyApp(AppMethod.toolInput, { arguments: args });
  }

  sendToolInputPartial(args: Record<string, unknown>): Promise<void> {
    return this.notifyApp(AppMethod.toolInputPartial, { arguments: args });
  }

  sendToolResult(result: CallToolResult): Promise<void> {
    return this.notifyApp(AppMethod.toolResult, result as unknown as Record<string, unknown>);
  }

  sendToolCancelled(reason?: string): Promise<void> {
    return this.notifyApp(AppMethod.toolCancelled, reason === undefined ? {} : { reason });
  }

  async setHostContext(changes: Partial<AppHostContext>): Promise<void> {
    this.context = { ...this.context, ...changes };
    await this.notifyApp(AppMethod.hostContextChanged, changes);
  }

  teardown(reason?: string): Promise<AppTeardownOutcome> {
    this.tearingDown ??= this.runTeardown(reason);
    return this.tearingDown;
  }

  private async runTeardown(reason: string | undefined): Promise<AppTeardownOutcome> {
    let answered = false;
    // Only an initialized app hears anything from the host, the teardown included.
    if (this.initialized && !this.peer.isClosed) {
      try {
        await this.peer.request(AppMethod.resourceTeardown, reason === undefined ? {} : { reason }, {
          timeoutMs: this.setup.teardownTimeoutMs,
        });
        answered = true;
      } catch (error) {
        this.setup.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
    await this.peer.close();
    this.iframe.remove();
    this.rejectReady(new Error('The app view was torn down before the app initialized'));
    this.resolveClosed();
    return { answered };
  }

  /** Sends a notification once the app has initialized; nothing once the view is going away. */
  private async notifyApp(method: string, params: Record<string, unknown>): Promise<void> {
    await this.ready;
    if (this.tearingDown || this.peer.isClosed) return;
    await this.peer.notify(method, params);
  }

  private serve(): void {
    const { dispatcher } = this.peer;
    const request = (method: string, handler: RequestHandler): void =>
      dispatcher.setRequestHandler(method, handler);
    const setup = this.setup;

    dispatcher.setNotificationHandler(AppMethod.sandboxProxyReady, () => this.sendResource());
    request(AppMethod.initialize, (params) => this.initialize(params));
    dispatcher.setNotificationHandler(AppMethod.initialized, () => {
      if (!this.app) return;
      this.initialized = true;
      this.resolveReady(this.app);
    });
    request('ping', () => ({}));

    request('tools/call', async (params, ctx) => {
      const name = params.name;
      if (typeof name !== 'string') throw invalid('tools/call: "name" must be a string');
      const args = params.arguments;
      if (args !== undefined && !isRecord(args)) throw invalid('tools/call: "arguments" must be an object');
      await this.checkAppMayCall(name);
      return (await setup.client.callTool(name, args, { signal: ctx.signal })) as unknown as ResultObject;
    });
    request('tools/list', async () => ({
      tools: [...this.tools.values()].filter((tool) => toolVisibility(tool).includes('app')),
    }));
    request('resources/read', async (params, ctx) => {
      if (typeof params.uri !== 'string') throw invalid('resources/read: "uri" must be a string');
      return (await setup.client.readResource(params.uri, { signal: ctx.signal })) as unknown as ResultObject;
    });
    dispatcher.setNotificationHandler('notifications/message', (params) => {
      setup.onLog?.(params as unknown as LoggingMessageNotificationParams);
    });

    request(AppMethod.openLink, async (params) => {
      if (!setup.onOpenLink) throw new McpError(ErrorCode.MethodNotFound, 'This host does not open links');
      const url = typeof params.url === 'string' ? safeUrl(params.url) : undefined;
      if (!url) throw invalid('ui/open-link: "url" must be an http or https URL');
      await setup.onOpenLink(url);
      return {};
    });
    request(AppMethod.message, async (params) => {
      if (!setup.onMessage)
        throw new McpError(ErrorCode.MethodNotFound, 'This host does not take messages from apps');
      if (params.role !== 'user' || !Array.isArray(params.content)) {
        throw invalid('ui/message: "role" must be "user" and "content" an array of content blocks');
      }
      await setup.onMessage(params as unknown as AppMessageParams);
      return {};
    });
    request(AppMethod.updateModelContext, async (params) => {
      if (!setup.onUpdateModelContext) {
        throw new McpError(ErrorCode.MethodNotFound, 'This host does not take model context from apps');
      }
      if (params.content !== undefined && !Array.isArray(params.content)) {
        throw invalid('ui/update-model-context: "content" must be an array of content blocks');
      }
      if (params.structuredContent !== undefined && !isRecord(params.structuredContent)) {
        throw invalid('ui/update-model-context: "structuredContent" must be an object');
      }
      await setup.onUpdateModelContext(params as AppModelContextParams);
      return {};
    });
    request(AppMethod.requestDisplayMode, async (params) => ({
      mode: await this.changeDisplayMode(params.mode),
    }));
    dispatcher.setNotificationHandler(AppMethod.sizeChanged, (params) => this.resize(params));
    dispatcher.setNotificationHandler(AppMethod.requestTeardown, () => {
      if (setup.onRequestTeardown) setup.onRequestTeardown();
      else void this.teardown('the app asked to close');
    });
  }

  private async sendResource(): Promise<void> {
    if (this.resourceSent) return; // one document per proxy page
    this.resourceSent = true;
    const { document } = this.setup;
    const params: SandboxResourceReadyParams = {
      html: document.html,
      sandbox: this.setup.sandbox ?? DEFAULT_APP_SANDBOX,
      ...(document.csp !== undefined && { csp: document.csp }),
      ...(document.permissions !== undefined && { permissions: document.permissions }),
    };
    await this.peer.notify(AppMethod.sandboxResourceReady, params as unknown as Record<string, unknown>);
  }

  private initialize(params: Record<string, unknown>): AppInitializeResult {
    if (!isRecord(params.appInfo) || typeof params.protocolVersion !== 'string') {
      throw invalid('ui/initialize: "appInfo" (an object) and "protocolVersion" (a string) are required');
    }
    const appCapabilities = isRecord(params.appCapabilities) ? params.appCapabilities : {};
    this.app = { ...(params as unknown as AppInitializeParams), appCapabilities };
    return {
      protocolVersion: APPS_PROTOCOL_VERSION,
      hostInfo: this.setup.hostInfo,
      hostCapabilities: this.capabilities(),
      hostContext: this.context,
    };
  }

  private capabilities(): AppHostCapabilities {
    const { document } = this.setup;
    const setup = this.setup;
    return {
      serverTools: {},
      serverResources: {},
      logging: {},
      sandbox: {
        ...(document.csp !== undefined && { csp: document.csp }),
        ...(document.permissions !== undefined && { permissions: document.permissions }),
      },
      ...(setup.onOpenLink && { openLinks: {} }),
      ...(setup.onMessage && { message: { text: {} } }),
      ...(setup.onUpdateModelContext && { updateModelContext: { text: {}, structuredContent: {} } }),
    };
  }

  /** Refuses a tool the app may not call: unknown to this connection, or hidden from apps. */
  private async checkAppMayCall(name: string): Promise<void> {
    let tool = this.tools.get(name);
    if (!tool) {
      // Listed since the view was rendered? One fresh listing before refusing.
      for (const listed of await this.setup.client.listAllTools()) this.tools.set(listed.name, listed);
      tool = this.tools.get(name);
    }
    if (!tool) throw invalid(`Tool ${JSON.stringify(name)} is not offered by this app's server`);
    const visibility = toolVisibility(tool);
    if (!visibility.includes('app')) {
      throw invalid(
        `Tool ${JSON.stringify(name)} is not available to apps: its visibility is ${JSON.stringify(visibility)}`,
      );
    }
  }

  private async changeDisplayMode(requested: unknown): Promise<AppDisplayMode> {
    if (typeof requested !== 'string' || !DISPLAY_MODES.includes(requested as AppDisplayMode)) {
      throw invalid(`ui/request-display-mode: "mode" must be one of ${DISPLAY_MODES.join(', ')}`);
    }
    const mode = requested as AppDisplayMode;
    const current = this.context.displayMode ?? 'inline';
    const appModes = this.app?.appCapabilities.availableDisplayModes ?? [];
    const hostModes = this.context.availableDisplayModes ?? [current];
    // Never a mode the app did not declare, nor one the host does not offer.
    if (
      mode === current ||
      !appModes.includes(mode) ||
      !hostModes.includes(mode) ||
      !this.setup.onRequestDisplayMode
    ) {
      return current;
    }
    const chosen = await this.setup.onRequestDisplayMode(mode, current);
    if (chosen !== current) await this.setHostContext({ displayMode: chosen });
    return chosen;
  }

  private resize(params: Record<string, unknown>): void {
    const size: AppSizeChangedParams = {};
    if (isSize(params.width)) size.width = params.width;
    if (isSize(params.height)) size.height = params.height;
    if (size.width === undefined && size.height === undefined) {
      this.setup.onError?.(new Error('ui/notifications/size-changed without a usable width or height'));
      return;
    }
    // A height the host fixed in containerDimensions stays; a maxHeight bounds the app's.
    const dims = this.context.containerDimensions as { height?: number; maxHeight?: number } | undefined;
    if (this.setup.autoResize && size.height !== undefined && dims?.height === undefined) {
      const height = dims?.maxHeight === undefined ? size.height : Math.min(size.height, dims.maxHeight);
      this.iframe.style.height = `${Math.ceil(height)}px`;
    }
    this.setup.onSizeChange?.(size);
  }
}

function allowAttribute(permissions: AppDocument['permissions']): string {
  if (!permissions) return '';
  return (Object.keys(PERMISSION_FEATURES) as (keyof typeof PERMISSION_FEATURES)[])
    .filter((key) => isRecord(permissions[key]))
    .map((key) => PERMISSION_FEATURES[key])
    .join('; ');
}

function safeUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function invalid(message: string): McpError {
  return new McpError(ErrorCode.InvalidParams, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
