/**
 * 2025-11-25 elicitation: a real server→client JSON-RPC request, which may run
 * as a task. URL mode carries an `elicitationId` and finishes with
 * `notifications/elicitation/complete`; both were removed in 2026-07-28.
 */
import type { NotificationEnvelope, RequestEnvelope } from '../common.js';
import type { ElicitRequestFormParams, ElicitRequestURLParams, ElicitResult } from '../modern/elicitation.js';
import type { LegacyResult, TaskAugmentedRequestParams } from './base.js';

/** Form mode (2025-11-25): the modern {@link ElicitRequestFormParams}, which may run as a task. */
export interface LegacyElicitRequestFormParams extends TaskAugmentedRequestParams, ElicitRequestFormParams {}

/** URL mode (2025-11-25): the modern {@link ElicitRequestURLParams} with an `elicitationId`; may run as a task. */
export interface LegacyElicitRequestURLParams extends TaskAugmentedRequestParams, ElicitRequestURLParams {
  /** Server-chosen id, echoed in `notifications/elicitation/complete`. */
  elicitationId: string;
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
 * The user's response: the modern {@link ElicitResult} as a 2025-11-25 result.
 *
 * @example
 * const result: LegacyElicitResult = { action: 'accept', content: { login: 'octocat' } };
 */
export interface LegacyElicitResult extends LegacyResult, ElicitResult {}

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
