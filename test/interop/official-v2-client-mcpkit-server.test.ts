/**
 * Interop cell 3: the official v2 client (`@modelcontextprotocol/client`) →
 * mcpkit's McpServer, over stdio (`serveStdio` in a child process) and HTTP
 * (`serveHttp`), on 2026-07-28 (the client's `versionNegotiation: 'auto'`
 * probes with `server/discover`) and on 2025-11-25 (the client's default
 * plain `initialize`).
 */
import { Client, LOG_LEVEL_META_KEY, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll } from 'vitest';
import { allSupported, type RunningServer, SAMPLED, startMcpkitHttp, stdioFixture } from './harness.js';
import {
  type OfficialConnection,
  type OfficialProgress,
  officialClientCell,
} from './official-client-suite.js';

let http: RunningServer;
beforeAll(async () => {
  http = await startMcpkitHttp();
});
afterAll(async () => {
  await http?.close();
});

async function connect(transport: 'stdio' | 'http', era: 'modern' | 'legacy'): Promise<OfficialConnection> {
  const client = new Client(
    { name: 'official-v2-client', version: '2.4.0' },
    {
      capabilities: { elicitation: { form: {} }, sampling: {} },
      versionNegotiation: { mode: era === 'modern' ? 'auto' : 'legacy' },
    },
  );
  const logs: unknown[] = [];
  const notifications: string[] = [];
  client.setRequestHandler('elicitation/create', async () => ({
    action: 'accept',
    content: { name: 'Ada' },
  }));
  client.setRequestHandler('sampling/createMessage', async () => SAMPLED);
  client.setNotificationHandler('notifications/message', (n) => void logs.push(n.params.data));
  client.setNotificationHandler('notifications/tools/list_changed', (n) => void notifications.push(n.method));
  await client.connect(
    transport === 'stdio'
      ? new StdioClientTransport({ ...stdioFixture('mcpkit-stdio'), stderr: 'ignore' })
      : new StreamableHTTPClientTransport(http.url),
  );
  // The v2 client runs notification handlers a microtask after it settles a response, so
  // over stdio, where progress and the response can arrive in one read, a call's
  // `onprogress` can miss progress the server did send (it happens with the official v2
  // server too). On stdio the suite therefore reads progress from the notification handler.
  let onProgress: ((progress: OfficialProgress) => void) | undefined;
  if (transport === 'stdio') {
    client.setNotificationHandler(
      'notifications/progress',
      ({ params: { progressToken: _, ...progress } }) => {
        onProgress?.(progress);
      },
    );
  }
  const callOptions = (options?: { onprogress?: (progress: OfficialProgress) => void }) => {
    if (transport !== 'stdio' || !options?.onprogress) return options;
    onProgress = options.onprogress;
    return { onprogress: () => {} }; // Still asks for progress (a progressToken).
  };
  let logLevel: string | undefined;
  const meta = () => (era === 'modern' && logLevel ? { _meta: { [LOG_LEVEL_META_KEY]: logLevel } } : {});
  return {
    client,
    call: (name, options) => client.callTool({ name, ...meta() }, callOptions(options)),
    callWith: (name, args) => client.callTool({ name, arguments: args, ...meta() }),
    logs,
    notifications,
    setLogLevel: async (level) => {
      logLevel = level;
      // 2025: a session-wide level. 2026-07-28: the level rides each request's _meta.
      if (era === 'legacy') await client.setLoggingLevel(level);
    },
    listen: era === 'modern' ? () => client.listen({ toolsListChanged: true }) : undefined,
    protocolVersion: client.getNegotiatedProtocolVersion(),
    serverName: client.getServerVersion()?.name,
  };
}

for (const transport of ['stdio', 'http'] as const) {
  const label = transport === 'stdio' ? 'stdio' : 'HTTP';
  officialClientCell({
    title: `official v2 client → mcpkit server, ${label}, 2026-07-28`,
    connect: () => connect(transport, 'modern'),
    protocolVersion: '2026-07-28',
    support: allSupported(),
  });
  officialClientCell({
    title: `official v2 client → mcpkit server, ${label}, 2025-11-25`,
    connect: () => connect(transport, 'legacy'),
    protocolVersion: '2025-11-25',
    support: allSupported(),
  });
}
