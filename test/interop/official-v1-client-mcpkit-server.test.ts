/**
 * Interop cell 4: the official v1 client (`@modelcontextprotocol/sdk`) →
 * mcpkit's McpServer, over stdio (`serveStdio` in a child process) and HTTP
 * (`serveHttp`). v1 speaks the 2025 revisions only (2025-11-25 here).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll } from 'vitest';
import { allSupported, type RunningServer, SAMPLED, startMcpkitHttp, stdioFixture } from './harness.js';
import { type OfficialConnection, officialClientCell } from './official-client-suite.js';

let http: RunningServer;
beforeAll(async () => {
  http = await startMcpkitHttp();
});
afterAll(async () => {
  await http?.close();
});

async function connect(transport: 'stdio' | 'http'): Promise<OfficialConnection> {
  const client = new Client(
    { name: 'official-v1-client', version: '1.32.2' },
    { capabilities: { elicitation: { form: {} }, sampling: {} } },
  );
  const logs: unknown[] = [];
  const notifications: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: 'Ada' } }));
  client.setRequestHandler(CreateMessageRequestSchema, async () => SAMPLED);
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
  client.setNotificationHandler(ToolListChangedNotificationSchema, (n) => void notifications.push(n.method));
  const wire =
    transport === 'stdio'
      ? new StdioClientTransport({ ...stdioFixture('mcpkit-stdio'), stderr: 'ignore' })
      : new StreamableHTTPClientTransport(http.url);
  await client.connect(wire);
  // v1 types a call's result as the current shape or the 2024 `toolResult` one.
  const asResult = (result: object) => result as { content?: unknown; structuredContent?: unknown };
  return {
    client,
    call: (name, options) => client.callTool({ name }, undefined, options).then(asResult),
    callWith: (name, args) => client.callTool({ name, arguments: args }).then(asResult),
    logs,
    notifications,
    setLogLevel: async (level) => {
      await client.setLoggingLevel(level);
    },
    // v1 keeps the negotiated revision on its HTTP transport only.
    protocolVersion: wire instanceof StreamableHTTPClientTransport ? wire.protocolVersion : undefined,
    serverName: client.getServerVersion()?.name,
  };
}

officialClientCell({
  title: 'official v1 client → mcpkit server, stdio, 2025-11-25',
  connect: () => connect('stdio'),
  protocolVersion: '2025-11-25',
  support: allSupported(),
});

officialClientCell({
  title: 'official v1 client → mcpkit server, HTTP, 2025-11-25',
  connect: () => connect('http'),
  protocolVersion: '2025-11-25',
  support: allSupported(),
});
