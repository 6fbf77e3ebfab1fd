/**
 * Error payloads of 2025-11-25 and earlier. Both codes stay reserved in
 * 2026-07-28 but are no longer sent there.
 */
import type { ErrorCode } from '../../errors.js';
import type { JSONRPCErrorObject } from '../../jsonrpc.js';
import type { ErrorResponseOf } from '../common.js';
import type { LegacyElicitRequestURLParams } from './elicitation.js';

/** The `data` of a -32042 error. */
export interface URLElicitationRequiredErrorData {
  /** The URL-mode elicitations the user must complete before retrying. */
  elicitations: LegacyElicitRequestURLParams[];
  [key: string]: unknown;
}

/**
 * -32042 (2025-11-25 only): the request cannot go on until the user completes
 * one or more URL-mode elicitations.
 *
 * @example
 * const error: URLElicitationRequiredErrorObject = {
 *   code: -32042,
 *   message: 'Authorization required',
 *   data: { elicitations: [{ mode: 'url', message: 'Sign in', elicitationId: 'e1', url: 'https://example.com/auth' }] },
 * };
 */
export interface URLElicitationRequiredErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.UrlElicitationRequired;
  data: URLElicitationRequiredErrorData;
}

/** An error response carrying a -32042 error. */
export type URLElicitationRequiredErrorResponse = ErrorResponseOf<URLElicitationRequiredErrorObject>;

/** The `data` servers put in a -32002 error (by convention, not schema). */
export interface ResourceNotFoundErrorData {
  /** The URI that was not found. */
  uri?: string;
  [key: string]: unknown;
}

/** -32002 (2025-11-25 and earlier): `resources/read` named a resource that does not exist. */
export interface ResourceNotFoundErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.ResourceNotFound;
  data?: ResourceNotFoundErrorData;
}
