/**
 * Interop cell 2: mcpkit's Client → the official v1 server
 * (`@modelcontextprotocol/sdk`), over stdio and HTTP (stateful
 * `StreamableHTTPServerTransport` sessions on node:http). v1 speaks the 2025
 * revisions only. On stdio the client is left to negotiate (its
 * `server/discover` probe is refused and it falls back to `initialize`); on
 * HTTP it pins 2025-11-25, because negotiating there hits an mcpkit bug (below).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import { allSupported, type RunningServer, startOfficialV1Http, stdioFixture } from './harness.js';
import { mcpkitClientCell } from './mcpkit-client-suite.js';

const SERVER = 'official-v1-interop';
let http: RunningServer;
beforeAll(async () => {
  http = await startOfficialV1Http();
});
afterAll(async () => {
  await http?.close();
});

mcpkitClientCell({
  title: 'mcpkit Client → official v1 server, stdio, 2025-11-25 (negotiated)',
  connect: (options) => Client.connect(stdioFixture('official-v1-stdio'), options),
  era: 'legacy',
  protocolVersion: '2025-11-25',
  serverName: SERVER,
  support: allSupported(),
});

mcpkitClientCell({
  title: 'mcpkit Client → official v1 server, HTTP, 2025-11-25 (pinned)',
  connect: (options) => Client.connect(http.url, { ...options, protocolVersion: '2025-11-25' }),
  era: 'legacy',
  protocolVersion: '2025-11-25',
  serverName: SERVER,
  support: allSupported(),
});

describe('mcpkit Client → official v1 server, HTTP, negotiation', () => {
  // v1 refuses the session-less `server/discover` probe with HTTP 400 and a JSON-RPC error
  // whose id is null. That error answers the probe, so the client falls back to `initialize`
  // at once: with a probe timeout far beyond this test's own, waiting for it would fail the test.
  it('falls back to initialize on the probe’s error, without waiting for a timeout', {
    timeout: 15_000,
  }, async () => {
    const client = await Client.connect(http.url, { timeoutMs: 600_000, warn: () => {} });
    await client.close();
    expect(client.server).toMatchObject({ era: 'legacy', protocolVersion: '2025-11-25' });
  });
});
