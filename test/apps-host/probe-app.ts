/**
 * A test app that does what a misbehaving or curious app would: calls a tool the host must
 * refuse, fetches an origin outside its CSP (and one inside it), grows, and reports its teardown.
 * Plain postMessage JSON-RPC, no library, so each step is visible.
 */

/** Where the probe app's fetches go. */
export interface ProbeTargets {
  /** Not in the app's connectDomains: the CSP must block it. */
  readonly outsideUrl: string;
  /** In the app's connectDomains (and answering CORS): the control that shows fetch works at all. */
  readonly allowedUrl: string;
  /** A web page the app asks the host to open. */
  readonly linkUrl: string;
}

/** The probe app's document. */
export function probeAppHtml(targets: ProbeTargets): string {
  // The comment is bait: a proxy that looked for the first <head> to put the CSP after would
  // put it inside the comment, and the app would run with no policy.
  return `<!doctype html>
<!-- <head> -->
<html lang="en">
<head><meta charset="utf-8"><title>Probe</title></head>
<body>
<button id="secret" type="button">call secret</button>
<button id="outside" type="button">fetch outside</button>
<button id="allowed" type="button">fetch allowed</button>
<button id="grow" type="button">grow</button>
<button id="script-link" type="button">open a javascript: link</button>
<button id="web-link" type="button">open a web link</button>
<pre id="out">starting</pre>
<div id="filler"></div>
<script>
(() => {
  const host = window.parent;
  const out = document.getElementById('out');
  const pending = new Map();
  let nextId = 1;
  const send = (message) => host.postMessage(Object.assign({ jsonrpc: '2.0' }, message), '*');
  const request = (method, params) => {
    const id = nextId++;
    send({ id, method, params });
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  };
  window.addEventListener('message', (event) => {
    if (event.source !== host) return;
    const message = event.data;
    if (!message || message.jsonrpc !== '2.0') return;
    if (!('method' in message)) {
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(message.error); else waiter.resolve(message.result);
      return;
    }
    if (message.method === 'ui/resource-teardown') {
      send({ method: 'notifications/message', params: { level: 'info', data: 'teardown received' } });
      send({ id: message.id, result: {} });
    } else if (message.method === 'ui/notifications/tool-result') {
      out.textContent = 'result ' + JSON.stringify(message.params.structuredContent);
    }
  });
  document.getElementById('secret').addEventListener('click', () => {
    request('tools/call', { name: 'secret', arguments: {} }).then(
      (result) => { out.textContent = 'secret called: ' + JSON.stringify(result); },
      (error) => { out.textContent = 'refused ' + error.code + ': ' + error.message; },
    );
  });
  const openLink = (url) => request('ui/open-link', { url }).then(
    () => { out.textContent = 'opened ' + url; },
    (error) => { out.textContent = 'refused ' + error.code + ': ' + error.message; },
  );
  document.getElementById('script-link').addEventListener('click', () => openLink('javascript:alert(document.domain)'));
  document.getElementById('web-link').addEventListener('click', () => openLink(${JSON.stringify(targets.linkUrl)}));
  const probe = (label, url) => fetch(url).then(
    (response) => response.text().then((text) => { out.textContent = label + ' reached: ' + text; }),
    (error) => { out.textContent = label + ' blocked: ' + error.name; },
  );
  document.getElementById('outside').addEventListener('click', () => probe('outside', ${JSON.stringify(targets.outsideUrl)}));
  document.getElementById('allowed').addEventListener('click', () => probe('allowed', ${JSON.stringify(targets.allowedUrl)}));
  document.getElementById('grow').addEventListener('click', () => {
    document.getElementById('filler').style.height = '420px';
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    send({ method: 'ui/notifications/size-changed', params: { width: 300, height } });
  });
  request('ui/initialize', { appInfo: { name: 'probe', version: '1.0.0' }, appCapabilities: {}, protocolVersion: '2026-01-26' })
    .then(() => { send({ method: 'ui/notifications/initialized' }); out.textContent = 'ready'; });
})();
</script>
</body>
</html>
`;
}
