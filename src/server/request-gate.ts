/**
 * The checks every 2026-07-28 request passes before a handler sees it, in the
 * order the specification (and the conformance suite) pins, each with its
 * JSON-RPC error and HTTP status:
 *
 * 1. `_meta`, its protocol version or its client capabilities missing or
 *    malformed: -32602, HTTP 400.
 * 2. The `MCP-Protocol-Version` header disagrees with the body: -32020, HTTP 400
 *    (even when the body's version is also unsupported).
 * 3. The version is not one this server speaks: -32022, HTTP 400, with
 *    `supported` and `requested`.
 * 4. The method does not exist in this revision (including the removed
 *    `initialize`, `ping`, `logging/setLevel`, `resources/(un)subscribe`): -32601, HTTP 404.
 * 5. The method's params are invalid: -32602, HTTP 200 (an ordinary answer).
 */
import {
  HeaderMismatchError,
  InvalidParamsError,
  type McpError,
  MethodNotFoundError,
  UnsupportedProtocolVersionError,
} from '../protocol/errors.js';
import type { JSONRPCRequest } from '../protocol/jsonrpc.js';
import { META_PROTOCOL_VERSION } from '../protocol/meta.js';
import { describeIssue, validateRequestMeta, validateRequestParams } from '../protocol/validation/index.js';
import { MODERN_PROTOCOL_VERSIONS } from '../protocol/versions.js';

/** A request the gate turned away: the error to answer with and the HTTP status to use. */
export interface GateRejection {
  error: McpError;
  httpStatus: number;
}

/** What the gate needs to know about the server; `C` is what the caller passes per request to `checkBeforeParams`. */
export interface GateOptions<C = undefined> {
  /** Modern revisions this server speaks. Default: every modern revision mcpkit speaks. */
  supportedVersions?: readonly string[];
  /** True when the server has a handler for the method. */
  hasMethod(method: string): boolean;
  /**
   * Checks that run once the envelope, version and method are known good and before the params
   * (the SEP-2243 headers over HTTP), with the caller's per-request context. Returns a
   * rejection, or undefined. Lets the options be built once, not per request.
   */
  checkBeforeParams?(request: JSONRPCRequest, context: C | undefined): GateRejection | undefined;
}

/**
 * Runs the checks on one modern request. Returns undefined when it may be served,
 * with the protocol version it speaks known to be supported.
 *
 * @example
 * const rejection = gateModernRequest(request, request.headers.get('mcp-protocol-version'), {
 *   hasMethod: (method) => handlers.has(method),
 * });
 * if (rejection) return reply(rejection.httpStatus, rejection.error);
 */
export function gateModernRequest<C = undefined>(
  request: JSONRPCRequest,
  headerVersion: string | null,
  options: GateOptions<C>,
  context?: C,
): GateRejection | undefined {
  const metaIssue = validateRequestMeta(request.params);
  if (metaIssue)
    return reject(new InvalidParamsError(`Invalid request _meta: ${describeIssue(metaIssue)}`), 400);

  const version = (request.params!._meta as Record<string, unknown>)[META_PROTOCOL_VERSION] as string;
  if (headerVersion !== null && headerVersion !== version) {
    const names = `_meta["${META_PROTOCOL_VERSION}"] (${version})`;
    return reject(
      new HeaderMismatchError(`The MCP-Protocol-Version header (${headerVersion}) does not match ${names}`),
      400,
    );
  }
  const supported = options.supportedVersions ?? MODERN_PROTOCOL_VERSIONS;
  if (!supported.includes(version)) {
    return reject(UnsupportedProtocolVersionError.for(version, supported), 400);
  }
  if (!options.hasMethod(request.method)) {
    return reject(new MethodNotFoundError(`Method not found: ${request.method}`), 404);
  }
  const early = options.checkBeforeParams?.(request, context);
  if (early) return early;
  const paramsIssue = validateRequestParams('modern', request.method, request.params);
  if (paramsIssue) {
    return reject(
      new InvalidParamsError(`Invalid params for ${request.method}: ${describeIssue(paramsIssue)}`),
      200,
    );
  }
  return undefined;
}

function reject(error: McpError, httpStatus: number): GateRejection {
  return { error, httpStatus };
}
