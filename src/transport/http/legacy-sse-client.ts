/**
 * The deprecated HTTP+SSE transport of 2024-11-05, for servers that predate
 * Streamable HTTP: one long GET stream delivers every server message, and the
 * client POSTs its messages to the URL the stream's first `endpoint` event
 * names. Kept only as a fallback.
 */

import { ConnectionClosedError } from '../../protocol/errors.js';
import type { JSONRPCMessage } from '../../protocol/jsonrpc.js';
import type { SendOptions, Transport, TransportHandlers } from '../../session/transport.js';
import { decodeMessage } from '../decode.js';
import { asError, DEFAULT_MAX_HTTP_MESSAGE_BYTES, feedEventStream, isEventStream } from './client.js';
import { HttpStatusError } from './errors.js';
import { loadSseParser } from './sse-parser.js';
import { bodyChunks } from './wire.js';

/** Options of a {@link LegacySseClientTransport}. */
export interface LegacySseClientTransportOptions {
  fetch?: typeof fetch;
  /** Headers on the GET and on every POST. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** How long to wait for the `endpoint` event, ms. Default 10 000. */
  endpointTimeoutMs?: number;
  /** Largest inbound message in bytes. Default 64 MiB. */
  maxMessageBytes?: number;
}

/**
 * HTTP+SSE (2024-11-05) for a client.
 *
 * @example
 * const transport = new LegacySseClientTransport(new URL('http://localhost:8080/sse'));
 * const peer = new JsonRpcPeer(transport);
 * await peer.start(); // resolves once the server named its POST endpoint
 */
export class LegacySseClientTransport implements Transport {
  private handlers: TransportHandlers | undefined;
  private readonly stream = new AbortController();
  private endpoint: URL | undefined;
  private closed = false;
  private readonly fetchImpl: typeof fetch;

  constructor(
    readonly url: URL,
    private readonly options: LegacySseClientTransportOptions = {},
  ) {
    // Called through a wrapper: a browser's fetch throws "Illegal invocation" when called as a method of another object.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The URL messages are POSTed to, once the server named it. */
  get postEndpoint(): URL | undefined {
    return this.endpoint;
  }

  async start(handlers: TransportHandlers): Promise<void> {
    this.handlers = handlers;
    const response = await this.fetchImpl(this.url, {
      method: 'GET',
      headers: { ...(await this.baseHeaders()), accept: 'text/event-stream' },
      signal: this.stream.signal,
    }).catch((error: unknown) => {
      throw new ConnectionClosedError(`GET ${this.url.href} failed: ${asError(error).message}`, {
        cause: error,
      });
    });
    if (!response.ok || !isEventStream(response)) {
      await response.body?.cancel();
      throw new HttpStatusError(response, '');
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const silent = `${this.url.href} sent no endpoint event; is it an HTTP+SSE (2024-11-05) server?`;
        timer = setTimeout(
          () => reject(new ConnectionClosedError(silent)),
          this.options.endpointTimeoutMs ?? 10_000,
        );
        void this.read(response, (endpoint) => {
          this.endpoint = endpoint;
          resolve();
        }).finally(() =>
          reject(new ConnectionClosedError('The event stream ended before it named an endpoint')),
        );
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async send(message: JSONRPCMessage, _options?: SendOptions): Promise<void> {
    if (this.closed || !this.endpoint)
      throw new ConnectionClosedError('Cannot send: the HTTP+SSE transport is not open');
    const response = await this.fetchImpl(this.endpoint, {
      method: 'POST',
      headers: { ...(await this.baseHeaders()), 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    const body = await response.text().catch(() => '');
    if (!response.ok) throw new HttpStatusError(response, body.slice(0, 4096));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream.abort();
    this.handlers?.onClose();
  }

  private async baseHeaders(): Promise<Record<string, string>> {
    const headers = this.options.headers;
    return typeof headers === 'function' ? await headers() : { ...headers };
  }

  private async read(response: Response, onEndpoint: (endpoint: URL) => void): Promise<void> {
    const { createParser } = await loadSseParser();
    const parser = createParser({
      maxBufferSize: this.options.maxMessageBytes ?? DEFAULT_MAX_HTTP_MESSAGE_BYTES,
      onEvent: (event) => {
        if (event.event === 'endpoint') {
          try {
            const endpoint = new URL(event.data, this.url);
            // The POST endpoint must stay on the server's origin.
            if (endpoint.origin === this.url.origin) onEndpoint(endpoint);
            else
              this.handlers?.onInvalid(undefined, `Ignoring an endpoint on another origin: ${endpoint.href}`);
          } catch {
            this.handlers?.onInvalid(undefined, `Unreadable endpoint event: ${event.data}`);
          }
          return;
        }
        if (event.event !== undefined && event.event !== 'message') return;
        const decoded = decodeMessage(event.data);
        if ('message' in decoded) this.handlers?.onMessage(decoded.message);
        else this.handlers?.onInvalid(undefined, `Unreadable event from ${this.url.href}: ${decoded.detail}`);
      },
    });
    let failure: Error | undefined;
    try {
      await feedEventStream(bodyChunks(response), parser);
    } catch (error) {
      if (!this.closed) failure = asError(error);
    }
    if (this.closed) return;
    this.closed = true;
    this.handlers?.onClose(failure ?? new ConnectionClosedError('The server ended the event stream'));
  }
}
