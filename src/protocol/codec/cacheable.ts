/**
 * Which results carry caching hints (`ttlMs`, `cacheScope`) on the modern wire.
 */
import type { CacheScope } from '../types/modern/base.js';

/** Methods whose 2026-07-28 results are cacheable and so must carry `ttlMs` and `cacheScope`. */
export const CACHEABLE_METHODS: ReadonlySet<string> = new Set([
  'server/discover',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'resources/read',
]);

/** Caching hints for one result. */
export interface CacheHints {
  /** How long the client may reuse the result, in ms. 0 means stale at once. */
  ttlMs: number;
  /** `'public'`: no user-specific data; `'private'`: reuse only within the same credentials. */
  cacheScope: CacheScope;
}

/**
 * Hints used when neither the server nor the handler chose any: never reuse,
 * never share. Conservative on purpose; servers opt into caching.
 */
export const DEFAULT_CACHE_HINTS: Readonly<CacheHints> = Object.freeze({ ttlMs: 0, cacheScope: 'private' });
