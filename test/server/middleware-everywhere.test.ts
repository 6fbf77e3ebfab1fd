/**
 * One user middleware, one server, every transport and era: the middleware runs at one
 * position (after the serving edge classified the message, around the era's gate and the
 * handler, before the result is encoded), so it sees the same requests, the same result shape
 * and the same refusals over stdio, in-memory and HTTP, on 2026-07-28 and on a 2025-11-25
 * session.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '../../src/entries/client.js';
import { bindingOf, McpServer } from '../../src/entries/server.js';
import { createInMemoryTransportPair, type Middleware, type Transport } from '../../src/entries/session.js';
import { StreamTransport } from '../../src/entries/stdio.js';
import { McpError } from '../../src/protocol/errors.js';

interface Seen {
  method: string;
  era: string;
  result?: string[];
  error?: number;
}

function recordingServer(seen: Seen[]): McpServer {
  const recorder: Middleware = (next) => async (ctx, message) => {
    if (ctx.direction !== 'inbound' || !('id' in message)) return next(ctx, message);
    // Only the feature calls: the handshake differs by era by design (initialize vs server/discover).
    const record = message.method === 'tools/call' || message.method === 'no/such-method';
    const era = bindingOf(ctx).era;
    try {
      const result = await next(ctx, message);
      if (record) seen.push({ method: message.method, era, result: Object.keys(result ?? {}).sort() });
      return result;
    } catch (error) {
      if (record) seen.push({ method: message.method, era, error: (error as McpError).code });
      throw error;
    }
  };
  const server = new McpServer({ name: 'middleware-test', version: '1.0.0' }, { middleware: [recorder] });
  server.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  return server;
}

type Connect = (server: McpServer, version: string) => Promise<Client>;

const transports: Record<string, Connect> = {
  stdio: async (server, version) => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    await server.connect(new StreamTransport(toServer, toClient));
    return Client.connect(new StreamTransport(toClient, toServer) as Transport, { protocolVersion: version });
  },
  'in-memory': async (server, version) => {
    const [clientSide, serverSide] = createInMemoryTransportPair();
    await server.connect(serverSide);
    return Client.connect(clientSide, { protocolVersion: version });
  },
  http: (server, version) =>
    Client.connect('http://localhost/mcp', {
      protocolVersion: version,
      fetch: (input, init) => server.fetch(new Request(input, init)),
    }),
};

async function runCalls(client: Client): Promise<void> {
  const echoed = await client.callTool('echo', { text: 'hi' });
  expect(echoed.content).toEqual([{ type: 'text', text: 'hi' }]);
  // Refused by the gate: tools/call without a name (params invalid in both eras), which the
  // typed client would not let through on its own.
  // @ts-expect-error: params invalid on purpose
  await expect(client.request('tools/call', {})).rejects.toMatchObject({ code: -32602 });
  // Refused by the gate: a method the server does not have.
  await expect(client.request('no/such-method', {})).rejects.toBeInstanceOf(McpError);
}

describe('user middleware sees one view on every transport and era', () => {
  const eras = { '2026-07-28': 'modern', '2025-11-25': 'legacy' } as const;
  for (const [version, era] of Object.entries(eras)) {
    for (const [name, connect] of Object.entries(transports)) {
      it(`${name}, ${version}`, async () => {
        const seen: Seen[] = [];
        const server = recordingServer(seen);
        const client = await connect(server, version);
        try {
          await runCalls(client);
        } finally {
          await client.close();
          server.close();
        }
        expect(seen).toEqual([
          // The handler's result as returned: no resultType, no _meta (the codec adds those after).
          { method: 'tools/call', era, result: ['content'] },
          { method: 'tools/call', era, error: -32602 },
          { method: 'no/such-method', era, error: -32601 },
        ]);
      });
    }
  }
});
