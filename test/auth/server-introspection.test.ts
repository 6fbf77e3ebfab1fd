/**
 * Opaque tokens checked by RFC 7662 introspection at a real (test) endpoint:
 * active tokens accepted and cached until their expiry (never past it),
 * inactive ones refused and remembered briefly, foreign ones refused, the
 * server's own client authentication sent; an endpoint that fails, answers
 * garbage or hangs is an outage (503); concurrent checks share one request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { introspectionVerifier, McpServer, type McpServerOptions } from '../../src/entries/server.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { rpc } from '../helpers/http-rpc.js';
import { rpcAt } from './server-token-kit.js';

/** What the test authorization server knows about each opaque token. */
const tokens = new Map<string, Record<string, unknown>>();
const seen: { token: string; authorization: string | undefined }[] = [];
/** Tokens whose answer waits until the test releases it. */
const held = new Map<string, Promise<void>>();
/** Called when the endpoint receives a token. */
const arrived = new Map<string, () => void>();
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
      arrived.get(token)?.();
      if (req.url === '/failing') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
        return;
      }
      if (req.url === '/garbage') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"active": tru');
        return;
      }
      if (req.url === '/hanging') return; // never answers
      const hold = held.get(token);
      if (hold) {
        hold.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"active":false}'));
        return;
      }
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

afterEach(() => {
  vi.useRealTimers();
});

/** A protected server (behind server.fetch) whose introspection endpoint is `path` on the test AS. */
function serverIntrospectingAt(path: string, verifierOptions: { timeoutSeconds?: number } = {}) {
  const auth: NonNullable<McpServerOptions['auth']> = {
    resource: 'http://localhost/mcp',
    authorizationServers: ['https://auth.example.com'],
    verifier: introspectionVerifier({
      endpoint: new URL(path, endpoint),
      clientId: 'mcp',
      clientSecret: 'secret',
      ...verifierOptions,
    }),
  };
  const server = new McpServer({ name: 'opaque', version: '1.0.0' }, { warn: () => {}, auth });
  server.registerTool('whoami', {}, () => ({ content: [] }));
  return (token: string) =>
    rpc(
      (request) => server.fetch(request),
      'tools/list',
      {},
      { headers: { authorization: `Bearer ${token}` } },
    );
}

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

  it('refuses an inactive token, remembering the answer for a few seconds only', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const call = rpcAt(running.url, 'revoked');
    const first = await call('tools/list');
    expect(first.status).toBe(401);
    expect(first.body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token is not active',
    });
    expect((await call('tools/list')).status).toBe(401);
    expect(seen.filter((s) => s.token === 'revoked')).toHaveLength(1);
    vi.setSystemTime(Date.now() + 6_000);
    expect((await call('tools/list')).status).toBe(401);
    expect(seen.filter((s) => s.token === 'revoked')).toHaveLength(2);
  });

  it('never reuses an active answer past the token expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const inThirtySeconds = Math.floor(Date.now() / 1000) + 30;
    tokens.set('short-lived', { active: true, sub: 'erin', aud: running.url.href, exp: inThirtySeconds });
    const call = rpcAt(running.url, 'short-lived');
    expect((await call('tools/list')).status).toBe(200);
    expect((await call('tools/list')).status).toBe(200);
    expect(seen.filter((s) => s.token === 'short-lived')).toHaveLength(1);
    // Past exp (well within the 60 s cache time) the AS is asked again; here it extended the token.
    vi.setSystemTime((inThirtySeconds + 1) * 1000);
    tokens.set('short-lived', {
      active: true,
      sub: 'erin',
      aud: running.url.href,
      exp: inThirtySeconds + 300,
    });
    expect((await call('tools/list')).status).toBe(200);
    expect(seen.filter((s) => s.token === 'short-lived')).toHaveLength(2);
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

describe('an introspection endpoint that cannot answer', () => {
  it('is an outage (503) when it fails, answers something other than JSON, or hangs past the timeout', async () => {
    const cases = [
      serverIntrospectingAt('/failing'),
      serverIntrospectingAt('/garbage'),
      serverIntrospectingAt('/hanging', { timeoutSeconds: 0.2 }),
    ];
    for (const [index, list] of cases.entries()) {
      const reply = await list(`outage-${index}`);
      expect(reply.status, `case ${index}`).toBe(503);
      expect(reply.headers.get('www-authenticate'), `case ${index}`).toBeNull();
      expect(reply.body, `case ${index}`).toMatchObject({ error: 'temporarily_unavailable' });
    }
  });
});

describe('concurrent checks of one token', () => {
  it('share a single introspection request', async () => {
    let release!: () => void;
    held.set('popular', new Promise<void>((resolve) => (release = resolve)));
    const first = new Promise<void>((resolve) => arrived.set('popular', resolve));
    const list = serverIntrospectingAt('/introspect');
    const replies = Promise.all([list('popular'), list('popular'), list('popular')]);
    await first;
    // Give the other two checks a moment to reach the verifier (they only hash the token first).
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    expect((await replies).map((reply) => reply.status)).toEqual([401, 401, 401]);
    expect(seen.filter((s) => s.token === 'popular')).toHaveLength(1);
  });
});
