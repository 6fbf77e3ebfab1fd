/**
 * Roots in 2026-07-28: a server asks which directories or files it may use.
 * Deprecated as of 2026-07-28 (SEP-2577) and sent only as an input request;
 * `notifications/roots/list_changed` no longer exists.
 */
import type { MetaObject, Root } from '../common.js';

/**
 * Params of a `roots/list` input request.
 *
 * @deprecated Roots are deprecated as of 2026-07-28 (SEP-2577).
 */
export interface ListRootsRequestParams {
  _meta?: MetaObject;
}

/**
 * A `roots/list` input request.
 *
 * @deprecated Roots are deprecated as of 2026-07-28 (SEP-2577).
 * @example
 * const ask: ListRootsRequest = { method: 'roots/list' };
 */
export interface ListRootsRequest {
  method: 'roots/list';
  params?: ListRootsRequestParams;
}

/**
 * The client's answer to `roots/list`. Note: in 2026-07-28 this is not a
 * `Result` (no `resultType`, no `_meta`).
 *
 * @deprecated Roots are deprecated as of 2026-07-28 (SEP-2577).
 * @example
 * const answer: ListRootsResult = { roots: [{ uri: 'file:///home/me/project', name: 'project' }] };
 */
export interface ListRootsResult {
  /** The roots the server may work with. */
  roots: Root[];
}
