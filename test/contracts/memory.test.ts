/**
 * The store and bus contracts (tasks, events, task control) against the in-memory defaults (one process).
 */
import { describe } from 'vitest';
import { InMemoryEventBus } from '../../src/server/events.js';
import { InMemoryTaskControlBus } from '../../src/server/tasks/control-bus.js';
import { InMemoryTaskStore } from '../../src/server/tasks/memory-store.js';
import { eventBusContract } from './event-bus.contract.js';
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
