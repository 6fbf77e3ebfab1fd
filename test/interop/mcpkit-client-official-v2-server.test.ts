/**
 * Interop cell 1: mcpkit's Client → the official v2 server
 * (`@modelcontextprotocol/server`), over stdio (`serveStdio`) and HTTP
 * (`createMcpHandler` on node:http), on 2026-07-28 and on 2025-11-25.
 */
import { afterAll, beforeAll } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { allSupported, type RunningServer, startOfficialV2Http, stdioFixture } from './harness.js';
import { mcpkitClientCell } from './mcpkit-client-suite.js';

const SERVER = 'official-v2-interop';
let http: RunningServer;
beforeAll(async () => {
  http = await startOfficialV2Http();
});
afterAll(async () => {
  await http?.close();
});

// The v2 HTTP entry serves 2025 traffic statelessly: a fresh server instance per
// request, no Mcp-Session-Id, GET and DELETE answered 405.
const STATELESS_2025 =
  'the v2 HTTP entry serves 2025 requests statelessly (a fresh instance per POST, no session)';

mcpkitClientCell({
  title: 'mcpkit Client → official v2 server, stdio, 2026-07-28',
  connect: (options) => Client.connect(stdioFixture('official-v2-stdio'), options),
  era: 'modern',
  protocolVersion: '2026-07-28',
  serverName: SERVER,
  support: allSupported(),
});

mcpkitClientCell({
  title: 'mcpkit Client → official v2 server, stdio, 2025-11-25',
  connect: (options) =>
    Client.connect(stdioFixture('official-v2-stdio'), { ...options, protocolVersion: '2025-11-25' }),
  era: 'legacy',
  protocolVersion: '2025-11-25',
  serverName: SERVER,
  support: allSupported(),
});

mcpkitClientCell({
  title: 'mcpkit Client → official v2 server, HTTP, 2026-07-28',
  connect: (options) => Client.connect(http.url, options),
  era: 'modern',
  protocolVersion: '2026-07-28',
  serverName: SERVER,
  support: allSupported(),
});

mcpkitClientCell({
  title: 'mcpkit Client → official v2 server, HTTP, 2025-11-25',
  connect: (options) => Client.connect(http.url, { ...options, protocolVersion: '2025-11-25' }),
  era: 'legacy',
  protocolVersion: '2025-11-25',
  serverName: SERVER,
  support: allSupported({
    // The input shim needs the initialize-declared capabilities, which a per-request
    // instance never saw; and a client's answer would be POSTed to yet another instance.
    elicitation: { skip: STATELESS_2025 },
    sampling: { skip: STATELESS_2025 },
    // No session, so no GET stream to carry unsolicited notifications.
    listChanged: { skip: STATELESS_2025 },
  }),
});
