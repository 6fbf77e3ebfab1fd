/**
 * The host page's document: the server form, the app tools, the view, and the event log. The
 * script (`/host.js`, page.ts bundled) reads its settings from the JSON block.
 */

/** What the page script needs from the server that serves it. */
export interface HostPageConfig {
  /** The MCP server the page connects to unless `?server=` names another. */
  readonly defaultServer: string;
  /** The sandbox proxy page, on another origin. */
  readonly sandboxProxyUrl: string;
}

/** The host page, with its settings embedded. */
export function hostPageHtml(config: HostPageConfig): string {
  // JSON inside <script>: "<" escaped so no value can close the element.
  const settings = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mcpkit apps host</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
  form { display: flex; gap: 0.5rem; }
  form input { flex: 1; font: inherit; }
  #tools { list-style: none; padding: 0; }
  #tools li { border: 1px solid rgba(127,127,127,0.35); border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
  #tools textarea { width: 100%; font-family: ui-monospace, monospace; }
  #view iframe { display: block; border-radius: 6px; }
  #log { font-family: ui-monospace, monospace; font-size: 0.85rem; }
</style>
<script type="application/json" id="config">${settings}</script>
<script type="module" src="/host.js"></script>
</head>
<body>
<h1>mcpkit apps host</h1>
<form id="server-form">
  <input id="server" name="server" aria-label="MCP server URL" placeholder="http://127.0.0.1:3000/mcp">
  <button type="submit">Connect</button>
</form>
<p id="status" role="status">Loading…</p>
<h2>App tools</h2>
<ul id="tools"></ul>
<h2>App <button id="close" type="button" disabled>Close app</button></h2>
<div id="view"></div>
<h2>Events</h2>
<ol id="log"></ol>
</body>
</html>
`;
}
