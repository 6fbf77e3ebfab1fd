/**
 * 2025-11-25 notifications that differ from their 2026-07-28 namesakes only by
 * their `_meta` (and cancellation's optional `requestId`), plus logging, whose
 * level was session-wide (`logging/setLevel`) instead of per request.
 */
import type { RequestId } from '../../jsonrpc.js';
import type { LoggingLevel, NotificationEnvelope, RequestEnvelope } from '../common.js';
import type {
  LoggingMessageNotificationParams,
  ProgressNotificationParams,
} from '../modern/notifications.js';
import type { ResourceUpdatedNotificationParams } from '../modern/subscriptions.js';
import type { LegacyNotificationParams, LegacyRequestParams } from './base.js';
import type { SharedParams } from './derive.js';

/** Params of `notifications/cancelled`. */
export interface LegacyCancelledNotificationParams extends LegacyNotificationParams {
  /** Id of the request being abandoned (one sent in the same direction). Required except for tasks, which use `tasks/cancel`. */
  requestId?: RequestId;
  /** Why, for logs or the user. */
  reason?: string;
}

/**
 * Abandons a request; either side may send it. `initialize` cannot be cancelled.
 *
 * @example
 * const note: LegacyCancelledNotification = {
 *   jsonrpc: '2.0',
 *   method: 'notifications/cancelled',
 *   params: { requestId: 7, reason: 'timeout' },
 * };
 */
export interface LegacyCancelledNotification extends NotificationEnvelope {
  method: 'notifications/cancelled';
  params: LegacyCancelledNotificationParams;
}

/** Params of `notifications/progress`. */
export interface LegacyProgressNotificationParams
  extends LegacyNotificationParams,
    SharedParams<ProgressNotificationParams> {}

/** Progress on a request whose `_meta` asked for it; either side may send it. */
export interface LegacyProgressNotification extends NotificationEnvelope {
  method: 'notifications/progress';
  params: LegacyProgressNotificationParams;
}

/** Params of `notifications/resources/updated`. */
export interface LegacyResourceUpdatedNotificationParams
  extends LegacyNotificationParams,
    SharedParams<ResourceUpdatedNotificationParams> {}

/** A resource the client subscribed to with `resources/subscribe` changed. */
export interface LegacyResourceUpdatedNotification extends NotificationEnvelope {
  method: 'notifications/resources/updated';
  params: LegacyResourceUpdatedNotificationParams;
}

/** Params of the three `list_changed` notifications. */
export interface LegacyListChangedNotificationParams extends LegacyNotificationParams {}

/** The server's resource list changed. */
export interface LegacyResourceListChangedNotification extends NotificationEnvelope {
  method: 'notifications/resources/list_changed';
  params?: LegacyListChangedNotificationParams;
}

/** The server's tool list changed. */
export interface LegacyToolListChangedNotification extends NotificationEnvelope {
  method: 'notifications/tools/list_changed';
  params?: LegacyListChangedNotificationParams;
}

/** The server's prompt list changed. */
export interface LegacyPromptListChangedNotification extends NotificationEnvelope {
  method: 'notifications/prompts/list_changed';
  params?: LegacyListChangedNotificationParams;
}

/** Params of `logging/setLevel`. */
export interface SetLevelRequestParams extends LegacyRequestParams {
  /** Lowest severity the client wants to receive as `notifications/message`. */
  level: LoggingLevel;
}

/**
 * Sets the session's log level (removed in 2026-07-28, where each request sets its own).
 *
 * @example
 * const req: SetLevelRequest = { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'warning' } };
 */
export interface SetLevelRequest extends RequestEnvelope {
  method: 'logging/setLevel';
  params: SetLevelRequestParams;
}

/** Params of `notifications/message`. */
export interface LegacyLoggingMessageNotificationParams
  extends LegacyNotificationParams,
    SharedParams<LoggingMessageNotificationParams> {}

/** A log line from the server; without `logging/setLevel` the server picks what to send. */
export interface LegacyLoggingMessageNotification extends NotificationEnvelope {
  method: 'notifications/message';
  params: LegacyLoggingMessageNotificationParams;
}
