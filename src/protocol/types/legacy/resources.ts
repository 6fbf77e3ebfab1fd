/**
 * 2025-11-25 resources, including `resources/subscribe` and
 * `resources/unsubscribe` (replaced by `subscriptions/listen` in 2026-07-28).
 */
import type { RequestEnvelope } from '../common.js';
import type {
  ListResourcesResult,
  ListResourceTemplatesResult,
  ReadResourceResult,
  ResourceRequestParams,
} from '../modern/resources.js';
import type {
  LegacyPaginatedRequestParams,
  LegacyPaginatedResult,
  LegacyRequestParams,
  LegacyResult,
} from './base.js';
import type { SharedParams, SharedResult } from './derive.js';

/** Params of `resources/list`. */
export interface LegacyListResourcesRequestParams extends LegacyPaginatedRequestParams {}

/** Asks a server for its resources, one page at a time. */
export interface LegacyListResourcesRequest extends RequestEnvelope {
  method: 'resources/list';
  params?: LegacyListResourcesRequestParams;
}

/** One page of resources. */
export interface LegacyListResourcesResult extends LegacyPaginatedResult, SharedResult<ListResourcesResult> {}

/** Params of `resources/templates/list`. */
export interface LegacyListResourceTemplatesRequestParams extends LegacyPaginatedRequestParams {}

/** Asks a server for its resource templates, one page at a time. */
export interface LegacyListResourceTemplatesRequest extends RequestEnvelope {
  method: 'resources/templates/list';
  params?: LegacyListResourceTemplatesRequestParams;
}

/** One page of resource templates. */
export interface LegacyListResourceTemplatesResult
  extends LegacyPaginatedResult,
    SharedResult<ListResourceTemplatesResult> {}

/** Params shared by requests about one resource. */
export interface LegacyResourceRequestParams
  extends LegacyRequestParams,
    SharedParams<ResourceRequestParams> {}

/** Params of `resources/read`. */
export interface LegacyReadResourceRequestParams extends LegacyResourceRequestParams {}

/**
 * Reads one resource. An unknown URI is answered with error -32002.
 *
 * @example
 * const req: LegacyReadResourceRequest = {
 *   jsonrpc: '2.0',
 *   id: 3,
 *   method: 'resources/read',
 *   params: { uri: 'file:///notes.md' },
 * };
 */
export interface LegacyReadResourceRequest extends RequestEnvelope {
  method: 'resources/read';
  params: LegacyReadResourceRequestParams;
}

/**
 * The contents of a resource.
 *
 * @example
 * const read: LegacyReadResourceResult = { contents: [{ uri: 'file:///notes.md', text: '# Notes' }] };
 */
export interface LegacyReadResourceResult extends LegacyResult, SharedResult<ReadResourceResult> {}

/** Params of `resources/subscribe`. */
export interface SubscribeRequestParams extends LegacyResourceRequestParams {}

/** Asks for `notifications/resources/updated` whenever this resource changes. */
export interface SubscribeRequest extends RequestEnvelope {
  method: 'resources/subscribe';
  params: SubscribeRequestParams;
}

/** Params of `resources/unsubscribe`. */
export interface UnsubscribeRequestParams extends LegacyResourceRequestParams {}

/** Stops the updates a `resources/subscribe` asked for. */
export interface UnsubscribeRequest extends RequestEnvelope {
  method: 'resources/unsubscribe';
  params: UnsubscribeRequestParams;
}
