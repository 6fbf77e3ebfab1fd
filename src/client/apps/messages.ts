/**
 * The MCP Apps wire between a host and an app's view (SEP-1865, apps protocol 2026-01-26):
 * method names and the shapes of what the host sends and answers. Facts from the extension's
 * specification; the app's own MCP requests (`tools/call`, `resources/read`) use the MCP types.
 */
import type { RequestId } from '../../protocol/jsonrpc.js';
import type { CallToolResult, ContentBlock, Implementation, Tool } from '../../protocol/types/index.js';

/** The apps protocol revision this host speaks (independent of the MCP revision). */
export const APPS_PROTOCOL_VERSION = '2026-01-26';

/** The apps protocol's methods, by what they do. */
export const AppMethod = {
  initialize: 'ui/initialize',
  initialized: 'ui/notifications/initialized',
  toolInput: 'ui/notifications/tool-input',
  toolInputPartial: 'ui/notifications/tool-input-partial',
  toolResult: 'ui/notifications/tool-result',
  toolCancelled: 'ui/notifications/tool-cancelled',
  hostContextChanged: 'ui/notifications/host-context-changed',
  sizeChanged: 'ui/notifications/size-changed',
  resourceTeardown: 'ui/resource-teardown',
  requestTeardown: 'ui/notifications/request-teardown',
  openLink: 'ui/open-link',
  message: 'ui/message',
  requestDisplayMode: 'ui/request-display-mode',
  updateModelContext: 'ui/update-model-context',
  sandboxProxyReady: 'ui/notifications/sandbox-proxy-ready',
  sandboxResourceReady: 'ui/notifications/sandbox-resource-ready',
} as const;

/** How the host shows the app. */
export type AppDisplayMode = 'inline' | 'fullscreen' | 'pip';

/** The host's colour scheme. */
export type AppTheme = 'light' | 'dark';

/**
 * The room the host gives the app, in CSS pixels: a fixed size (`height`, `width`) or a bound
 * the app may grow to (`maxHeight`, `maxWidth`), per axis.
 */
export type AppContainerDimensions = ({ height: number } | { maxHeight?: number }) &
  ({ width: number } | { maxWidth?: number });

/**
 * What the host tells the app about where it runs: sent in the `ui/initialize` answer, and in
 * part with `ui/notifications/host-context-changed` whenever it changes. Every field is optional.
 *
 * @example
 * const context: AppHostContext = { theme: 'dark', displayMode: 'inline', locale: 'en-GB', platform: 'web' };
 */
export interface AppHostContext {
  /** The tool call the app shows. */
  toolInfo?: { id?: RequestId; tool: Tool };
  theme?: AppTheme;
  /** The host's design tokens (standard CSS variable names such as `--color-text-primary`) and font CSS. */
  styles?: { variables?: Partial<Record<`--${string}`, string>>; css?: { fonts?: string } };
  displayMode?: AppDisplayMode;
  availableDisplayModes?: AppDisplayMode[];
  containerDimensions?: AppContainerDimensions;
  /** A BCP 47 tag such as `en-GB`. */
  locale?: string;
  /** An IANA zone such as `Europe/Paris`. */
  timeZone?: string;
  userAgent?: string;
  platform?: 'web' | 'desktop' | 'mobile';
  deviceCapabilities?: { touch?: boolean; hover?: boolean };
  safeAreaInsets?: { top: number; right: number; bottom: number; left: number };
  [key: string]: unknown;
}

/** The content types the host accepts in `ui/message` and `ui/update-model-context`. */
export interface AppContentModalities {
  text?: Record<string, never>;
  image?: Record<string, never>;
  audio?: Record<string, never>;
  resource?: Record<string, never>;
  resourceLink?: Record<string, never>;
  structuredContent?: Record<string, never>;
}

/** The origins an app's document may reach (`_meta.ui.csp` on its resource). */
export interface AppResourceCsp {
  connectDomains?: string[];
  resourceDomains?: string[];
  frameDomains?: string[];
  baseUriDomains?: string[];
}

/** Browser features an app asks for (`_meta.ui.permissions` on its resource). */
export interface AppResourcePermissions {
  camera?: Record<string, never>;
  microphone?: Record<string, never>;
  geolocation?: Record<string, never>;
  clipboardWrite?: Record<string, never>;
}

/** What the host can do for the app, answered in `ui/initialize`. */
export interface AppHostCapabilities {
  experimental?: Record<string, object>;
  openLinks?: Record<string, never>;
  serverTools?: { listChanged?: boolean };
  serverResources?: { listChanged?: boolean };
  logging?: Record<string, never>;
  /** The sandbox the app runs in: the CSP and permissions the host applied. */
  sandbox?: { csp?: AppResourceCsp; permissions?: AppResourcePermissions };
  message?: AppContentModalities;
  updateModelContext?: AppContentModalities;
}

/** What the app says about itself in `ui/initialize`. */
export interface AppInitializeParams {
  appInfo: Implementation;
  appCapabilities: {
    experimental?: Record<string, object>;
    tools?: { listChanged?: boolean };
    availableDisplayModes?: AppDisplayMode[];
  };
  protocolVersion: string;
}

/** The host's answer to `ui/initialize`. */
export interface AppInitializeResult {
  protocolVersion: string;
  hostInfo: Implementation;
  hostCapabilities: AppHostCapabilities;
  hostContext: AppHostContext;
  [key: string]: unknown;
}

/** `ui/notifications/tool-input` and `-partial`: the tool's arguments (partial ones while they stream). */
export interface AppToolInputParams {
  arguments?: Record<string, unknown>;
}

/** `ui/notifications/tool-result`: the tool's result. */
export type AppToolResultParams = CallToolResult;

/** `ui/notifications/tool-cancelled`. */
export interface AppToolCancelledParams {
  reason?: string;
}

/** `ui/notifications/size-changed`: the size the app's document wants, in CSS pixels. */
export interface AppSizeChangedParams {
  width?: number;
  height?: number;
}

/** `ui/message`: a message the app asks the host to add to the conversation, as the user. */
export interface AppMessageParams {
  role: 'user';
  content: ContentBlock[];
}

/** `ui/update-model-context`: what the app wants the model to know on its next turn (replaces the last). */
export interface AppModelContextParams {
  content?: ContentBlock[];
  structuredContent?: Record<string, unknown>;
}

/** `ui/notifications/sandbox-resource-ready`: what the host hands the sandbox proxy to load. */
export interface SandboxResourceReadyParams {
  html: string;
  /** The inner iframe's `sandbox` attribute. */
  sandbox?: string;
  csp?: AppResourceCsp;
  permissions?: AppResourcePermissions;
}
