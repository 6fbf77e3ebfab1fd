/**
 * `server/discover` (2026-07-28): every server implements it to report the
 * revisions it speaks, its capabilities and instructions. Clients may call it
 * first, but need not, since each request carries its own version.
 */
import type { RequestEnvelope, ResultResponseOf } from '../common.js';
import type { CacheableResult, RequestParams } from './base.js';
import type { ServerCapabilities } from './capabilities.js';

/** Params of `server/discover`: only the usual `_meta`. */
export interface DiscoverRequestParams extends RequestParams {}

/**
 * Asks the server what it supports.
 *
 * @example
 * const req: DiscoverRequest = {
 *   jsonrpc: '2.0',
 *   id: 0,
 *   method: 'server/discover',
 *   params: {
 *     _meta: {
 *       'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *       'io.modelcontextprotocol/clientCapabilities': {},
 *     },
 *   },
 * };
 */
export interface DiscoverRequest extends RequestEnvelope {
  method: 'server/discover';
  params: DiscoverRequestParams;
}

/**
 * What the server supports. Its identity is in `_meta["io.modelcontextprotocol/serverInfo"]`.
 *
 * @example
 * const found: DiscoverResult = {
 *   resultType: 'complete',
 *   ttlMs: 3_600_000,
 *   cacheScope: 'public',
 *   supportedVersions: ['2026-07-28', '2025-11-25'],
 *   capabilities: { tools: { listChanged: true } },
 *   _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'weather-server', version: '1.4.0' } },
 * };
 */
export interface DiscoverResult extends CacheableResult {
  /** Revisions the server speaks; the client picks one for later requests. */
  supportedVersions: string[];
  /** What the server offers. */
  capabilities: ServerCapabilities;
  /** Guidance for the model on using this server well (e.g. for a system prompt). */
  instructions?: string;
}

/** A successful response to `server/discover`. */
export type DiscoverResultResponse = ResultResponseOf<DiscoverResult>;
