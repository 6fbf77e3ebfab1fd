/**
 * Opaque tokens checked by RFC 7662 introspection at a real (test) endpoint:
 * active tokens accepted and cached until their expiry, inactive and foreign
 * ones refused, and the server's own client authentication sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectionVerifier, McpServer } from '../../src/server/index.js';
import { serveHttp } from '../../src/server/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { rpcAt } from './server-token-kit.js';

/** What the test authorization server knows about each opaque token. */
const tokens = new Map<string, Record<string, unknown>>();
const seen: { token: string; authorization: string | undefined }[] = [];
let introspection: Server;
let endpoint: string;
let running: RunningHttpServer;

beforeAll(async () => {
  introspection = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const token = new URLSearchParams(body).get('token') ?? '';
      seen.push({ token, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(tokens.get(token) ?? { active: false }));
    });
  });
  await new Promise<void>((resolve) => introspection.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(introspection.address() as AddressInfo).port}/introspect`;
  const server = new McpServer(
    { name: 'opaque', version: '1.0.0' },
    {
      warn: () => {},
      auth: {
        authorizationServers: ['https://auth.example.com'],
        verifier: introspectionVerifier({ endpoint, clientId: 'mcp server', clientSecret: 's3cret:x' }),
      },
    },
  );
  server.registerTool('whoami', {}, (ctx) => ({
    content: [{ type: 'text', text: `${ctx.auth?.subject} ${ctx.auth?.scopes.join(',')}` }],
  }));
  running = await serveHttp(server, { port: 0 });
});

afterAll(async () => {
  await running?.close();
  await new Promise<void>((resolve) => {
    introspection.close(() => resolve());
    introspection.closeAllConnections();
  });
});

const inFiveMinutes = () => Math.floor(Date.now() / 1000) + 300;

describe('introspectionVerifier', () => {
  it('accepts an active token for this server and reuses the answer while it is valid', async () => {
    tokens.set('opaque-1', {
      active: true,
      sub: 'carol',
      client_id: 'cli',
      scope: 'a b',
      aud: running.url.href,
      exp: inFiveMinutes(),
    });
    const call = rpcAt(running.url, 'opaque-1');
    const first = await call('tools/call', { name: 'whoami', arguments: {} });
    expect(first.body.result?.content).toEqual([{ type: 'text', text: 'carol a,b' }]);
    const second = await call('tools/call', { name: 'whoami', arguments: {} });
    expect(second.status).toBe(200);
    expect(seen.filter((s) => s.token === 'opaque-1')).toHaveLength(1);
    // client_secret_basic with the id and secret form-encoded first (RFC 6749 section 2.3.1).
    expect(seen[0]!.authorization).toBe(`Basic ${btoa('mcp+server:s3cret%3Ax')}`);
  });

  it('refuses an inactive token, and asks again each time (negative answers are not cached)', async () => {
    const call = rpcAt(running.url, 'revoked');
    const first = await call('tools/list');
    expect(first.status).toBe(401);
    expect(first.body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token is not active',
    });
    await call('tools/list');
    expect(seen.filter((s) => s.token === 'revoked')).toHaveLength(2);
  });

  it('refuses an active token issued for another resource or without an expiry', async () => {
    tokens.set('elsewhere', {
      active: true,
      sub: 'dan',
      aud: 'https://other.example.com/mcp',
      exp: inFiveMinutes(),
    });
    tokens.set('forever', { active: true, sub: 'dan', aud: running.url.href });
    const elsewhere = await rpcAt(running.url, 'elsewhere')('tools/list');
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body).toMatchObject({
      error_description: 'The access token was not issued for this server',
    });
    const forever = await rpcAt(running.url, 'forever')('tools/list');
    expect(forever.body).toMatchObject({ error_description: 'The access token has no expiry' });
  });
});
