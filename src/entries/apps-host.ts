/**
 * `mcpkit/apps-host`: the host side of MCP Apps (SEP-1865) for web pages. Renders a tool's app
 * in a double iframe (a sandbox proxy on its own origin, the app inside it under its CSP) and
 * bridges it to a connected client. Imports nothing from Node: bundle it for the browser.
 *
 * @packageDocumentation
 */
export {
  type AppDocument,
  AppRenderError,
  appResourceUri,
  readAppDocument,
} from '../client/apps/app-resource.js';
export type { AppHostCallbacks, AppTeardownOutcome, AppView } from '../client/apps/app-view.js';
export type { AppHostClient } from '../client/apps/host-client.js';
export {
  APPS_PROTOCOL_VERSION,
  type AppContainerDimensions,
  type AppContentModalities,
  type AppDisplayMode,
  type AppHostCapabilities,
  type AppHostContext,
  type AppInitializeParams,
  type AppInitializeResult,
  type AppMessageParams,
  AppMethod,
  type AppModelContextParams,
  type AppResourceCsp,
  type AppResourcePermissions,
  type AppSizeChangedParams,
  type AppTheme,
  type AppToolCancelledParams,
  type AppToolInputParams,
  type AppToolResultParams,
  type SandboxResourceReadyParams,
} from '../client/apps/messages.js';
export { type RenderAppOptions, renderApp } from '../client/apps/render-app.js';
export { DEFAULT_APP_SANDBOX, sandboxProxyHtml } from '../client/apps/sandbox-proxy.js';
export { WindowMessageTransport } from '../client/apps/window-transport.js';
export { APP_MIME_TYPE, APPS_EXTENSION } from '../server/app-extension.js';
