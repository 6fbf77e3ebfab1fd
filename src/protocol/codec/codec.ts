/**
 * Per-revision codecs: the one place that knows how a message looks on each
 * wire. Handlers and the client API work with one internal model (the modern
 * shapes, with `resultType` always present); a codec translates at the edge.
 */

import { copyObject } from '../copy-object.js';
import {
  ErrorCode,
  InvalidParamsError,
  McpError,
  ResourceNotFoundError,
  UrlElicitationRequiredError,
} from '../errors.js';
import type { JSONRPCErrorObject } from '../jsonrpc.js';
import { META_SERVER_INFO } from '../meta.js';
import { isObject } from '../validation/validator.js';
import { eraOf, isSupportedProtocolVersion, type ProtocolEra } from '../versions.js';
import { CACHEABLE_METHODS, type CacheHints, DEFAULT_CACHE_HINTS } from './cacheable.js';
import { featuresOf, ResultDowngrade, type RevisionFeatures } from './older-revisions.js';

/** The modern era defines everything the 2025 revisions do (its streams are not SEP-1699 ones). */
const MODERN_FEATURES: RevisionFeatures = Object.freeze({
  ...featuresOf('2025-11-25'),
  resumableStreams: false,
});

/** A result object. */
export type WireResult = Record<string, unknown>;

/** Who the server is, as it reports itself. */
export interface ImplementationInfo {
  name: string;
  version: string;
  [key: string]: unknown;
}

/** What a server-side encode may add to a result. */
export interface EncodeContext {
  /** Put in `_meta["io.modelcontextprotocol/serverInfo"]` on modern results, unless already there. */
  serverInfo?: ImplementationInfo;
  /** Caching hints for cacheable results that do not carry their own. */
  cache?: CacheHints;
}

/** Translates between the internal model and one revision's wire. */
export interface WireCodec {
  /** The revision this codec speaks. */
  readonly version: string;
  /** Its era. */
  readonly era: ProtocolEra;
  /**
   * Whether a 2025 session's SSE request streams open with a priming event
   * and may be closed by the server mid-request for the client to resume
   * (SEP-1699): 2025-11-25 only. Older clients fail on the empty priming event
   * and never resume a closed stream; the modern era has no such streams.
   */
  readonly resumableStreams: boolean;
  /** What the revision's wire defines where 2025-era revisions differ (all true on the modern era). */
  readonly features: RevisionFeatures;
  /** Server side: the wire form of a handler's result for `method`. */
  encodeResult(method: string, result: WireResult, context?: EncodeContext): WireResult;
  /** Server side: the wire form of the params of a request to the client (`elicitation/create`, ...). */
  encodeRequest(
    method: string,
    params: Record<string, unknown> | undefined,
  ): Record<string, unknown> | undefined;
  /** Server side: the wire form of an error. */
  encodeError(error: McpError): JSONRPCErrorObject;
  /**
   * Client side: the internal form of a wire result. On 2026-07-28 it always has `resultType`; a
   * 2025 result has none (each is complete) and is handed on as it came, not copied to say so.
   */
  decodeResult(method: string, result: WireResult): WireResult;
  /** Client side: the most specific error class for a wire error. */
  decodeError(error: JSONRPCErrorObject): McpError;
}

/** The params of a request to the client, as `WireCodec.encodeRequest` takes and gives them. */
type WireParams = Record<string, unknown> | undefined;

/** Result fields only the modern wire has. */
const MODERN_ONLY_RESULT_FIELDS = ['resultType', 'ttlMs', 'cacheScope'] as const;

class ModernCodec implements WireCodec {
  readonly era = 'modern' as const;
  readonly resumableStreams = false;
  readonly features = MODERN_FEATURES;
  constructor(readonly version: string) {}

  encodeResult(method: string, result: WireResult, context?: EncodeContext): WireResult {
    const out: WireResult = copyObject(result);
    if (typeof out.resultType !== 'string') out.resultType = 'complete';
    if (CACHEABLE_METHODS.has(method) && out.resultType === 'complete') {
      const hints = context?.cache ?? DEFAULT_CACHE_HINTS;
      if (typeof out.ttlMs !== 'number') out.ttlMs = hints.ttlMs;
      if (out.cacheScope !== 'public' && out.cacheScope !== 'private') out.cacheScope = hints.cacheScope;
    }
    const serverInfo = context?.serverInfo;
    if (serverInfo) {
      const meta = isObject(out._meta) ? out._meta : undefined;
      if (!meta || !(META_SERVER_INFO in meta)) {
        const withInfo = copyObject(meta);
        withInfo[META_SERVER_INFO] = serverInfo;
        out._meta = withInfo;
      }
    }
    return out;
  }

  encodeRequest(_method: string, params: WireParams): WireParams {
    return params;
  }

  encodeError(error: McpError): JSONRPCErrorObject {
    // 2026-07-28 dropped -32002: a missing resource is invalid params, with the URI in data.
    if (error.code === ErrorCode.ResourceNotFound) {
      return { code: ErrorCode.InvalidParams, message: error.message, data: error.data };
    }
    // -32042 is 2025-11-25 only; modern requests ask for URLs through input_required results.
    if (error.code === ErrorCode.UrlElicitationRequired) {
      return { code: ErrorCode.InternalError, message: error.message };
    }
    return error.toJSON();
  }

  decodeResult(_method: string, result: WireResult): WireResult {
    // Every 2026-07-28 result says what kind it is; one that does not (a task's final result as
    // some servers store it) is complete, and says so to the caller as the others do.
    return typeof result.resultType === 'string' ? result : { ...result, resultType: 'complete' };
  }

  readonly decodeError = McpError.fromObject;
}

class LegacyCodec implements WireCodec {
  readonly era = 'legacy' as const;
  readonly resumableStreams: boolean;
  readonly features: RevisionFeatures;
  /** What this revision lacks of 2025-11-25, and how results are brought down to it. */
  private readonly downgrade: ResultDowngrade;

  constructor(readonly version: string) {
    this.downgrade = new ResultDowngrade(version);
    this.features = this.downgrade.features;
    this.resumableStreams = this.features.resumableStreams;
  }

  encodeResult(method: string, result: WireResult): WireResult {
    let out = result;
    if (MODERN_ONLY_RESULT_FIELDS.some((field) => field in result)) {
      out = { ...result };
      for (const field of MODERN_ONLY_RESULT_FIELDS) delete out[field];
    }
    // 2025 revisions allow only object roots for outputSchema and structuredContent (SEP-2106
    // lifted that): other roots travel wrapped as { result: ... }.
    if (method === 'tools/list' && Array.isArray(out.tools) && out.tools.some(hasNonObjectOutputSchema)) {
      out = {
        ...out,
        tools: out.tools.map((tool) => (hasNonObjectOutputSchema(tool) ? wrapOutputSchema(tool) : tool)),
      };
    }
    if (
      method === 'tools/call' &&
      'structuredContent' in out &&
      out.structuredContent !== undefined &&
      !isObject(out.structuredContent)
    ) {
      out = { ...out, structuredContent: { result: out.structuredContent } };
    }
    // Revisions before 2025-11-25: leave out what they do not define, and turn content they
    // do not know into content they do. A no-op (no copy) for 2025-11-25.
    return this.downgrade.result(method, out);
  }

  encodeRequest(method: string, params: WireParams): WireParams {
    return this.downgrade.request(method, params);
  }

  encodeError(error: McpError): JSONRPCErrorObject {
    if (error instanceof UrlElicitationRequiredError && this.version < '2025-11-25') {
      return { code: ErrorCode.InternalError, message: error.message };
    }
    return error.toJSON();
  }

  decodeResult(_method: string, result: WireResult): WireResult {
    // 2025 results have no resultType: each is complete. A copy per result to say so cost the
    // client about a tenth of a pipelined call's CPU.
    return result;
  }

  readonly decodeError = McpError.fromObject;
}

const codecs = new Map<string, WireCodec>();

/**
 * The codec of a revision. Codecs are stateless and shared.
 *
 * @example
 * const codec = codecFor('2026-07-28');
 * codec.encodeResult('tools/list', { tools: [] }, { cache: { ttlMs: 60_000, cacheScope: 'public' } });
 * // { tools: [], resultType: 'complete', ttlMs: 60000, cacheScope: 'public' }
 */
export function codecFor(version: string): WireCodec {
  const known = codecs.get(version);
  if (known) return known;
  const codec = eraOf(version) === 'modern' ? new ModernCodec(version) : new LegacyCodec(version);
  // Only revisions we speak are kept, so a peer naming many odd versions cannot grow the table.
  if (isSupportedProtocolVersion(version)) codecs.set(version, codec);
  return codec;
}

/**
 * The error a server raises for a missing resource; each codec gives it the
 * code its revision uses (-32602 on 2026-07-28, -32002 before).
 *
 * @example
 * throw resourceNotFound('file:///missing.txt');
 */
export function resourceNotFound(uri: string): ResourceNotFoundError {
  return new ResourceNotFoundError(`Resource not found: ${uri}`, { uri });
}

/** True when a modern-wire error is a missing resource (-32602 carrying `data.uri`). */
export function isResourceNotFound(error: unknown): boolean {
  if (error instanceof ResourceNotFoundError) return true;
  return error instanceof InvalidParamsError && isObject(error.data) && typeof error.data.uri === 'string';
}

function hasNonObjectOutputSchema(tool: unknown): boolean {
  const schema = isObject(tool) ? tool.outputSchema : undefined;
  return isObject(schema) && schema.type !== 'object';
}

function wrapOutputSchema(tool: unknown): unknown {
  const { outputSchema, ...rest } = tool as Record<string, unknown>;
  // `$schema` belongs at the root, so the dialect marker moves up to the wrapper.
  const { $schema, ...inner } = outputSchema as Record<string, unknown>;
  const wrapper: Record<string, unknown> = {
    type: 'object',
    properties: { result: inner },
    required: ['result'],
  };
  return { ...rest, outputSchema: $schema === undefined ? wrapper : { $schema, ...wrapper } };
}
