/** 2026-07-28 tools: `tools/list` and `tools/call`. */
import type { ContentBlock, RequestEnvelope, ResultResponseOf } from '../common.js';
import type { CacheableResult, PaginatedRequestParams, PaginatedResult, Result } from './base.js';
import type { InputRequiredResult, InputResponseRequestParams } from './mrtr.js';
import type { Tool } from './tool-definition.js';

/** Params of `tools/list`. */
export interface ListToolsRequestParams extends PaginatedRequestParams {}

/**
 * Asks a server for its tools, one page at a time.
 *
 * @example
 * const req: ListToolsRequest = {
 *   jsonrpc: '2.0',
 *   id: 1,
 *   method: 'tools/list',
 *   params: {
 *     _meta: {
 *       'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *       'io.modelcontextprotocol/clientCapabilities': {},
 *     },
 *   },
 * };
 */
export interface ListToolsRequest extends RequestEnvelope {
  method: 'tools/list';
  params: ListToolsRequestParams;
}

/**
 * One page of tools, cacheable for `ttlMs`. Servers should keep the order stable.
 *
 * @example
 * const page: ListToolsResult = {
 *   resultType: 'complete',
 *   ttlMs: 60_000,
 *   cacheScope: 'public',
 *   tools: [{ name: 'ping_host', inputSchema: { type: 'object' } }],
 * };
 */
export interface ListToolsResult extends PaginatedResult, CacheableResult {
  /** The tools on this page. */
  tools: Tool[];
}

/** A successful response to `tools/list`. */
export type ListToolsResultResponse = ResultResponseOf<ListToolsResult>;

/** Params of `tools/call`; on a retry they also carry `inputResponses` and `requestState`. */
export interface CallToolRequestParams extends InputResponseRequestParams {
  /** Which tool to run. */
  name: string;
  /** The arguments, matching the tool's input schema. */
  arguments?: { [key: string]: unknown };
}

/**
 * Runs a tool.
 *
 * @example
 * const req: CallToolRequest = {
 *   jsonrpc: '2.0',
 *   id: 2,
 *   method: 'tools/call',
 *   params: {
 *     name: 'get_weather',
 *     arguments: { city: 'Paris' },
 *     _meta: {
 *       'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *       'io.modelcontextprotocol/clientCapabilities': {},
 *     },
 *   },
 * };
 */
export interface CallToolRequest extends RequestEnvelope {
  method: 'tools/call';
  params: CallToolRequestParams;
}

/**
 * What a tool returned. Failures of the tool itself belong here with
 * `isError: true` (so the model can see them), not in a JSON-RPC error.
 *
 * @example
 * const result: CallToolResult = {
 *   resultType: 'complete',
 *   content: [{ type: 'text', text: '18°C, cloudy' }],
 *   structuredContent: { celsius: 18, sky: 'cloudy' },
 * };
 * // With the shape of the tool's outputSchema:
 * const typed: CallToolResult<{ celsius: number }> = {
 *   resultType: 'complete',
 *   content: [],
 *   structuredContent: { celsius: 18 },
 * };
 */
export interface CallToolResult<Structured = unknown> extends Result {
  /** Output for the model and the user. */
  content: ContentBlock[];
  /** Output as any JSON value, matching the tool's `outputSchema` if it has one. */
  structuredContent?: Structured;
  /** True when the tool failed; absent means success. */
  isError?: boolean;
}

/** A successful response to `tools/call`: the final result, or a request for more input. */
export type CallToolResultResponse = ResultResponseOf<CallToolResult | InputRequiredResult>;
