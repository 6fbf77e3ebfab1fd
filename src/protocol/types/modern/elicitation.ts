/**
 * Elicitation in 2026-07-28: a server asks the user something through the
 * client. It travels as an input request inside an `InputRequiredResult`, so
 * the request object has no JSON-RPC `id` and its params no `_meta`.
 */
import type { ElicitAction, ElicitRequestedSchema, ElicitResultContent } from '../form-schema.js';

/** Ask the user to fill in a form. Only for information that is not sensitive. */
export interface ElicitRequestFormParams {
  /** `form`; may be omitted, since form is the default mode. */
  mode?: 'form';
  /** Tells the user what is being asked and why. */
  message: string;
  /** The fields to show. */
  requestedSchema: ElicitRequestedSchema;
}

/**
 * Send the user to a web page (for sign-ins, payments, secrets). The outcome
 * reaches the server out of band; the client simply retries the original request.
 */
export interface ElicitRequestURLParams {
  mode: 'url';
  /** Tells the user why they are being sent to the page. */
  message: string;
  /** The page to open. */
  url: string;
}

/** Params of `elicitation/create`, in either mode. */
export type ElicitRequestParams = ElicitRequestFormParams | ElicitRequestURLParams;

/**
 * An `elicitation/create` input request.
 *
 * @example
 * const ask: ElicitRequest = {
 *   method: 'elicitation/create',
 *   params: { mode: 'url', message: 'Sign in to continue', url: 'https://example.com/login' },
 * };
 */
export interface ElicitRequest {
  method: 'elicitation/create';
  params: ElicitRequestParams;
}

/**
 * The client's answer to an `elicitation/create` input request. Note: in
 * 2026-07-28 this is not a `Result` (no `resultType`, no `_meta`).
 *
 * @example
 * const answer: ElicitResult = { action: 'accept', content: { login: 'octocat' } };
 */
export interface ElicitResult {
  /** `accept`: submitted; `decline`: refused; `cancel`: dismissed without choosing. */
  action: ElicitAction;
  /** The submitted values; only for an accepted form-mode request. */
  content?: ElicitResultContent;
}
