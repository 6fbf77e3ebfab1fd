/**
 * A client-side cache for the results the 2026-07-28 revision marks as
 * cacheable (SEP-2549): `server/discover`, `tools/list`, `prompts/list`,
 * `resources/list`, `resources/templates/list` and `resources/read`.
 *
 * The server steers the cache with two fields on every complete result:
 * `ttlMs` (how long the result stays fresh, like HTTP `max-age`) and
 * `cacheScope` (`public`: may be shared by every caller; `private`: only
 * within the authorization context that fetched it). The cache never decides
 * freshness by polling: callers ask when they need the data and re-fetch on a
 * miss.
 */
import { CACHEABLE_METHODS } from '../protocol/codec/cacheable.js';
import { sharedFrozenJson } from '../protocol/shared-json.js';

/**
 * The request methods whose complete results may be cached.
 *
 * @example
 * const method: CacheableMethod = 'resources/templates/list';
 */
export type CacheableMethod =
  | 'server/discover'
  | 'tools/list'
  | 'prompts/list'
  | 'resources/list'
  | 'resources/templates/list'
  | 'resources/read';

/** Every {@link CacheableMethod} (the protocol's list), for membership tests on arbitrary method names. */
export { CACHEABLE_METHODS };

/**
 * Which cached lists a list-changed notification makes stale: `tools`
 * (`tools/list`), `prompts` (`prompts/list`) or `resources` (`resources/list`
 * and `resources/templates/list`).
 *
 * @example
 * const kind: ListKind = 'resources';
 * cache.invalidate(kind);
 */
export type ListKind = 'tools' | 'prompts' | 'resources';

/**
 * A result as received from the server. Only `resultType`, `ttlMs` and
 * `cacheScope` are read; the rest is stored untouched. Legacy results that
 * lack these fields are accepted (and, having no `ttlMs`, never stored).
 *
 * @example
 * const page: CacheableResultLike = { resultType: 'complete', tools: [], ttlMs: 30_000, cacheScope: 'public' };
 */
export interface CacheableResultLike {
  /** `complete` (or absent, from older servers) for a final result. */
  resultType?: string;
  /** Freshness lifetime in milliseconds. */
  ttlMs?: number;
  /** `public` or `private`. */
  cacheScope?: string;
  [key: string]: unknown;
}

/**
 * Settings for a {@link ResultCache}.
 *
 * @example
 * const options: ResultCacheOptions = { maxEntries: 100, now: () => performance.now() };
 */
export interface ResultCacheOptions {
  /**
   * Most entries kept at once; the least recently used one is dropped to make
   * room. Default 500.
   */
  maxEntries?: number;
  /** Clock in milliseconds; defaults to `Date.now`. Inject a fake one in tests. */
  now?: () => number;
}

interface Entry {
  /** Where the entry is filed: request, scope and credential. */
  key: string;
  method: CacheableMethod;
  /** The `uri` param, kept for `resources/read` so `invalidateResource` can find it. */
  uri: string | undefined;
  receivedAt: number;
  expiresAt: number;
  result: CacheableResultLike;
}

const LIST_METHODS: Record<ListKind, readonly CacheableMethod[]> = {
  tools: ['tools/list'],
  prompts: ['prompts/list'],
  resources: ['resources/list', 'resources/templates/list'],
};

const NOTIFICATION_KINDS: Record<string, ListKind> = {
  'notifications/tools/list_changed': 'tools',
  'notifications/prompts/list_changed': 'prompts',
  'notifications/resources/list_changed': 'resources',
};

const DEFAULT_MAX_ENTRIES = 500;

/**
 * Caches complete results of the cacheable methods, honouring the server's
 * `ttlMs` and `cacheScope` hints.
 *
 * - Key: method plus the request params without `_meta`, with object keys
 *   sorted, so `{a, b}` and `{b, a}` hit the same entry while a different
 *   `cursor` or `uri` (including an empty-string cursor) never does.
 * - Freshness: an entry is fresh while `now < receivedAt + ttlMs`. A `ttlMs`
 *   of 0, absent, negative or not a finite number means "immediately stale",
 *   so such results are not stored (and a stored entry for the same request is
 *   dropped, since the newer response supersedes it).
 * - Scope: `public` entries are shared by every caller; `private` entries are
 *   tied to the caller's credential key (for instance from
 *   {@link credentialKeyFromAuthorization}) and never served to another one.
 *   Calls without a credential key form their own anonymous context. A
 *   missing or unknown `cacheScope` is treated as `private`.
 * - Never cached: requests carrying `inputResponses` or `requestState`
 *   (multi round-trip retries) and results whose `resultType` is not
 *   `complete` (absent counts as `complete`, as older servers omit it).
 * - Bounded: at most `maxEntries` entries (least recently used evicted).
 *
 * Results are copied on the way in and out, so callers may modify what they
 * get without corrupting the cache.
 *
 * @example
 * const cache = new ResultCache({ maxEntries: 200 });
 * const params = { cursor: 'page-2' };
 * let page = cache.get('tools/list', params, credential);
 * if (!page) {
 *   page = await client.request('tools/list', params);
 *   cache.set('tools/list', params, page, credential);
 * }
 * // later, on notifications/tools/list_changed:
 * cache.invalidate('tools');
 */
export class ResultCache {
  /**
   * The entry while there is only one: most clients cache one listing, and a table costs about
   * 200 bytes a client (a gateway holds hundreds of clients).
   */
  #only: Entry | undefined;
  /** Every entry, least recently used first, once there are two; made then. */
  #entries: Map<string, Entry> | undefined;
  readonly #maxEntries: number;
  readonly #now: () => number;

  /**
   * @example
   * let t = 0;
   * const cache = new ResultCache({ maxEntries: 10, now: () => t });
   */
  constructor(options: ResultCacheOptions = {}) {
    const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${String(max)}`);
    }
    this.#maxEntries = max;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Whether `method` is one whose results may be cached.
   *
   * @example
   * ResultCache.isCacheableMethod('resources/read'); // true
   */
  static isCacheableMethod(method: string): method is CacheableMethod {
    return CACHEABLE_METHODS.has(method);
  }

  /**
   * The key an entry for this request lives under, or `undefined` when the
   * request can never be cached (a method that is not cacheable, or params
   * carrying `inputResponses` / `requestState`). Without `credentialKey` it is
   * the shared (`public`) key; with one, the `private` key for that credential.
   *
   * @example
   * cache.key('tools/list', { _meta: { x: 1 } }) === cache.key('tools/list', {}); // true
   * cache.key('tools/list', { requestState: 'abc' }); // undefined
   */
  key(method: string, params?: unknown, credentialKey?: string): string | undefined {
    const requestKey = requestKeyOf(method, params);
    if (requestKey === undefined) return undefined;
    return credentialKey === undefined
      ? storeKey(requestKey, 'public', '')
      : storeKey(requestKey, 'private', credentialKey);
  }

  /**
   * A fresh cached result for this request, or `undefined`. Looks at the
   * shared entry and at the caller's own private entry, and returns the more
   * recently received of those that are still fresh. The result is the cache's own,
   * deep-frozen: read it, or copy it (`structuredClone`) to change it.
   *
   * @example
   * const cached = cache.get('resources/read', { uri: 'file:///a.txt' }, credential);
   */
  get(method: string, params?: unknown, credentialKey?: string): CacheableResultLike | undefined {
    return this.#lookup(method, params, credentialKey, false)?.result;
  }

  /**
   * Like {@link ResultCache.get} but also returns an expired entry that is
   * still held. The spec lets a client serve stale data when re-fetching
   * fails (network error, server down); invalidated entries are gone and are
   * never returned.
   *
   * @example
   * let page;
   * try {
   *   page = await client.request('tools/list', {});
   * } catch (error) {
   *   page = cache.getStale('tools/list', {});
   *   if (!page) throw error;
   * }
   */
  getStale(method: string, params?: unknown, credentialKey?: string): CacheableResultLike | undefined {
    return this.#lookup(method, params, credentialKey, true)?.result;
  }

  /**
   * Stores a result just received for this request. Returns `true` when it
   * was stored and `false` when it is not cacheable (method, MRTR retry,
   * `resultType` other than `complete`, or `ttlMs` that is not positive).
   * Storing a `private` result also drops the shared entry for the same
   * request, since the server now says the data is per-user.
   *
   * @example
   * const stored = cache.set('tools/list', {}, { resultType: 'complete', tools: [], ttlMs: 60_000, cacheScope: 'public' });
   */
  set(method: string, params: unknown, result: CacheableResultLike, credentialKey?: string): boolean {
    return this.store(method, params, result, credentialKey) !== undefined;
  }

  /**
   * Like {@link ResultCache.set}, but gives the result as the cache now holds it (deep-frozen, the
   * process's one copy of equal data; what later hits return), or `undefined` when it was not
   * stored. Hand that out instead of the result received, and the first fetch and later hits
   * share one copy.
   *
   * @example
   * const received = await client.request('tools/list', {});
   * const page = cache.store('tools/list', {}, received) ?? received;
   */
  store(
    method: string,
    params: unknown,
    result: CacheableResultLike,
    credentialKey?: string,
  ): CacheableResultLike | undefined {
    const requestKey = requestKeyOf(method, params);
    if (requestKey === undefined) return undefined;
    const credential = credentialKey ?? '';
    const privateKey = storeKey(requestKey, 'private', credential);
    const publicKey = storeKey(requestKey, 'public', '');
    const resultType = result.resultType ?? 'complete';
    if (resultType !== 'complete') return undefined;
    const ttl = normaliseTtl(result.ttlMs);
    const scope = result.cacheScope === 'public' ? 'public' : 'private';
    if (ttl <= 0) {
      // The newer answer says "immediately stale": forget what we had for this caller.
      this.#delete(privateKey);
      if (scope === 'public') this.#delete(publicKey);
      return undefined;
    }
    const receivedAt = this.#now();
    const entry: Entry = {
      key: scope === 'private' ? privateKey : publicKey,
      method: method as CacheableMethod,
      uri: method === 'resources/read' ? uriOf(params) : undefined,
      receivedAt,
      expiresAt: receivedAt + ttl,
      // Cached results are handed to every caller as they are, without a copy per hit (a
      // 1,000-tool listing would otherwise be copied on every read); freezing them is what keeps
      // one caller's change from reaching the next. Equal results share one copy across the
      // process (many sessions of one server list the same tools).
      result: sharedFrozenJson(result),
    };
    this.#delete(scope === 'private' ? publicKey : privateKey);
    this.#put(entry);
    return entry.result;
  }

  /**
   * Drops every cached list of one kind, for a `list_changed` notification
   * (or when a list cursor turns out to be invalid and all pages must be
   * re-fetched). Returns how many entries were dropped.
   *
   * @example
   * cache.invalidate('resources'); // drops resources/list and resources/templates/list pages
   */
  invalidate(kind: ListKind): number {
    const methods: readonly string[] = LIST_METHODS[kind];
    return this.#dropWhere((entry) => methods.includes(entry.method));
  }

  /**
   * Drops cached `resources/read` results for one URI, for a
   * `notifications/resources/updated` notification. Returns how many entries
   * were dropped.
   *
   * @example
   * cache.invalidateResource('file:///project/README.md');
   */
  invalidateResource(uri: string): number {
    return this.#dropWhere((entry) => entry.method === 'resources/read' && entry.uri === uri);
  }

  /**
   * Applies a server notification: the three `list_changed` notifications and
   * `notifications/resources/updated` (by its `uri` param). Other methods are
   * ignored. Returns how many entries were dropped.
   *
   * @example
   * session.onNotification((method, params) => cache.invalidateForNotification(method, params));
   */
  invalidateForNotification(method: string, params?: unknown): number {
    const kind = NOTIFICATION_KINDS[method];
    if (kind) return this.invalidate(kind);
    if (method === 'notifications/resources/updated') {
      const uri = uriOf(params);
      return uri === undefined ? 0 : this.invalidateResource(uri);
    }
    return 0;
  }

  /**
   * Drops expired entries now instead of waiting for eviction. Returns how
   * many were dropped.
   *
   * @example
   * setInterval(() => cache.prune(), 60_000);
   */
  prune(): number {
    const now = this.#now();
    return this.#dropWhere((entry) => now >= entry.expiresAt);
  }

  /**
   * Empties the cache (for instance when the connection or the user changes).
   *
   * @example
   * cache.clear();
   */
  clear(): void {
    this.#only = undefined;
    this.#entries?.clear();
  }

  /**
   * Number of entries held, fresh or expired.
   *
   * @example
   * console.log(`${cache.size} cached results`);
   */
  get size(): number {
    return this.#entries?.size ?? (this.#only === undefined ? 0 : 1);
  }

  #lookup(
    method: string,
    params: unknown,
    credentialKey: string | undefined,
    allowStale: boolean,
  ): Entry | undefined {
    if (this.#only === undefined && this.#entries === undefined) return undefined;
    const requestKey = requestKeyOf(method, params);
    if (requestKey === undefined) return undefined;
    const now = this.#now();
    let best: Entry | undefined;
    for (const key of [
      storeKey(requestKey, 'private', credentialKey ?? ''),
      storeKey(requestKey, 'public', ''),
    ]) {
      const entry = this.#get(key);
      if (!entry) continue;
      if (!allowStale && now >= entry.expiresAt) continue;
      if (!best || entry.receivedAt > best.receivedAt) best = entry;
    }
    if (best && this.#entries) {
      // Mark as most recently used.
      this.#entries.delete(best.key);
      this.#entries.set(best.key, best);
    }
    return best;
  }

  #get(key: string): Entry | undefined {
    return this.#entries ? this.#entries.get(key) : this.#only?.key === key ? this.#only : undefined;
  }

  #delete(key: string): void {
    if (this.#entries) this.#entries.delete(key);
    else if (this.#only?.key === key) this.#only = undefined;
  }

  /** Files `entry` as the most recently used, dropping the least recently used beyond the bound. */
  #put(entry: Entry): void {
    if (!this.#entries) {
      const only = this.#only;
      if (only === undefined || only.key === entry.key || this.#maxEntries === 1) {
        this.#only = entry;
        return;
      }
      this.#entries = new Map([[only.key, only]]);
      this.#only = undefined;
    }
    const entries = this.#entries;
    entries.delete(entry.key);
    entries.set(entry.key, entry);
    while (entries.size > this.#maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
  }

  #dropWhere(test: (entry: Entry) => boolean): number {
    const only = this.#only;
    if (only !== undefined) {
      if (!test(only)) return 0;
      this.#only = undefined;
      return 1;
    }
    let dropped = 0;
    const entries = this.#entries;
    if (!entries) return 0;
    for (const [key, entry] of entries) {
      if (test(entry)) {
        entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}

/**
 * Derives a credential key for {@link ResultCache} from an `Authorization`
 * header value (or any other secret naming the authorization context): the
 * hex SHA-256 digest, so the cache never holds the token itself. Uses Web
 * Crypto, available in Node.js 20+ and browsers.
 *
 * @example
 * const credential = await credentialKeyFromAuthorization(`Bearer ${accessToken}`);
 * cache.get('resources/read', { uri }, credential);
 */
export async function credentialKeyFromAuthorization(authorization: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(authorization));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The canonical text of request params as used in cache keys: top-level
 * `_meta` removed, object keys sorted at every depth, `undefined` members
 * dropped (as JSON would). Absent params equal `{}`.
 *
 * @example
 * canonicalParams({ uri: 'a', _meta: { progressToken: 1 } }); // '{"uri":"a"}'
 */
export function canonicalParams(params: unknown): string {
  if (params === undefined || params === null) return '{}';
  if (typeof params !== 'object' || Array.isArray(params)) return canonicalJson(params);
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name !== '_meta') rest[name] = value;
  }
  return canonicalJson(rest);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isRetry(params: unknown): boolean {
  if (params === null || typeof params !== 'object') return false;
  const record = params as Record<string, unknown>;
  return record.inputResponses !== undefined || record.requestState !== undefined;
}

function requestKeyOf(method: string, params: unknown): string | undefined {
  if (!CACHEABLE_METHODS.has(method) || isRetry(params)) return undefined;
  return `${method} ${canonicalParams(params)}`;
}

function storeKey(requestKey: string, scope: 'public' | 'private', credential: string): string {
  return JSON.stringify([scope, credential, requestKey]);
}

function uriOf(params: unknown): string | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  const uri = (params as Record<string, unknown>).uri;
  return typeof uri === 'string' ? uri : undefined;
}

function normaliseTtl(ttl: unknown): number {
  return typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0 ? ttl : 0;
}
