/**
 * Rate-limit counters in Redis, so a limit holds across every server process
 * on the same Redis and key prefix.
 */
import type { RateLimitHit, RateLimitStore } from '../server/rate-limit.js';
import { luaScript, type RedisLink } from './link.js';

/** Counts one request and starts the window on the first: one atomic step. */
const HIT = luaScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`);

/**
 * A {@link RateLimitStore} every process shares: one counter key per rate-limit
 * key (hash-tagged), counted and given its window's expiry by one Lua script
 * (fixed windows starting with their first request). Redis unreachable:
 * `hit` rejects with `RedisUnavailableError` and `rateLimit` refuses the
 * request (fails closed).
 *
 * @example
 * const backplane = redisBackplane({ url: 'redis://localhost:6379' });
 * new McpServer(info, { middleware: [rateLimit({ limit: 100, windowMs: 60_000, store: backplane.rateLimits })] });
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly link: RedisLink) {}

  /**
   * Counts one request for `key` in its current window.
   *
   * @example
   * const { count, resetAt } = await store.hit('alice:tools/call:search', 60_000);
   */
  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const reply = (await this.link.script(
      'counting a request against its rate limit',
      HIT,
      [this.link.key('ratelimit', key)],
      [windowMs],
    )) as [number, number];
    return { count: Number(reply[0]), resetAt: Date.now() + Number(reply[1]) };
  }
}
