/**
 * The session engine through the real newline-delimited stream transport:
 * what a stdio connection does with good and bad peers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Middleware, ProgressUpdate } from '../src/entries/session.js';
import { ProtocolViolationError } from '../src/entries/session.js';
import {
  CapacityExceededError,
  ConnectionClosedError,
  ErrorCode,
  InvalidParamsError,
  McpError,
  MethodNotFoundError,
  RequestCancelledError,
  RequestTimeoutError,
} from '../src/protocol/errors.js';
import { delay, rawServer, type StreamPair, streamPair, until } from './helpers/stream-pair.js';

let pair: StreamPair | undefined;
afterEach(async () => {
  await pair?.client.close();
  await pair?.server.close();
  pair = undefined;
});

async function started(options?: Parameters<typeof streamPair>[0]): Promise<StreamPair> {
  pair = streamPair(options);
  return pair;
}

describe('requests and responses', () => {
  it('answers a request with the handler result', async () => {
    const { client, server } = await started();
    server.dispatcher.setRequestHandler('echo', (params) => ({ echoed: params.text }));
    await server.start();
    await client.start();
    await expect(client.request('echo', { text: 'hello' })).resolves.toEqual({ echoed: 'hello' });
  });

  it('maps handler errors to typed errors on the caller side', async () => {
    const { client, server } = await started();
    server.dispatcher.setRequestHandler('strict', () => {
      throw new InvalidParamsError('city must not be empty', { field: 'city' });
    });
    server.dispatcher.setRequestHandler('broken', () => {
      throw new Error('database unavailable');
    });
    await server.start();
    await client.start();
    const strict = client.request('strict', {});
    await expect(strict).rejects.toBeInstanceOf(InvalidParamsError);
    await expect(strict).rejects.toMatchObject({ data: { field: 'city' } });
    await expect(client.request('broken', {})).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: 'database unavailable',
    });
    await expect(client.request('nope', {})).rejects.toBeInstanceOf(MethodNotFoundError);
  });

  it('answers many concurrent requests out of order, each with its own result', async () => {
    const { client, server } = await started();
    server.dispatcher.setRequestHandler('slow-square', async (params) => {
      const n = params.n as number;
      await delay((n * 7919) % 23);
      return { square: n * n };
    });
    await server.start();
    await client.start();
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        client.request('slow-square', { n }).then((result) => {
          order.push(n);
          return result.square;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 300 }, (_, n) => n * n));
    // They really did complete out of order.
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });
});

describe('timeouts and cancellation', () => {
  it('times out a request and cancels it at the peer', async () => {
    const { client, server } = await started();
    let handlerSignal: AbortSignal | undefined;
    server.dispatcher.setRequestHandler('hang', (_params, ctx) => {
      handlerSignal = ctx.signal;
      return new Promise(() => {});
    });
    await server.start();
    await client.start();
    const started_ = Date.now();
    const error = await client.request('hang', {}, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).message).toContain('hang timed out after 50 ms');
    expect(Date.now() - started_).toBeGreaterThanOrEqual(45);
    await until(() => handlerSignal?.aborted === true);
  });

  it('cancels a request from the caller through its AbortSignal, and the handler sees it', async () => {
    const { client, server } = await started();
    let observedReason: unknown;
    let finished = false;
    server.dispatcher.setRequestHandler('work', (_params, ctx) => {
      return new Promise((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          observedReason = ctx.signal.reason;
          // A handler that still returns after cancellation must not produce a response.
          resolve({ late: true });
          finished = true;
        });
      });
    });
    await server.start();
    await client.start();
    const controller = new AbortController();
    const call = client.request('work', {}, { signal: controller.signal });
    await delay(20);
    controller.abort('user pressed stop');
    await expect(call).rejects.toBeInstanceOf(RequestCancelledError);
    await until(() => finished);
    expect(String((observedReason as Error).message)).toBe('user pressed stop');
    await delay(20);
    expect(pair!.clientErrors).toEqual([]); // No late response reached the client.
  });

  it('cancels in the other direction: the server cancels a request it sent the client', async () => {
    const { client, server } = await started();
    let clientSawAbort = false;
    client.dispatcher.setRequestHandler('roots/list', (_params, ctx) => {
      return new Promise((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          clientSawAbort = true;
          resolve({ roots: [] });
        });
      });
    });
    let outcome: unknown;
    server.dispatcher.setRequestHandler('tools/call', async (_params, ctx) => {
      const controller = new AbortController();
      const asked = ctx.sendRequest('roots/list', {}, { signal: controller.signal });
      setTimeout(() => controller.abort('no longer needed'), 20);
      outcome = await asked.catch((e: unknown) => e);
      return { content: [{ type: 'text', text: 'done' }] };
    });
    await server.start();
    await client.start();
    await expect(client.request('tools/call', {})).resolves.toEqual({
      content: [{ type: 'text', text: 'done' }],
    });
    expect(outcome).toBeInstanceOf(RequestCancelledError);
    await until(() => clientSawAbort);
  });

  it('rejects a request whose signal was aborted before sending, without sending it', async () => {
    const { client, server } = await started();
    let calls = 0;
    server.dispatcher.setRequestHandler('count', () => ({ n: ++calls }));
    await server.start();
    await client.start();
    await expect(client.request('count', {}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      RequestCancelledError,
    );
    await expect(client.request('count', {})).resolves.toEqual({ n: 1 });
  });
});

describe('progress', () => {
  it('delivers progress updates to the caller in order, before the result', async () => {
    const { client, server } = await started();
    server.dispatcher.setRequestHandler('download', async (_params, ctx) => {
      await ctx.sendProgress(1, 3, 'first');
      await ctx.sendProgress(2, 3);
      await ctx.sendProgress(3, 3, 'done');
      return { ok: true };
    });
    await server.start();
    await client.start();
    const updates: ProgressUpdate[] = [];
    const result = await client.request('download', {}, { onProgress: (update) => updates.push(update) });
    expect(result).toEqual({ ok: true });
    expect(updates).toEqual([
      { progress: 1, total: 3, message: 'first' },
      { progress: 2, total: 3 },
      { progress: 3, total: 3, message: 'done' },
    ]);
  });

  it('sends no progress when the caller did not ask, and refuses progress that does not increase', async () => {
    const { client, server } = await started();
    const seen: string[] = [];
    client.dispatcher.setNotificationHandler('notifications/progress', () => {
      seen.push('progress');
    });
    server.dispatcher.setRequestHandler('quiet', async (_params, ctx) => {
      await ctx.sendProgress(1);
      return {};
    });
    server.dispatcher.setRequestHandler('backwards', async (_params, ctx) => {
      await ctx.sendProgress(5);
      await ctx.sendProgress(4);
      return {};
    });
    await server.start();
    await client.start();
    await client.request('quiet', {});
    expect(seen).toEqual([]);
    await expect(client.request('backwards', {}, { onProgress: () => {} })).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: expect.stringContaining('Progress must increase'),
    });
  });

  it('keeps a slow request alive while progress arrives when asked to', async () => {
    const { client, server } = await started();
    server.dispatcher.setRequestHandler('long', async (_params, ctx) => {
      for (let i = 1; i <= 5; i++) {
        await delay(30);
        await ctx.sendProgress(i);
      }
      return { finished: true };
    });
    await server.start();
    await client.start();
    await expect(
      client.request('long', {}, { timeoutMs: 80, resetTimeoutOnProgress: true, onProgress: () => {} }),
    ).resolves.toEqual({ finished: true });
    await expect(
      client.request(
        'long',
        {},
        { timeoutMs: 80, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 90, onProgress: () => {} },
      ),
    ).rejects.toBeInstanceOf(RequestTimeoutError);
  });
});

describe('bad input from the peer', () => {
  it('answers malformed JSON with -32700 and keeps serving', async () => {
    const raw = rawServer();
    raw.peer.dispatcher.setRequestHandler('ping', () => ({}));
    await raw.peer.start();
    raw.writeLine('{"jsonrpc": "2.0", "id": 1, "method": ');
    raw.writeLine('{"jsonrpc":"2.0","id":2,"method":"ping"}');
    const replies = await raw.waitForReplies(2);
    expect(replies[0]).toMatchObject({ jsonrpc: '2.0', error: { code: ErrorCode.ParseError } });
    expect(replies[0]).not.toHaveProperty('id');
    expect(replies[1]).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
    expect(raw.errors[0]).toBeInstanceOf(ProtocolViolationError);
    await raw.peer.close();
  });

  it('answers a wrong jsonrpc version with -32600 and the request id', async () => {
    const raw = rawServer();
    await raw.peer.start();
    raw.writeLine('{"jsonrpc":"1.0","id":7,"method":"ping"}');
    const [reply] = await raw.waitForReplies(1);
    expect(reply).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: ErrorCode.InvalidRequest } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/jsonrpc/);
    await raw.peer.close();
  });

  it('reports a response to an unknown id and carries on', async () => {
    const raw = rawServer();
    raw.peer.dispatcher.setRequestHandler('ping', () => ({}));
    await raw.peer.start();
    raw.writeLine('{"jsonrpc":"2.0","id":999,"result":{}}');
    raw.writeLine('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    const replies = await raw.waitForReplies(1);
    expect(replies).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
    expect(raw.errors).toHaveLength(1);
    expect(raw.errors[0]!.message).toContain('999');
    await raw.peer.close();
  });

  it('skips a message over the size limit, answers -32600, and reads the next one', async () => {
    const raw = rawServer({ transport: { maxMessageBytes: 1024 } });
    raw.peer.dispatcher.setRequestHandler('ping', () => ({}));
    await raw.peer.start();
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(5000) } });
    // Split it across writes, as a pipe would.
    raw.input.write(huge.slice(0, 700));
    raw.input.write(huge.slice(700, 3000));
    raw.input.write(`${huge.slice(3000)}\n`);
    raw.writeLine('{"jsonrpc":"2.0","id":2,"method":"ping"}');
    const replies = await raw.waitForReplies(2);
    expect(replies[0]).toMatchObject({
      error: {
        code: ErrorCode.InvalidRequest,
        message: expect.stringContaining('exceeds the limit of 1024 bytes'),
      },
    });
    expect(replies[1]).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
    await raw.peer.close();
  });

  it('refuses a second request with an id still in flight', async () => {
    const raw = rawServer();
    raw.peer.dispatcher.setRequestHandler('wait', () => delay(100).then(() => ({})));
    await raw.peer.start();
    raw.writeLine('{"jsonrpc":"2.0","id":"a","method":"wait"}');
    raw.writeLine('{"jsonrpc":"2.0","id":"a","method":"wait"}');
    const replies = await raw.waitForReplies(2);
    expect(replies[0]).toMatchObject({ id: 'a', error: { code: ErrorCode.InvalidRequest } });
    expect(replies[1]).toEqual({ jsonrpc: '2.0', id: 'a', result: {} });
    await raw.peer.close();
  });

  it('accepts lines split across chunks and CRLF endings', async () => {
    const raw = rawServer();
    raw.peer.dispatcher.setRequestHandler('ping', () => ({}));
    await raw.peer.start();
    raw.input.write('{"jsonrpc":"2.0",');
    raw.input.write('"id":1,"method":"ping"}\r\n\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    expect(await raw.waitForReplies(2)).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
    await raw.peer.close();
  });
});

describe('closing and disconnects', () => {
  it('rejects requests in flight with a clear error when the peer disconnects mid-request', async () => {
    const { client, server, toServer, toClient } = await started();
    let serverSignal: AbortSignal | undefined;
    server.dispatcher.setRequestHandler('hang', (_params, ctx) => {
      serverSignal = ctx.signal;
      return new Promise(() => {});
    });
    await server.start();
    await client.start();
    const call = client.request('hang', {});
    await until(() => serverSignal !== undefined);
    // The server process goes away: its output ends, and so does what it reads.
    toClient.end();
    toServer.end();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toContain('closed before hang was answered');
    await until(() => serverSignal!.aborted);
    await expect(client.request('hang', {})).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('close() rejects waiting requests and later sends', async () => {
    const { client, server } = await started();
    server.dispatcher.setRequestHandler('hang', () => new Promise(() => {}));
    await server.start();
    await client.start();
    const call = client.request('hang', {});
    await delay(10);
    await client.close();
    await expect(call).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(client.notify('notifications/anything')).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(await client.closed).toBeUndefined();
  });

  it('bounds the requests waiting for answers', async () => {
    const { client, server } = await started({ client: { maxPendingRequests: 2 } });
    server.dispatcher.setRequestHandler('hang', () => new Promise(() => {}));
    await server.start();
    await client.start();
    void client.request('hang', {}).catch(() => {});
    void client.request('hang', {}).catch(() => {});
    await expect(client.request('hang', {})).rejects.toBeInstanceOf(CapacityExceededError);
  });

  it('bounds the requests served at once', async () => {
    const { client, server } = await started({ server: { maxInFlightRequests: 1 } });
    server.dispatcher.setRequestHandler('hang', () => delay(100).then(() => ({ ok: true })));
    await server.start();
    await client.start();
    const first = client.request('hang', {});
    const second = client.request('hang', {});
    await expect(second).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: expect.stringContaining('Too many requests'),
    });
    await expect(first).resolves.toEqual({ ok: true });
  });
});

describe('messages JSON cannot carry', () => {
  it('reports an answer that cannot be serialized and keeps answering the requests sent with it', async () => {
    const raw = rawServer();
    raw.peer.dispatcher.setRequestHandler('big', () => ({ n: 1n }) as unknown as Record<string, unknown>);
    raw.peer.dispatcher.setRequestHandler('ok', () => ({ fine: true }));
    await raw.peer.start();
    // One chunk: both answers are sent in the same tick and would share one write.
    raw.input.write('{"jsonrpc":"2.0","id":1,"method":"big"}\n{"jsonrpc":"2.0","id":2,"method":"ok"}\n');
    await until(() => raw.errors.length > 0);
    expect(raw.errors[0]).toBeInstanceOf(TypeError);
    expect(raw.errors[0]!.message).toMatch(/BigInt/i);
    raw.writeLine('{"jsonrpc":"2.0","id":3,"method":"ok"}');
    const replies = await raw.waitForReplies(2);
    expect(replies).toEqual([
      { jsonrpc: '2.0', id: 2, result: { fine: true } },
      { jsonrpc: '2.0', id: 3, result: { fine: true } },
    ]);
    await raw.peer.close();
  });

  it('rejects a request whose params cannot be serialized, and forgets it', async () => {
    // One request may wait at a time: a forgotten entry would refuse the next request.
    const { client, server } = await started({ client: { maxPendingRequests: 1 } });
    server.dispatcher.setRequestHandler('ok', () => ({ fine: true }));
    await server.start();
    await client.start();
    const failed = client.request('ok', { n: 1n } as unknown as Record<string, unknown>);
    await expect(failed).rejects.toBeInstanceOf(TypeError);
    await expect(client.request('ok', {})).resolves.toEqual({ fine: true });
  });
});

describe('a destroyed output stream', () => {
  it('rejects sends with ConnectionClosedError instead of claiming they were written', async () => {
    const { client, server, toServer } = await started();
    await server.start();
    await client.start();
    toServer.destroy();
    await expect(client.notify('notifications/anything')).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(client.request('ping', {})).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});

describe('middleware', () => {
  it('runs the same middleware shape on inbound and outbound messages, in order', async () => {
    const trail: string[] = [];
    const tag =
      (name: string): Middleware =>
      (next) =>
      async (ctx, message) => {
        trail.push(`${name}>${ctx.direction}:${message.method}`);
        const result = await next(ctx, message);
        trail.push(`${name}<${ctx.direction}:${message.method}`);
        return result;
      };
    const { client, server } = await started({
      client: { outboundMiddleware: [tag('c1'), tag('c2')] },
      server: { middleware: [tag('s1')] },
    });
    server.dispatcher.setRequestHandler('hello', () => ({ hi: true }));
    await server.start();
    await client.start();
    await client.request('hello', {});
    expect(trail).toEqual([
      'c1>outbound:hello',
      'c2>outbound:hello',
      's1>inbound:hello',
      's1<inbound:hello',
      'c2<outbound:hello',
      'c1<outbound:hello',
    ]);
  });

  it('lets inbound middleware refuse a request with an MCP error', async () => {
    const deny: Middleware = (next) => async (ctx, message) => {
      if (message.method === 'admin/reset') throw new McpError(-32001, 'Forbidden');
      return next(ctx, message);
    };
    const { client, server } = await started({ server: { middleware: [deny] } });
    server.dispatcher.setRequestHandler('admin/reset', () => ({}));
    await server.start();
    await client.start();
    await expect(client.request('admin/reset', {})).rejects.toMatchObject({
      code: -32001,
      message: 'Forbidden',
    });
  });
});
