/**
 * The MCP Apps extension (SEP-1865) as the server's core sees it: its identifier, the MIME
 * type of an app's HTML, whether the client of a request declared the extension, and a
 * tool's visibility. The registration helpers built on these are in `apps.ts`.
 */

import type { Tool } from '../protocol/types/index.js';
import type { ClientCapabilities } from '../protocol/types/modern/capabilities.js';

/**
 * The MCP Apps extension identifier, the key a client declares in `capabilities.extensions`
 * (in `initialize` on 2025-11-25, in every request's client capabilities on 2026-07-28).
 *
 * @example
 * const client = await Client.connect(url, {
 *   capabilities: { extensions: { [APPS_EXTENSION]: { mimeTypes: [APP_MIME_TYPE] } } },
 * });
 */
export const APPS_EXTENSION = 'io.modelcontextprotocol/ui';

/**
 * The MIME type of an app's HTML document, on its `ui://` resource and in a client's
 * declaration of the extension.
 *
 * @example
 * const contents = [{ uri: 'ui://counter/view.html', mimeType: APP_MIME_TYPE, text: html }];
 */
export const APP_MIME_TYPE = 'text/html;profile=mcp-app';

/** The scheme every app resource's URI starts with. */
export const APP_URI_SCHEME = 'ui://';

/**
 * Who may use a tool of an app: `'model'` (the host lists it to the model, which may call it)
 * and `'app'` (the app's view may call it, through the host). The default is both.
 */
export type AppToolVisibility = 'model' | 'app';

/**
 * Whether a client declared the MCP Apps extension: `capabilities.extensions` holds
 * `io.modelcontextprotocol/ui`, and its `mimeTypes`, when the client lists them, include
 * `text/html;profile=mcp-app` (the only kind of app this server side serves).
 *
 * @example
 * server.registerTool('weather', { inputSchema }, ({ city }, ctx) => ({
 *   content: [{
 *     type: 'text',
 *     text: clientSupportsApps(ctx.clientCapabilities) ? `The forecast for ${city} is in the app.` : forecastText(city),
 *   }],
 * }));
 */
export function clientSupportsApps(capabilities: ClientCapabilities | undefined): boolean {
  const extensions = capabilities?.extensions;
  if (extensions === null || typeof extensions !== 'object') return false;
  const settings = (extensions as Record<string, unknown>)[APPS_EXTENSION];
  if (settings === null || typeof settings !== 'object') return false;
  const mimeTypes = (settings as { mimeTypes?: unknown }).mimeTypes;
  return !Array.isArray(mimeTypes) || mimeTypes.includes(APP_MIME_TYPE);
}

/**
 * A listed tool's visibility, read from `_meta.ui.visibility` (the default, both, when it is
 * absent or malformed). Tools registered by any means count, the official helpers' included.
 */
export function toolVisibility(listing: Pick<Tool, '_meta'>): readonly AppToolVisibility[] {
  const ui = listing._meta?.ui;
  const visibility =
    ui !== null && typeof ui === 'object' ? (ui as { visibility?: unknown }).visibility : undefined;
  if (!Array.isArray(visibility)) return BOTH;
  return visibility.filter((who): who is AppToolVisibility => who === 'model' || who === 'app');
}

const BOTH: readonly AppToolVisibility[] = Object.freeze(['model', 'app'] as const);

/**
 * Whether only an app may use the tool: its visibility leaves the model out. A client that did
 * not declare the extension has no app to call it, so such a tool is neither listed to it nor
 * callable by it.
 */
export function isAppOnlyTool(listing: Pick<Tool, '_meta'>): boolean {
  return !toolVisibility(listing).includes('model');
}
