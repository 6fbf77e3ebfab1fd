/**
 * The store and bus contracts (tasks, events, task control, DPoP replay, rate limits, 2025 sessions) against the in-memory defaults (one process).
 */
import { describe } from 'vitest';
import { DpopReplayCache } from '../../src/auth/server/dpop-proof.js';
import { InMemoryEventBus } from '../../src/server/events.js';
import { InMemoryLegacySessionStore } from '../../src/server/legacy/session-store.js';
import { InMemoryRateLimitStore } from '../../src/server/rate-limit.js';
import { InMemoryTaskControlBus } from '../../src/server/tasks/control-bus.js';
import { InMemoryTaskStore } from '../../src/server/tasks/memory-store.js';
import { eventBusContract } from './event-bus.contract.js';
import { dpopReplayStoreContract, rateLimitStoreContract } from './limit-stores.contract.js';
import { sessionStoreContract } from './session-store.contract.js';
import { taskControlBusContract } from './task-control-bus.contract.js';
import { taskStoreContract } from './task-store.contract.js';

describe('InMemoryTaskStore (contract)', () => {
  taskStoreContract(async (limits) => {
    let now = Date.UTC(2026, 0, 1);
    const store = new InMemoryTaskStore({ ...limits, now: () => now });
    return {
      stores: [store],
      now: () => now,
      elapse: async (ms) => {
        now += ms;
      },
      close: async () => store.close(),
    };
  });
});

describe('InMemoryEventBus (contract)', () => {
  eventBusContract(async () => ({ buses: [new InMemoryEventBus()], close: async () => {} }));
});

describe('InMemoryTaskControlBus (contract)', () => {
  taskControlBusContract(async () => ({ buses: [new InMemoryTaskControlBus()], close: async () => {} }));
});

describe('DpopReplayCache (contract)', () => {
  dpopReplayStoreContract(async () => {
    const cache = new DpopReplayCache();
    return { stores: [cache, cache], close: async () => {} };
  });
});

describe('InMemoryRateLimitStore (contract)', () => {
  rateLimitStoreContract(async () => {
    const store = new InMemoryRateLimitStore();
    return { stores: [store, store], close: async () => {} };
  });
});

describe('InMemoryLegacySessionStore (contract)', () => {
  sessionStoreContract(async () => {
    const store = new InMemoryLegacySessionStore();
    return {
      stores: [store],
      logs: (sessionId) => {
        const log = store.eventLog(sessionId);
        return [log, log];
      },
      close: async () => {},
    };
  });
});
