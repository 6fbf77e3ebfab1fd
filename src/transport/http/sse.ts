/**
 * Server-Sent Events framing for Streamable HTTP responses.
 */

/** Response headers of every SSE stream this library opens. */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  // Reverse proxies (nginx) buffer responses unless told not to; events must flow as written.
  'x-accel-buffering': 'no',
});

/**
 * One SSE event carrying a JSON-RPC message, as a single string so it is one write.
 *
 * @example
 * formatSseEvent('{"jsonrpc":"2.0","method":"notifications/progress"}');
 * // 'event: message\ndata: {"jsonrpc":"2.0",...}\n\n'
 */
export function formatSseEvent(data: string, id?: string): string {
  // JSON.stringify never emits a raw newline, so the payload is always one data line.
  return id === undefined
    ? `event: message\ndata: ${data}\n\n`
    : `id: ${id}\nevent: message\ndata: ${data}\n\n`;
}

/** An SSE comment line; clients ignore it, proxies see traffic. */
export const SSE_KEEP_ALIVE = ': keep-alive\n\n';

/**
 * The first event of a resumable stream: an id to resume from, the
 * reconnection delay, and no message (SEP-1699).
 *
 * @example
 * formatPrimingEvent('7:0', 1000); // 'id: 7:0\nretry: 1000\ndata: \n\n'
 */
export function formatPrimingEvent(id: string, retryMs?: number): string {
  return retryMs === undefined ? `id: ${id}\ndata: \n\n` : `id: ${id}\nretry: ${retryMs}\ndata: \n\n`;
}
