/**
 * The client's HTTP on Node's own `node:http`/`node:https` with one keep-alive connection pool
 * per process. Node's global `fetch` builds a `Request`, `Headers`, a web stream and a `Response`
 * for every request; at many calls per second that is most of the client's CPU. This sends the
 * same request for a fraction of it (bench/README.md, "Clients").
 *
 * Node's modules are imported on first use, never statically, so that a bundle for browsers or
 * workers that contains the transport contains no Node import (the stdio client does the same).
 */
import type * as NodeHttp from 'node:http';
import { type HttpWire, type WireAnswer, WireCancel, type WireRequest } from './wire.js';

/** One keep-alive pool per scheme, shared by every client of the process. */
interface Pool {
  module: typeof NodeHttp | typeof import('node:https');
  agent: NodeHttp.Agent;
}

/** How long an idle pooled socket is kept, ms. */
const IDLE_SOCKET_MS = 4_000;

const pools: { http?: Pool; https?: Pool } = {};
const loading: { http?: Promise<Pool>; https?: Promise<Pool> } = {};

/**
 * The process's keep-alive pool for `scheme`, created on first use. `node:https` is loaded only
 * for an https URL: it brings TLS and crypto with it, tens of milliseconds of a fresh process's
 * start that a client of a local server never needs.
 */
function poolFor(scheme: 'http' | 'https'): Pool | Promise<Pool> {
  const ready = pools[scheme];
  if (ready) return ready;
  loading[scheme] ??= (scheme === 'https' ? import('node:https') : import('node:http')).then((module) => {
    // Sockets are kept open between requests (and Node unrefs idle ones, so a pool never holds a
    // process open); how many per origin is not capped, like fetch's. An idle socket is closed
    // after 4 s, or sooner when the server's Keep-Alive header says it closes them sooner, so a
    // request rarely meets a socket the server is closing (fetch's pool does the same).
    const pool = { module, agent: new module.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) };
    pools[scheme] = pool;
    return pool;
  });
  return loading[scheme];
}

/**
 * Whether this runtime is Node itself (not Bun or Deno, which answer to `process.versions.node`
 * too but have fetches of their own worth keeping).
 *
 * @example
 * const wire = isNodeRuntime() ? nodeWire : fetchWire(globalThis.fetch);
 */
export function isNodeRuntime(): boolean {
  const runtime = globalThis as {
    process?: { versions?: Record<string, string | undefined> };
    Deno?: unknown;
  };
  const versions = runtime.process?.versions;
  return typeof versions?.node === 'string' && versions.bun === undefined && runtime.Deno === undefined;
}

/**
 * A {@link HttpWire} on `node:http`/`node:https` with keep-alive pools.
 *
 * @example
 * const answer = await nodeWire({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body });
 * if (answer.status === 200) JSON.parse(await answer.text());
 */
export const nodeWire: HttpWire = nodeWireCheckingRedirects(undefined);

/**
 * Called before the wire follows a redirect: where it leads, which hop it is (from 1), and the
 * request as first sent. Rejecting stops there; the request rejects with that error.
 */
export type RedirectCheck = (url: URL, hop: number, request: WireRequest) => Promise<void>;

/**
 * {@link nodeWire} with every redirect it would follow checked first (the SSRF guard's hook).
 * Made once per client, so a request that is not redirected costs nothing more.
 *
 * @example
 * const wire = nodeWireCheckingRedirects((url) => guard.check(url));
 */
export function nodeWireCheckingRedirects(check: RedirectCheck | undefined): HttpWire {
  return async (request) => {
    let current = request;
    for (let hops = 0; ; hops++) {
      const found = poolFor(current.url.protocol === 'https:' ? 'https' : 'http');
      const answer = await send(found instanceof Promise ? await found : found, current);
      const location = REDIRECTS.has(answer.status) ? answer.headers.get('location') : null;
      if (location === null || hops >= MAX_REDIRECTS) return answer;
      await answer.discard();
      const next = new URL(location, current.url);
      await check?.(next, hops + 1, request);
      current = redirected(current, answer.status, next);
    }
  };
}

/** Redirects fetch follows, and so does this wire (a server moving its endpoint must not break it). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** fetch's limit. */
const MAX_REDIRECTS = 20;
/** Credentials that must not follow a request to another origin (fetch drops them too). */
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie|dpop)$/i;

/**
 * The request to send after a redirect, as fetch makes it: 307 and 308 keep the method and body;
 * 303, and 301 or 302 after a POST, turn it into a GET without one. Credentials stay behind when
 * the new URL is on another origin.
 */
function redirected(request: WireRequest, status: number, url: URL): WireRequest {
  const toGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (url.origin !== request.url.origin && CREDENTIAL_HEADER.test(name)) continue;
    if (toGet && /^content-/i.test(name)) continue;
    headers[name] = value;
  }
  return {
    method: toGet ? 'GET' : request.method,
    url,
    headers,
    ...(!toGet && request.body !== undefined ? { body: request.body } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  };
}

function send(pool: Pool, { method, url, headers, body, signal }: WireRequest): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const outgoing: NodeHttp.OutgoingHttpHeaders = { ...headers };
    if (body !== undefined) outgoing['content-length'] = Buffer.byteLength(body);
    const request = pool.module.request(url, { method, headers: outgoing, agent: pool.agent });
    // The request's own signal (one per request): aborting it ends the request and its body. The
    // caller hears the signal's reason; the socket's own error after that has nobody to tell.
    const abort = () => {
      reject(signal?.reason);
      request.destroy();
    };
    // A WireCancel takes one callback (no listener, no AbortController); an AbortSignal a listener.
    let stopFollowing: (() => void) | undefined;
    if (signal instanceof WireCancel) {
      stopFollowing = signal.follow(abort);
    } else if (signal) {
      signal.addEventListener('abort', abort, { once: true });
      stopFollowing = () => signal.removeEventListener('abort', abort);
    }
    request.once('response', (incoming) => {
      if (stopFollowing) incoming.once('close', stopFollowing);
      resolve(new NodeAnswer(incoming));
    });
    // Before the answer, an error rejects; after it, the answer's reader hears of it from the body.
    request.on('error', (error) => {
      stopFollowing?.();
      reject(error);
    });
    request.end(body);
  });
}

class NodeAnswer implements WireAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };

  constructor(private readonly incoming: NodeHttp.IncomingMessage) {
    // A reader (text, chunks, response) listens for errors itself; one that comes when nobody
    // reads (the request aborted after its body was read) has nobody left to tell.
    incoming.on('error', () => {});
    this.status = incoming.statusCode ?? 0;
    this.statusText = incoming.statusMessage ?? '';
    const raw = incoming.headers;
    this.headers = {
      get: (name) => {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }

  text(): Promise<string> {
    const { incoming } = this;
    return new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => parts.push(chunk));
      incoming.once('end', () =>
        resolve(parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8')),
      );
      incoming.once('error', reject);
      // Destroyed before its end (aborted): 'error' may not come, 'close' always does.
      incoming.once('close', () => {
        if (!incoming.complete) reject(new Error('The connection closed before the body ended'));
      });
    });
  }

  async *chunks(): AsyncIterable<string> {
    this.incoming.setEncoding('utf8');
    try {
      for await (const chunk of this.incoming) yield chunk as string;
    } finally {
      // Stopping early (the response already here, a broken stream) frees the socket.
      if (!this.incoming.complete) this.incoming.destroy();
    }
  }

  async discard(): Promise<void> {
    // A body already here is drained so the socket goes back to the pool; one still coming (a
    // stream, say) is cut off with its connection.
    if (this.incoming.complete) this.incoming.resume();
    else this.incoming.destroy();
  }

  head(): Response {
    return new Response(null, {
      status: this.status,
      statusText: this.statusText,
      headers: this.webHeaders(),
    });
  }

  response(): Response {
    const { incoming } = this;
    const nullBody = this.status === 204 || this.status === 205 || this.status === 304;
    let open = true;
    const body = nullBody
      ? null
      : new ReadableStream<Uint8Array>({
          start(controller) {
            const settle = (end: () => void) => {
              if (!open) return;
              open = false;
              end();
            };
            incoming.on('data', (chunk: Buffer) => {
              if (open) controller.enqueue(new Uint8Array(chunk));
            });
            incoming.once('end', () => settle(() => controller.close()));
            incoming.once('error', (error) => settle(() => controller.error(error)));
            incoming.once('close', () => settle(() => controller.error(new Error('The connection closed'))));
          },
          cancel() {
            open = false;
            incoming.destroy();
          },
        });
    return new Response(body, {
      status: this.status,
      statusText: this.statusText,
      headers: this.webHeaders(),
    });
  }

  private webHeaders(): Headers {
    const headers = new Headers();
    for (const [name, value] of Object.entries(this.incoming.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    return headers;
  }
}
