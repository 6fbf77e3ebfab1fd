/**
 * The 2025-11-25 session lifecycle: the `initialize` handshake, the
 * `notifications/initialized` that ends it, and `ping`. None of these exist in 2026-07-28.
 */
import type { Implementation, NotificationEnvelope, RequestEnvelope } from '../common.js';
import type { LegacyNotificationParams, LegacyRequestParams, LegacyResult } from './base.js';
import type { LegacyClientCapabilities, LegacyServerCapabilities } from './capabilities.js';

/** Params of `initialize`. */
export interface InitializeRequestParams extends LegacyRequestParams {
  /** Newest revision the client speaks (it may accept older ones too). */
  protocolVersion: string;
  /** What the client can do for the whole session. */
  capabilities: LegacyClientCapabilities;
  /** Who the client is. */
  clientInfo: Implementation;
}

/**
 * The first request of a legacy session; it may not be cancelled.
 *
 * @example
 * const req: InitializeRequest = {
 *   jsonrpc: '2.0',
 *   id: 0,
 *   method: 'initialize',
 *   params: {
 *     protocolVersion: '2025-11-25',
 *     capabilities: { roots: { listChanged: true } },
 *     clientInfo: { name: 'my-client', version: '1.0.0' },
 *   },
 * };
 */
export interface InitializeRequest extends RequestEnvelope {
  method: 'initialize';
  params: InitializeRequestParams;
}

/**
 * The server's side of the handshake.
 *
 * @example
 * const result: InitializeResult = {
 *   protocolVersion: '2025-11-25',
 *   capabilities: { tools: {} },
 *   serverInfo: { name: 'weather-server', version: '1.4.0' },
 * };
 */
export interface InitializeResult extends LegacyResult {
  /** Revision the session will use; a client that cannot speak it must disconnect. */
  protocolVersion: string;
  /** What the server offers for the whole session. */
  capabilities: LegacyServerCapabilities;
  /** Who the server is. */
  serverInfo: Implementation;
  /** Guidance for the model on using this server (e.g. for a system prompt). */
  instructions?: string;
}

/** Params of `notifications/initialized`. */
export interface InitializedNotificationParams extends LegacyNotificationParams {}

/** Sent by the client once it has processed the `initialize` result; normal traffic may follow. */
export interface InitializedNotification extends NotificationEnvelope {
  method: 'notifications/initialized';
  params?: InitializedNotificationParams;
}

/** Params of `ping`. */
export interface PingRequestParams extends LegacyRequestParams {}

/**
 * Checks that the other side is alive; either side may send it and the answer
 * is an empty result.
 *
 * @example
 * const req: PingRequest = { jsonrpc: '2.0', id: 9, method: 'ping' };
 */
export interface PingRequest extends RequestEnvelope {
  method: 'ping';
  params?: PingRequestParams;
}
