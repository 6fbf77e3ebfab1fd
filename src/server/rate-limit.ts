/**
 * A rate-limit middleware: at most `limit` requests per key in each window,
 * the key being who calls (the verified principal) and, for `tools/call`,
 * which tool. The counts live in a store: in memory by default (one
 * process), in Redis (`backplane.rateLimits` from `mcpkit/redis`) for a
 * limit that holds across every process.
 */
import { InternalError, McpError } from '../protocol/errors.js';
import type { JSONRPCNotification, JSONRPCRequest } from '../protocol/jsonrpc.js';
import type { InboundMessageContext, MessageContext, Middleware } from '../session/middleware.js';
import { principalIdOf } from './binding.js';

/** The JSON-RPC error code of a request refused by {@link rateLimit}; `data.retryAfterMs` says when to retry. */
export const RATE_LIMITED_ERROR = -32029;

/** How a window's count stands after one more request was counted. */
export interface RateLimitHit {
  /** Requests counted in the current window, this one included. */
  readonly count: number;
  /** When the current window ends (ms since the epoch). */
  readonly resetAt: number;
}

/**
 * Where {@link rateLimit} counts: one counter per key per fixed window.
 * `hit` must count atomically (two processes counting at once both count),
 * and reject when it cannot count: the middleware then refuses the request.
 *
 * @example
 * const store: RateLimitStore = new InMemoryRateLimitStore();
 * const { count, resetAt } = await store.hit('alice:tools/call:search', 60_000);
 */
export interface RateLimitStore {
  /** Counts one request for `key` in its current window of `windowMs`, starting a window when none runs. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
}

/**
 * The default {@link RateLimitStore}: counters in this process's memory
 * (fixed windows, each starting with its first request). Right for one
 * process; with several, each counts only its own requests.
 *
 * @example
 * const limit = rateLimit({ limit: 100, windowMs: 60_000, store: new InMemoryRateLimitStore() });
 */
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  /**
   * Counts one request for `key`.
   *
   * @example
   * await store.hit('alice', 1000); // { count: 1, resetAt: <now + 1000> }
   */
  hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const now = Date.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return Promise.resolve({ count: window.count, resetAt: window.resetAt });
  }

  /** Drops ended windows, at most once a second, so idle keys do not pile up. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Requests admitted per key in one window. */
  readonly limit: number;
  /** The window's length, in ms. */
  readonly windowMs: number;
  /**
   * Which methods are counted. Default `['tools/call']`; other requests and
   * every notification pass uncounted.
   */
  readonly methods?: readonly string[];
  /**
   * The key a request counts against. Default: the verified principal
   * (issuer and subject; `anonymous` without auth, so every unauthenticated
   * caller shares one budget), then the method, then the tool's name for
   * `tools/call`.
   */
  readonly key?: (ctx: InboundMessageContext, message: JSONRPCRequest) => string;
  /** Where the counts live. Default a new {@link InMemoryRateLimitStore} (this process only). */
  readonly store?: RateLimitStore;
}

/**
 * Limits requests per caller and tool: past `limit` requests in a window the
 * request is refused, without running its handler, with the JSON-RPC error
 * {@link RATE_LIMITED_ERROR} (-32029) and `data: { retryAfterMs, limit,
 * windowMs }` (retry after `retryAfterMs`). On HTTP that error travels in an
 * ordinary 200 response, like every JSON-RPC error. When the store cannot
 * count (Redis unreachable), the request is refused with -32603 saying so:
 * a shared limit fails closed, never open.
 *
 * @example
 * import { McpServer, rateLimit } from 'mcpkit/server';
 * import { redisBackplane } from 'mcpkit/redis';
 *
 * const backplane = redisBackplane({ url: 'redis://localhost:6379' });
 * const server = new McpServer(info, {
 *   // 100 tool calls per minute, per caller and tool, across every process on this Redis
 *   middleware: [rateLimit({ limit: 100, windowMs: 60_000, store: backplane.rateLimits })],
 * });
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const { limit, windowMs } = options;
  if (!(Number.isSafeInteger(limit) && limit > 0)) {
    throw new RangeError(`rateLimit: limit must be a positive integer; got ${String(limit)}`);
  }
  if (!(Number.isSafeInteger(windowMs) && windowMs > 0)) {
    throw new RangeError(`rateLimit: windowMs must be a positive integer (ms); got ${String(windowMs)}`);
  }
  const methods = new Set(options.methods ?? ['tools/call']);
  const keyOf = options.key ?? defaultKey;
  const store = options.store ?? new InMemoryRateLimitStore();
  return (next) => async (ctx: MessageContext, message: JSONRPCRequest | JSONRPCNotification) => {
    if (ctx.direction !== 'inbound' || !('id' in message) || !methods.has(message.method)) {
      return next(ctx, message);
    }
    let hit: RateLimitHit;
    try {
      hit = await store.hit(keyOf(ctx, message), windowMs);
    } catch (error) {
      if (error instanceof McpError) throw error;
      throw new InternalError(
        `The rate limit could not be checked (${error instanceof Error ? error.message : String(error)}), so the request was refused`,
      );
    }
    if (hit.count > limit) {
      const retryAfterMs = Math.max(0, hit.resetAt - Date.now());
      throw new McpError(RATE_LIMITED_ERROR, `Rate limit exceeded: ${limit} requests per ${windowMs} ms`, {
        retryAfterMs,
        limit,
        windowMs,
      });
    }
    return next(ctx, message);
  };
}

/** Who calls, then what: `<principal>:<method>[:<tool>]`. */
function defaultKey(ctx: InboundMessageContext, message: JSONRPCRequest): string {
  const who = principalIdOf(ctx) ?? 'anonymous';
  const params = message.params as { name?: unknown } | undefined;
  const tool = message.method === 'tools/call' && typeof params?.name === 'string' ? `:${params.name}` : '';
  return `${who}:${message.method}${tool}`;
}
