import { describe, expect, it } from 'vitest';
import { Cancellation } from './cancellation.js';
import { Dispatcher } from './dispatcher.js';

describe('Cancellation', () => {
  it('reports an abort without a signal, and a signal asked for afterwards is already aborted with the reason', () => {
    const cancellation = new Cancellation();
    expect(cancellation.aborted).toBe(false);
    const reason = new Error('gone');
    cancellation.abort(reason);
    cancellation.abort(new Error('second abort is ignored'));
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.signal.aborted).toBe(true);
    expect(cancellation.signal.reason).toBe(reason);
  });

  it('runs its hook once, on the first request for the signal', () => {
    let calls = 0;
    const cancellation = new Cancellation(() => calls++);
    expect(calls).toBe(0);
    const first = cancellation.signal;
    expect(cancellation.signal).toBe(first);
    expect(calls).toBe(1);
  });

  it('reaches a handler through the dispatcher: its ctx.signal aborts when the request is cancelled', async () => {
    const dispatcher = new Dispatcher();
    const cancellation = new Cancellation();
    dispatcher.setRequestHandler(
      'slow',
      (_params, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => resolve({ cancelled: String(ctx.signal.reason) }));
          cancellation.abort('stop');
        }),
    );
    const response = await dispatcher.handleRequest(
      { jsonrpc: '2.0', id: 1, method: 'slow', params: {} },
      { notify: async () => {} },
      cancellation,
    );
    expect(response).toEqual({ jsonrpc: '2.0', id: 1, result: { cancelled: 'stop' } });
  });
});
