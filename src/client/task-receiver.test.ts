import { describe, expect, it } from 'vitest';
import { McpError } from '../protocol/errors.js';
import { ClientTaskReceiver, MAX_RECEIVED_TASK_TTL_MS } from './task-receiver.js';

const idOf = (created: Record<string, unknown>) => (created.task as { taskId: string }).taskId;

describe('ClientTaskReceiver (the client as receiver of 2025-11-25 tasks)', () => {
  it('answers with a working task, then the result with the related-task marker', async () => {
    const receiver = new ClientTaskReceiver();
    let finish!: () => void;
    const created = receiver.create({ ttl: 5000 }, async () => {
      await new Promise<void>((resolve) => (finish = resolve));
      return { action: 'accept', content: { name: 'Ada' } };
    });
    expect(created.task).toMatchObject({ status: 'working', ttl: 5000, pollInterval: 500 });
    const taskId = idOf(created);
    const result = receiver.result({ taskId });
    expect(receiver.get({ taskId }).status).toBe('working');
    finish();
    expect(await result).toEqual({
      action: 'accept',
      content: { name: 'Ada' },
      _meta: { 'io.modelcontextprotocol/related-task': { taskId } },
    });
    expect(receiver.get({ taskId }).status).toBe('completed');
  });

  it('fails with the handler’s error, grants at most its longest TTL, and refuses unknown ids', async () => {
    const receiver = new ClientTaskReceiver();
    const created = receiver.create({ ttl: 10 ** 12 }, async () => {
      throw new McpError(-32601, 'This client does not answer sampling');
    });
    expect((created.task as { ttl: number }).ttl).toBe(MAX_RECEIVED_TASK_TTL_MS);
    const taskId = idOf(created);
    await expect(receiver.result({ taskId })).rejects.toMatchObject({ code: -32601 });
    expect(receiver.get({ taskId })).toMatchObject({
      status: 'failed',
      statusMessage: 'This client does not answer sampling',
    });
    expect(() => receiver.get({ taskId: 'nope' })).toThrow(/not found/);
  });

  it('cancels a running task (its signal aborts, tasks/result errs) and refuses to cancel it again', async () => {
    const receiver = new ClientTaskReceiver();
    let aborted = false;
    const taskId = idOf(
      receiver.create(
        {},
        (signal) =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason);
            }),
          ),
      ),
    );
    const waiting = receiver.result({ taskId });
    expect(receiver.cancel({ taskId })).toMatchObject({ status: 'cancelled' });
    expect(aborted).toBe(true);
    await expect(waiting).rejects.toMatchObject({ code: -32603, data: { status: 'cancelled' } });
    expect(() => receiver.cancel({ taskId })).toThrow(/already in terminal status 'cancelled'/);
  });

  it('lists tasks a page at a time with an opaque cursor', () => {
    const receiver = new ClientTaskReceiver();
    for (let n = 0; n < 60; n++) receiver.create({}, () => new Promise(() => {}));
    const first = receiver.list({});
    expect((first.tasks as unknown[]).length).toBe(50);
    const second = receiver.list({ cursor: first.nextCursor });
    expect((second.tasks as unknown[]).length).toBe(10);
    expect(second.nextCursor).toBeUndefined();
    expect(() => receiver.list({ cursor: 'bogus' })).toThrow(/unknown cursor/);
    receiver.close();
  });
});

describe('ClientTaskReceiver at capacity', () => {
  it('refuses only new tasks: the server can still read and cancel the running ones', () => {
    const receiver = new ClientTaskReceiver();
    const ids: string[] = [];
    for (let n = 0; n < 1000; n++) ids.push(idOf(receiver.create({}, () => new Promise(() => {}))));
    expect(() => receiver.create({}, () => new Promise(() => {}))).toThrow(/already runs 1000 tasks/);
    expect(receiver.get({ taskId: ids[0] }).status).toBe('working');
    expect(receiver.cancel({ taskId: ids[0] })).toMatchObject({ status: 'cancelled' });
    expect(idOf(receiver.create({}, () => new Promise(() => {})))).toMatch(/-/);
    receiver.close();
  });
});
