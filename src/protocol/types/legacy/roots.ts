/** 2025-11-25 roots: `roots/list` (server→client) and `notifications/roots/list_changed`. */
import type { NotificationEnvelope, RequestEnvelope, Root } from '../common.js';
import type { LegacyNotificationParams, LegacyRequestParams, LegacyResult } from './base.js';

/** Params of `roots/list`. */
export interface LegacyListRootsRequestParams extends LegacyRequestParams {}

/**
 * Asks the client which directories or files the server may use.
 *
 * @example
 * const req: LegacyListRootsRequest = { jsonrpc: '2.0', id: 'srv-3', method: 'roots/list' };
 */
export interface LegacyListRootsRequest extends RequestEnvelope {
  method: 'roots/list';
  params?: LegacyListRootsRequestParams;
}

/** The client's roots. */
export interface LegacyListRootsResult extends LegacyResult {
  /** The roots the server may work with. */
  roots: Root[];
}

/** Params of `notifications/roots/list_changed`. */
export interface RootsListChangedNotificationParams extends LegacyNotificationParams {}

/** The client's roots changed; the server may call `roots/list` again. Removed in 2026-07-28. */
export interface RootsListChangedNotification extends NotificationEnvelope {
  method: 'notifications/roots/list_changed';
  params?: RootsListChangedNotificationParams;
}
