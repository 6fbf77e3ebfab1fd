/**
 * `mcpkit/redis`: server state shared through Redis, so several processes
 * serve the same clients. Built on the optional peer dependency ioredis,
 * which only this entry loads.
 *
 * @packageDocumentation
 */
export {
  type RedisBackplane,
  type RedisBackplaneOptions,
  redisBackplane,
} from '../redis/backplane.js';
export { RedisDpopReplayStore } from '../redis/dpop-replay.js';
export { RedisUnavailableError } from '../redis/errors.js';
export { DEFAULT_MERGE_WINDOW_MS, RedisEventBus, type RedisEventBusOptions } from '../redis/event-bus.js';
export {
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_KEY_PREFIX,
  type LuaScript,
  luaScript,
  type RedisClient,
  RedisLink,
  type RedisLinkOptions,
  type RedisTarget,
} from '../redis/link.js';
export { RedisRateLimitStore } from '../redis/rate-limit-store.js';
export { RedisLegacySessionStore, type RedisSessionStoreOptions } from '../redis/session-store.js';
export { RedisEventLog, type RedisEventLogLimits } from '../redis/stream-event-log.js';
export { RedisTaskControlBus } from '../redis/task-control-bus.js';
export {
  DEFAULT_TASK_LEASE_MS,
  type RedisTaskLeaseOptions,
  RedisTaskLeases,
} from '../redis/task-leases.js';
export { RedisTaskStore, type RedisTaskStoreOptions } from '../redis/task-store.js';
