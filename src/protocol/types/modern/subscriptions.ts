/**
 * `subscriptions/listen` (2026-07-28): one long-lived request whose response
 * stream carries the change notifications a client opted in to. It replaces
 * the HTTP GET stream and `resources/subscribe`/`resources/unsubscribe`.
 */
import type { RequestId } from '../../jsonrpc.js';
import type { META_SUBSCRIPTION_ID } from '../../meta.js';
import type { NotificationEnvelope, RequestEnvelope, ResultResponseOf } from '../common.js';
import type { NotificationParams, RequestParams, Result, ResultMetaObject } from './base.js';

/**
 * Which notifications a listen stream should carry. Each kind is opt-in; the
 * server never sends a kind that was not asked for.
 */
export interface SubscriptionFilter {
  /** Send `notifications/tools/list_changed`. */
  toolsListChanged?: boolean;
  /** Send `notifications/prompts/list_changed`. */
  promptsListChanged?: boolean;
  /** Send `notifications/resources/list_changed`. */
  resourcesListChanged?: boolean;
  /** Send `notifications/resources/updated` for these resource URIs. */
  resourceSubscriptions?: string[];
}

/** Params of `subscriptions/listen`. */
export interface SubscriptionsListenRequestParams extends RequestParams {
  /** The notification kinds wanted on this stream. */
  notifications: SubscriptionFilter;
}

/**
 * Opens a notification stream. The server first sends
 * `notifications/subscriptions/acknowledged`; the response comes only when it
 * closes the stream gracefully.
 *
 * @example
 * const req: SubscriptionsListenRequest = {
 *   jsonrpc: '2.0',
 *   id: 'listen-1',
 *   method: 'subscriptions/listen',
 *   params: {
 *     notifications: { toolsListChanged: true, resourceSubscriptions: ['file:///notes.md'] },
 *     _meta: {
 *       'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *       'io.modelcontextprotocol/clientCapabilities': {},
 *     },
 *   },
 * };
 */
export interface SubscriptionsListenRequest extends RequestEnvelope {
  method: 'subscriptions/listen';
  params: SubscriptionsListenRequestParams;
}

/** `_meta` of the result that closes a listen stream. */
export interface SubscriptionsListenResultMetaObject extends ResultMetaObject {
  /** Id of the `subscriptions/listen` request being closed (the same as the response id). */
  [META_SUBSCRIPTION_ID]: RequestId;
}

/**
 * Sent when the server ends a listen stream gracefully (e.g. on shutdown). An
 * abrupt disconnect sends nothing.
 *
 * @example
 * const closed: SubscriptionsListenResult = {
 *   resultType: 'complete',
 *   _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' },
 * };
 */
export interface SubscriptionsListenResult extends Result {
  _meta: SubscriptionsListenResultMetaObject;
}

/** The response that closes a listen stream. */
export type SubscriptionsListenResultResponse = ResultResponseOf<SubscriptionsListenResult>;

/** Params of `notifications/subscriptions/acknowledged`. */
export interface SubscriptionsAcknowledgedNotificationParams extends NotificationParams {
  /** The requested kinds the server will actually deliver; unsupported ones are left out. */
  notifications: SubscriptionFilter;
}

/**
 * Confirms a listen stream is open. It is the first message carrying the
 * stream's subscription id; on stdio other streams' messages may come before it.
 */
export interface SubscriptionsAcknowledgedNotification extends NotificationEnvelope {
  method: 'notifications/subscriptions/acknowledged';
  params: SubscriptionsAcknowledgedNotificationParams;
}

/** Params of `notifications/resources/updated`. */
export interface ResourceUpdatedNotificationParams extends NotificationParams {
  /** The changed resource; may be a sub-resource of the URI subscribed to. */
  uri: string;
}

/** A subscribed resource changed; read it again to see the new contents. */
export interface ResourceUpdatedNotification extends NotificationEnvelope {
  method: 'notifications/resources/updated';
  params: ResourceUpdatedNotificationParams;
}

/** Params of `notifications/resources/list_changed`. */
export interface ResourceListChangedNotificationParams extends NotificationParams {}

/** The resource list changed (delivered only with `resourcesListChanged`). */
export interface ResourceListChangedNotification extends NotificationEnvelope {
  method: 'notifications/resources/list_changed';
  params?: ResourceListChangedNotificationParams;
}

/** Params of `notifications/tools/list_changed`. */
export interface ToolListChangedNotificationParams extends NotificationParams {}

/** The tool list changed (delivered only with `toolsListChanged`). */
export interface ToolListChangedNotification extends NotificationEnvelope {
  method: 'notifications/tools/list_changed';
  params?: ToolListChangedNotificationParams;
}

/** Params of `notifications/prompts/list_changed`. */
export interface PromptListChangedNotificationParams extends NotificationParams {}

/** The prompt list changed (delivered only with `promptsListChanged`). */
export interface PromptListChangedNotification extends NotificationEnvelope {
  method: 'notifications/prompts/list_changed';
  params?: PromptListChangedNotificationParams;
}
