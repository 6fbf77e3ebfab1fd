/**
 * Error codes and the error classes mcpkit throws.
 *
 * Two families, never confused with each other:
 * - {@link McpError} and its subclasses are JSON-RPC errors: ones a peer sent us,
 *   or ones we send a peer. Each has the wire `code` and optional `data`.
 * - {@link McpkitLocalError} subclasses happen on this side only (a timeout, a
 *   closed connection, a cancelled call); no peer said them.
 */
import type { JSONRPCErrorObject } from './jsonrpc.js';

/** JSON-RPC and MCP error codes. The values are the 2026-07-28 ones. */
export const ErrorCode = {
  /** The message was not valid JSON. */
  ParseError: -32700,
  /** The message was JSON but not a valid JSON-RPC request. */
  InvalidRequest: -32600,
  /** No such method (or a method this revision removed). */
  MethodNotFound: -32601,
  /** The params were wrong, including a missing required `_meta` key. */
  InvalidParams: -32602,
  /** The receiver failed while handling the request. */
  InternalError: -32603,
  /** An HTTP header disagrees with the body it came with (2026-07-28). */
  HeaderMismatch: -32020,
  /** The request needs a client capability it did not declare (2026-07-28). */
  MissingRequiredClientCapability: -32021,
  /** The request named a protocol revision the server does not speak (2026-07-28). */
  UnsupportedProtocolVersion: -32022,
  /** Legacy (2025-11-25 and earlier): the resource does not exist. Modern servers use -32602. */
  ResourceNotFound: -32002,
  /** Legacy (2025-11-25): the tool needs a URL-mode elicitation first. */
  UrlElicitationRequired: -32042,
} as const;

/** One of the codes in {@link ErrorCode}. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every error mcpkit throws. */
export class McpkitError extends Error {
  override name = 'McpkitError';
}

/**
 * A JSON-RPC error: one a peer sent, or one a handler throws to answer a request
 * with an error. Throw it (or a subclass) from a handler to choose the code.
 *
 * @example
 * throw new McpError(ErrorCode.InvalidParams, 'city must not be empty', { field: 'city' });
 */
export class McpError extends McpkitError {
  override name = 'McpError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  /** The error object to put in a JSON-RPC error response. */
  toJSON(): JSONRPCErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  /**
   * Turns an error object from the wire into the most specific class for its code.
   *
   * @example
   * const err = McpError.fromObject({ code: -32601, message: 'Method not found' });
   * err instanceof MethodNotFoundError; // true
   */
  static fromObject(error: JSONRPCErrorObject): McpError {
    const { code, message, data } = error;
    const Class = classByCode.get(code);
    return Class ? new Class(message, data) : new McpError(code, message, data);
  }
}

/** -32700: the bytes were not valid JSON. */
export class ParseError extends McpError {
  override name = 'ParseError';
  constructor(message = 'Parse error: the message is not valid JSON', data?: unknown) {
    super(ErrorCode.ParseError, message, data);
  }
}

/** -32600: valid JSON, but not a valid JSON-RPC request. */
export class InvalidRequestError extends McpError {
  override name = 'InvalidRequestError';
  constructor(message = 'Invalid request', data?: unknown) {
    super(ErrorCode.InvalidRequest, message, data);
  }
}

/** -32601: the receiver has no such method. */
export class MethodNotFoundError extends McpError {
  override name = 'MethodNotFoundError';
  constructor(message = 'Method not found', data?: unknown) {
    super(ErrorCode.MethodNotFound, message, data);
  }
}

/** -32602: the params are wrong. */
export class InvalidParamsError extends McpError {
  override name = 'InvalidParamsError';
  constructor(message = 'Invalid params', data?: unknown) {
    super(ErrorCode.InvalidParams, message, data);
  }
}

/** -32603: the receiver failed while handling the request. */
export class InternalError extends McpError {
  override name = 'InternalError';
  constructor(message = 'Internal error', data?: unknown) {
    super(ErrorCode.InternalError, message, data);
  }
}

/** -32020: an HTTP header disagrees with the body (for example `MCP-Protocol-Version`). */
export class HeaderMismatchError extends McpError {
  override name = 'HeaderMismatchError';
  constructor(message = 'Header mismatch', data?: unknown) {
    super(ErrorCode.HeaderMismatch, message, data);
  }
}

/** -32021: the request needs a client capability it did not declare. `data.requiredCapabilities` says which. */
export class MissingRequiredClientCapabilityError extends McpError {
  override name = 'MissingRequiredClientCapabilityError';
  constructor(message = 'Missing required client capability', data?: unknown) {
    super(ErrorCode.MissingRequiredClientCapability, message, data);
  }

  /** The capabilities the server asked for, as a ClientCapabilities object. */
  get requiredCapabilities(): Record<string, unknown> | undefined {
    const data = this.data as { requiredCapabilities?: Record<string, unknown> } | undefined;
    return data?.requiredCapabilities;
  }
}

/** -32022: the server does not speak the requested revision. `data.supported` lists the ones it does. */
export class UnsupportedProtocolVersionError extends McpError {
  override name = 'UnsupportedProtocolVersionError';
  constructor(message = 'Unsupported protocol version', data?: unknown) {
    super(ErrorCode.UnsupportedProtocolVersion, message, data);
  }

  /** Builds the error a server sends, with `data.supported` and `data.requested`. */
  static for(requested: string, supported: readonly string[]): UnsupportedProtocolVersionError {
    return new UnsupportedProtocolVersionError(
      `Unsupported protocol version ${JSON.stringify(requested)}; this server supports ${supported.join(', ')}`,
      { supported: [...supported], requested },
    );
  }

  /** The revisions the server said it supports (empty when it said none). */
  get supported(): string[] {
    const data = this.data as { supported?: unknown } | undefined;
    return Array.isArray(data?.supported) ? data.supported.filter((v) => typeof v === 'string') : [];
  }
}

/** -32002 (legacy servers only): the resource does not exist. */
export class ResourceNotFoundError extends McpError {
  override name = 'ResourceNotFoundError';
  constructor(message = 'Resource not found', data?: unknown) {
    super(ErrorCode.ResourceNotFound, message, data);
  }
}

/** -32042 (2025-11-25 only): the request needs a URL-mode elicitation to finish first. */
export class UrlElicitationRequiredError extends McpError {
  override name = 'UrlElicitationRequiredError';
  constructor(message = 'URL elicitation required', data?: unknown) {
    super(ErrorCode.UrlElicitationRequired, message, data);
  }
}

const classByCode = new Map<number, new (message: string, data: unknown) => McpError>([
  [ErrorCode.ParseError, ParseError],
  [ErrorCode.InvalidRequest, InvalidRequestError],
  [ErrorCode.MethodNotFound, MethodNotFoundError],
  [ErrorCode.InvalidParams, InvalidParamsError],
  [ErrorCode.InternalError, InternalError],
  [ErrorCode.HeaderMismatch, HeaderMismatchError],
  [ErrorCode.MissingRequiredClientCapability, MissingRequiredClientCapabilityError],
  [ErrorCode.UnsupportedProtocolVersion, UnsupportedProtocolVersionError],
  [ErrorCode.ResourceNotFound, ResourceNotFoundError],
  [ErrorCode.UrlElicitationRequired, UrlElicitationRequiredError],
]);

/** Base class of errors that happened on this side; no peer sent them. */
export class McpkitLocalError extends McpkitError {
  override name = 'McpkitLocalError';
}

/** A request got no response within its timeout. The request was cancelled at the peer. */
export class RequestTimeoutError extends McpkitLocalError {
  override name = 'RequestTimeoutError';
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(
      `Request ${method} timed out after ${timeoutMs} ms; raise the timeout option or check that the peer is responsive`,
    );
  }
}

/** The caller cancelled a request through its `AbortSignal`. */
export class RequestCancelledError extends McpkitLocalError {
  override name = 'RequestCancelledError';
  constructor(
    readonly method: string,
    readonly reason?: unknown,
  ) {
    super(`Request ${method} was cancelled${reason instanceof Error ? `: ${reason.message}` : ''}`);
  }
}

/** The connection closed before the request was answered, or a send was tried after close. */
export class ConnectionClosedError extends McpkitLocalError {
  override name = 'ConnectionClosedError';
  constructor(message = 'The connection is closed', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A bounded queue or map is full (for example too many requests in flight). */
export class CapacityExceededError extends McpkitLocalError {
  override name = 'CapacityExceededError';
}

/** A message was bigger than the configured limit. */
export class MessageTooLargeError extends McpkitLocalError {
  override name = 'MessageTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      `Message of ${size} bytes exceeds the limit of ${limit} bytes; raise maxMessageBytes if this is expected`,
    );
  }
}
