/**
 * The demo server's MCP App: a counter with a +1 button, one self-contained HTML document
 * (inline script and style, nothing fetched, so it runs under the host's default CSP).
 *
 * It speaks the MCP Apps `postMessage` protocol with no library: it sends `ui/initialize`,
 * then `ui/notifications/initialized`; shows the count from `ui/notifications/tool-input`
 * and `ui/notifications/tool-result`; calls the app-only tool `counter_add` with a
 * `tools/call` request when the button is clicked; reports its size with
 * `ui/notifications/size-changed`; and answers `ui/resource-teardown` and `ping`.
 */

/** Where the demo server serves the counter app. */
export const COUNTER_APP_URI = 'ui://demo/counter.html';

/** The counter app's document. */
export const COUNTER_APP_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Counter</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  :root[data-theme="light"] { color-scheme: light; }
  :root[data-theme="dark"] { color-scheme: dark; }
  body { margin: 0; padding: 12px 16px; }
  .row { display: flex; align-items: center; gap: 12px; }
  output { font-size: 2rem; font-variant-numeric: tabular-nums; min-width: 2ch; }
  button { font-size: 1rem; padding: 4px 14px; }
  #status { font-size: 0.85rem; opacity: 0.75; margin: 8px 0 0; }
</style>
</head>
<body>
<div class="row">
  <output id="count" aria-label="Count">…</output>
  <button id="add" type="button" disabled>+1</button>
</div>
<p id="status" role="status">Connecting to the host…</p>
<script>
(() => {
  'use strict';
  const host = window.parent;
  const countView = document.getElementById('count');
  const addButton = document.getElementById('add');
  const statusView = document.getElementById('status');
  const pending = new Map();
  let nextId = 1;
  let initialized = false;
  let busy = false;
  let count;

  function send(message) {
    host.postMessage(Object.assign({ jsonrpc: '2.0' }, message), '*');
  }
  function request(method, params) {
    const id = nextId++;
    send({ id, method, params });
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  }
  function notify(method, params) {
    send(params === undefined ? { method } : { method, params });
  }
  function respond(id, result) {
    send({ id, result });
  }
  function say(text) {
    statusView.textContent = text;
  }
  function refresh() {
    addButton.disabled = !initialized || busy || count === undefined;
  }
  function show(value) {
    count = value;
    countView.textContent = String(value);
    refresh();
  }
  function countIn(result) {
    const value = result && result.structuredContent ? result.structuredContent.count : undefined;
    return Number.isInteger(value) ? value : undefined;
  }
  function textIn(result) {
    const blocks = result && Array.isArray(result.content) ? result.content : [];
    return blocks.filter((block) => block && block.type === 'text').map((block) => block.text).join(' ');
  }
  function applyTheme(theme) {
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  }
  function watchSize() {
    let last = '';
    const report = () => {
      const root = document.documentElement;
      const width = Math.ceil(root.scrollWidth);
      const height = Math.ceil(root.getBoundingClientRect().height);
      const size = width + 'x' + height;
      if (size === last) return;
      last = size;
      notify('ui/notifications/size-changed', { width, height });
    };
    new ResizeObserver(report).observe(document.documentElement);
    report();
  }

  window.addEventListener('message', (event) => {
    if (event.source !== host) return;
    const message = event.data;
    if (!message || message.jsonrpc !== '2.0') return;
    if (!('method' in message)) {
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message || 'request failed'));
      else waiter.resolve(message.result);
      return;
    }
    const params = message.params || {};
    switch (message.method) {
      case 'ui/notifications/tool-input': {
        const start = params.arguments ? params.arguments.start : undefined;
        say('Counting from ' + (Number.isInteger(start) ? start : 0) + '…');
        break;
      }
      case 'ui/notifications/tool-result': {
        const value = countIn(params);
        if (params.isError || value === undefined) say(textIn(params) || 'The tool failed.');
        else {
          show(value);
          say('Click +1: the app calls counter_add through the host.');
        }
        break;
      }
      case 'ui/notifications/tool-cancelled':
        say('The call was cancelled' + (params.reason ? ': ' + params.reason : '.'));
        break;
      case 'ui/notifications/host-context-changed':
        applyTheme(params.theme);
        break;
      case 'ui/resource-teardown':
        initialized = false;
        refresh();
        say('Closed.');
        respond(message.id, {});
        break;
      case 'ping':
        respond(message.id, {});
        break;
      default:
        if ('id' in message) send({ id: message.id, error: { code: -32601, message: 'Method not found: ' + message.method } });
    }
  });

  addButton.addEventListener('click', () => {
    busy = true;
    refresh();
    request('tools/call', { name: 'counter_add', arguments: { count } })
      .then((result) => {
        const value = countIn(result);
        if (result.isError || value === undefined) say(textIn(result) || 'counter_add failed.');
        else {
          show(value);
          say('counter_add answered ' + value + '.');
        }
      })
      .catch((error) => say('The host refused the call: ' + error.message))
      .finally(() => {
        busy = false;
        refresh();
      });
  });

  request('ui/initialize', {
    appInfo: { name: 'mcpkit-demo-counter', version: '0.1.0' },
    appCapabilities: { availableDisplayModes: ['inline'] },
    protocolVersion: '2026-01-26',
  })
    .then((result) => {
      applyTheme(result && result.hostContext ? result.hostContext.theme : undefined);
      initialized = true;
      notify('ui/notifications/initialized');
      refresh();
      say('Waiting for the tool result…');
      watchSize();
    })
    .catch((error) => say('The host did not start the app: ' + error.message));
})();
</script>
</body>
</html>
`;
