/**
 * `ClientOptions.middleware` on both eras: it runs around every request the client sends,
 * outermost first, sees the server's result or error, and can refuse a request before it leaves.
 */
import { describe, expect, it } from 'vitest';
import { McpError } from '../../src/entries/protocol.js';
import { McpServer } from '../../src/entries/server.js';
import type { Middleware } from '../../src/entries/session.js';
import { connectInMemory } from '../../src/entries/testing.js';

function countingServer() {
  const calls = { count: 0 };
  const server = new McpServer({ name: 'counting', version: '1' });
  server.registerTool('count', {}, () => {
    calls.count++;
    return { content: [{ type: 'text', text: String(calls.count) }] };
  });
  return { server, calls };
}

describe.each(['2026-07-28', '2025-11-25'])('client middleware on %s', (protocolVersion) => {
  it('runs outermost first around each outbound request and sees its result', async () => {
    const trail: string[] = [];
    const step =
      (name: string): Middleware =>
      (next) =>
      async (ctx, message) => {
        if (ctx.direction !== 'outbound' || message.method !== 'tools/call') return next(ctx, message);
        trail.push(`${name} > ${message.method}`);
        const result = await next(ctx, message);
        trail.push(`${name} < ${JSON.stringify(result?.content)}`);
        return result;
      };
    const { server } = countingServer();
    const { client, close } = await connectInMemory(server, {
      protocolVersion,
      client: { middleware: [step('outer'), step('inner')] },
    });
    await client.callTool('count', {});
    expect(trail).toEqual([
      'outer > tools/call',
      'inner > tools/call',
      'inner < [{"type":"text","text":"1"}]',
      'outer < [{"type":"text","text":"1"}]',
    ]);
    await close();
  });

  it('refuses a request before it is sent when a middleware throws', async () => {
    const readOnly: Middleware = (next) => (ctx, message) => {
      if (ctx.direction === 'outbound' && message.method === 'tools/call')
        throw new Error(`This client is read-only: ${message.method} refused`);
      return next(ctx, message);
    };
    const { server, calls } = countingServer();
    const { client, close } = await connectInMemory(server, {
      protocolVersion,
      client: { middleware: [readOnly] },
    });
    await expect(client.callTool('count', {})).rejects.toThrow(
      'This client is read-only: tools/call refused',
    );
    expect(calls.count).toBe(0);
    expect((await client.listAllTools()).map((tool) => tool.name)).toEqual(['count']);
    await close();
  });

  it("sees the server's error as a thrown McpError", async () => {
    const errors: unknown[] = [];
    const catcher: Middleware = (next) => async (ctx, message) => {
      try {
        return await next(ctx, message);
      } catch (error) {
        errors.push(error);
        throw error;
      }
    };
    const { server } = countingServer();
    const { client, close } = await connectInMemory(server, {
      protocolVersion,
      client: { middleware: [catcher] },
    });
    await expect(client.request('prompts/get', { name: 'missing' })).rejects.toThrow(McpError);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(McpError);
    await close();
  });
});
