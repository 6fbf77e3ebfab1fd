/**
 * Reading an app tool's document: which resource a tool names, reading it, and checking it is
 * an MCP App document before anything renders it.
 */
import { McpkitLocalError } from '../../protocol/errors.js';
import type { Tool } from '../../protocol/types/index.js';
import { APP_MIME_TYPE, APP_URI_SCHEME } from '../../server/app-extension.js';
import type { AppHostClient } from './host-client.js';
import type { AppResourceCsp, AppResourcePermissions } from './messages.js';

/**
 * An app could not be rendered: the tool names no app, its resource is missing or not an MCP App
 * document, or the host's setup is unsafe. Nothing was shown.
 *
 * @example
 * try {
 *   await renderApp({ client, container, tool: 'weather', sandboxProxyUrl });
 * } catch (error) {
 *   if (error instanceof AppRenderError) showText(error.message);
 * }
 */
export class AppRenderError extends McpkitLocalError {
  override name = 'AppRenderError';
}

/** An app's document and what its resource says about rendering it. */
export interface AppDocument {
  readonly uri: string;
  readonly html: string;
  readonly csp: AppResourceCsp | undefined;
  readonly permissions: AppResourcePermissions | undefined;
  /** Whether the app asks for a border and background; the host decides when undefined. */
  readonly prefersBorder: boolean | undefined;
}

/**
 * The `ui://` resource a tool's listing names (`_meta.ui.resourceUri`, or the older flat
 * `_meta["ui/resourceUri"]`), or undefined for a tool without an app.
 *
 * @example
 * const uri = appResourceUri(tool); // 'ui://demo/counter.html'
 */
export function appResourceUri(tool: Pick<Tool, '_meta'>): string | undefined {
  const meta = tool._meta;
  if (!isRecord(meta)) return undefined;
  const ui = meta.ui;
  const uri = isRecord(ui) && typeof ui.resourceUri === 'string' ? ui.resourceUri : meta['ui/resourceUri'];
  return typeof uri === 'string' && uri.startsWith(APP_URI_SCHEME) ? uri : undefined;
}

/**
 * Reads an app's document with `resources/read` and checks it: the content for `uri` must have
 * the MIME type `text/html;profile=mcp-app` and carry text or base64 HTML. `_meta.ui` on the
 * content gives the CSP, permissions and border preference.
 *
 * @throws AppRenderError when the server's answer holds no such document.
 *
 * @example
 * const app = await readAppDocument(client, 'ui://demo/counter.html');
 * console.log(app.html.length, app.csp?.connectDomains);
 */
export async function readAppDocument(
  client: AppHostClient,
  uri: string,
  options: { signal?: AbortSignal } = {},
): Promise<AppDocument> {
  const result = await client.readResource(uri, options);
  const contents: unknown[] = Array.isArray(result.contents) ? result.contents : [];
  const entry = contents.find(
    (item): item is Record<string, unknown> => isRecord(item) && item.mimeType === APP_MIME_TYPE,
  );
  if (!entry) {
    const types = contents.map((item) => (isRecord(item) ? String(item.mimeType) : typeof item));
    throw new AppRenderError(
      `Resource ${uri} holds no MCP App document: expected a content of type ${APP_MIME_TYPE}, got ${types.join(', ') || 'no content'}`,
    );
  }
  const html =
    typeof entry.text === 'string'
      ? entry.text
      : typeof entry.blob === 'string'
        ? decodeBase64(entry.blob, uri)
        : undefined;
  if (html === undefined)
    throw new AppRenderError(`Resource ${uri}: the MCP App document has neither text nor blob`);
  const meta = isRecord(entry._meta) ? entry._meta : {};
  const ui = isRecord(meta.ui) ? meta.ui : {};
  return {
    uri,
    html,
    csp: isRecord(ui.csp) ? (ui.csp as AppResourceCsp) : undefined,
    permissions: isRecord(ui.permissions) ? (ui.permissions as AppResourcePermissions) : undefined,
    prefersBorder: typeof ui.prefersBorder === 'boolean' ? ui.prefersBorder : undefined,
  };
}

function decodeBase64(blob: string, uri: string): string {
  try {
    const bytes = Uint8Array.from(atob(blob), (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppRenderError(`Resource ${uri}: the MCP App document's blob is not base64 UTF-8 text`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
