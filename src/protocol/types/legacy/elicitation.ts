/**
 * 2025-11-25 elicitation: a real server→client JSON-RPC request, which may run
 * as a task. URL mode carries an `elicitationId` and finishes with
 * `notifications/elicitation/complete`; both were removed in 2026-07-28.
 */
import type { NotificationEnvelope, RequestEnvelope } from '../common.js';
import type { ElicitAction, ElicitRequestedSchema, ElicitResultContent } from '../form-schema.js';
import type { LegacyResult, TaskAugmentedRequestParams } from './base.js';

/** Ask the user to fill in a form (2025-11-25). Not for sensitive information. */
export interface LegacyElicitRequestFormParams extends TaskAugmentedRequestParams {
  /** `form`; may be omitted, since form is the default mode. */
  mode?: 'form';
  /** Tells the user what is being asked and why. */
  message: string;
  /** The fields to show. */
  requestedSchema: ElicitRequestedSchema;
}

/** Send the user to a web page (2025-11-25), for sign-ins, payments or secrets. */
export interface LegacyElicitRequestURLParams extends TaskAugmentedRequestParams {
  mode: 'url';
  /** Tells the user why they are being sent to the page. */
  message: string;
  /** Server-chosen id, echoed in `notifications/elicitation/complete`. */
  elicitationId: string;
  /** The page to open. */
  url: string;
}

/** Params of `elicitation/create`, in either mode. */
export type LegacyElicitRequestParams = LegacyElicitRequestFormParams | LegacyElicitRequestURLParams;

/**
 * Asks the user for input through the client.
 *
 * @example
 * const req: LegacyElicitRequest = {
 *   jsonrpc: '2.0',
 *   id: 'srv-2',
 *   method: 'elicitation/create',
 *   params: {
 *     message: 'Your GitHub login?',
 *     requestedSchema: { type: 'object', properties: { login: { type: 'string' } }, required: ['login'] },
 *   },
 * };
 */
export interface LegacyElicitRequest extends RequestEnvelope {
  method: 'elicitation/create';
  params: LegacyElicitRequestParams;
}

/**
 * The user's response.
 *
 * @example
 * const result: LegacyElicitResult = { action: 'accept', content: { login: 'octocat' } };
 */
export interface LegacyElicitResult extends LegacyResult {
  /** `accept`: submitted; `decline`: refused; `cancel`: dismissed without choosing. */
  action: ElicitAction;
  /** The submitted values; only for an accepted form-mode request. */
  content?: ElicitResultContent;
}

/** Params of `notifications/elicitation/complete`. */
export interface ElicitationCompleteNotificationParams {
  /** The `elicitationId` of the finished URL-mode elicitation. */
  elicitationId: string;
  [key: string]: unknown;
}

/** Tells the client a URL-mode elicitation finished out of band (2025-11-25 only). */
export interface ElicitationCompleteNotification extends NotificationEnvelope {
  method: 'notifications/elicitation/complete';
  params: ElicitationCompleteNotificationParams;
}
