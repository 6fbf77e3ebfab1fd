/**
 * GET and DELETE that name 2026-07-28 in MCP-Protocol-Version, on a server that also serves
 * 2025 sessions: that revision has no standalone GET stream and no sessions, and its transport
 * says to answer 405 Method Not Allowed (with `Allow`), never the 400 a 2025 request without a
 * session gets. A 2025 session on the same server is untouched. Over node:http and server.fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/entries/node.js';
import { McpServer } from '../../src/entries/server.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { INITIALIZE } from '../helpers/raw-post.js';

type Send = (method: string, headers: Record<string, string>, body?: string) => Promise<Response>;

const JSON_POST = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

let running: RunningHttpServer;
const server = new McpServer({ name: 'both-eras', version: '1.0.0' }, { warn: () => {} });
beforeAll(async () => {
  running = await serveHttp(server, { port: 0 });
});
afterAll(() => running.close());

const transports: [string, () => Send][] = [
  ['node:http', () => (method, headers, body) => fetch(running.url, { method, headers, body })],
  [
    'server.fetch',
    () => (method, headers, body) =>
      server.fetch(new Request('http://localhost/mcp', { method, headers, body })),
  ],
];

describe.each(transports)('GET and DELETE with MCP-Protocol-Version 2026-07-28 (%s)', (_name, make) => {
  async function openLegacySession(send: Send): Promise<string> {
    const init = await send('POST', JSON_POST, INITIALIZE);
    expect(init.status).toBe(200);
    const session = init.headers.get('mcp-session-id');
    expect(session).toBeTruthy();
    await init.text();
    return session!;
  }

  it.each(['GET', 'DELETE'])('%s is 405 with Allow: POST and says why', async (method) => {
    const send = make();
    const session = await openLegacySession(send);
    const sessions: Record<string, string>[] = [
      {},
      { 'mcp-session-id': session },
      { 'mcp-session-id': 'unknown' },
    ];
    for (const extra of sessions) {
      const response = await send(method, {
        accept: 'text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        ...extra,
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      const body = await response.json();
      expect(body.error.message).toContain(`${method} is not allowed with MCP-Protocol-Version 2026-07-28`);
    }
    // The 2025 session named above is still there: its own DELETE ends it.
    const ended = await send('DELETE', { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' });
    expect(ended.status).toBe(200);
  });

  it('still opens the 2025 GET stream for a 2025 session', async () => {
    const send = make();
    const session = await openLegacySession(send);
    const stream = await send('GET', {
      accept: 'text/event-stream',
      'mcp-session-id': session,
      'mcp-protocol-version': '2025-11-25',
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    await stream.body?.cancel();
  });
});
