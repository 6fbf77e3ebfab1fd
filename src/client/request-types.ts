/**
 * The types `Client.request` is typed with: for each 2026-07-28 method the
 * params a caller writes (the client adds the `_meta` envelope itself) and the
 * result it gets back, from the protocol's method map. Any other method name
 * falls back to plain objects, so custom and extension methods still work.
 */

import type { ReceivedResult, WithOptional } from '../protocol/types/modern/base.js';
import type { ModernClientRequests } from '../protocol/types/modern/methods.js';

/**
 * The methods `Client.request` knows the types of.
 *
 * @example
 * const method: KnownClientMethod = 'tools/call';
 */
export type KnownClientMethod = keyof ModernClientRequests;

/**
 * The params of a request as the caller writes them: the method's params with
 * `_meta` optional (the client adds the envelope), or a plain object for a
 * method outside the map.
 *
 * @example
 * const params: ClientRequestParams<'tools/call'> = { name: 'add', arguments: { a: 1, b: 2 } };
 */
export type ClientRequestParams<M extends string> = M extends KnownClientMethod
  ? WithOptional<ModernClientRequests[M]['params'], '_meta'>
  : Record<string, unknown>;

/**
 * The result `Client.request` resolves with: the method's final result as
 * either era delivers it (`ttlMs`/`cacheScope` may be absent from a 2025
 * server), or a plain object for a method outside the map. With
 * `inputMode: 'manual'`, `tools/call`, `prompts/get` and `resources/read` may
 * instead resolve to an `InputRequiredResult`: check `resultType` first.
 *
 * @example
 * const read: ClientRequestResult<'resources/read'> = {
 *   resultType: 'complete',
 *   contents: [{ uri: 'file:///notes.md', text: '# Notes' }],
 * };
 */
export type ClientRequestResult<M extends string> = M extends KnownClientMethod
  ? ReceivedResult<ModernClientRequests[M]['result']>
  : Record<string, unknown>;

/**
 * The arguments after the method name: params may be left out when every
 * field of them is optional.
 *
 * @example
 * type Args = ClientRequestArgs<'tools/list', { timeoutMs?: number }>; // [params?, options?]
 */
export type ClientRequestArgs<M extends string, Options> =
  {} extends ClientRequestParams<M>
    ? [params?: ClientRequestParams<M>, options?: Options]
    : [params: ClientRequestParams<M>, options?: Options];
