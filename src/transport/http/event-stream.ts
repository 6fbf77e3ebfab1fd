/**
 * The one SSE writer of the Streamable HTTP endpoint: POST answers that became streams and the
 * 2025 GET stream both open through it, so keep-alive comments and their stopping live in one
 * place.
 */
import type { EventStreamWriter, HttpResponder } from './exchange.js';
import { SSE_KEEP_ALIVE } from './sse.js';

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
  const stopKeepAlive = () => {
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = undefined;
  };
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
