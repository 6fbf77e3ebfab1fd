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
