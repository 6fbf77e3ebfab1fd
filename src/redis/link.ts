/**
 * One process's link to Redis: the command connection, one shared subscriber
 * connection for every channel, the key prefix (hash-tagged, so all of one
 * server's keys land in one Redis Cluster slot) and the deadline every command
 * gets. The stores and buses of the backplane are built on it.
 */
import { createHash } from 'node:crypto';
import { type Cluster, Redis } from 'ioredis';
import { RedisUnavailableError } from './errors.js';

/** A Redis connection made by `ioredis`: a single server (`Redis`) or a cluster (`Cluster`). */
export type RedisClient = Redis | Cluster;

/** Where the link connects: a URL it connects to itself, or a client you made. */
export type RedisTarget =
  | {
      /** A `redis://` or `rediss://` URL; the link opens (and closes) its own connections. */
      url: string;
      client?: never;
    }
  | {
      /**
       * An `ioredis` client (or `Cluster`) of yours. The link sends commands on
       * it and leaves it open on close; it makes one duplicate of it for
       * subscriptions, which it does close.
       */
      client: RedisClient;
      url?: never;
    };

/** Options of a {@link RedisLink}. */
export type RedisLinkOptions = RedisTarget & {
  /**
   * What every key and channel starts with, inside braces (`{mcpkit}:task:…`)
   * so that one server's keys share a Redis Cluster slot. Servers that share
   * state use the same prefix; unrelated servers on one Redis use different
   * ones. No braces. Default `mcpkit`.
   */
  keyPrefix?: string;
  /**
   * How long a command may wait for Redis (connecting included), in ms, before
   * it fails with {@link RedisUnavailableError}. Default 5000.
   */
  commandTimeoutMs?: number;
  /** Where warnings go (Redis lost, back). Default `console.warn`. */
  warn?: (message: string) => void;
};

/** Default of {@link RedisLinkOptions.keyPrefix}. */
export const DEFAULT_REDIS_KEY_PREFIX = 'mcpkit';
/** Default of {@link RedisLinkOptions.commandTimeoutMs}. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 5000;

/** A Lua script with its SHA-1, run by {@link RedisLink.script}. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/**
 * Prepares a Lua script for {@link RedisLink.script}.
 *
 * @example
 * const bump = luaScript("return redis.call('INCR', KEYS[1])");
 */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

type MessageHandler = (message: string) => void;

/**
 * A process's connections to Redis, shared by the backplane's pieces.
 * Commands wait until the connection is ready and fail with
 * {@link RedisUnavailableError} after `commandTimeoutMs`, so nothing hangs on
 * a Redis that is down; they are never queued to run later.
 *
 * @example
 * const link = new RedisLink({ url: 'redis://localhost:6379', keyPrefix: 'jobs' });
 * link.key('task', 'abc'); // '{jobs}:task:abc'
 * const stop = link.subscribe(link.key('events'), (message) => console.log(message));
 * await link.close();
 */
export class RedisLink {
  /** The connection commands go over. */
  readonly client: RedisClient;
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
  /** Where Redis is, for messages (the URL without its password), when known. */
  readonly where: string | undefined;
  private readonly ownsClient: boolean;
  private readonly warn: (message: string) => void;
  private subscriber: RedisClient | undefined;
  private readonly channels = new Map<string, Set<MessageHandler>>();
  /** Subscriptions sent to Redis, by channel: resolve once Redis confirmed them. */
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private lastError: string | undefined;
  /** While the command connection is not ready: resolves when it is. */
  private readiness: Promise<void> | undefined;
  private closed = false;
  /** Whether the loss of Redis was reported and its return not yet. */
  private outage = false;

  constructor(options: RedisLinkOptions) {
    const prefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    if (prefix === '' || /[{}]/.test(prefix)) {
      throw new RangeError('RedisLink: keyPrefix must be a non-empty string without braces');
    }
    const timeout = options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
    if (!Number.isInteger(timeout) || timeout <= 0) {
      throw new RangeError('RedisLink: commandTimeoutMs must be a positive integer (milliseconds)');
    }
    this.keyPrefix = prefix;
    this.commandTimeoutMs = timeout;
    this.warn = options.warn ?? ((message) => console.warn(`[mcpkit] ${message}`));
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
      this.where = undefined;
    } else if (typeof options.url === 'string') {
      // Commands are only sent once the connection is ready (see ready()); no per-command retries,
      // and none re-sent after a reconnect: a command reported as failed (a timed-out task
      // creation, say) must not happen later behind the caller's back.
      this.client = new Redis(options.url, { maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false });
      this.ownsClient = true;
      this.where = redacted(options.url);
      this.watchHealth(this.client);
    } else {
      throw new TypeError('RedisLink: pass either url or client');
    }
  }

  /**
   * A key (or channel) of this link: the prefix in braces, then the parts.
   *
   * @example
   * link.key('tasks', 'seq'); // '{mcpkit}:tasks:seq'
   */
  key(...parts: string[]): string {
    return `{${this.keyPrefix}}:${parts.join(':')}`;
  }

  /**
   * Resolves once the command connection is ready and every subscription so
   * far is confirmed; rejects with {@link RedisUnavailableError} after
   * `commandTimeoutMs`. Not needed before use (every command waits for it);
   * useful at start-up to fail early, and in tests.
   *
   * @example
   * await link.ready();
   */
  async ready(): Promise<void> {
    await this.run('connecting', async () => {
      await Promise.all(this.subscribed.values());
    });
  }

  /**
   * Runs `command` on the client once it is ready, within the deadline.
   * Connection failures and timeouts become {@link RedisUnavailableError}
   * (saying `what` was being done); Redis's own errors pass through.
   *
   * @example
   * const value = await link.run('reading the counter', (client) => client.get(link.key('counter')));
   */
  async run<T>(what: string, command: (client: Redis) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.commandTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(this.unavailable(what, `no answer within ${this.commandTimeoutMs} ms`)),
        this.commandTimeoutMs,
      );
    });
    try {
      await Promise.race([this.connected(what), expired]);
      if (Date.now() > deadline) throw this.unavailable(what, `no answer within ${this.commandTimeoutMs} ms`);
      // Both client kinds have the same commands; the single-server type names them.
      return await Promise.race([command(this.client as Redis), expired]);
    } catch (error) {
      if (error instanceof RedisUnavailableError) throw error;
      if (isConnectionError(error)) throw this.unavailable(what, describe(error), error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs a Lua script (by its SHA-1, loading it on first use).
   *
   * @example
   * const count = await link.script('counting', bump, [link.key('count')], []);
   */
  script(what: string, script: LuaScript, keys: readonly string[], args: readonly (string | number)[]) {
    return this.run(what, async (client) => {
      try {
        return (await client.evalsha(script.sha, keys.length, ...keys, ...args)) as unknown;
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return (await client.eval(script.source, keys.length, ...keys, ...args)) as unknown;
      }
    });
  }

  /**
   * Calls `handler` with every message published on `channel` (by any
   * process), over one subscriber connection the link opens on first use.
   * Messages published while that connection is down are lost.
   * Returns the unsubscribe function.
   *
   * @example
   * const stop = link.subscribe(link.key('events'), (message) => console.log(message));
   */
  subscribe(channel: string, handler: (message: string) => void): () => void {
    let handlers = this.channels.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.channels.set(channel, handlers);
      const subscriber = this.subscriberConnection();
      const done = subscriber.subscribe(channel).catch((error: unknown) => {
        this.warn(`Redis: subscribing to ${channel} failed: ${describe(error)}`);
      });
      this.subscribed.set(channel, done);
    }
    // Keyed by a wrapper, so one function may subscribe twice.
    const entry: MessageHandler = (message) => handler(message);
    handlers.add(entry);
    return () => {
      handlers.delete(entry);
      if (handlers.size > 0 || this.channels.get(channel) !== handlers) return;
      this.channels.delete(channel);
      this.subscribed.delete(channel);
      this.subscriber?.unsubscribe(channel).catch(() => {});
    };
  }

  /**
   * Resolves once Redis has confirmed the subscription to `channel` (made with
   * {@link subscribe}), so that every message published from now on reaches
   * it; rejects with {@link RedisUnavailableError} after `commandTimeoutMs`.
   *
   * @example
   * const stop = link.subscribe(channel, onMessage);
   * await link.subscribedTo(channel);
   * const backlog = await link.run('reading the backlog', (client) => client.lrange(key, 0, -1));
   */
  async subscribedTo(channel: string): Promise<void> {
    const pending = this.subscribed.get(channel);
    if (!pending) throw new Error(`RedisLink: not subscribed to ${channel}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            this.unavailable(`subscribing to ${channel}`, `no answer within ${this.commandTimeoutMs} ms`),
          ),
        this.commandTimeoutMs,
      );
    });
    try {
      await Promise.race([pending, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Reports to `warn`, once per outage, that Redis could not be used and what
   * that means (`what`); {@link recovered} ends the outage. For pieces that
   * degrade rather than fail while Redis is away.
   *
   * @example
   * link.run('publishing', (client) => client.publish(channel, message)).then(
   *   () => link.recovered(),
   *   (error) => link.reportOutage('updates reach this process only', error),
   * );
   */
  reportOutage(what: string, error: unknown): void {
    if (this.outage || this.closed) return;
    this.outage = true;
    this.warn(`Redis is unreachable (${describe(error)}): ${what}`);
  }

  /**
   * Ends an outage reported by {@link reportOutage}, saying so once; a no-op
   * when none was reported.
   *
   * @example
   * await link.run('publishing', (client) => client.publish(channel, message));
   * link.recovered();
   */
  recovered(): void {
    if (!this.outage) return;
    this.outage = false;
    this.warn('Redis is reachable again');
  }

  /**
   * Closes the subscriber connection, and the command connection when the
   * link opened it (a client passed in stays open). Commands after it fail.
   *
   * @example
   * process.on('SIGTERM', () => void link.close());
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.channels.clear();
    this.subscribed.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await Promise.all([
      subscriber ? quit(subscriber) : undefined,
      this.ownsClient ? quit(this.client) : undefined,
    ]);
  }

  private subscriberConnection(): RedisClient {
    if (this.closed) throw new Error('RedisLink: closed');
    if (this.subscriber) return this.subscriber;
    // Subscriptions wait out an outage (and are renewed after it) rather than fail.
    const subscriber: RedisClient =
      this.client instanceof Redis
        ? this.client.duplicate({ maxRetriesPerRequest: null })
        : this.client.duplicate();
    this.watchHealth(subscriber);
    let wasReady = false;
    subscriber.on('ready', () => {
      if (wasReady) this.recovered();
      wasReady = true;
    });
    subscriber.on('close', () => {
      if (wasReady) {
        this.reportOutage(
          'this process hears no task changes or change events from other processes until it is back',
          new Error(this.lastError ?? 'the subscriber connection closed'),
        );
      }
    });
    subscriber.on('message', (channel: string, message: string) => {
      const handlers = this.channels.get(channel);
      if (!handlers) return;
      for (const handler of [...handlers]) {
        try {
          handler(message);
        } catch {
          // One broken handler must not stop delivery to the others.
        }
      }
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  /** Keeps the last connection error (for messages) and keeps ioredis from logging it as unhandled. */
  private watchHealth(client: RedisClient): void {
    client.on('error', (error: unknown) => {
      this.lastError = describe(error);
    });
    client.on('ready', () => {
      this.lastError = undefined;
    });
  }

  /**
   * Resolves once the command connection is ready; rejects when it has ended
   * for good. One promise (two listeners) however many commands wait.
   */
  private connected(what: string): Promise<void> {
    const client = this.client;
    if (client.status === 'ready') return Promise.resolve();
    if (this.closed || client.status === 'end') {
      return Promise.reject(this.unavailable(what, 'the connection is closed'));
    }
    if (client.status === 'wait') client.connect().catch(() => {});
    this.readiness ??= new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        client.off('ready', onReady);
        client.off('end', onEnd);
        this.readiness = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => settle();
      const onEnd = () => settle(this.unavailable('connecting', 'the connection is closed'));
      client.on('ready', onReady);
      client.on('end', onEnd);
    });
    return this.readiness;
  }

  private unavailable(what: string, detail: string, cause?: unknown): RedisUnavailableError {
    const last = this.lastError && !detail.includes(this.lastError) ? `; last error: ${this.lastError}` : '';
    return new RedisUnavailableError(what, this.where, `${detail}${last}`, { cause });
  }
}

/** Errors that mean the connection, not the command, failed. */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONN|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE|EAI_)/.test(code))
    return true;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|Command timed out/.test(error.message)
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** The URL as it may be shown: without its password. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

/** Closes a connection, politely if it is up and at once if not. */
async function quit(client: RedisClient): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Fall through to a hard disconnect.
    }
  }
  client.disconnect();
}
