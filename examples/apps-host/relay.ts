/**
 * The host page's way to any MCP server: `/mcp?target=<server URL>` on the page's own origin,
 * forwarded from Node. A browser page can only reach a server that answers CORS, which MCP
 * servers on localhost do not; a real host would give its client its own backend route the same
 * way. Only the host page's origin may use it (the page server also checks the Host header
 * against DNS rebinding), and only http(s) targets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** Request headers never forwarded: hop-by-hop ones, and what would reveal or confuse the page's origin. */
const DROPPED_REQUEST = new Set([
  'host',
  'origin',
  'referer',
  'connection',
  'content-length',
  'accept-encoding',
  'cookie',
]);
/** Response headers never copied back: fetch has already decoded and de-chunked the body. */
const DROPPED_RESPONSE = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection']);

/**
 * Forwards one request to the MCP server its `target` parameter names, streaming both bodies
 * (a Streamable HTTP answer may be a long SSE stream). Refuses another origin's page (403) and a
 * target that is not an http(s) URL (400).
 */
export async function relayMcp(
  request: IncomingMessage,
  response: ServerResponse,
  pageOrigin: string,
): Promise<void> {
  // Browsers send Origin with a POST, and Sec-Fetch-Site with every request: together they keep
  // other pages (other sites, and the apps, whose origin is opaque) from using the relay.
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if ((origin !== undefined && origin !== pageOrigin) || (site !== undefined && site !== 'same-origin')) {
    response.writeHead(403, { 'content-type': 'text/plain' }).end(`Only ${pageOrigin} may use this relay`);
    return;
  }
  const url = new URL(request.url ?? '/', pageOrigin);
  const target = parseTarget(url.searchParams.get('target'));
  if (!target) {
    response.writeHead(400, { 'content-type': 'text/plain' }).end('target must be an http(s) URL');
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || DROPPED_REQUEST.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const abort = new AbortController();
  response.once('close', () => abort.abort());
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method ?? 'GET',
      headers,
      body: hasBody ? (Readable.toWeb(request) as ReadableStream<Uint8Array>) : undefined,
      signal: abort.signal,
      // A streamed request body needs half-duplex in Node's fetch.
      ...(hasBody && { duplex: 'half' }),
    } as RequestInit);
  } catch (error) {
    if (!response.headersSent) {
      response
        .writeHead(502, { 'content-type': 'text/plain' })
        .end(`Cannot reach ${target.href}: ${String(error)}`);
    }
    return;
  }
  const copied: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE.has(name)) copied[name] = value;
  });
  response.writeHead(upstream.status, copied);
  if (!upstream.body) {
    response.end();
    return;
  }
  Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream)
    .on('error', () => response.destroy())
    .pipe(response);
}

function parseTarget(text: string | null): URL | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
