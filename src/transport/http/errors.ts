/**
 * Errors of the Streamable HTTP client that no JSON-RPC peer sent.
 */
import { McpkitLocalError } from '../../protocol/errors.js';

/**
 * The server answered with an HTTP status and no JSON-RPC message. `body`
 * holds up to 4 KiB of what it said, to help diagnose it.
 */
export class HttpStatusError extends McpkitLocalError {
  override name = 'HttpStatusError';
  /** The HTTP status. */
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;

  constructor(
    response: Pick<Response, 'status' | 'statusText' | 'headers'>,
    /** Up to 4 KiB of the body, for diagnosis. */
    readonly body: string,
  ) {
    const { status, statusText } = response;
    super(
      `The server answered HTTP ${status}${statusText ? ` ${statusText}` : ''}${body ? `: ${body.slice(0, 200)}` : ''}`,
    );
    this.status = status;
    this.statusText = statusText;
    this.headers = response.headers;
  }
}

/** A response stream ended before it carried the response to its request. */
export class StreamInterruptedError extends McpkitLocalError {
  override name = 'StreamInterruptedError';
}

/**
 * The client refused to send a request to a URL a server chose (a metadata location, an
 * authorization server, a redirect) because it leads to a loopback, private, link-local or
 * otherwise internal address the user did not name: a server must not use the client to reach
 * its network (server-side request forgery). The message names the URL, the address, the reason
 * and the option that changes it (`ssrfProtection` of `Client.connect`).
 *
 * @example
 * try {
 *   await client.checkUrl('http://169.254.169.254/latest/meta-data/');
 * } catch (error) {
 *   if (error instanceof SsrfBlockedError) console.warn(`not opening ${error.url}: ${error.reason}`);
 * }
 */
export class SsrfBlockedError extends McpkitLocalError {
  override name = 'SsrfBlockedError';

  constructor(
    /** The URL refused. */
    readonly url: string,
    /** The address it leads to, when one was found (a literal, or what its name resolved to). */
    readonly address: string | undefined,
    /** Why, in words: "a link-local address", "not an http(s) URL", ... */
    readonly reason: string,
    /** How to allow it, in words naming the option. */
    advice: string,
  ) {
    super(
      [
        `Refused to fetch ${url}${address ? ` (${address})` : ''}: ${reason}.`,
        'A server chose this URL, and mcpkit does not let a server make this client reach addresses the user did not name (SSRF protection).',
        advice,
      ]
        .filter(Boolean)
        .join(' '),
    );
  }
}
