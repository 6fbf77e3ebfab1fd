/**
 * 2026-07-28 resources: `resources/list`, `resources/templates/list` and
 * `resources/read`. Change notifications are in `./subscriptions.ts`; there is
 * no `resources/subscribe` any more. An unknown URI is answered with -32602.
 */
import type {
  BlobResourceContents,
  RequestEnvelope,
  Resource,
  ResourceTemplate,
  ResultResponseOf,
  TextResourceContents,
} from '../common.js';
import type { CacheableResult, PaginatedRequestParams, PaginatedResult, RequestParams } from './base.js';
import type { InputRequiredResult, InputResponseRequestParams } from './mrtr.js';

/** Params of `resources/list`. */
export interface ListResourcesRequestParams extends PaginatedRequestParams {}

/** Asks a server for its resources, one page at a time. */
export interface ListResourcesRequest extends RequestEnvelope {
  method: 'resources/list';
  params: ListResourcesRequestParams;
}

/**
 * One page of resources, cacheable for `ttlMs`.
 *
 * @example
 * const page: ListResourcesResult = {
 *   resultType: 'complete',
 *   ttlMs: 30_000,
 *   cacheScope: 'private',
 *   resources: [{ uri: 'file:///notes.md', name: 'notes.md', mimeType: 'text/markdown' }],
 *   nextCursor: 'page-2',
 * };
 */
export interface ListResourcesResult extends PaginatedResult, CacheableResult {
  /** The resources on this page. */
  resources: Resource[];
}

/** A successful response to `resources/list`. */
export type ListResourcesResultResponse = ResultResponseOf<ListResourcesResult>;

/** Params of `resources/templates/list`. */
export interface ListResourceTemplatesRequestParams extends PaginatedRequestParams {}

/** Asks a server for its resource templates, one page at a time. */
export interface ListResourceTemplatesRequest extends RequestEnvelope {
  method: 'resources/templates/list';
  params: ListResourceTemplatesRequestParams;
}

/** One page of resource templates, cacheable for `ttlMs`. */
export interface ListResourceTemplatesResult extends PaginatedResult, CacheableResult {
  /** The templates on this page. */
  resourceTemplates: ResourceTemplate[];
}

/** A successful response to `resources/templates/list`. */
export type ListResourceTemplatesResultResponse = ResultResponseOf<ListResourceTemplatesResult>;

/** Params shared by requests about one resource. */
export interface ResourceRequestParams extends RequestParams {
  /** The resource's URI; the server decides how to interpret it. */
  uri: string;
}

/** Params of `resources/read`; on a retry they also carry `inputResponses` and `requestState`. */
export interface ReadResourceRequestParams extends ResourceRequestParams, InputResponseRequestParams {}

/**
 * Reads one resource.
 *
 * @example
 * const req: ReadResourceRequest = {
 *   jsonrpc: '2.0',
 *   id: 3,
 *   method: 'resources/read',
 *   params: {
 *     uri: 'file:///notes.md',
 *     _meta: {
 *       'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *       'io.modelcontextprotocol/clientCapabilities': {},
 *     },
 *   },
 * };
 */
export interface ReadResourceRequest extends RequestEnvelope {
  method: 'resources/read';
  params: ReadResourceRequestParams;
}

/**
 * The contents of a resource (several entries when it has sub-resources),
 * cacheable for `ttlMs`.
 *
 * @example
 * const read: ReadResourceResult = {
 *   resultType: 'complete',
 *   ttlMs: 0,
 *   cacheScope: 'private',
 *   contents: [{ uri: 'file:///notes.md', mimeType: 'text/markdown', text: '# Notes' }],
 * };
 */
export interface ReadResourceResult extends CacheableResult {
  /** The contents, each as text or base64 bytes. */
  contents: (TextResourceContents | BlobResourceContents)[];
}

/** A successful response to `resources/read`: the contents, or a request for more input. */
export type ReadResourceResultResponse = ResultResponseOf<ReadResourceResult | InputRequiredResult>;
