/**
 * 2026-07-28 request-scoped notifications: cancellation, progress and log
 * messages. They travel with the request they concern, not on a
 * `subscriptions/listen` stream.
 */
import type { RequestId } from '../../jsonrpc.js';
import type { LoggingLevel, NotificationEnvelope, ProgressToken } from '../common.js';
import type { NotificationParams } from './base.js';

/** Params of `notifications/cancelled`. */
export interface CancelledNotificationParams extends NotificationParams {
  /** Id of the request being abandoned; required in 2026-07-28. */
  requestId: RequestId;
  /** Why, for logs or the user. */
  reason?: string;
}

/**
 * Abandons a request; its answer will be ignored, so work on it should stop.
 * Clients send it for their own requests. Servers send it only on stdio, and
 * only to close a `subscriptions/listen` stream (naming that request's id).
 *
 * @example
 * const note: CancelledNotification = {
 *   jsonrpc: '2.0',
 *   method: 'notifications/cancelled',
 *   params: { requestId: 7, reason: 'User pressed stop' },
 * };
 */
export interface CancelledNotification extends NotificationEnvelope {
  method: 'notifications/cancelled';
  params: CancelledNotificationParams;
}

/** Params of `notifications/progress`. */
export interface ProgressNotificationParams extends NotificationParams {
  /** The token from the request's `_meta.progressToken`. */
  progressToken: ProgressToken;
  /** Work done so far; grows with every notification, even when the total is unknown. */
  progress: number;
  /** Total work, when known. */
  total?: number;
  /** Human-readable status. */
  message?: string;
}

/**
 * Progress on a request whose `_meta` asked for it.
 *
 * @example
 * const note: ProgressNotification = {
 *   jsonrpc: '2.0',
 *   method: 'notifications/progress',
 *   params: { progressToken: 'p1', progress: 3, total: 10, message: 'Indexing' },
 * };
 */
export interface ProgressNotification extends NotificationEnvelope {
  method: 'notifications/progress';
  params: ProgressNotificationParams;
}

/**
 * Params of `notifications/message`.
 *
 * @deprecated Logging is deprecated as of 2026-07-28 (SEP-2577).
 */
export interface LoggingMessageNotificationParams extends NotificationParams {
  /** Severity. */
  level: LoggingLevel;
  /** Name of the component that logged it. */
  logger?: string;
  /** The message: a string or any JSON value. */
  data: unknown;
}

/**
 * A log line from the server, sent only for requests whose `_meta` set
 * `io.modelcontextprotocol/logLevel`, and only at or above that level.
 *
 * @deprecated Logging is deprecated as of 2026-07-28 (SEP-2577).
 */
export interface LoggingMessageNotification extends NotificationEnvelope {
  method: 'notifications/message';
  params: LoggingMessageNotificationParams;
}
