/**
 * Multi round-trip requests (MRTR, SEP-2322), new in 2026-07-28. Instead of
 * sending requests of its own, a server answers `tools/call`, `prompts/get` or
 * `resources/read` with an {@link InputRequiredResult}; the client gathers the
 * answers and retries the original request with `inputResponses` (and the
 * opaque `requestState`, echoed unchanged).
 */
import type { RequestParams, Result } from './base.js';
import type { ElicitRequest, ElicitResult } from './elicitation.js';
import type { ListRootsRequest, ListRootsResult } from './roots.js';
import type { CreateMessageRequest, CreateMessageResult } from './sampling.js';

/** A request a server may embed in an {@link InputRequiredResult}. */
export type InputRequest = CreateMessageRequest | ListRootsRequest | ElicitRequest;

/** A client's answer to one {@link InputRequest}. */
export type InputResponse = CreateMessageResult | ListRootsResult | ElicitResult;

/** Server-chosen keys mapped to the requests the client should fulfil. */
export interface InputRequests {
  [key: string]: InputRequest;
}

/** The client's answers, under the same keys the server used in {@link InputRequests}. */
export interface InputResponses {
  [key: string]: InputResponse;
}

/**
 * An interim result: the server needs more input before it can finish. At
 * least one of `inputRequests` and `requestState` is present. Only
 * `tools/call`, `prompts/get` and `resources/read` may return it.
 *
 * @example
 * const pending: InputRequiredResult = {
 *   resultType: 'input_required',
 *   inputRequests: {
 *     login: {
 *       method: 'elicitation/create',
 *       params: {
 *         mode: 'form',
 *         message: 'Your GitHub login?',
 *         requestedSchema: { type: 'object', properties: { login: { type: 'string' } } },
 *       },
 *     },
 *   },
 *   requestState: 'opaque-server-state',
 * };
 */
export interface InputRequiredResult extends Result {
  resultType: 'input_required';
  /** What the client must obtain before retrying. */
  inputRequests?: InputRequests;
  /** Server state to send back verbatim on the retry; never inspect or alter it. */
  requestState?: string;
}

/** Params a client adds when retrying a request after an {@link InputRequiredResult}. */
export interface InputResponseRequestParams extends RequestParams {
  /** One answer per key of the server's `inputRequests`. */
  inputResponses?: InputResponses;
  /** The `requestState` from the interim result, unchanged. */
  requestState?: string;
}

/** Client→server methods on which a server may answer with an {@link InputRequiredResult}. */
export type InputRequiredCapableMethod = 'tools/call' | 'prompts/get' | 'resources/read';
