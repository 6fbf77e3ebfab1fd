/**
 * The guard's rules hold whatever the verifier: a hand-written verifier's
 * principal still needs an expiry and this server as audience, its messages
 * are escaped in the challenge, and its failures to decide are 503s. Also the
 * web-standard `server.fetch` face, and the metadata of a server at `/`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AuthPrincipal,
  InvalidTokenError,
  McpServer,
  type McpServerOptions,
  type TokenVerifier,
} from '../../src/entries/server.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { rpc } from '../helpers/http-rpc.js';
import { rpcAt } from './server-token-kit.js';

const RESOURCE = 'http://localhost/mcp';
const now = () => Math.floor(Date.now() / 1000);

/** Tokens are test words; each names a case. */
const verifier: TokenVerifier = {
  async verify(token, { resource }): Promise<AuthPrincipal> {
    const base = { subject: 'erin', clientId: 'app', scopes: [], audience: [resource], claims: {} };
    switch (token) {
      case 'good':
        return { ...base, expiresAt: now() + 60, token };
      case 'quote':
        throw new InvalidTokenError('Token "t1" was revoked \\ sorry');
      case 'curly':
        throw new InvalidTokenError('Token \u201ct1\u201d was revoked \u2014 café 日本\nbye');
      case 'no-audience':
        return { subject: 'erin', clientId: 'app', scopes: [], expiresAt: now() + 60, claims: {} } as never;
      case 'scope-string':
        return { ...base, scopes: 'mcp' as never, expiresAt: now() + 60 };
      case 'down':
        throw new Error('connect ECONNREFUSED');
      case 'foreign':
        return { ...base, audience: ['https://other.example.com/mcp'], expiresAt: now() + 60 };
      case 'forever':
        return { ...base, expiresAt: Number.NaN };
      case 'just-expired':
        return { ...base, expiresAt: now() - 5 };
      default:
        throw new InvalidTokenError('Unknown token');
    }
  },
};

function protectedServer(auth: Partial<NonNullable<McpServerOptions['auth']>> = {}) {
  const server = new McpServer(
    { name: 'custom', version: '1.0.0' },
    { warn: () => {}, auth: { authorizationServers: ['https://auth.example.com'], verifier, ...auth } },
  );
  server.registerTool('whoami', {}, (ctx) => ({
    content: [{ type: 'text', text: `${ctx.auth?.subject} token:${String(ctx.auth?.token)}` }],
  }));
  return server;
}

const call = (server: McpServer, token: string) =>
  rpc(
    (request) => server.fetch(request),
    'tools/call',
    { name: 'whoami', arguments: {} },
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );

describe('a hand-written verifier behind server.fetch', () => {
  const server = protectedServer({ resource: RESOURCE });

  it('serves a good token and keeps the raw token off ctx.auth unless asked', async () => {
    const reply = await call(server, 'good');
    expect(reply.body.result?.content).toEqual([{ type: 'text', text: 'erin token:undefined' }]);
    const exposing = protectedServer({ resource: RESOURCE, exposeToken: true });
    expect((await call(exposing, 'good')).body.result?.content).toEqual([
      { type: 'text', text: 'erin token:good' },
    ]);
  });

  it('escapes the verifier message inside the challenge', async () => {
    const reply = await call(server, 'quote');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", error_description="Token \\"t1\\" was revoked \\\\ sorry", resource_metadata="http://localhost/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('reduces a non-ASCII verifier message to printable ASCII in the challenge', async () => {
    const reply = await call(server, 'curly');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toContain(
      'error_description="Token \\"t1\\" was revoked - cafe ?? bye"',
    );
    expect(reply.body).toMatchObject({
      error_description: 'Token \u201ct1\u201d was revoked \u2014 café 日本\nbye',
    });
  });

  it('answers 503 naming the fault when the verifier returns a malformed principal', async () => {
    const noAudience = await call(server, 'no-audience');
    expect(noAudience.status).toBe(503);
    expect(noAudience.headers.get('www-authenticate')).toBeNull();
    expect(noAudience.body).toMatchObject({ error: 'temporarily_unavailable' });
    expect(String(noAudience.body.error_description)).toMatch(/malformed principal.*audience/);
    const scopeString = await call(server, 'scope-string');
    expect(scopeString.status).toBe(503);
    expect(String(scopeString.body.error_description)).toMatch(/scopes/);
  });

  it('answers 503 without a challenge when the verifier cannot decide', async () => {
    const reply = await call(server, 'down');
    expect(reply.status).toBe(503);
    expect(reply.headers.get('www-authenticate')).toBeNull();
    expect(reply.body).toMatchObject({ error: 'temporarily_unavailable' });
  });

  it('still enforces audience and expiry on what the verifier returns', async () => {
    expect((await call(server, 'foreign')).body).toMatchObject({
      error_description: 'The access token was not issued for this server',
    });
    expect((await call(server, 'forever')).body).toMatchObject({
      error_description: 'The access token has no expiry',
    });
    expect((await call(server, 'just-expired')).status).toBe(401);
    const lenient = protectedServer({ resource: RESOURCE, clockToleranceSeconds: 30 });
    expect((await call(lenient, 'just-expired')).status).toBe(200);
  });

  it('never names offline_access in the 401 challenge or the metadata', async () => {
    const offering = protectedServer({
      resource: RESOURCE,
      scopesSupported: ['files:read', 'offline_access'],
    });
    const reply = await rpc((request) => offering.fetch(request), 'tools/list');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe(
      'Bearer scope="files:read", resource_metadata="http://localhost/.well-known/oauth-protected-resource/mcp"',
    );
    const metadata = await offering.fetch(
      new Request('http://localhost/.well-known/oauth-protected-resource/mcp'),
    );
    expect(await metadata.json()).toMatchObject({ scopes_supported: ['files:read'] });
  });

  it('exposes WWW-Authenticate to browser clients on refusals when CORS is configured', async () => {
    const cors = new McpServer(
      { name: 'cors', version: '1.0.0' },
      {
        warn: () => {},
        http: {
          responseHeaders: {
            'Access-Control-Allow-Origin': '*',
            'Access-Control-Expose-Headers': 'Mcp-Session-Id',
          },
        },
        auth: { resource: RESOURCE, authorizationServers: ['https://auth.example.com'], verifier },
      },
    );
    cors.registerTool('guarded', { scopes: ['files:write'] }, () => ({ content: [] }));
    const fetchIt = (request: Request) => cors.fetch(request);
    const unauthenticated = await rpc(fetchIt, 'tools/list');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-expose-headers')).toBe(
      'Mcp-Session-Id, WWW-Authenticate',
    );
    const stepUp = await rpc(
      fetchIt,
      'tools/call',
      { name: 'guarded', arguments: {} },
      { headers: { authorization: 'Bearer good' } },
    );
    expect(stepUp.status).toBe(403);
    expect(stepUp.headers.get('access-control-expose-headers')).toBe('Mcp-Session-Id, WWW-Authenticate');
    // Without CORS nothing is added.
    expect((await call(server, 'quote')).headers.get('access-control-expose-headers')).toBeNull();
  });

  it('refuses to serve fetch without knowing its resource URI', async () => {
    const unnamed = protectedServer();
    await expect(unnamed.fetch(new Request(RESOURCE, { method: 'POST' }))).rejects.toThrow(/auth\.resource/);
  });
});

describe('a protected server at the root path', () => {
  let running: RunningHttpServer | undefined;
  afterAll(() => running?.close());

  it('serves its metadata at the root well-known URI', async () => {
    running = await serveHttp(protectedServer(), { port: 0, path: '/' });
    const metadata = await fetch(new URL('/.well-known/oauth-protected-resource', running.url));
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({ resource: running.url.origin });
    const refused = await rpcAt(running.url)('tools/list');
    expect(refused.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${running.url.origin}/.well-known/oauth-protected-resource"`,
    );
  });
});

describe('the default resource of serveHttp', () => {
  let running: RunningHttpServer | undefined;
  afterAll(() => running?.close());

  it('keeps the loopback host name the caller gave (localhost stays localhost)', async () => {
    running = await serveHttp(protectedServer(), { port: 0, host: 'localhost' });
    // Fetched at the bound address; the resource names the host clients were told.
    const metadata = await fetch(`http://${running.url.host}/.well-known/oauth-protected-resource/mcp`, {
      headers: { host: `localhost:${running.url.port}` },
    });
    expect(await metadata.json()).toMatchObject({ resource: `http://localhost:${running.url.port}/mcp` });
  });

  it('is refused for a wildcard or public bind: auth.resource is required there', async () => {
    for (const host of ['0.0.0.0', '::', 'mcp.example.com']) {
      await expect(serveHttp(protectedServer(), { port: 0, host }), host).rejects.toThrow(
        /auth\.resource .* is required when binding to/,
      );
    }
  });
});
