/**
 * A JSON-RPC POST through `node:http`, which, unlike web `fetch`, may set any
 * `Host` header: for tests of the Host checks over a real socket.
 */
import { request as httpRequest } from 'node:http';

/** A 2025-11-25 `initialize`, the first request any client sends. */
export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

/**
 * POSTs `body` (default: an initialize) to `url` with `headers` added (Host included);
 * resolves to the status and the body text.
 *
 * @example
 * const { status } = await rawPost(url, { host: 'mcp.example.com' });
 */
export function rawPost(
  url: string,
  headers: Record<string, string>,
  body = INITIALIZE,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
