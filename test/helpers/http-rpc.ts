/**
 * Raw 2026-07-28 requests against a server's fetch handler, for tests that
 * check exactly what goes over the wire (statuses, headers, SSE frames).
 */
import { requestHeadersFor } from '../../src/protocol/http-headers.js';

export const MODERN = '2026-07-28';

/** The `_meta` envelope of a modern request. */
export function envelope(capabilities: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    ...extra,
  };
}

export interface RpcReply {
  status: number;
  headers: Headers;
  /** The JSON-RPC response (the last message, for SSE answers). */
  body: Record<string, unknown> & {
    result?: Record<string, unknown>;
    error?: { code: number; message: string; data?: unknown };
  };
  /** Every message of an SSE answer, in order (just the response for JSON answers). */
  messages: Record<string, unknown>[];
}

let nextId = 1;

/** Parses the `data:` payloads of an SSE body. */
export function sseMessages(text: string): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  for (const block of text.split('\n\n')) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data) messages.push(JSON.parse(data));
  }
  return messages;
}

type FetchLike = (request: Request) => Promise<Response>;

/**
 * The HTTP request that carries one 2026-07-28 message: POST to `http://localhost/mcp` with the
 * JSON body, both Accept types and the SEP-2243 headers the message calls for.
 */
export function modernPost(
  message: { method: string; params?: Record<string, unknown> },
  signal?: AbortSignal,
): Request {
  return new Request('http://localhost/mcp', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...requestHeadersFor(message as never, { protocolVersion: MODERN }),
    },
    body: JSON.stringify(message),
    ...(signal ? { signal } : {}),
  });
}

/**
 * Sends one request. `params._meta` defaults to the modern envelope; pass
 * `meta: null` to send none, and `headers` to override the standard ones.
 */
export async function rpc(
  fetchLike: FetchLike,
  method: string,
  params: Record<string, unknown> = {},
  options: {
    meta?: Record<string, unknown> | null;
    headers?: Record<string, string | null>;
    id?: number | string;
    signal?: AbortSignal;
  } = {},
): Promise<RpcReply> {
  const body: Record<string, unknown> = { ...params };
  if (options.meta !== null) body._meta = options.meta ?? envelope();
  const message = { jsonrpc: '2.0', id: options.id ?? nextId++, method, params: body };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...requestHeadersFor(message, { protocolVersion: MODERN }),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    for (const existing of Object.keys(headers))
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    if (value !== null) headers[name] = value;
  }
  const response = await fetchLike(
    new Request('http://localhost/mcp', {
      method: 'POST',
      headers,
      body: JSON.stringify(message),
      signal: options.signal,
    }),
  );
  const text = await response.text();
  const messages = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ? sseMessages(text)
    : text
      ? [JSON.parse(text)]
      : [];
  return {
    status: response.status,
    headers: response.headers,
    body: (messages.at(-1) ?? {}) as RpcReply['body'],
    messages,
  };
}

/** What {@link legacyHttpSession} reads back: the JSON-RPC response. */
export interface LegacyReply {
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

/**
 * A 2025-11-25 HTTP session against a server's fetch handler: `initialize`
 * and `notifications/initialized` sent, then one request at a time with the
 * session's id (the response read from JSON or SSE).
 */
export async function legacyHttpSession(fetchLike: FetchLike, capabilities: Record<string, unknown> = {}) {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetchLike(
      new Request('http://localhost/mcp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: JSON.stringify(body),
      }),
    );
  const opened = await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities, clientInfo: { name: 'raw', version: '1' } },
  });
  await opened.text();
  const headers = {
    'mcp-session-id': opened.headers.get('mcp-session-id') ?? '',
    'mcp-protocol-version': '2025-11-25',
  };
  await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).text();
  let id = 1;
  return async (method: string, params: Record<string, unknown> = {}): Promise<LegacyReply> => {
    const response = await post({ jsonrpc: '2.0', id: id++, method, params }, headers);
    const text = await response.text();
    const messages = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
      ? sseMessages(text)
      : [JSON.parse(text)];
    return messages.at(-1) as LegacyReply;
  };
}
