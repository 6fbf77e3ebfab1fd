/**
 * The serving edge: the one path every inbound message of an {@link McpServer} takes, whatever
 * carried it (stdio, Streamable HTTP, in-memory).
 *
 * 1. `bind` classifies the message once into a {@link ServerBinding}: its era, its revision,
 *    its 2025 session, its principal. This is the only place the era is decided; everything
 *    after reads it from the binding.
 * 2. User middleware runs (the dispatcher's chain), seeing the request as sent and the result
 *    as the handler returned it, before any wire-only field is added.
 * 3. `gate`, innermost, runs that era's checks (2026-07-28: `_meta`, versions, method, params,
 *    SEP-2243 headers; 2025: the handshake, session methods, method and params) and answers the
 *    2025 session methods itself. A refusal is thrown, so middleware sees it like any error.
 * 4. The handler runs.
 * 5. `encode` shapes the response once for the revision (the codec), and reports the HTTP
 *    status its outcome maps to; message transports ignore that.
 */
import { principalOf } from '../auth/server/request-principal.js';
import { codecFor, type EncodeContext, type WireCodec } from '../protocol/codec/index.js';
import { ErrorCode, InvalidParamsError, McpError, MethodNotFoundError } from '../protocol/errors.js';
import { checkRequestHeaders, type ParamHeaderDeclaration } from '../protocol/http-headers.js';
import type { JSONRPCNotification, JSONRPCRequest, JSONRPCResponse } from '../protocol/jsonrpc.js';
import { META_PROTOCOL_VERSION } from '../protocol/meta.js';
import { describeIssue, validateRequestParams } from '../protocol/validation/index.js';
import type { DispatchEdge, ExchangeChannel } from '../session/dispatcher.js';
import type { InboundMessageContext, Middleware } from '../session/middleware.js';
import type { HttpRequestInfo, InboundBinding } from '../session/transport.js';
import type { ServerBinding } from './binding.js';
import {
  answerSessionMethod,
  initializeSession,
  isSessionMethod,
  type LegacyConnection,
  type LegacyHost,
  noteSessionNotification,
} from './legacy/legacy-serving.js';
import { type GateOptions, type GateRejection, gateModernRequest } from './request-gate.js';

/** What the edge needs from the server. */
export interface ServingEdgeHost extends LegacyHost {
  /** Modern revisions served. */
  readonly supportedVersions: readonly string[];
  /** What the codec adds to results (server identity, cache hints). */
  readonly encode: EncodeContext;
  /** The `x-mcp-header` declarations of the tool a `tools/call` names, for checking `Mcp-Param-*` headers. */
  paramHeadersFor(request: JSONRPCRequest): readonly ParamHeaderDeclaration[] | undefined;
}

/** The HTTP status a gate refusal maps to, kept per request until `encode` reports it. */
const refusalStatus = new WeakMap<ServerBinding, number>();

/**
 * The edge of an McpServer's dispatcher.
 *
 * @example
 * const dispatcher = new Dispatcher({ middleware, edge: createServingEdge(host) });
 */
export function createServingEdge(host: ServingEdgeHost): DispatchEdge {
  return {
    bind: (message, given) => bindMessage(message, given),
    gate: gateStep(host),
    encode: (request, response, binding, channel) =>
      encodeResponse(host, request, response, binding as ServerBinding, channel),
  };
}

/** The revision a message claims in `_meta`: a string, `null` for a present but odd claim, undefined for none. */
function claimedRevision(message: { params?: Record<string, unknown> }): string | null | undefined {
  const meta = message.params?._meta;
  if (meta === null || typeof meta !== 'object' || !(META_PROTOCOL_VERSION in meta)) return undefined;
  const claim = (meta as Record<string, unknown>)[META_PROTOCOL_VERSION];
  return typeof claim === 'string' ? claim : null;
}

/**
 * True when a message claims a revision in `_meta` (present key, whatever its value): it is a
 * modern message and belongs to no 2025 session. HTTP sessions route by it too.
 *
 * @example
 * speaksModern({ params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } } }); // true
 */
export function speaksModern(message: { params?: Record<string, unknown> }): boolean {
  return claimedRevision(message) !== undefined;
}

/**
 * The era decision. A message whose `_meta` claims a protocol version is modern. Otherwise it
 * belongs to its connection's 2025 session, or opens one (`initialize`); a claim-less request
 * on a connection without a session is a modern request missing its `_meta`, which the gate
 * refuses.
 */
function bindMessage(message: JSONRPCRequest | JSONRPCNotification, given: InboundBinding): ServerBinding {
  const connection = given.connection as LegacyConnection | undefined;
  const claim = claimedRevision(message);
  const session = claim === undefined ? connection?.session : undefined;
  const legacy =
    claim === undefined &&
    connection !== undefined &&
    (session !== undefined || message.method === 'initialize');
  return {
    http: given.http,
    connection,
    closeStream: given.closeStream,
    era: legacy ? 'legacy' : 'modern',
    revision: legacy ? session?.protocolVersion : (claim ?? undefined),
    session: legacy ? session : undefined,
    principal: principalOf(given.http),
  };
}

/** The era's checks, inside all middleware: refusals are thrown, 2025 session methods answered here. */
function gateStep(host: ServingEdgeHost): Middleware {
  // Built once: the request's HTTP facts come in as the gate's per-request context.
  const options: GateOptions<HttpRequestInfo> = {
    supportedVersions: host.supportedVersions,
    hasMethod: host.hasMethod,
    // SEP-2243: over HTTP the standard and custom headers must agree with the body.
    checkBeforeParams: (request, http) => (http ? headerRejection(host, http, request) : undefined),
  };
  return (next) => (ctx, message) => {
    if (ctx.direction !== 'inbound') return next(ctx, message);
    const binding = ctx.binding as ServerBinding;
    if (binding.era === 'legacy') return gateLegacy(host, binding, next, ctx, message);
    if (!('id' in message)) return next(ctx, message);
    const http = binding.http;
    const rejection = gateModernRequest(message, http?.header('mcp-protocol-version') ?? null, options, http);
    if (!rejection) return next(ctx, message);
    refusalStatus.set(binding, rejection.httpStatus);
    return Promise.reject(rejection.error);
  };
}

/** The SEP-2243 header checks of one HTTP request, as a gate rejection. */
function headerRejection(
  host: ServingEdgeHost,
  http: HttpRequestInfo,
  request: JSONRPCRequest,
): GateRejection | undefined {
  const checked = checkRequestHeaders({ get: http.header }, request, {
    paramHeaders: host.paramHeadersFor(request),
  });
  return checked.ok ? undefined : { error: checked.error, httpStatus: checked.httpStatus };
}

/** One message of a 2025 session: the handshake, the session methods, or a feature method. */
function gateLegacy(
  host: ServingEdgeHost,
  binding: ServerBinding,
  next: Parameters<Middleware>[0],
  ctx: InboundMessageContext,
  message: JSONRPCRequest | JSONRPCNotification,
) {
  const connection = binding.connection!;
  if (!('id' in message)) {
    if (binding.session) noteSessionNotification(binding.session, message);
    return next(ctx, message);
  }
  if (message.method === 'initialize') {
    try {
      return Promise.resolve(initializeSession(host, connection, message));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const session = binding.session!;
  session.lastActive = Date.now();
  try {
    // A server that decides per caller which resources exist answers subscriptions itself.
    const answeredByServer =
      message.method === 'resources/subscribe' && host.hasMethod(message.method, 'legacy');
    const sessionMethod = isSessionMethod(message.method) && !answeredByServer;
    if (!sessionMethod && !host.hasMethod(message.method, 'legacy'))
      throw new MethodNotFoundError(`Method not found: ${message.method}`);
    // Session methods (ping, logging/setLevel, subscriptions) are checked like any other.
    const issue = validateRequestParams('legacy', message.method, message.params ?? {});
    if (issue) throw new InvalidParamsError(`Invalid params for ${message.method}: ${describeIssue(issue)}`);
    if (sessionMethod) return Promise.resolve(answerSessionMethod(session, message));
  } catch (error) {
    return Promise.reject(error);
  }
  return next(ctx, message);
}

/** Encodes a response once for the revision it answers, and reports its HTTP status. */
function encodeResponse(
  host: ServingEdgeHost,
  request: JSONRPCRequest,
  response: JSONRPCResponse,
  binding: ServerBinding,
  channel: ExchangeChannel,
): JSONRPCResponse {
  const legacy = binding.era === 'legacy';
  // `initialize` negotiated its revision while it ran: the session it opened names it.
  const revision = legacy
    ? (binding.session ?? binding.connection?.session)?.protocolVersion
    : binding.revision;
  const codec: WireCodec | undefined = revision === undefined ? undefined : codecFor(revision);
  // The dispatcher's response is ours alone: re-encode it in place rather than copy it.
  if ('result' in response) {
    if (codec)
      response.result = codec.encodeResult(request.method, response.result, legacy ? undefined : host.encode);
    channel.reportStatus?.(200);
    return response;
  }
  if (codec) response.error = codec.encodeError(McpError.fromObject(response.error));
  channel.reportStatus?.(legacy ? 200 : modernErrorStatus(binding, response.error.code));
  return response;
}

/** A 2026-07-28 error's HTTP status: the gate's, else 400 for a missing client capability, else 200. */
function modernErrorStatus(binding: ServerBinding, code: number): number {
  const refused = refusalStatus.get(binding);
  if (refused !== undefined) return refused;
  return code === ErrorCode.MissingRequiredClientCapability ? 400 : 200;
}
