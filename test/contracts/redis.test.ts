/**
 * The store and bus contracts (tasks, events, task control, DPoP replay, rate limits, 2025 sessions) against Redis: a redis-server of this file's
 * own (free port, nothing on disk), two links per test as two processes would
 * hold them, and a fresh key prefix per test so tests share no state.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { RedisDpopReplayStore } from '../../src/redis/dpop-replay.js';
import { RedisEventBus } from '../../src/redis/event-bus.js';
import { RedisLink } from '../../src/redis/link.js';
import { RedisRateLimitStore } from '../../src/redis/rate-limit-store.js';
import { RedisLegacySessionStore } from '../../src/redis/session-store.js';
import { RedisTaskControlBus } from '../../src/redis/task-control-bus.js';
import { RedisTaskStore } from '../../src/redis/task-store.js';
import { describeWithRedis, type RedisServerProcess, startRedisServer } from '../helpers/redis-server.js';
import { eventBusContract } from './event-bus.contract.js';
import { dpopReplayStoreContract, rateLimitStoreContract } from './limit-stores.contract.js';
import { sessionStoreContract } from './session-store.contract.js';
import { taskControlBusContract } from './task-control-bus.contract.js';
import { taskStoreContract } from './task-store.contract.js';

let prefixes = 0;

describeWithRedis('Redis contracts', () => {
  let redis: RedisServerProcess;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** Two links on one prefix: two processes sharing state. */
  async function links() {
    const keyPrefix = `contract-${process.pid}-${++prefixes}`;
    const pair = [0, 1].map(() => new RedisLink({ url: redis.url, keyPrefix, warn: () => {} }));
    return pair;
  }

  describe('RedisTaskStore (contract)', () => {
    taskStoreContract(async (limits) => {
      const pair = await links();
      const stores = pair.map((link) => new RedisTaskStore(link, limits));
      await Promise.all(pair.map((link) => link.ready()));
      return {
        stores,
        now: () => Date.now(),
        elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        close: async () => {
          await Promise.all(pair.map((link) => link.close()));
        },
      };
    });
  });

  describe('RedisLegacySessionStore (contract)', () => {
    sessionStoreContract(async () => {
      const pair = await links();
      const stores = pair.map((link) => new RedisLegacySessionStore(link));
      await Promise.all(pair.map((link) => link.ready()));
      return {
        stores,
        logs: (sessionId) => [stores[0]!.eventLog(sessionId), stores[1]!.eventLog(sessionId)],
        close: async () => {
          await Promise.all(pair.map((link) => link.close()));
        },
      };
    });
  });

  describe('RedisEventBus (contract)', () => {
    eventBusContract(async () => {
      const pair = await links();
      const buses = pair.map((link) => new RedisEventBus(link));
      await Promise.all(pair.map((link) => link.ready()));
      return {
        buses,
        close: async () => {
          await Promise.all(pair.map((link) => link.close()));
        },
      };
    });
  });

  describe('RedisDpopReplayStore (contract)', () => {
    dpopReplayStoreContract(async () => {
      const pair = await links();
      return {
        stores: pair.map((link) => new RedisDpopReplayStore(link)),
        close: async () => {
          await Promise.all(pair.map((link) => link.close()));
        },
      };
    });
  });

  describe('RedisRateLimitStore (contract)', () => {
    rateLimitStoreContract(async () => {
      const pair = await links();
      return {
        stores: pair.map((link) => new RedisRateLimitStore(link)),
        close: async () => {
          await Promise.all(pair.map((link) => link.close()));
        },
      };
    });
  });

  describe('RedisTaskControlBus (contract)', () => {
    taskControlBusContract(async () => {
      const pair = await links();
      const buses = pair.map((link) => new RedisTaskControlBus(link));
      await Promise.all(pair.map((link) => link.ready()));
      return {
        buses,
        close: async () => {
          await Promise.all(pair.map((link) => link.close()));
        },
      };
    });
  });
});
