/**
 * The sandbox proxy page of a web host: the outer iframe of the double iframe, served on an
 * origin other than the host's. It announces itself to the host, receives the app's HTML with
 * the CSP and permissions the app's resource declared, loads it into an inner sandboxed iframe
 * under that CSP, and relays every other message between the host and the app, both ways.
 *
 * The page is one self-contained document (inline script, nothing fetched), so any static
 * server can serve it; the CSP is built here, inside the proxy, from the declared domains.
 */

/**
 * The HTML of the sandbox proxy page. Serve it on an origin the host page does not share (another
 * port or host name), as `text/html`, and pass its URL to `renderApp` as `sandboxProxyUrl`. Do not
 * serve it with a Content-Security-Policy of its own: the inner document inherits it, and the
 * app's CSP is already applied there.
 *
 * The page accepts the app's HTML only from the window that framed it, relays messages only
 * between that window (pinned to the origin that sent the HTML) and the inner iframe, and never
 * forwards `ui/notifications/sandbox-*` messages. A domain in the CSP lists that is not a plain
 * `scheme://host[:port]` source (with an optional `*.` label) is left out, never widened.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { sandboxProxyHtml } from 'mcpkit/apps-host';
 * const page = sandboxProxyHtml();
 * createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page))
 *   .listen(8081, '127.0.0.1'); // the host page is on another port, so another origin
 */
export function sandboxProxyHtml(): string {
  return SANDBOX_PROXY_HTML;
}

/** The inner iframe's `sandbox` attribute when the host names none: scripts and forms, an opaque origin. */
export const DEFAULT_APP_SANDBOX = 'allow-scripts allow-forms';

const SANDBOX_PROXY_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>MCP App sandbox</title>
<style>
  html, body { margin: 0; padding: 0; height: 100%; overflow: hidden; background: transparent; }
  iframe { display: block; border: 0; width: 100%; height: 100%; }
</style>
</head>
<body>
<script>
(() => {
  'use strict';
  const host = window.parent;
  const SANDBOX_PREFIX = 'ui/notifications/sandbox-';
  // A CSP source the proxy passes through: scheme://host[:port], the host optionally starting with "*.".
  const SOURCE = /^(https?|wss?):\\/\\/(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)*(:(\\d{1,5}|\\*))?$/i;
  const FEATURES = { camera: 'camera', microphone: 'microphone', geolocation: 'geolocation', clipboardWrite: 'clipboard-write' };
  let hostOrigin;
  let app;

  function sources(list, name) {
    if (!Array.isArray(list)) return [];
    return list.filter((entry) => {
      const ok = typeof entry === 'string' && SOURCE.test(entry);
      if (!ok) console.warn('MCP App sandbox: ignoring ' + name + ' entry ' + JSON.stringify(entry));
      return ok;
    });
  }
  function contentSecurityPolicy(csp) {
    const given = csp && typeof csp === 'object' ? csp : {};
    const resources = sources(given.resourceDomains, 'resourceDomains');
    const connect = sources(given.connectDomains, 'connectDomains');
    const frames = sources(given.frameDomains, 'frameDomains');
    const bases = sources(given.baseUriDomains, 'baseUriDomains');
    const extra = resources.length ? ' ' + resources.join(' ') : '';
    return [
      "default-src 'none'",
      "script-src 'self' 'unsafe-inline'" + extra,
      "style-src 'self' 'unsafe-inline'" + extra,
      "img-src 'self' data:" + extra,
      "font-src 'self'" + extra,
      "media-src 'self' data:" + extra,
      'connect-src ' + (connect.length ? connect.join(' ') : "'none'"),
      'frame-src ' + (frames.length ? frames.join(' ') : "'none'"),
      'base-uri ' + (bases.length ? bases.join(' ') : "'self'"),
      "object-src 'none'",
    ].join('; ');
  }
  function allowList(permissions) {
    if (!permissions || typeof permissions !== 'object') return '';
    return Object.keys(FEATURES).filter((key) => permissions[key]).map((key) => FEATURES[key]).join('; ');
  }
  function escapeAttribute(text) {
    return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  }
  // The policy opens the document, ahead of anything of the app's: searching the app's HTML for
  // its <head> could land inside a comment or a script and leave the app with no policy at all.
  // The parser ignores the app's own doctype and <head> after these, and merges its <html> attributes.
  function withPolicy(html, policy) {
    return '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="' + escapeAttribute(policy) + '">' + html;
  }
  function isSandboxMessage(data) {
    return data && typeof data === 'object' && typeof data.method === 'string' && data.method.indexOf(SANDBOX_PREFIX) === 0;
  }
  function load(params) {
    if (app) return; // one app per proxy page
    if (!params || typeof params.html !== 'string') {
      console.error('MCP App sandbox: sandbox-resource-ready without html');
      return;
    }
    const policy = contentSecurityPolicy(params.csp);
    console.info('MCP App sandbox: CSP ' + policy);
    app = document.createElement('iframe');
    app.setAttribute('sandbox', typeof params.sandbox === 'string' ? params.sandbox : '${DEFAULT_APP_SANDBOX}');
    const allow = allowList(params.permissions);
    if (allow) app.setAttribute('allow', allow);
    app.setAttribute('title', 'MCP App');
    app.srcdoc = withPolicy(params.html, policy);
    document.body.appendChild(app);
  }

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (event.source === host) {
      if (hostOrigin === undefined) {
        if (!isSandboxMessage(data) || data.method !== SANDBOX_PREFIX + 'resource-ready') return;
        hostOrigin = event.origin;
        load(data.params);
        return;
      }
      if (event.origin !== hostOrigin || isSandboxMessage(data)) return;
      if (app && app.contentWindow) app.contentWindow.postMessage(data, '*');
      return;
    }
    if (app && event.source === app.contentWindow) {
      if (hostOrigin === undefined || isSandboxMessage(data)) return;
      host.postMessage(data, hostOrigin);
    }
  });
  host.postMessage({ jsonrpc: '2.0', method: SANDBOX_PREFIX + 'proxy-ready', params: {} }, '*');
})();
</script>
</body>
</html>
`;
