/**
 * listen.maxStreamsPerPrincipal: one verified principal holds at most that many listen streams
 * at once; one more is refused with -32600 naming the option, other principals are not
 * affected, and ending a stream frees its place. Through server.fetch with a principal, as an
 * authenticating framework in front of the server passes it.
 */
import { describe, expect, it } from 'vitest';
import type { AuthPrincipal } from '../../src/entries/server.js';
import { McpServer } from '../../src/entries/server.js';
import { envelope, modernPost } from '../helpers/http-rpc.js';

const principal = (subject: string): AuthPrincipal => ({
  subject,
  clientId: 'app',
  scopes: [],
  audience: [],
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
  claims: { sub: subject },
});

let nextId = 1;

/** Opens a listen stream as `who`; resolves with the response (an SSE stream, or a JSON error). */
async function listen(server: McpServer, who: AuthPrincipal): Promise<Response> {
  const message = {
    jsonrpc: '2.0',
    id: nextId++,
    method: 'subscriptions/listen',
    params: { notifications: { toolsListChanged: true }, _meta: envelope() },
  };
  return server.fetch(modernPost(message), { auth: who });
}

describe('listen.maxStreamsPerPrincipal', () => {
  it('refuses one stream more than the limit, per principal, until one ends', async () => {
    const server = new McpServer(
      { name: 'listen-limits', version: '1.0.0' },
      { warn: () => {}, listen: { maxStreamsPerPrincipal: 2 } },
    );
    server.registerTool('t', {}, () => ({ content: [] }));
    const alice = principal('alice');
    const open = [await listen(server, alice), await listen(server, alice)];
    for (const response of open) expect(response.headers.get('content-type')).toBe('text/event-stream');

    const refused = await listen(server, alice);
    const body = await refused.json();
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toContain('listen.maxStreamsPerPrincipal is 2');

    // Another principal has places of its own.
    const bob = await listen(server, principal('bob'));
    expect(bob.headers.get('content-type')).toBe('text/event-stream');

    // Ending one of alice's streams frees its place.
    await open[0]!.body!.cancel();
    let again: Response | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      again = await listen(server, alice);
      if (again.headers.get('content-type') === 'text/event-stream') break;
      await again.text();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(again?.headers.get('content-type')).toBe('text/event-stream');
    await server.close();
  });
});

describe('listen.maxResourceSubscriptions', () => {
  it('subscribes one stream to at most that many URIs, and says which in the acknowledgement', async () => {
    const server = new McpServer({ name: 'subscriptions', version: '1.0.0' }, { warn: () => {} });
    server.registerResource('r', 'file:///r.txt', {}, (uri) => ({
      contents: [{ uri: uri.href, text: 'r' }],
    }));
    const uris = Array.from({ length: 1005 }, (_, at) => `file:///${at}.txt`);
    const message = {
      jsonrpc: '2.0',
      id: nextId++,
      method: 'subscriptions/listen',
      // A repeated URI counts once.
      params: { notifications: { resourceSubscriptions: [uris[0], ...uris] }, _meta: envelope() },
    };
    const controller = new AbortController();
    const response = await server.fetch(modernPost(message, controller.signal));
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => {});
    const data = text.split('\n').find((line) => line.startsWith('data:')) ?? 'data: {}';
    const acknowledgement = JSON.parse(data.slice(5)) as {
      method: string;
      params: { notifications: { resourceSubscriptions: string[] } };
    };
    expect(acknowledgement.method).toBe('notifications/subscriptions/acknowledged');
    expect(acknowledgement.params.notifications.resourceSubscriptions).toEqual(uris.slice(0, 1000));
  });
});
