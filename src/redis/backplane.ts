/**
 * The one call that lets several server processes share state through Redis.
 */
import { RedisDpopReplayStore } from './dpop-replay.js';
import { RedisEventBus, type RedisEventBusOptions } from './event-bus.js';
import { RedisLink, type RedisLinkOptions } from './link.js';
import { RedisRateLimitStore } from './rate-limit-store.js';
import { RedisLegacySessionStore, type RedisSessionStoreOptions } from './session-store.js';
import { RedisTaskControlBus } from './task-control-bus.js';
import { type RedisTaskLeaseOptions, RedisTaskLeases } from './task-leases.js';
import { RedisTaskStore, type RedisTaskStoreOptions } from './task-store.js';

/** Options of {@link redisBackplane}: where Redis is, the key prefix, and limits of what is shared. */
export type RedisBackplaneOptions = RedisLinkOptions & {
  /**
   * Limits of the shared task store (counted across every process), and the
   * task leases' timing (`leaseMs`, default 15 000; `reapIntervalMs`, default
   * `leaseMs / 3`).
   */
  tasks?: RedisTaskStoreOptions & RedisTaskLeaseOptions;
  /** The event bus's options (`mergeWindowMs`: how long the same list change from several processes is merged). */
  events?: RedisEventBusOptions;
  /** The 2025 session store's options (`streams`: how long and how much of each request stream is kept). */
  sessions?: RedisSessionStoreOptions;
};

/**
 * What a server needs to share its state with the other processes on the
 * same Redis and key prefix. Hand each piece to the McpServer option of the
 * same name.
 *
 * @example
 * const backplane = redisBackplane({ url: 'redis://localhost:6379' });
 * const server = new McpServer(info, {
 *   eventBus: backplane.eventBus,
 *   tasks: { store: backplane.taskStore, control: backplane.taskControl, leases: backplane.taskLeases },
 *   sessions: { store: backplane.sessions },
 * });
 * // ... on shutdown:
 * await server.close();
 * await backplane.close();
 */
export interface RedisBackplane {
  /** Tasks every process reads and writes (`tasks: { store }`). */
  readonly taskStore: RedisTaskStore;
  /** Carries `tasks/cancel` and `tasks/update` to the process running the handler (`tasks: { control }`). */
  readonly taskControl: RedisTaskControlBus;
  /** Leases and the reaper that fails the tasks of a process that died (`tasks: { leases }`). */
  readonly taskLeases: RedisTaskLeases;
  /** Change events every process's listen streams hear (`eventBus`). */
  readonly eventBus: RedisEventBus;
  /** The DPoP replay memory every process shares (`auth: { dpop: { replay } }`); fails closed. */
  readonly dpopReplay: RedisDpopReplayStore;
  /** Rate-limit counters every process shares (`rateLimit({ store })`); fails closed. */
  readonly rateLimits: RedisRateLimitStore;
  /** 2025-era HTTP sessions every process serves (`sessions: { store }`). */
  readonly sessions: RedisLegacySessionStore;
  /** The connections underneath, for pieces of your own on the same Redis and prefix. */
  readonly link: RedisLink;
  /**
   * Resolves once Redis answers and the subscriptions are in place; rejects
   * with `RedisUnavailableError` after `commandTimeoutMs`. Optional: use it
   * to fail at start-up rather than on the first request.
   */
  ready(): Promise<void>;
  /** Stops the lease timers and closes the backplane's connections (a client you passed stays open). */
  close(): Promise<void>;
}

/**
 * Connects a server to Redis to share state with its other processes: pass a
 * URL (or an `ioredis` client) and, to keep several servers apart on one
 * Redis, a key prefix. Every key is hash-tagged with the prefix
 * (`{prefix}:…`), so on Redis Cluster a server's keys live in one slot and
 * its scripts stay atomic. Needs the optional peer dependency `ioredis` and
 * Redis 6.2 or later. One process needs none of this: the in-memory defaults
 * serve it.
 *
 * Shared: tasks (`tasks/get`, `tasks/list` and task status on listen
 * streams from any process; `tasks/cancel` and `tasks/update` reaching the
 * handler wherever it runs; leases, so a dead process's tasks fail), change
 * events (list changes, resource updates), 2025-era sessions (their state,
 * GET stream, server-to-client answers, cancellation and resumption), the
 * DPoP replay memory and rate-limit counters. See docs/scaling.md.
 *
 * @example
 * import { McpServer } from 'mcpkit/server';
 * import { serveHttp } from 'mcpkit/node';
 * import { redisBackplane } from 'mcpkit/redis';
 *
 * const backplane = redisBackplane({ url: process.env.REDIS_URL ?? 'redis://localhost:6379', keyPrefix: 'jobs' });
 * await backplane.ready();
 * const server = new McpServer({ name: 'jobs', version: '1.0.0' }, {
 *   eventBus: backplane.eventBus,
 *   tasks: { store: backplane.taskStore, control: backplane.taskControl, leases: backplane.taskLeases },
 *   sessions: { store: backplane.sessions },
 *   stateKeys: [process.env.MRTR_KEY!], // the same Multi Round-Trip key in every process (32 bytes, base64)
 * });
 * await serveHttp(server, { port: 3000 });
 */
export function redisBackplane(options: RedisBackplaneOptions): RedisBackplane {
  const link = new RedisLink(options);
  const taskStore = new RedisTaskStore(link, options.tasks);
  const eventBus = new RedisEventBus(link, options.events);
  const taskControl = new RedisTaskControlBus(link);
  const taskLeases = new RedisTaskLeases(link, taskStore, options.tasks);
  const dpopReplay = new RedisDpopReplayStore(link);
  const rateLimits = new RedisRateLimitStore(link);
  const sessions = new RedisLegacySessionStore(link, options.sessions);
  return {
    sessions,
    taskStore,
    taskControl,
    taskLeases,
    eventBus,
    dpopReplay,
    rateLimits,
    link,
    ready: () => link.ready(),
    close: () => {
      taskLeases.stop();
      return link.close();
    },
  };
}
