/**
 * jwtVerifier behind a protected server: what it refuses as invalid_token
 * (not yet valid, unsigned, symmetric, wrong typ when strict), and that a key
 * set it cannot fetch is an outage (503), never the client's fault.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base64url, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerifier, McpServer, type McpServerOptions } from '../../src/entries/server.js';
import { rpc } from '../helpers/http-rpc.js';
import { startTokenIssuer, type TokenIssuer } from './server-token-kit.js';

const RESOURCE = 'http://localhost/mcp';
const now = () => Math.floor(Date.now() / 1000);

let issuer: TokenIssuer;
/** Serves a broken key set: /500 answers a server error, /html a 200 that is not JSON. */
let brokenJwks: Server;
let brokenBase: string;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  brokenJwks = createServer((req, res) => {
    if (req.url === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>maintenance</h1>');
      return;
    }
    res.writeHead(500, { 'content-type': 'text/plain' }).end('down');
  });
  await new Promise<void>((resolve) => brokenJwks.listen(0, '127.0.0.1', resolve));
  brokenBase = `http://127.0.0.1:${(brokenJwks.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await issuer?.close();
  brokenJwks?.closeAllConnections();
  await new Promise<void>((resolve) => (brokenJwks ? brokenJwks.close(() => resolve()) : resolve()));
});

function serverWith(verifier: Partial<Parameters<typeof jwtVerifier>[0]> = {}) {
  const auth: NonNullable<McpServerOptions['auth']> = {
    resource: RESOURCE,
    authorizationServers: [issuer.issuer],
    verifier: jwtVerifier({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, ...verifier }),
  };
  const server = new McpServer({ name: 'jwt', version: '1.0.0' }, { warn: () => {}, auth });
  server.registerTool('ping', {}, () => ({ content: [] }));
  return server;
}

const list = (server: McpServer, token: string) =>
  rpc(
    (request) => server.fetch(request),
    'tools/list',
    {},
    { headers: { authorization: `Bearer ${token}` } },
  );

describe('jwtVerifier refuses', () => {
  let server: McpServer;
  beforeAll(() => {
    server = serverWith();
  });

  it('a token whose nbf is in the future', async () => {
    const reply = await list(server, await issuer.mint({ aud: RESOURCE, nbf: now() + 600 }));
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ error: 'invalid_token' });
  });

  it('an unsigned token (alg none)', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    const claims = base64url.encode(
      JSON.stringify({ iss: issuer.issuer, sub: 'alice', aud: RESOURCE, exp: now() + 300 }),
    );
    const reply = await list(server, `${header}.${claims}.`);
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ error: 'invalid_token' });
  });

  it('a token signed with HS256 (a shared secret is not the issuer key)', async () => {
    const hs256 = await new SignJWT({ sub: 'alice', aud: RESOURCE })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(issuer.issuer)
      .setExpirationTime(now() + 300)
      .sign(new TextEncoder().encode('a-shared-secret-of-enough-length-32b'));
    const reply = await list(server, hs256);
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ error: 'invalid_token' });
  });

  it('a token of the wrong typ when a typ is required', async () => {
    const strict = serverWith({ requiredTyp: 'application/at+jwt' });
    const token = await issuer.mint({ aud: RESOURCE });
    // The kit signs typ "at+jwt", which jose reads as application/at+jwt: accepted.
    expect((await list(strict, token)).status).toBe(200);
    const idTokenTyped = serverWith({ requiredTyp: 'id+jwt' });
    const reply = await list(idTokenTyped, token);
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ error_description: 'The access token has the wrong type (typ)' });
  });
});

describe('a key set that cannot be fetched', () => {
  it('is an outage (503), whether the JWKS endpoint fails or answers something other than JSON', async () => {
    for (const path of ['/500', '/html']) {
      const server = serverWith({ jwksUri: `${brokenBase}${path}` });
      const reply = await list(server, await issuer.mint({ aud: RESOURCE }));
      expect(reply.status, path).toBe(503);
      expect(reply.headers.get('www-authenticate'), path).toBeNull();
      expect(reply.body, path).toMatchObject({ error: 'temporarily_unavailable' });
    }
  });
});
