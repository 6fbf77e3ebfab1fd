/**
 * Server-Sent Events for Streamable HTTP responses: the framing, and the one SSE writer of the
 * endpoint (POST answers that became streams and the 2025 GET stream both open through it, so
 * keep-alive comments and their stopping live in one place).
 */
import type { EventStreamWriter, HttpResponder } from './exchange.js';

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

/**
 * Opens an SSE response with `headers` (already complete: SSE headers and the configured
 * response headers) and sends a keep-alive comment every `keepAliveMs` (0: none) until the
 * stream ends or the client leaves. `onClose` runs when the client leaves first.
 *
 * @example
 * const writer = openEventStream(respond, endpoint.headers(SSE_HEADERS), 15_000, () => forget());
 * writer.write(formatSseEvent(JSON.stringify(notification)));
 */
export function openEventStream(
  respond: HttpResponder,
  headers: Record<string, string>,
  keepAliveMs: number,
  onClose: () => void,
): EventStreamWriter {
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const stopKeepAlive = () => clearInterval(keepAlive);
  const stream = respond.stream(200, headers, () => {
    stopKeepAlive();
    onClose();
  });
  if (keepAliveMs > 0 && !stream.closed) {
    keepAlive = setInterval(() => stream.write(SSE_KEEP_ALIVE), keepAliveMs);
    keepAlive.unref?.();
  }
  return {
    write: (chunk) => stream.write(chunk),
    end() {
      stopKeepAlive();
      stream.end();
    },
    get closed() {
      return stream.closed;
    },
  };
}
