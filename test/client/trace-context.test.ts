/**
 * SEP-414: the client puts the active OpenTelemetry trace context into each
 * request's `_meta`, and a server handler sees it on `ctx.trace`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Context,
  type ContextManager,
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';

const TRACE = createContextKey('test trace');

/** A propagator that writes whatever trace id the active context holds. */
const propagator: TextMapPropagator = {
  inject(ctx: Context, carrier: unknown, setter) {
    const id = ctx.getValue(TRACE);
    if (typeof id === 'string') setter.set(carrier, 'traceparent', `00-${id}-b7ad6b7169203331-01`);
  },
  extract: (ctx) => ctx,
  fields: () => ['traceparent'],
};

/** The smallest context manager that follows async calls, as OpenTelemetry's Node SDK does. */
function asyncContextManager(): ContextManager {
  const storage = new AsyncLocalStorage<Context>();
  return {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable() {
      return this;
    },
    disable() {
      return this;
    },
  };
}

afterAll(() => {
  propagation.disable();
  context.disable();
});

describe('trace context (SEP-414)', () => {
  it('sends the active traceparent and none outside a span', async () => {
    propagation.setGlobalPropagator(propagator);
    context.setGlobalContextManager(asyncContextManager());
    const server = new McpServer({ name: 'trace', version: '1' }, { warn: () => {} });
    const seen: (string | undefined)[] = [];
    server.registerTool('peek', {}, (ctx) => {
      seen.push(ctx.trace.traceparent);
      return { content: [] };
    });
    const running = await serveHttp(server, { port: 0 });
    try {
      const client = await Client.connect(running.url, { warn: () => {} });
      const traced = context.active().setValue(TRACE, '0af7651916cd43dd8448eb211c80319c');
      await context.with(traced, () => client.callTool('peek'));
      await client.callTool('peek');
      await client.close();
      expect(seen).toEqual(['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', undefined]);
    } finally {
      await running.close();
    }
  });
});
