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
export { RedisUnavailableError } from '../redis/errors.js';
export { RedisEventBus } from '../redis/event-bus.js';
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
export { RedisTaskStore, type RedisTaskStoreOptions } from '../redis/task-store.js';
