/**
 * The two wires the bench speaks, as raw JSON-RPC (no SDK on the load side):
 * 2025-11-25 (initialize, then requests carrying Mcp-Session-Id) and
 * 2026-07-28 (stateless requests with the `_meta` envelope and the
 * MCP-Protocol-Version / Mcp-Method / Mcp-Name headers).
 */

export const LEGACY = '2025-11-25';
export const MODERN = '2026-07-28';
export const WIRES = [LEGACY, MODERN];

export const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
};

const ID_MARK = '"__bench_id__"';

/** The JSON-RPC request for `wire` (the modern one carries the envelope). */
export function message(wire, id, method, params = {}) {
  return { jsonrpc: '2.0', id, method, params: wire === MODERN ? { ...params, _meta: ENVELOPE } : params };
}

export function initializeMessage(id) {
  return message(LEGACY, id, 'initialize', {
    protocolVersion: LEGACY,
    capabilities: {},
    clientInfo: { name: 'mcpkit-bench-driver', version: '0.0.0' },
  });
}

export const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };

/** What `Mcp-Name` mirrors: the tool or prompt name, or the resource URI. */
function nameOf(method, params) {
  if (method === 'tools/call' || method === 'prompts/get') return params.name;
  if (method === 'resources/read') return params.uri;
  return undefined;
}

/**
 * A factory of JSON-RPC request bodies differing only in id, cheap enough to
 * call once per request under load: `(id) => string`.
 */
export function bodyTemplate(wire, method, params) {
  const [head, tail] = JSON.stringify(message(wire, '__bench_id__', method, params)).split(ID_MARK);
  return (id) => head + id + tail;
}

/**
 * A factory of whole HTTP/1.1 requests (head and body) for one method:
 * `(id) => Buffer`. `session` is the 2025 session id, if the server gave one.
 */
export function httpRequestTemplate({ port, wire, method, params, session }) {
  const body = bodyTemplate(wire, method, params);
  let head =
    `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    'Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n' +
    `MCP-Protocol-Version: ${wire}\r\n`;
  if (wire === MODERN) {
    head += `Mcp-Method: ${method}\r\n`;
    const name = nameOf(method, params);
    if (name !== undefined) head += `Mcp-Name: ${name}\r\n`;
  } else if (session !== undefined) {
    head += `Mcp-Session-Id: ${session}\r\n`;
  }
  return (id) => {
    const text = body(id);
    return Buffer.from(`${head}Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  };
}

/** One HTTP request for a whole message object (setup and checks, not load). */
export function httpRequestFor({ port, wire, msg, session, extraHeaders = {} }) {
  const text = JSON.stringify(msg);
  let head =
    `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    'Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n';
  if (!(wire === LEGACY && msg.method === 'initialize')) head += `MCP-Protocol-Version: ${wire}\r\n`;
  if (wire === MODERN && msg.method !== undefined) {
    head += `Mcp-Method: ${msg.method}\r\n`;
    const name = nameOf(msg.method, msg.params ?? {});
    if (name !== undefined) head += `Mcp-Name: ${name}\r\n`;
  }
  if (wire === LEGACY && session !== undefined) head += `Mcp-Session-Id: ${session}\r\n`;
  for (const [key, value] of Object.entries(extraHeaders)) head += `${key}: ${value}\r\n`;
  return Buffer.from(`${head}Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

/** The JSON-RPC messages in an HTTP response body, JSON or SSE. */
export function messagesIn(contentType, body) {
  const text = body.toString('utf8');
  if ((contentType ?? '').includes('text/event-stream')) {
    const out = [];
    for (const event of text.split(/\r?\n\r?\n/)) {
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data !== '') out.push(JSON.parse(data));
    }
    return out;
  }
  return text.trim() === '' ? [] : [JSON.parse(text)];
}
