/**
 * Subscriptions (2026-07-28): instead of a session, a client that wants change
 * notifications opens one long-lived `subscriptions/listen` request saying what
 * it wants to hear about. The server acknowledges what it will send, then streams
 * the matching notifications on that request's response, each tagged with the
 * subscription id (the listen request's JSON-RPC id), until either side ends it.
 *
 *   node --import tsx examples/subscriptions.ts              # server, plus a client listening to it
 *   node --import tsx examples/subscriptions.ts --listen http://127.0.0.1:3000/mcp   # client only
 *   node --import tsx examples/subscriptions.ts --stdio      # server only, on stdio
 */

import { StreamableHttpClientTransport } from '../src/entries/http.js';
import {
  META_CLIENT_CAPABILITIES,
  META_PROTOCOL_VERSION,
  META_SUBSCRIPTION_ID,
} from '../src/entries/protocol.js';
import { McpServer, type RegisteredTool, type SubscriptionFilter } from '../src/entries/server.js';
import { JsonRpcPeer } from '../src/entries/session.js';
import { requestHeadersFor } from '../src/protocol/http-headers.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

export const COUNTER_URI = 'status://counter';

/** Options of {@link createSubscriptionsServer}. */
export interface SubscriptionsServerOptions {
  /** Change the tool list and the counter on a timer, every this many ms. Default: only when asked (tools). */
  changeEveryMs?: number;
}

/** Builds a server whose tool list and one resource change over time. */
export function createSubscriptionsServer(options: SubscriptionsServerOptions = {}): McpServer {
  const server = new McpServer({ name: 'mcpkit-subscriptions-example', version: '0.1.0' });

  let count = 0;
  server.registerResource('counter', COUNTER_URI, { mimeType: 'text/plain' }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/plain', text: `count=${count}` }],
  }));
  const increment = () => {
    count++;
    // Only listeners that named this URI in resourceSubscriptions hear about it.
    server.notifyResourceUpdated(COUNTER_URI);
  };

  // Registering or removing a tool raises tools/list_changed by itself.
  let bonus: RegisteredTool | undefined;
  const toggleBonus = () => {
    if (bonus) {
      bonus.remove();
      bonus = undefined;
      return 'removed';
    }
    bonus = server.registerTool('bonus', { description: 'Here today, gone tomorrow.' }, () => ({
      content: [{ type: 'text', text: 'bonus!' }],
    }));
    return 'added';
  };

  server.registerTool('increment', { description: `Adds one to ${COUNTER_URI}.` }, () => {
    increment();
    return { content: [{ type: 'text', text: `count=${count}` }] };
  });
  server.registerTool('toggle_bonus', { description: 'Adds or removes the bonus tool.' }, () => ({
    content: [{ type: 'text', text: `bonus tool ${toggleBonus()}` }],
  }));

  if (options.changeEveryMs) {
    setInterval(() => {
      increment();
      if (count % 3 === 0) toggleBonus();
    }, options.changeEveryMs).unref();
  }
  return server;
}

/** One message the listening client received. */
export interface ListenEvent {
  method: string;
  /** The listen request's id: tells apart several listen streams on one client. */
  subscriptionId: unknown;
  params: Record<string, unknown>;
}

const LISTEN_NOTIFICATIONS = [
  'notifications/subscriptions/acknowledged',
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/resources/list_changed',
  'notifications/resources/updated',
];

/**
 * The client: opens `subscriptions/listen` on `url` with `filter` and reports the
 * acknowledgement and each notification to `onEvent`. Resolves when the server ends
 * the stream or when `signal` aborts (closing the stream is how a client unsubscribes).
 */
export async function listen(
  url: URL,
  filter: SubscriptionFilter,
  onEvent: (event: ListenEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const peer = new JsonRpcPeer(
    new StreamableHttpClientTransport(url, {
      // 2026-07-28 requests repeat their method (and version) in headers for proxies.
      messageHeaders: (message) =>
        'method' in message ? requestHeadersFor(message, { protocolVersion: '2026-07-28' }) : undefined,
    }),
  );
  for (const method of LISTEN_NOTIFICATIONS) {
    peer.dispatcher.setNotificationHandler(method, (params) => {
      const meta = params._meta as Record<string, unknown> | undefined;
      onEvent({ method, subscriptionId: meta?.[META_SUBSCRIPTION_ID], params });
    });
  }
  await peer.start();
  try {
    await peer.request(
      'subscriptions/listen',
      {
        notifications: filter,
        _meta: { [META_PROTOCOL_VERSION]: '2026-07-28', [META_CLIENT_CAPABILITIES]: {} },
      },
      // A listen request is meant to stay open: no timeout, only the caller's signal.
      { timeoutMs: Number.POSITIVE_INFINITY, signal },
    );
  } catch (error) {
    if (!signal?.aborted) throw error;
  } finally {
    await peer.close();
  }
}

function print(event: ListenEvent): void {
  const { _meta: _ignored, ...rest } = event.params;
  console.log(`[subscription ${String(event.subscriptionId)}] ${event.method} ${JSON.stringify(rest)}`);
}

const FILTER: SubscriptionFilter = { toolsListChanged: true, resourceSubscriptions: [COUNTER_URI] };

/** See the header comment for the command lines. */
export async function main(argv: readonly string[]) {
  const listenFlag = argv.indexOf('--listen');
  if (listenFlag !== -1) {
    await listen(new URL(String(argv[listenFlag + 1])), FILTER, print);
    return;
  }
  const served = await serveFromCommandLine(
    createSubscriptionsServer({ changeEveryMs: 2000 }),
    argv,
    'subscriptions example',
  );
  if (served.kind === 'http') {
    process.stderr.write('listening to it; changes arrive every 2 s (Ctrl-C to stop)\n');
    await listen(served.running.url, FILTER, print);
  }
  return served;
}

runIfMain(import.meta.url, main);
