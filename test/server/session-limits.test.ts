/**
 * The bounds on 2025 HTTP sessions: how many live at once (sessions.maxSessions; one more
 * initialize gets 503 naming the option) and how long an idle one lives
 * (sessions.idleTimeoutMs; after it, the session id is unknown: 404). Over node:http.
 */
import { describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import { INITIALIZE, rawPost } from '../helpers/raw-post.js';

const PING = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' });

async function initialize(url: URL): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: INITIALIZE,
  });
}

describe('2025 session limits', () => {
  it('refuses a session over sessions.maxSessions with 503 naming the option', async () => {
    const server = new McpServer(
      { name: 'sessions', version: '1.0.0' },
      { warn: () => {}, sessions: { maxSessions: 2 } },
    );
    const running = await serveHttp(server, { port: 0 });
    try {
      for (let i = 0; i < 2; i++) expect((await initialize(running.url)).status).toBe(200);
      const refused = await initialize(running.url);
      expect(refused.status).toBe(503);
      expect((await refused.json()).error.message).toContain('sessions.maxSessions');
    } finally {
      await running.close();
    }
  });

  it('ends a session idle for sessions.idleTimeoutMs', async () => {
    const server = new McpServer(
      { name: 'sessions', version: '1.0.0' },
      { warn: () => {}, sessions: { idleTimeoutMs: 200 } },
    );
    const running = await serveHttp(server, { port: 0 });
    try {
      const init = await initialize(running.url);
      const session = init.headers.get('mcp-session-id')!;
      const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
      expect((await rawPost(running.url.href, headers, PING)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await rawPost(running.url.href, headers, PING)).status).toBe(404);
    } finally {
      await running.close();
    }
  });
});
