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
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly body: string,
    readonly headers: Headers,
  ) {
    super(
      `The server answered HTTP ${status}${statusText ? ` ${statusText}` : ''}${body ? `: ${body.slice(0, 200)}` : ''}`,
    );
  }
}

/** A response stream ended before it carried the response to its request. */
export class StreamInterruptedError extends McpkitLocalError {
  override name = 'StreamInterruptedError';
}
