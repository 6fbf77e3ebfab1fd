/**
 * maxConcurrentRequestsPerPrincipal: over HTTP, a verified principal with that many requests in
 * progress gets 429 (-32029, naming the option) for one more; other principals are served, and a
 * finished request frees its place. Through server.fetch with a principal.
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

function call(server: McpServer, who: AuthPrincipal, tool: string): Promise<Response> {
  const message = {
    jsonrpc: '2.0',
    id: nextId++,
    method: 'tools/call',
    params: { name: tool, arguments: {}, _meta: envelope() },
  };
  return server.fetch(modernPost(message), { auth: who });
}

describe('maxConcurrentRequestsPerPrincipal', () => {
  it('refuses one request more than the limit per principal, until one finishes', async () => {
    const server = new McpServer(
      { name: 'concurrency', version: '1.0.0' },
      { warn: () => {}, maxConcurrentRequestsPerPrincipal: 2 },
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    server.registerTool('wait', {}, async () => {
      started++;
      await gate;
      return { content: [] };
    });
    server.registerTool('quick', {}, () => ({ content: [] }));
    const alice = principal('alice');
    const waiting = [call(server, alice, 'wait'), call(server, alice, 'wait')];
    while (started < 2) await new Promise((resolve) => setTimeout(resolve, 5));

    const refused = await call(server, alice, 'quick');
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.error.code).toBe(-32029);
    expect(body.error.message).toContain('maxConcurrentRequestsPerPrincipal is 2');

    expect((await call(server, principal('bob'), 'quick')).status).toBe(200);

    release();
    for (const response of await Promise.all(waiting)) expect(response.status).toBe(200);
    expect((await call(server, alice, 'quick')).status).toBe(200);
  });
});
