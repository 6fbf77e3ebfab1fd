/**
 * What only 2025-era sessions (2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05) have: the
 * `initialize` handshake and the session methods. The serving edge (`serving-edge.ts`) decides
 * the era and calls these; every feature method then runs through the same handlers as
 * 2026-07-28, encoded by the session's codec.
 */
import { ErrorCode, InvalidParamsError, InvalidRequestError, McpError } from '../../protocol/errors.js';
import type { JSONRPCNotification, JSONRPCRequest } from '../../protocol/jsonrpc.js';
import {
  describeIssue,
  validateNotificationParams,
  validateRequestParams,
} from '../../protocol/validation/index.js';
import { LEGACY_PROTOCOL_VERSIONS, type ProtocolEra } from '../../protocol/versions.js';
import type { ClientIdentity } from '../client-identity.js';
import type { ServerEventBus } from '../events.js';
import { isLogLevel } from '../logging.js';
import { LegacySession, type SessionSink } from './session.js';

/** Per connection (a stdio process, an HTTP session): the legacy session once `initialize` made one. */
export interface LegacyConnection {
  session: LegacySession | undefined;
  /** Where unsolicited notifications of this connection go. */
  sink?: SessionSink;
  /** The HTTP session id to give a session created on this connection. */
  sessionId?: string;
}

/** What the legacy edge needs from the server. */
export interface LegacyHost {
  readonly events: ServerEventBus;
  /** The `initialize` result for a negotiated revision (capabilities, serverInfo, instructions). */
  initializeResult(protocolVersion: string): Record<string, unknown>;
  /** Whether the server serves a feature method (to a request of `era`, when given). */
  hasMethod(method: string, era?: ProtocolEra): boolean;
}

/** Methods that exist only in the 2025 revisions and are answered by the session itself. */
const SESSION_METHODS = new Set([
  'initialize',
  'ping',
  'logging/setLevel',
  'resources/subscribe',
  'resources/unsubscribe',
]);

/** True for a method the 2025 session answers itself (`ping`, `logging/setLevel`, subscriptions). */
export function isSessionMethod(method: string): boolean {
  return SESSION_METHODS.has(method);
}

/**
 * The revision to answer an `initialize` with: the client's, if it is a legacy
 * one mcpkit speaks, else the newest legacy one. Never a modern revision.
 */
function negotiateLegacyVersion(requested: unknown): string {
  return typeof requested === 'string' && (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(requested)
    ? requested
    : LEGACY_PROTOCOL_VERSIONS[0];
}

/**
 * Opens the connection's 2025 session from an `initialize` request and returns the result
 * (not yet encoded: the serving edge encodes it for the negotiated revision).
 *
 * @example
 * const result = initializeSession(host, connection, request);
 */
export function initializeSession(
  host: LegacyHost,
  connection: LegacyConnection,
  request: JSONRPCRequest,
): Record<string, unknown> {
  const issue = validateRequestParams('legacy', 'initialize', request.params ?? {});
  if (issue) throw new InvalidParamsError(`Invalid initialize params: ${describeIssue(issue)}`);
  const params = request.params as {
    protocolVersion: string;
    capabilities?: Record<string, unknown>;
    clientInfo?: ClientIdentity;
  };
  if (connection.session) throw new InvalidRequestError('This connection is already initialized');
  const version = negotiateLegacyVersion(params.protocolVersion);
  const session = new LegacySession(version, params.capabilities, params.clientInfo, connection.sessionId);
  connection.session = session;
  session.attach(host.events, connection.sink);
  return host.initializeResult(version);
}

/**
 * Answers a 2025 session method (`ping`, `logging/setLevel`, `resources/(un)subscribe`).
 *
 * @example
 * if (isSessionMethod(request.method)) return answerSessionMethod(session, request);
 */
export function answerSessionMethod(
  session: LegacySession,
  request: JSONRPCRequest,
): Record<string, unknown> {
  const params = request.params ?? {};
  switch (request.method) {
    case 'ping':
      return {};
    case 'logging/setLevel':
      if (!isLogLevel(params.level))
        throw new InvalidParamsError(`Unknown log level: ${JSON.stringify(params.level)}`);
      session.logLevel = params.level;
      return {};
    case 'resources/subscribe':
    case 'resources/unsubscribe': {
      if (typeof params.uri !== 'string') throw new InvalidParamsError('params.uri must be a string');
      if (request.method === 'resources/subscribe') session.subscriptions.add(params.uri);
      else session.subscriptions.delete(params.uri);
      return {};
    }
    default:
      throw new McpError(ErrorCode.InternalError, `No session handler for ${request.method}`);
  }
}

/**
 * Notes a notification of a 2025 session: it keeps the session alive, and
 * `notifications/initialized` completes the handshake.
 *
 * @example
 * noteSessionNotification(session, notification);
 */
export function noteSessionNotification(session: LegacySession, notification: JSONRPCNotification): void {
  session.lastActive = Date.now();
  if (
    validateNotificationParams('legacy', 'toServer', notification.method, notification.params) !== undefined
  )
    return;
  if (notification.method === 'notifications/initialized') session.initialized = true;
}
