/**
 * The web-standard face of the Streamable HTTP endpoint:
 * `(request: Request) => Promise<Response>`, for Workers, Deno, Bun, and any
 * framework that speaks fetch.
 */
import type { BodyReader, HttpRequestInfo, HttpResponder, StreamableHttpEndpoint } from './endpoint.js';

/** A fetch-style handler. */
export type FetchHandler = (request: Request, extra?: Record<string, unknown>) => Promise<Response>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Wraps an endpoint as a fetch handler. `extra` (for example an authenticated
 * principal from your framework) reaches handlers as `info.extra`.
 *
 * @example
 * const handle = createFetchHandler(endpoint);
 * export default { fetch: (request: Request) => handle(request) };
 */
export function createFetchHandler(endpoint: StreamableHttpEndpoint): FetchHandler {
  return (request, extra = {}) => {
    const info: HttpRequestInfo = {
      method: request.method.toUpperCase(),
      url: request.url,
      // Fetch runtimes build request.url from the Host header and may not expose Host itself.
      header: (name) =>
        request.headers.get(name) ?? (name.toLowerCase() === 'host' ? hostOf(request.url) : null),
      signal: request.signal,
      extra: { ...extra, request },
    };
    return new Promise<Response>((resolve, reject) => {
      const respond: HttpResponder = {
        send(status, headers, body) {
          resolve(new Response(body, { status, headers }));
        },
        stream(status, headers, onClose) {
          let controller!: ReadableStreamDefaultController<Uint8Array>;
          let closed = false;
          // Counted in bytes, so `desiredSize` says how much the reader has left waiting.
          const limit = endpoint.maxSseBufferBytes;
          const body = new ReadableStream<Uint8Array>(
            {
              start(c) {
                controller = c;
              },
              cancel() {
                closed = true;
                onClose();
              },
            },
            new ByteLengthQueuingStrategy({ highWaterMark: limit }),
          );
          resolve(new Response(body, { status, headers }));
          return {
            write(chunk) {
              if (closed) return;
              // More than the limit still unread: drop the stream rather than queue without bound.
              if ((controller.desiredSize ?? 0) < 0) {
                closed = true;
                controller.error(
                  new Error(`The SSE reader fell more than ${limit} bytes behind (maxSseBufferBytes)`),
                );
                onClose();
                return;
              }
              controller.enqueue(encoder.encode(chunk));
            },
            end() {
              if (closed) return;
              closed = true;
              controller.close();
            },
            get closed() {
              return closed;
            },
          };
        },
      };
      endpoint.handle(info, readRequestBody(request), respond).catch(reject);
    });
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** Reads a Request body as text, stopping as soon as it passes the limit. */
function readRequestBody(request: Request): BodyReader {
  return async (limit) => {
    const declared = Number(request.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) return { tooLarge: declared };
    if (!request.body) return { text: '' };
    const reader = request.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { tooLarge: size };
      }
      chunks.push(value);
    }
    if (chunks.length === 1) return { text: decoder.decode(chunks[0]) };
    const all = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      all.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { text: decoder.decode(all) };
  };
}
