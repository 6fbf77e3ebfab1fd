/**
 * The serving edge for 2025-era traffic (2025-11-25, 2025-06-18, 2025-03-26,
 * 2024-11-05): the `initialize` handshake and the session methods, then every
 * feature method through the same handlers as 2026-07-28, encoded by the
 * legacy codec.
 *
 * The era is chosen per message from the body, as the specification says: a
 * request whose `_meta` claims a protocol version is modern; an `initialize`
 * without one opens a legacy session; later claim-less requests of that
 * connection or HTTP session are legacy.
 */
import { codecFor } from '../../protocol/codec/index.js';
import {
  ErrorCode,
  InvalidParamsError,
  InvalidRequestError,
  McpError,
  MethodNotFoundError,
} from '../../protocol/errors.js';
import type { JSONRPCNotification, JSONRPCRequest } from '../../protocol/jsonrpc.js';
import { META_PROTOCOL_VERSION } from '../../protocol/meta.js';
import {
  describeIssue,
  validateNotificationParams,
  validateRequestParams,
} from '../../protocol/validation/index.js';
import { LEGACY_PROTOCOL_VERSIONS } from '../../protocol/versions.js';
import type {
  InboundMessageContext,
  MessageHandler,
  Middleware,
  ResultObject,
} from '../../session/middleware.js';
import type { ClientIdentity } from '../context.js';
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
  /** Whether the server serves a feature method. */
  hasMethod(method: string): boolean;
}

/** Where the legacy session of a request is kept for handlers (`ctx.state`). */
export const LEGACY_SESSION = Symbol('mcpkit.legacySession');

/** Methods that exist only in the 2025 revisions and are served by the session itself. */
const SESSION_METHODS = new Set([
  'initialize',
  'ping',
  'logging/setLevel',
  'resources/subscribe',
  'resources/unsubscribe',
]);

/** True when a message claims a modern revision in `_meta` (present key, whatever its value). */
export function claimsModernEra(message: { params?: Record<string, unknown> }): boolean {
  const meta = message.params?._meta;
  return meta !== null && typeof meta === 'object' && META_PROTOCOL_VERSION in (meta as object);
}

/**
 * The revision to answer an `initialize` with: the client's, if it is a legacy
 * one mcpkit speaks, else the newest legacy one. Never a modern revision.
 */
export function negotiateLegacyVersion(requested: unknown): string {
  return typeof requested === 'string' && (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(requested)
    ? requested
    : LEGACY_PROTOCOL_VERSIONS[0];
}

/**
 * Inbound middleware serving legacy traffic on connections that carry a
 * {@link LegacyConnection} in their origin (`origin.connection`). Modern
 * messages pass through untouched.
 *
 * @example
 * server.dispatcher.use(legacyServingMiddleware(host));
 * new JsonRpcPeer(transport, { dispatcher: server.dispatcher, origin: { connection: { session: undefined } } });
 */
export function legacyServingMiddleware(host: LegacyHost): Middleware {
  return (next) => (ctx, message) => {
    // Modern traffic passes straight through, without an async frame of its own.
    if (ctx.direction !== 'inbound') return next(ctx, message);
    const connection = ctx.origin.connection as LegacyConnection | undefined;
    if (!connection || claimsModernEra(message)) return next(ctx, message);
    return serveLegacy(host, connection, next, ctx, message);
  };
}

/** One message of a 2025 connection: the handshake, the session methods, or a feature method encoded for the session's revision. */
async function serveLegacy(
  host: LegacyHost,
  connection: LegacyConnection,
  next: MessageHandler,
  ctx: InboundMessageContext,
  message: JSONRPCRequest | JSONRPCNotification,
): Promise<ResultObject | undefined> {
  const session = connection.session;

  if (!('id' in message)) {
    if (session) {
      session.lastActive = Date.now();
      handleSessionNotification(session, message);
      ctx.state.set(LEGACY_SESSION, session);
    }
    return next(ctx, message);
  }

  if (message.method === 'initialize') return initialize(host, connection, message);
  // A claim-less request on a connection that never initialized is a modern request missing its
  // _meta: let the modern gate answer it (-32602).
  if (!session) return next(ctx, message);
  session.lastActive = Date.now();
  ctx.state.set(LEGACY_SESSION, session);
  const codec = codecFor(session.protocolVersion);
  try {
    if (SESSION_METHODS.has(message.method))
      return codec.encodeResult(message.method, sessionMethod(session, message));
    if (!host.hasMethod(message.method)) throw new MethodNotFoundError(`Method not found: ${message.method}`);
    const issue = validateRequestParams('legacy', message.method, message.params ?? {});
    if (issue) throw new InvalidParamsError(`Invalid params for ${message.method}: ${describeIssue(issue)}`);
    const result = await next(ctx, message);
    return codec.encodeResult(message.method, result ?? {});
  } catch (error) {
    if (error instanceof McpError) throw McpError.fromObject(codec.encodeError(error));
    throw error;
  }
}

function initialize(
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
  const session = new LegacySession(
    version,
    params.capabilities ?? {},
    params.clientInfo,
    connection.sessionId,
  );
  connection.session = session;
  session.attach(host.events, connection.sink);
  return codecFor(version).encodeResult('initialize', host.initializeResult(version));
}

function sessionMethod(session: LegacySession, request: JSONRPCRequest): Record<string, unknown> {
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

function handleSessionNotification(session: LegacySession, notification: JSONRPCNotification): void {
  if (
    validateNotificationParams('legacy', 'toServer', notification.method, notification.params) !== undefined
  )
    return;
  if (notification.method === 'notifications/initialized') session.initialized = true;
}
