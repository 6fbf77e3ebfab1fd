/**
 * Helpers that write a 2025-11-25 type as its 2026-07-28 namesake minus what
 * differs. Internal: `types/index.ts` does not re-export this file.
 */

/** `T` without the keys `K`. Unlike `Omit`, it keeps the other named fields beside an index signature. */
export type Without<T, K extends PropertyKey> = { [P in keyof T as P extends K ? never : P]: T[P] };

/** The fields of modern request params that 2025-11-25 shares: all but `_meta` and the retry fields. */
export type SharedParams<T> = Without<T, '_meta' | 'inputResponses' | 'requestState'>;

/** The fields of a modern result that 2025-11-25 shares: all but `_meta`, `resultType` and the caching hints. */
export type SharedResult<T, K extends PropertyKey = never> = Without<
  T,
  '_meta' | 'resultType' | 'ttlMs' | 'cacheScope' | 'nextCursor' | K
>;
