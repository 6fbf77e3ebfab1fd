/**
 * Serving 2026-07-28 requests with a {@link Dispatcher}: the request gate in
 * front, the modern codec behind. One piece for stdio (as inbound middleware)
 * and one for Streamable HTTP (as endpoint handlers, which also choose the
 * HTTP status), so handlers never see an unchecked request and never build
 * wire-only fields themselves.
 */
import { codecFor, type EncodeContext } from '../protocol/codec/index.js';
import { ErrorCode, McpError } from '../protocol/errors.js';
import { checkRequestHeaders, type ParamHeaderDeclaration } from '../protocol/http-headers.js';
import type { JSONRPCRequest, JSONRPCResponse } from '../protocol/jsonrpc.js';
import { JSONRPC_VERSION } from '../protocol/jsonrpc.js';
import { META_PROTOCOL_VERSION } from '../protocol/meta.js';
import type { Dispatcher } from '../session/dispatcher.js';
import type { MessageContext, MessageHandler, Middleware, ResultObject } from '../session/middleware.js';
import type { StreamableHttpHandlers } from '../transport/http/endpoint.js';
import { LEGACY_SESSION } from './legacy/legacy-serving.js';
import { gateModernRequest } from './request-gate.js';

/** What modern serving needs to know. */
export interface ModernServingOptions {
  /** Modern revisions served. Default: all mcpkit speaks. */
  supportedVersions?: readonly string[];
  /** What the codec adds to results (server identity, cache hints). */
  encode?: EncodeContext;
  /** Whether the server serves a method. Default: whether the dispatcher has a handler for it. */
  hasMethod?: (method: string) => boolean;
  /** The `x-mcp-header` declarations of the tool a `tools/call` names, for checking `Mcp-Param-*` headers. */
  paramHeadersFor?: (request: JSONRPCRequest) => readonly ParamHeaderDeclaration[] | undefined;
}

function gateOptions(dispatcher: Dispatcher, options: ModernServingOptions) {
  return {
    supportedVersions: options.supportedVersions,
    hasMethod: options.hasMethod ?? ((method: string) => dispatcher.hasRequestHandler(method)),
  };
}

function versionOf(request: JSONRPCRequest): string {
  return (request.params!._meta as Record<string, unknown>)[META_PROTOCOL_VERSION] as string;
}

/** Re-encodes a dispatcher response for the revision the request spoke. */
function encodeResponse(
  response: JSONRPCResponse,
  method: string,
  version: string,
  options: ModernServingOptions,
): JSONRPCResponse {
  const codec = codecFor(version);
  // The dispatcher's response is ours alone: re-encode it in place rather than copy it.
  if ('result' in response) {
    response.result = codec.encodeResult(method, response.result, options.encode);
    return response;
  }
  response.error = codec.encodeError(McpError.fromObject(response.error));
  return response;
}

/**
 * Inbound middleware that gates modern requests and encodes their results, for
 * message transports (stdio, in-memory) where there is no HTTP status to set.
 *
 * @example
 * const peer = new JsonRpcPeer(new StdioServerTransport(), { dispatcher });
 * dispatcher.use(modernServingMiddleware(dispatcher, { encode: { serverInfo } }));
 */
export function modernServingMiddleware(
  dispatcher: Dispatcher,
  options: ModernServingOptions = {},
): Middleware {
  const gate = gateOptions(dispatcher, options);
  return (next) => (ctx, message) => {
    // Requests that came over HTTP were gated and are encoded by modernHttpHandlers, with their
    // HTTP statuses; they pass through without an async frame of their own.
    if (ctx.direction !== 'inbound' || !('id' in message) || ctx.origin.http !== undefined)
      return next(ctx, message);
    // A 2025 session's request was served by the legacy edge already.
    if (ctx.state.has(LEGACY_SESSION)) return next(ctx, message);
    return serveModern(message, next, ctx, gate, options);
  };
}

/** One modern request on a message transport: gated, served, and encoded for its revision. */
async function serveModern(
  message: JSONRPCRequest,
  next: MessageHandler,
  ctx: MessageContext,
  gate: ReturnType<typeof gateOptions>,
  options: ModernServingOptions,
): Promise<ResultObject> {
  const rejection = gateModernRequest(message, null, gate);
  if (rejection) throw rejection.error;
  const codec = codecFor(versionOf(message));
  try {
    const result = await next(ctx, message);
    return codec.encodeResult(message.method, result ?? {}, options.encode);
  } catch (error) {
    // Errors take their 2026-07-28 form too (a missing resource is -32602 with data.uri).
    if (error instanceof McpError) throw McpError.fromObject(codec.encodeError(error));
    throw error;
  }
}

/**
 * Streamable HTTP endpoint handlers that gate modern requests (answering the
 * ladder's errors with their HTTP statuses), serve them with the dispatcher on
 * the request's own response stream, and encode the results.
 *
 * @example
 * const endpoint = new StreamableHttpEndpoint(modernHttpHandlers(dispatcher, { encode: { serverInfo } }));
 */
export function modernHttpHandlers(
  dispatcher: Dispatcher,
  options: ModernServingOptions = {},
): StreamableHttpHandlers {
  const gate = gateOptions(dispatcher, options);
  return {
    async onRequest(request, exchange) {
      let rejection = gateModernRequest(request, exchange.info.header('mcp-protocol-version'), gate);
      // SEP-2243: the standard and custom headers must agree with the body; checked once the
      // envelope, version and method are known good, before the params themselves.
      if (!rejection || rejection.httpStatus === 200) {
        const headers = checkRequestHeaders({ get: exchange.info.header }, request, {
          paramHeaders: options.paramHeadersFor?.(request),
        });
        if (!headers.ok) rejection = { error: headers.error, httpStatus: headers.httpStatus };
      }
      if (rejection) {
        const version = (request.params?._meta as Record<string, unknown> | undefined)?.[
          META_PROTOCOL_VERSION
        ];
        const error =
          typeof version === 'string'
            ? codecFor(version).encodeError(rejection.error)
            : rejection.error.toJSON();
        return { message: { jsonrpc: JSONRPC_VERSION, id: request.id, error }, status: rejection.httpStatus };
      }
      const response = await dispatcher.handleRequest(
        request,
        { notify: exchange.notify, origin: { http: exchange.info } },
        exchange.cancellation ?? exchange.signal,
      );
      const message = encodeResponse(response, request.method, versionOf(request), options);
      // A missing client capability is the one handler-time error that changes the HTTP status.
      const status =
        'error' in message && message.error.code === ErrorCode.MissingRequiredClientCapability ? 400 : 200;
      return { message, status };
    },
    async onNotification(notification, info) {
      await dispatcher.handleNotification(notification, { http: info });
      return 202;
    },
  };
}
