/**
 * The error hook: every exception a handler or middleware throws reaches
 * `onError` with its stack and the request it broke, while the client reads
 * no internal message (unless the error is an McpError or the server opts in).
 * Driven by mcpkit's Client over an in-memory connection, on both eras.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { serveHttp } from '../../src/entries/node.js';
import { InvalidParamsError } from '../../src/entries/protocol.js';
import {
  type HandlerErrorContext,
  McpServer,
  type McpServerOptions,
  thrownBy,
  toolError,
} from '../../src/entries/server.js';
import { createInMemoryTransportPair } from '../../src/entries/session.js';

interface Reported {
  error: Error;
  where: HandlerErrorContext;
}

const ERAS = [
  ['2026-07-28', 'modern'],
  ['2025-11-25', 'legacy'],
] as const;

function failingServer(reported: Reported[], options: McpServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: 'failing', version: '1' },
    { warn: () => {}, onError: (error, where) => reported.push({ error, where }), ...options },
  );
  server.registerTool('lookup', {}, () => {
    const db = undefined as unknown as { query(): string };
    return { content: [{ type: 'text', text: db.query() }] };
  });
  server.registerTool('refuse', {}, () => {
    throw new InvalidParamsError('city must not be empty');
  });
  server.registerTool('politely', {}, () => toolError('No such city'));
  server.registerResource('log', 'file:///var/log/app.log', {}, () => {
    throw new Error('disk on fire');
  });
  server.registerPrompt('review', {}, () => {
    throw new Error('prompt store at 10.0.0.7 unreachable');
  });
  return server;
}

async function connected(server: McpServer, protocolVersion: string): Promise<Client> {
  const [clientSide, serverSide] = createInMemoryTransportPair();
  await server.connect(serverSide);
  return Client.connect(clientSide, { protocolVersion, warn: () => {} });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(ERAS)('the error hook on %s', (protocolVersion, era) => {
  it('receives a tool exception with its stack; the client reads a generic tool error', async () => {
    const reported: Reported[] = [];
    const client = await connected(failingServer(reported), protocolVersion);
    try {
      const result = await client.callTool('lookup');
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([{ type: 'text', text: 'Internal error' }]);
      expect(JSON.stringify(result)).not.toMatch(/query|undefined/);
      expect(reported).toHaveLength(1);
      const [{ error, where }] = reported as [Reported];
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/query/);
      // The stack points at the handler that threw, in this file.
      expect(error.stack).toContain('error-hook.test.ts');
      expect(where).toMatchObject({ method: 'tools/call', target: 'lookup', era, protocolVersion });
      expect(where.requestId).toBeDefined();
    } finally {
      await client.close();
    }
  });

  it('answers a resource or prompt exception with a bare -32603 and reports it', async () => {
    const reported: Reported[] = [];
    const client = await connected(failingServer(reported), protocolVersion);
    try {
      const read = await client.readResource('file:///var/log/app.log').catch((error: unknown) => error);
      expect(read).toMatchObject({ code: -32603, message: 'Internal error' });
      expect(JSON.stringify(read)).not.toContain('disk on fire');
      const prompt = await client.getPrompt('review').catch((error: unknown) => error);
      expect(prompt).toMatchObject({ code: -32603, message: 'Internal error' });
      expect(String((prompt as Error).message)).not.toContain('10.0.0.7');
      expect(
        reported.map(({ error, where }) => [error.message, where.method, where.target, where.era]),
      ).toEqual([
        ['disk on fire', 'resources/read', 'file:///var/log/app.log', era],
        ['prompt store at 10.0.0.7 unreachable', 'prompts/get', 'review', era],
      ]);
      expect(reported[0]?.error.stack).toContain('error-hook.test.ts');
    } finally {
      await client.close();
    }
  });

  it('lets McpErrors and tool error results through unchanged, without calling the hook', async () => {
    const reported: Reported[] = [];
    const client = await connected(failingServer(reported), protocolVersion);
    try {
      await expect(client.callTool('refuse')).rejects.toMatchObject({
        code: -32602,
        message: 'city must not be empty',
      });
      const polite = await client.callTool('politely');
      expect(polite).toMatchObject({ isError: true, content: [{ type: 'text', text: 'No such city' }] });
      expect(reported).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('shows the messages when the server opts in with exposeErrors', async () => {
    const reported: Reported[] = [];
    const client = await connected(failingServer(reported, { exposeErrors: true }), protocolVersion);
    try {
      const result = await client.callTool('lookup');
      expect(result.content).toEqual([{ type: 'text', text: reported[0]?.error.message }]);
      await expect(client.readResource('file:///var/log/app.log')).rejects.toMatchObject({
        code: -32603,
        message: 'disk on fire',
      });
      expect(reported).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('lets middleware reach the exception behind a tool error result', async () => {
    const reported: Reported[] = [];
    const seen: (Error | undefined)[] = [];
    const server = failingServer(reported, {
      middleware: [
        (next) => async (ctx, message) => {
          const result = await next(ctx, message);
          if (message.method === 'tools/call' && result) seen.push(thrownBy(result));
          return result;
        },
      ],
    });
    const client = await connected(server, protocolVersion);
    try {
      const failed = await client.callTool('lookup');
      await client.callTool('politely');
      expect(failed.content).toEqual([{ type: 'text', text: 'Internal error' }]);
      // The same Error object the hook got, stack and all; a returned toolError() carries none.
      expect(seen).toEqual([reported[0]?.error, undefined]);
      expect(seen[0]).toBeInstanceOf(TypeError);
    } finally {
      await client.close();
    }
  });

  it('reports a middleware exception with the request it broke', async () => {
    const reported: Reported[] = [];
    const server = failingServer(reported, {
      middleware: [
        (next) => async (ctx, message) => {
          if (message.method === 'tools/call') throw new Error('rate limiter lost its Redis');
          return next(ctx, message);
        },
      ],
    });
    const client = await connected(server, protocolVersion);
    try {
      await expect(client.callTool('politely')).rejects.toMatchObject({
        code: -32603,
        message: 'Internal error',
      });
      expect(reported).toHaveLength(1);
      expect(reported[0]?.error.message).toBe('rate limiter lost its Redis');
      expect(reported[0]?.where).toMatchObject({ method: 'tools/call', target: 'politely', era });
    } finally {
      await client.close();
    }
  });
});

describe('the error hook and tasks', () => {
  it('receives the exception of a tool running as a task, with the task id', async () => {
    const reported: Reported[] = [];
    const server = new McpServer(
      { name: 'jobs', version: '1' },
      {
        warn: () => {},
        tasks: { pollIntervalMs: 20 },
        onError: (error, where) => reported.push({ error, where }),
      },
    );
    server.registerTool('render', { execution: { taskSupport: 'required' } }, async () => {
      await new Promise((done) => setTimeout(done, 10));
      throw new Error('GPU 3 fell off the bus');
    });
    const client = await connected(server, '2026-07-28');
    try {
      const result = await client.callTool('render');
      expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Internal error' }] });
      expect(JSON.stringify(result)).not.toContain('GPU');
      expect(reported).toHaveLength(1);
      expect(reported[0]?.error.message).toBe('GPU 3 fell off the bus');
      expect(reported[0]?.where).toMatchObject({ method: 'tools/call', target: 'render', era: 'modern' });
      expect(reported[0]?.where.taskId).toEqual(expect.any(String));
    } finally {
      await client.close();
    }
  });

  it('does not report a task handler ending with its task’s cancellation', async () => {
    const reported: Reported[] = [];
    const server = new McpServer(
      { name: 'jobs', version: '1' },
      {
        warn: () => {},
        tasks: { pollIntervalMs: 20 },
        onError: (error, where) => reported.push({ error, where }),
      },
    );
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    let ended!: (reason: unknown) => void;
    const aborted = new Promise((resolve) => {
      ended = resolve;
    });
    server.registerTool('hang', { execution: { taskSupport: 'required' } }, async (ctx) => {
      started();
      // Throws the signal's reason, as `signal.throwIfAborted()` and most abortable APIs do.
      await new Promise((_, reject) =>
        ctx.signal.addEventListener('abort', () => {
          ended(ctx.signal.reason);
          reject(ctx.signal.reason);
        }),
      );
      return { content: [] };
    });
    const client = await connected(server, '2026-07-28');
    try {
      const task = await client.callToolTask('hang');
      await running;
      await task.cancel();
      expect(String(await aborted)).toMatch(/was cancelled/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(reported).toEqual([]);
      task.dispose();
    } finally {
      await client.close();
    }
  });
});

describe.each(ERAS)('the error hook and cancelled requests on %s', (protocolVersion) => {
  it('does not report the abort a cancelled call ends with, but reports a real failure after it', async () => {
    const reported: Reported[] = [];
    const ended: string[] = [];
    const server = new McpServer(
      { name: 'slow', version: '1' },
      { warn: () => {}, onError: (error, where) => reported.push({ error, where }) },
    );
    const aborted = (signal: AbortSignal) =>
      new Promise<never>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError')), {
          once: true,
        }),
      );
    server.registerTool('wait', {}, async (ctx) => {
      try {
        return await aborted(ctx.signal);
      } finally {
        ended.push('wait');
      }
    });
    server.registerTool('wait_then_break', {}, async (ctx) => {
      try {
        await aborted(ctx.signal).catch(() => {});
        throw new TypeError('cleanup failed');
      } finally {
        ended.push('wait_then_break');
      }
    });
    server.registerResource('slow', 'file:///slow', {}, async (_uri, ctx) => {
      try {
        return await aborted(ctx.signal);
      } finally {
        ended.push('slow');
      }
    });
    const client = await connected(server, protocolVersion);
    try {
      const calls = [
        (signal: AbortSignal) => client.callTool('wait', {}, { signal }),
        (signal: AbortSignal) => client.callTool('wait_then_break', {}, { signal }),
        (signal: AbortSignal) => client.readResource('file:///slow', { signal }),
      ];
      for (const call of calls) {
        const controller = new AbortController();
        const pending = call(controller.signal).catch((error: unknown) => error);
        await new Promise((done) => setTimeout(done, 20));
        controller.abort();
        await pending;
      }
      for (let i = 0; i < 100 && ended.length < 3; i++) await new Promise((done) => setTimeout(done, 10));
      await new Promise((done) => setTimeout(done, 20));
      expect(ended.sort()).toEqual(['slow', 'wait', 'wait_then_break']);
      expect(reported.map(({ error, where }) => [where.target, error.message])).toEqual([
        ['wait_then_break', 'cleanup failed'],
      ]);
    } finally {
      await client.close();
    }
  });
});

describe('without an error hook', () => {
  it('prints the failure with its stack on console.error', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = new McpServer({ name: 'plain', version: '1' }, { warn: () => {} });
    server.registerTool('lookup', {}, () => {
      throw new RangeError('shard 7 out of range');
    });
    const client = await connected(server, '2026-07-28');
    try {
      const result = await client.callTool('lookup');
      expect(result.content).toEqual([{ type: 'text', text: 'Internal error' }]);
      expect(printed).toHaveBeenCalledTimes(1);
      const [line, error] = printed.mock.calls[0] as [string, Error];
      expect(line).toContain('tools/call (lookup)');
      expect(error).toBeInstanceOf(RangeError);
      expect(error.stack).toContain('error-hook.test.ts');
    } finally {
      await client.close();
    }
  });

  it('keeps reporting when the hook itself throws, through warn', async () => {
    const warned: string[] = [];
    const server = new McpServer(
      { name: 'plain', version: '1' },
      {
        warn: (message) => warned.push(message),
        onError: () => {
          throw new Error('logger down');
        },
      },
    );
    server.registerTool('lookup', {}, () => {
      throw new Error('boom');
    });
    const client = await connected(server, '2026-07-28');
    try {
      const result = await client.callTool('lookup');
      expect(result.content).toEqual([{ type: 'text', text: 'Internal error' }]);
      expect(warned).toEqual([expect.stringContaining('logger down')]);
    } finally {
      await client.close();
    }
  });
});

describe.each(ERAS)('the error hook and calls cancelled over HTTP on %s', (protocolVersion) => {
  it('does not report a handler that ends with its signal’s reason when the client cancels', async () => {
    const reported: Reported[] = [];
    const ended: unknown[] = [];
    const server = new McpServer(
      { name: 'slow', version: '1' },
      { warn: () => {}, onError: (error, where) => reported.push({ error, where }) },
    );
    // As fetch and most signal-aware APIs do: reject with the signal's reason.
    server.registerTool('wait', {}, async (ctx) => {
      try {
        return await new Promise<never>((_resolve, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }),
        );
      } catch (error) {
        ended.push(error);
        throw error;
      }
    });
    const running = await serveHttp(server, { port: 0 });
    const client = await Client.connect(running.url, { protocolVersion, warn: () => {} });
    try {
      const controller = new AbortController();
      const pending = client
        .callTool('wait', {}, { signal: controller.signal })
        .catch((error: unknown) => error);
      await new Promise((done) => setTimeout(done, 100));
      controller.abort();
      await pending;
      await expect.poll(() => ended.length).toBe(1);
      await new Promise((done) => setTimeout(done, 50));
      expect(reported).toEqual([]);
    } finally {
      await client.close();
      server.close();
      await running.close();
    }
  });
});
