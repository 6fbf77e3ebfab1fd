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
