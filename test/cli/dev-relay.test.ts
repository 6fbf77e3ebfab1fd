/**
 * The relay behind `mcpkit dev`, message by message, with scripted server
 * processes on in-memory transports: what a new process is told, what the
 * host hears, and that every request of the host is answered once.
 */
import { describe, expect, it } from 'vitest';
import { DevRelay } from '../../src/cli/dev/relay.js';
import type { JSONRPCMessage } from '../../src/entries/protocol.js';
import type { Transport } from '../../src/entries/session.js';
import { createInMemoryTransportPair } from '../../src/transport/memory/in-memory.js';

const SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId';
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A message log with a way to wait for the next one that matches. */
class Inbox {
  readonly messages: JSONRPCMessage[] = [];
  private waiters: Array<() => void> = [];

  push(message: JSONRPCMessage): void {
    this.messages.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  }

  async next(
    match: (message: JSONRPCMessage & Record<string, unknown>) => boolean,
  ): Promise<JSONRPCMessage & Record<string, unknown>> {
    const deadline = Date.now() + 5000;
    let seen = 0;
    for (;;) {
      for (; seen < this.messages.length; seen++) {
        const message = this.messages[seen] as JSONRPCMessage & Record<string, unknown>;
        if (match(message)) {
          this.messages.splice(seen, 1);
          return message;
        }
      }
      if (Date.now() > deadline) throw new Error(`No such message in ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

/** One scripted server process: lists what `tools` says, answers what the test tells it to. */
interface FakeServer {
  inbox: Inbox;
  transport: Transport;
  tools: string[];
}

function setup() {
  const [hostEnd, relayHostEnd] = createInMemoryTransportPair();
  const host = new Inbox();
  const servers: FakeServer[] = [];
  let nextTools = ['first'];
  const relay = new DevRelay({
    host: relayHostEnd,
    startServer: () => {
      const [relayEnd, serverEnd] = createInMemoryTransportPair();
      const server: FakeServer = { inbox: new Inbox(), transport: serverEnd, tools: nextTools };
      servers.push(server);
      void serverEnd.start({
        onMessage: (message) => {
          const request = message as { id?: string | number; method?: string };
          // Lists and the replayed handshake are answered at once; everything else is the test's.
          const result = answerOf(request.method, server.tools);
          if (result && request.id !== undefined) {
            void serverEnd.send({ jsonrpc: '2.0', id: request.id, result });
            if (request.method !== 'initialize' || String(request.id).startsWith('mcpkit-dev')) return;
          }
          server.inbox.push(message);
        },
        onInvalid() {},
        onClose() {},
      });
      return relayEnd;
    },
    report: () => {},
  });
  void hostEnd.start({ onMessage: (message) => host.push(message), onInvalid() {}, onClose() {} });
  return {
    relay,
    host,
    servers,
    send: (message: Record<string, unknown>) =>
      hostEnd.send({ jsonrpc: '2.0', ...message } as JSONRPCMessage),
    setTools: (tools: string[]) => {
      nextTools = tools;
    },
  };
}

function answerOf(method: string | undefined, tools: string[]): Record<string, unknown> | undefined {
  switch (method) {
    case 'initialize':
      return {
        protocolVersion: '2025-11-25',
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: 'fake', version: '1' },
      };
    case 'server/discover':
      return { supportedVersions: ['2026-07-28'], capabilities: { tools: { listChanged: true } } };
    case 'tools/list':
      return { tools: tools.map((name) => ({ name, inputSchema: { type: 'object' } })) };
    case 'prompts/list':
    case 'resources/list':
    case 'resources/templates/list':
      return { prompts: [], resources: [], resourceTemplates: [] };
    case 'logging/setLevel':
    case 'resources/subscribe':
      return {};
    default:
      return undefined;
  }
}

describe('DevRelay', () => {
  it('2025: replays the session, cancels the old process questions, announces the new tool', async () => {
    const { relay, host, servers, send, setTools } = setup();
    await relay.start();
    await send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'h', version: '1' } },
    });
    expect(await host.next((m) => m.id === 1)).toMatchObject({ result: { protocolVersion: '2025-11-25' } });
    await send({ method: 'notifications/initialized' });
    await send({ id: 2, method: 'logging/setLevel', params: { level: 'debug' } });
    await send({ id: 3, method: 'resources/subscribe', params: { uri: 'file:///a' } });
    await host.next((m) => m.id === 3);

    // The server asks the host something: the host sees the relay's id, not the server's 7.
    const first = servers[0]!;
    await first.transport.send({
      jsonrpc: '2.0',
      id: 7,
      method: 'elicitation/create',
      params: { message: 'Name?' },
    });
    const question = await host.next((m) => m.method === 'elicitation/create');
    expect(question.id).not.toBe(7);
    // A call in flight.
    await send({ id: 4, method: 'tools/call', params: { name: 'first' } });
    await first.inbox.next((m) => m.id === 4);

    setTools(['first', 'second']);
    await relay.restart();
    expect(await host.next((m) => m.id === 4)).toMatchObject({
      error: { code: -32603, message: expect.stringMatching(/restarted/) },
    });
    expect(await host.next((m) => m.method === 'notifications/cancelled')).toMatchObject({
      params: { requestId: question.id },
    });

    const second = servers[1]!;
    await second.inbox.next((m) => m.method === 'notifications/initialized');
    expect(await host.next((m) => m.method === 'notifications/tools/list_changed')).toBeDefined();
    // The host's late answer to the old process's question goes nowhere.
    await send({ id: question.id, result: { action: 'accept', content: { name: 'Ada' } } });
    await send({ id: 5, method: 'tools/call', params: { name: 'second' } });
    await second.inbox.next((m) => m.id === 5);
    expect(second.inbox.messages.some((m) => 'result' in m)).toBe(false);
    // The new process got the relay's replayed initialize only (the fake keeps any other).
    expect(second.inbox.messages.some((m) => (m as { method?: string }).method === 'initialize')).toBe(false);
    await relay.close();
  });

  it('2026-07-28: re-issues a listen under its id, keeps its repeated acknowledgement, tags the change', async () => {
    const { relay, host, servers, send, setTools } = setup();
    await relay.start();
    await send({ id: 'd', method: 'server/discover', params: { _meta: MODERN_META } });
    await host.next((m) => m.id === 'd');
    await send({
      id: 'L',
      method: 'subscriptions/listen',
      params: { notifications: { toolsListChanged: true }, _meta: MODERN_META },
    });
    await servers[0]!.inbox.next((m) => m.id === 'L');
    const ack = {
      jsonrpc: '2.0' as const,
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: { toolsListChanged: true }, _meta: { [SUBSCRIPTION]: 'L' } },
    };
    await servers[0]!.transport.send(ack);
    await host.next((m) => m.method === 'notifications/subscriptions/acknowledged');

    setTools(['first', 'second']);
    await relay.restart();
    const again = await servers[1]!.inbox.next((m) => m.id === 'L');
    expect(again).toMatchObject({ method: 'subscriptions/listen' });
    await servers[1]!.transport.send(ack);
    expect(await host.next((m) => m.method === 'notifications/tools/list_changed')).toMatchObject({
      params: { _meta: { [SUBSCRIPTION]: 'L' } },
    });
    // The listen request was not answered with the restart error, and its second acknowledgement stayed with the relay.
    expect(host.messages.some((m) => (m as { id?: unknown }).id === 'L')).toBe(false);
    expect(
      host.messages.some(
        (m) => (m as { method?: string }).method === 'notifications/subscriptions/acknowledged',
      ),
    ).toBe(false);
    await relay.close();
  });

  it('queues what arrives while a server starts and refuses with a clear error while none runs', async () => {
    const { relay, host, servers, send } = setup();
    await relay.start();
    await send({ id: 1, method: 'tools/list', params: { _meta: MODERN_META } });
    await host.next((m) => m.id === 1);
    // The process exits: requests get an error saying what to do; ping is answered by the relay.
    await servers[0]!.transport.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await send({ id: 2, method: 'tools/call', params: { name: 'first', _meta: MODERN_META } });
    expect(await host.next((m) => m.id === 2)).toMatchObject({
      error: { message: expect.stringMatching(/not running.*Fix it and save/) },
    });
    await send({ id: 3, method: 'ping' });
    expect(await host.next((m) => m.id === 3)).toMatchObject({ result: {} });
    const restarted = relay.restart();
    await send({ id: 4, method: 'tools/call', params: { name: 'first', _meta: MODERN_META } });
    await restarted;
    expect(await servers[1]!.inbox.next((m) => m.id === 4)).toMatchObject({ method: 'tools/call' });
    await relay.close();
  });
});
