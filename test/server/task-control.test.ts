/**
 * The `tasks.control` option in one process, with the in-memory bus: two
 * McpServers sharing a store and a bus stand for two processes, so a cancel
 * or an update taken by one reaches the handler running in the other; and a
 * 2025-11-25 core task's handler is aborted by a cancel message from elsewhere.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  InMemoryTaskControlBus,
  InMemoryTaskStore,
  McpServer,
  type ServerContext,
  TASKS_EXTENSION,
} from '../../src/entries/server.js';
import { createInMemoryTransportPair } from '../../src/entries/session.js';
import type { JSONRPCMessage } from '../../src/protocol/jsonrpc.js';
import { envelope, rpc } from '../helpers/http-rpc.js';

const withTasks = envelope({ elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } });
const schema = {
  type: 'object' as const,
  properties: { ok: { type: 'boolean' as const } },
  required: ['ok'],
};

function processes() {
  const store = new InMemoryTaskStore();
  const control = new InMemoryTaskControlBus();
  const aborted: unknown[] = [];
  const make = () => {
    const server = new McpServer(
      { name: 'jobs', version: '1' },
      { warn: () => {}, tasks: { store, control, pollIntervalMs: 50 } },
    );
    server.registerTool('hang', { execution: { taskSupport: 'optional' } }, (ctx: ServerContext) => {
      return new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => {
          aborted.push(ctx.signal.reason);
          reject(ctx.signal.reason);
        });
      });
    });
    server.registerTool('confirm', { execution: { taskSupport: 'required' } }, async (ctx: ServerContext) => {
      const answer = await ctx.elicit({ message: 'Go?', requestedSchema: schema });
      return { content: [{ type: 'text', text: `ok=${answer.content?.ok}` }] };
    });
    const send = (method: string, params: Record<string, unknown>) =>
      rpc((request) => server.fetch(request), method, params, { meta: withTasks });
    return { server, send };
  };
  return { a: make(), b: make(), control, aborted };
}

describe('tasks.control (in memory)', () => {
  it('aborts on A the handler of a task cancelled through B', async () => {
    const { a, b, aborted } = processes();
    const taskId = (await a.send('tools/call', { name: 'hang', arguments: {} })).body.result
      ?.taskId as string;
    expect((await b.send('tasks/cancel', { taskId })).body.result).toMatchObject({ resultType: 'complete' });
    await vi.waitFor(() => expect(aborted).toHaveLength(1));
    expect((aborted[0] as Error).name).toBe('TaskCancelledError');
    expect((await a.send('tasks/get', { taskId })).body.result).toMatchObject({ status: 'cancelled' });
  });

  it('hands to the handler on A the answers tasks/update brought to B', async () => {
    const { a, b } = processes();
    const taskId = (await a.send('tools/call', { name: 'confirm', arguments: {} })).body.result
      ?.taskId as string;
    let parked: Record<string, unknown> = {};
    await vi.waitFor(async () => {
      parked = (await b.send('tasks/get', { taskId })).body.result!;
      expect(parked.status).toBe('input_required');
    });
    const [key] = Object.keys(parked.inputRequests as object);
    const ack = await b.send('tasks/update', {
      taskId,
      inputResponses: { [key!]: { action: 'accept', content: { ok: false } } },
    });
    expect(ack.body.result).toMatchObject({ resultType: 'complete' });
    await vi.waitFor(async () => {
      expect((await b.send('tasks/get', { taskId })).body.result).toMatchObject({
        status: 'completed',
        result: { content: [{ text: 'ok=false' }] },
      });
    });
  });

  it('aborts a 2025-11-25 core task’s handler on a cancel message from another process', async () => {
    const { a, control, aborted } = processes();
    const [client, serverSide] = createInMemoryTransportPair();
    await a.server.connect(serverSide);
    const inbox: Record<string, unknown>[] = [];
    await client.start({
      onMessage: (message: JSONRPCMessage) => void inbox.push(message as unknown as Record<string, unknown>),
      onInvalid: () => {},
      onClose: () => {},
    });
    const request = async (id: number, method: string, params: Record<string, unknown>) => {
      await client.send({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage);
      return vi.waitFor(() => {
        const found = inbox.find((m) => m.id === id);
        if (!found) throw new Error('no answer yet');
        return found as { result?: Record<string, unknown> };
      });
    };
    await request(0, 'initialize', {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'raw', version: '1' },
    });
    await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCMessage);
    const created = await request(1, 'tools/call', { name: 'hang', arguments: {}, task: {} });
    const taskId = (created.result?.task as { taskId?: string } | undefined)?.taskId as string;
    await control.publish({ type: 'cancel', taskId });
    await vi.waitFor(() => expect(aborted).toHaveLength(1));
    expect((aborted[0] as Error).name).toBe('TaskCancelledError');
    expect((await request(2, 'tasks/get', { taskId })).result).toMatchObject({ status: 'cancelled' });
    await client.close();
  });
});
