/**
 * A scripted HTTP server written as a `fetch` stub, reachable two ways: handed to the client as
 * its `fetch` (the web-standard path), or served on a loopback port that the client reaches with
 * its default HTTP (Node's own client). The same stub, and so the same test, covers both.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The two ways a client sends HTTP, for `describe.each`. */
export const HTTP_PATHS = ['node', 'fetch'] as const;
export type HttpPath = (typeof HTTP_PATHS)[number];

/** Where a client reaches a stub, and what to pass it. */
export interface StubTarget {
  url: URL;
  /** The client's `fetch` option: the stub itself on the fetch path, none on the Node path. */
  fetch: typeof fetch | undefined;
  close(): Promise<void>;
}

/**
 * Makes `stub` reachable on `path`. On `'node'` it is served on 127.0.0.1: each request becomes a
 * call `stub(url, init)` with the method, headers, text body and a signal that aborts when the
 * client goes away; the stub's `Response` is written back, its body streamed. A stub that throws
 * drops the connection, as a reset would.
 *
 * @example
 * const target = await stubTarget('node', async () => new Response(null, { status: 202 }));
 * await Client.connect(target.url, { fetch: target.fetch });
 */
export async function stubTarget(path: HttpPath, stub: typeof fetch): Promise<StubTarget> {
  if (path === 'fetch')
    return { url: new URL('http://stub.invalid/mcp'), fetch: stub, close: async () => {} };
  const server = createServer((request, response) => {
    void serve(stub, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    fetch: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(stub: typeof fetch, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const parts: Buffer[] = [];
  for await (const chunk of request) parts.push(chunk as Buffer);
  const body = Buffer.concat(parts).toString('utf8');
  const headers = new Headers();
  for (let i = 0; i < request.rawHeaders.length; i += 2)
    headers.append(request.rawHeaders[i]!, request.rawHeaders[i + 1]!);
  const gone = new AbortController();
  response.once('close', () => gone.abort());
  let answer: Response;
  try {
    answer = await stub(new URL(request.url ?? '/', `http://${request.headers.host}`), {
      method: request.method,
      headers,
      ...(body === '' ? {} : { body }),
      signal: gone.signal,
    });
  } catch {
    request.socket.destroy();
    return;
  }
  const outgoing: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    outgoing[name] = value;
  });
  response.writeHead(answer.status, outgoing);
  if (!answer.body) {
    response.end();
    return;
  }
  response.flushHeaders();
  const reader = answer.body.getReader();
  gone.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      response.write(value);
    }
  } catch {
    // The client went away mid-body.
  }
  response.end();
}
