import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CACHEABLE_METHODS,
  type CacheableResultLike,
  canonicalParams,
  credentialKeyFromAuthorization,
  ResultCache,
} from './result-cache.js';

function fakeClock(start = 1_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

function listResult(ttlMs: number | undefined, cacheScope?: string, extra: object = {}): CacheableResultLike {
  const result: CacheableResultLike = { resultType: 'complete', tools: [{ name: 'echo' }], ...extra };
  if (ttlMs !== undefined) result.ttlMs = ttlMs;
  if (cacheScope !== undefined) result.cacheScope = cacheScope;
  return result;
}

describe('cacheable methods', () => {
  it('covers exactly the six methods of the caching page', () => {
    expect([...CACHEABLE_METHODS].sort()).toEqual(
      [
        'prompts/list',
        'resources/list',
        'resources/read',
        'resources/templates/list',
        'server/discover',
        'tools/list',
      ].sort(),
    );
    expect(ResultCache.isCacheableMethod('tools/call')).toBe(false);
    expect(ResultCache.isCacheableMethod('server/discover')).toBe(true);
  });

  it('never stores or serves non-cacheable methods', () => {
    const cache = new ResultCache();
    expect(cache.set('tools/call', { name: 'x' }, listResult(60_000, 'public'))).toBe(false);
    expect(cache.get('tools/call', { name: 'x' })).toBeUndefined();
    expect(cache.key('tools/call', {})).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe('cache key', () => {
  const cache = new ResultCache();

  it('ignores _meta and key order', () => {
    expect(cache.key('tools/list', { cursor: 'c', _meta: { progressToken: 7 } })).toBe(
      cache.key('tools/list', { cursor: 'c' }),
    );
    expect(cache.key('resources/read', { uri: 'a', extra: { y: 1, x: 2 } })).toBe(
      cache.key('resources/read', { extra: { x: 2, y: 1 }, uri: 'a' }),
    );
    expect(canonicalParams({ b: 1, a: [{ d: 1, c: 2 }], _meta: { z: 1 } })).toBe(
      '{"a":[{"c":2,"d":1}],"b":1}',
    );
  });

  it('treats absent params, {} and only-_meta as the same request', () => {
    expect(cache.key('tools/list')).toBe(cache.key('tools/list', {}));
    expect(cache.key('tools/list', { _meta: {} })).toBe(cache.key('tools/list', {}));
  });

  it('separates methods, cursors (including the empty cursor) and uris', () => {
    const keys = [
      cache.key('tools/list', {}),
      cache.key('prompts/list', {}),
      cache.key('tools/list', { cursor: '' }),
      cache.key('tools/list', { cursor: 'p2' }),
      cache.key('resources/read', { uri: 'file:///a' }),
      cache.key('resources/read', { uri: 'file:///b' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('separates the shared key from each credential key', () => {
    const shared = cache.key('tools/list', {});
    const alice = cache.key('tools/list', {}, 'alice');
    const bob = cache.key('tools/list', {}, 'bob');
    expect(new Set([shared, alice, bob]).size).toBe(3);
  });

  it('is undefined for MRTR retries (inputResponses or requestState)', () => {
    expect(cache.key('tools/list', { requestState: 'opaque' })).toBeUndefined();
    expect(
      cache.key('resources/read', { uri: 'a', inputResponses: { q: { action: 'cancel' } } }),
    ).toBeUndefined();
  });
});

describe('ResultCache freshness (ttlMs)', () => {
  it('serves a result while now < receivedAt + ttlMs and not after', () => {
    const clock = fakeClock();
    const cache = new ResultCache({ now: clock.now });
    expect(cache.set('tools/list', {}, listResult(5_000, 'public'))).toBe(true);
    clock.t += 4_999;
    expect(cache.get('tools/list', {})).toMatchObject({ tools: [{ name: 'echo' }] });
    clock.t += 1;
    expect(cache.get('tools/list', {})).toBeUndefined();
  });

  it.each([
    ['zero', 0],
    ['absent', undefined],
    ['negative', -10],
    ['not finite', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
  ])('does not store a result whose ttlMs is %s', (_label, ttl) => {
    const cache = new ResultCache({ now: fakeClock().now });
    expect(cache.set('tools/list', {}, listResult(ttl, 'public'))).toBe(false);
    expect(cache.get('tools/list', {})).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops a held entry when a newer answer for the same request says ttlMs 0', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    cache.set('tools/list', {}, listResult(60_000, 'public'));
    cache.set('tools/list', {}, listResult(0, 'public'));
    expect(cache.get('tools/list', {})).toBeUndefined();
  });

  it('starts each page clock when that page is stored', () => {
    const clock = fakeClock();
    const cache = new ResultCache({ now: clock.now });
    cache.set('tools/list', {}, listResult(1_000, 'public'));
    clock.t += 500;
    cache.set('tools/list', { cursor: 'p2' }, listResult(1_000, 'public'));
    clock.t += 600;
    expect(cache.get('tools/list', {})).toBeUndefined();
    expect(cache.get('tools/list', { cursor: 'p2' })).toBeDefined();
  });

  it('keeps expired entries for getStale until they are evicted, pruned or invalidated', () => {
    const clock = fakeClock();
    const cache = new ResultCache({ now: clock.now });
    cache.set('tools/list', {}, listResult(100, 'public'));
    cache.set('prompts/list', {}, listResult(100, 'public'));
    clock.t += 200;
    expect(cache.get('tools/list', {})).toBeUndefined();
    expect(cache.getStale('tools/list', {})).toMatchObject({ ttlMs: 100 });
    cache.invalidate('tools');
    expect(cache.getStale('tools/list', {})).toBeUndefined();
    expect(cache.prune()).toBe(1);
    expect(cache.getStale('prompts/list', {})).toBeUndefined();
  });

  it('keeps its own copy and serves it read-only, so callers cannot corrupt the cache', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    const original = listResult(60_000, 'public');
    cache.set('tools/list', {}, original);
    (original.tools as unknown[]).push('mutated after set');
    const first = cache.get('tools/list', {});
    expect(() => (first!.tools as unknown[]).push('mutated after get')).toThrow(TypeError);
    expect(() => {
      (first!.tools as Array<{ name: string }>)[0]!.name = 'renamed';
    }).toThrow(TypeError);
    expect(cache.get('tools/list', {})?.tools).toEqual([{ name: 'echo' }]);
    // No copy per hit: the same object every time.
    expect(cache.get('tools/list', {})).toBe(first);
  });

  it('keeps a "__proto__" member of a result as data', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    const received = JSON.parse(
      '{"resultType":"complete","ttlMs":60000,"cacheScope":"public","tools":[{"name":"a","__proto__":{"polluted":true}}]}',
    );
    cache.set('tools/list', {}, received);
    const tool = (cache.get('tools/list', {})!.tools as Array<Record<string, unknown>>)[0]!;
    expect(Object.getPrototypeOf(tool)).toBe(Object.prototype);
    expect(tool.polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(tool, '__proto__')?.value).toEqual({ polluted: true });
  });
});

describe('ResultCache result types and MRTR', () => {
  it('never stores input_required or other non-complete results', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    expect(
      cache.set('tools/list', {}, { resultType: 'input_required', ttlMs: 60_000, cacheScope: 'public' }),
    ).toBe(false);
    expect(
      cache.set('tools/list', {}, { resultType: 'something_new', ttlMs: 60_000, cacheScope: 'public' }),
    ).toBe(false);
    expect(cache.get('tools/list', {})).toBeUndefined();
  });

  it('treats an absent resultType as complete', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    expect(cache.set('prompts/list', {}, { prompts: [], ttlMs: 60_000, cacheScope: 'public' })).toBe(true);
    expect(cache.get('prompts/list', {})).toEqual({ prompts: [], ttlMs: 60_000, cacheScope: 'public' });
  });

  it('never stores results of retried requests and never serves them from the cache', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    const retry = { uri: 'file:///a', requestState: 's1' };
    expect(cache.set('resources/read', retry, listResult(60_000, 'public'))).toBe(false);
    expect(
      cache.set('resources/read', { uri: 'file:///a', inputResponses: {} }, listResult(60_000, 'public')),
    ).toBe(false);
    expect(cache.size).toBe(0);
    cache.set('resources/read', { uri: 'file:///a' }, listResult(60_000, 'public'));
    expect(cache.get('resources/read', retry)).toBeUndefined();
    expect(cache.get('resources/read', { uri: 'file:///a' })).toBeDefined();
  });
});

describe('ResultCache scope', () => {
  it('shares public entries across credentials and with anonymous callers', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    cache.set('tools/list', {}, listResult(60_000, 'public'), 'alice');
    expect(cache.get('tools/list', {}, 'alice')).toBeDefined();
    expect(cache.get('tools/list', {}, 'bob')).toBeDefined();
    expect(cache.get('tools/list', {})).toBeDefined();
  });

  it('serves private entries only to the same credential', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    cache.set(
      'resources/read',
      { uri: 'mail:inbox' },
      listResult(60_000, 'private', { who: 'alice' }),
      'alice',
    );
    expect(cache.get('resources/read', { uri: 'mail:inbox' }, 'alice')).toMatchObject({ who: 'alice' });
    expect(cache.get('resources/read', { uri: 'mail:inbox' }, 'bob')).toBeUndefined();
    expect(cache.get('resources/read', { uri: 'mail:inbox' })).toBeUndefined();
    expect(cache.getStale('resources/read', { uri: 'mail:inbox' }, 'bob')).toBeUndefined();
  });

  it('keeps each credential its own private entry for the same request', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    cache.set('tools/list', {}, listResult(60_000, 'private', { who: 'alice' }), 'alice');
    cache.set('tools/list', {}, listResult(60_000, 'private', { who: 'bob' }), 'bob');
    expect(cache.get('tools/list', {}, 'alice')).toMatchObject({ who: 'alice' });
    expect(cache.get('tools/list', {}, 'bob')).toMatchObject({ who: 'bob' });
  });

  it('treats anonymous callers as one context of their own', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    cache.set('tools/list', {}, listResult(60_000, 'private'));
    expect(cache.get('tools/list', {})).toBeDefined();
    expect(cache.get('tools/list', {}, 'alice')).toBeUndefined();
  });

  it.each([
    ['absent', undefined],
    ['unknown', 'everyone'],
  ])('treats a %s cacheScope as private', (_label, scope) => {
    const cache = new ResultCache({ now: fakeClock().now });
    cache.set('tools/list', {}, listResult(60_000, scope), 'alice');
    expect(cache.get('tools/list', {}, 'alice')).toBeDefined();
    expect(cache.get('tools/list', {}, 'bob')).toBeUndefined();
  });

  it('drops the shared entry when the same request comes back private', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    cache.set('tools/list', {}, listResult(60_000, 'public', { v: 1 }), 'alice');
    cache.set('tools/list', {}, listResult(60_000, 'private', { v: 2 }), 'alice');
    expect(cache.get('tools/list', {}, 'alice')).toMatchObject({ v: 2 });
    expect(cache.get('tools/list', {}, 'bob')).toBeUndefined();
  });

  it('prefers the more recently received of a fresh private and a fresh public entry', () => {
    const clock = fakeClock();
    const cache = new ResultCache({ now: clock.now });
    cache.set('tools/list', {}, listResult(60_000, 'private', { v: 'old private' }), 'alice');
    clock.t += 10;
    cache.set('tools/list', {}, listResult(60_000, 'public', { v: 'new public' }), 'bob');
    expect(cache.get('tools/list', {}, 'alice')).toMatchObject({ v: 'new public' });
  });
});

describe('ResultCache size bound (LRU)', () => {
  it('defaults to 500 entries', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    for (let i = 0; i < 520; i++)
      cache.set('resources/read', { uri: `file:///${i}` }, listResult(60_000, 'public'));
    expect(cache.size).toBe(500);
    expect(cache.get('resources/read', { uri: 'file:///0' })).toBeUndefined();
    expect(cache.get('resources/read', { uri: 'file:///519' })).toBeDefined();
  });

  it('evicts the least recently used entry, counting reads as use', () => {
    const cache = new ResultCache({ maxEntries: 2, now: fakeClock().now });
    cache.set('resources/read', { uri: 'a' }, listResult(60_000, 'public'));
    cache.set('resources/read', { uri: 'b' }, listResult(60_000, 'public'));
    expect(cache.get('resources/read', { uri: 'a' })).toBeDefined();
    cache.set('resources/read', { uri: 'c' }, listResult(60_000, 'public'));
    expect(cache.size).toBe(2);
    expect(cache.get('resources/read', { uri: 'b' })).toBeUndefined();
    expect(cache.get('resources/read', { uri: 'a' })).toBeDefined();
    expect(cache.get('resources/read', { uri: 'c' })).toBeDefined();
  });

  it('store gives the result as held, the copy later hits return, or undefined when not stored', () => {
    const cache = new ResultCache({ now: fakeClock().now });
    const received = listResult(60_000, 'public');
    const held = cache.store('tools/list', {}, received);
    expect(held).not.toBe(received);
    expect(held).toEqual(received);
    expect(Object.isFrozen(held)).toBe(true);
    expect(cache.get('tools/list', {})).toBe(held);
    expect(cache.store('tools/list', { cursor: 'x' }, listResult(0, 'public'))).toBeUndefined();
    expect(cache.store('tools/call', {}, listResult(60_000, 'public'))).toBeUndefined();
  });

  it('keeps the newest entry only with a bound of one', () => {
    const cache = new ResultCache({ maxEntries: 1, now: fakeClock().now });
    cache.set('resources/read', { uri: 'a' }, listResult(60_000, 'public'));
    cache.set('resources/read', { uri: 'b' }, listResult(60_000, 'public', { v: 'b' }));
    expect(cache.size).toBe(1);
    expect(cache.get('resources/read', { uri: 'a' })).toBeUndefined();
    expect(cache.get('resources/read', { uri: 'b' })).toMatchObject({ v: 'b' });
    expect(cache.invalidateResource('b')).toBe(1);
    expect(cache.size).toBe(0);
  });

  it('replaces, drops and re-adds a lone entry, then holds a second beside it', () => {
    const cache = new ResultCache({ maxEntries: 3, now: fakeClock().now });
    cache.set('tools/list', {}, listResult(60_000, 'public', { v: 1 }));
    cache.set('tools/list', {}, listResult(60_000, 'public', { v: 2 }));
    expect(cache.size).toBe(1);
    expect(cache.get('tools/list', {})).toMatchObject({ v: 2 });
    // Now private for alice: the shared entry goes, hers is the only one.
    cache.set('tools/list', {}, listResult(60_000, 'private', { v: 3 }), 'alice');
    expect(cache.size).toBe(1);
    expect(cache.get('tools/list', {})).toBeUndefined();
    cache.set('prompts/list', {}, listResult(60_000, 'public', { v: 4 }));
    expect(cache.size).toBe(2);
    expect(cache.get('tools/list', {}, 'alice')).toMatchObject({ v: 3 });
    expect(cache.invalidate('prompts')).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('tools/list', {}, 'alice')).toBeUndefined();
  });

  it('rejects a bound that is not a positive integer', () => {
    expect(() => new ResultCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new ResultCache({ maxEntries: 1.5 })).toThrow(RangeError);
  });
});

describe('ResultCache invalidation', () => {
  function filled() {
    const cache = new ResultCache({ now: fakeClock().now });
    const put = (method: string, params: object, credential?: string) =>
      cache.set(method, params, listResult(60_000, credential ? 'private' : 'public'), credential);
    // Private entries first: storing a private result drops the shared one for that request.
    put('tools/list', {}, 'alice');
    put('resources/read', { uri: 'file:///a' }, 'alice');
    put('tools/list', {});
    put('tools/list', { cursor: 'p2' });
    put('prompts/list', {});
    put('resources/list', {});
    put('resources/templates/list', {});
    put('resources/read', { uri: 'file:///a' });
    put('resources/read', { uri: 'file:///b' });
    put('server/discover', {});
    return cache;
  }
  const has = (cache: ResultCache, method: string, params: object = {}, credential?: string) =>
    cache.get(method, params, credential) !== undefined;

  it('tools drops every tools/list page, for every credential, and nothing else', () => {
    const cache = filled();
    expect(cache.invalidate('tools')).toBe(3);
    expect(has(cache, 'tools/list')).toBe(false);
    expect(has(cache, 'tools/list', { cursor: 'p2' })).toBe(false);
    expect(has(cache, 'tools/list', {}, 'alice')).toBe(false);
    expect(has(cache, 'prompts/list')).toBe(true);
    expect(has(cache, 'resources/list')).toBe(true);
    expect(has(cache, 'server/discover')).toBe(true);
  });

  it('prompts drops prompts/list only', () => {
    const cache = filled();
    expect(cache.invalidate('prompts')).toBe(1);
    expect(has(cache, 'prompts/list')).toBe(false);
    expect(has(cache, 'tools/list')).toBe(true);
  });

  it('resources drops resources/list and resources/templates/list but not reads', () => {
    const cache = filled();
    expect(cache.invalidate('resources')).toBe(2);
    expect(has(cache, 'resources/list')).toBe(false);
    expect(has(cache, 'resources/templates/list')).toBe(false);
    expect(has(cache, 'resources/read', { uri: 'file:///a' })).toBe(true);
    expect(has(cache, 'tools/list')).toBe(true);
  });

  it('invalidateResource drops the reads of that uri only', () => {
    const cache = filled();
    expect(cache.invalidateResource('file:///a')).toBe(2);
    expect(has(cache, 'resources/read', { uri: 'file:///a' })).toBe(false);
    expect(has(cache, 'resources/read', { uri: 'file:///a' }, 'alice')).toBe(false);
    expect(has(cache, 'resources/read', { uri: 'file:///b' })).toBe(true);
    expect(has(cache, 'resources/list')).toBe(true);
  });

  it('maps server notifications to the right invalidation', () => {
    const cache = filled();
    expect(cache.invalidateForNotification('notifications/message', {})).toBe(0);
    expect(cache.invalidateForNotification('notifications/prompts/list_changed')).toBe(1);
    expect(cache.invalidateForNotification('notifications/resources/updated', { uri: 'file:///b' })).toBe(1);
    expect(cache.invalidateForNotification('notifications/resources/list_changed')).toBe(2);
    expect(cache.invalidateForNotification('notifications/tools/list_changed')).toBe(3);
    expect(cache.invalidateForNotification('notifications/resources/updated', {})).toBe(0);
    expect(has(cache, 'server/discover')).toBe(true);
  });

  it('clear empties everything', () => {
    const cache = filled();
    cache.clear();
    expect(cache.size).toBe(0);
    expect(has(cache, 'server/discover')).toBe(false);
  });
});

describe('credentialKeyFromAuthorization', () => {
  it('is the hex SHA-256 of the header value, distinct per token', async () => {
    const key = await credentialKeyFromAuthorization('Bearer abc');
    expect(key).toBe(createHash('sha256').update('Bearer abc').digest('hex'));
    expect(key).not.toContain('abc');
    expect(await credentialKeyFromAuthorization('Bearer abd')).not.toBe(key);
  });
});
