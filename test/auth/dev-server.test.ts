/**
 * The development authorization server (oidc-provider underneath) issuing
 * tokens an McpServer accepts: client credentials, dynamic registration and
 * the authorization code flow with PKCE run headlessly (auto-approve),
 * refresh, introspection, and the MCP-profile rules (PKCE required, `iss` in
 * the response, tokens only for known resources).
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningDevAuthorizationServer,
  startDevAuthorizationServer,
} from '../../src/entries/dev-auth.js';
import {
  introspectionVerifier,
  jwtVerifier,
  McpServer,
  type TokenVerifier,
} from '../../src/entries/server.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { rpcAt } from './server-token-kit.js';

let as: RunningDevAuthorizationServer;
let mcp: RunningHttpServer;
let introspecting: RunningHttpServer;
const REDIRECT = 'http://127.0.0.1:7777/callback';

/** An McpServer protected by the dev AS, using `verifier`. */
async function protectedServer(
  verifier: TokenVerifier,
  tokenFormat: 'jwt' | 'opaque',
): Promise<RunningHttpServer> {
  const server = new McpServer(
    { name: 'dev-auth-test', version: '1.0.0' },
    { warn: () => {}, auth: { authorizationServers: [as.issuer], verifier, requiredScopes: ['mcp'] } },
  );
  server.registerTool('whoami', {}, (ctx) => ({
    content: [{ type: 'text', text: `${ctx.auth?.subject} via ${ctx.auth?.clientId}` }],
  }));
  const running = await serveHttp(server, { port: 0 });
  as.addResource(running.url, tokenFormat);
  return running;
}

beforeAll(async () => {
  as = await startDevAuthorizationServer({
    resources: [],
    scopes: ['mcp', 'files:read'],
    clients: [
      { clientId: 'worker', clientSecret: 'worker-secret' },
      { clientId: 'mcp-server', clientSecret: 'introspection-secret', grantTypes: ['client_credentials'] },
      { clientId: 'cli', redirectUris: ['http://127.0.0.1/callback'] },
    ],
    autoApprove: { subject: 'dev-user' },
  });
  mcp = await protectedServer(jwtVerifier({ issuer: as.issuer, jwksUri: as.jwksUri }), 'jwt');
  introspecting = await protectedServer(
    introspectionVerifier({
      endpoint: as.introspectionEndpoint,
      clientId: 'mcp-server',
      clientSecret: 'introspection-secret',
    }),
    // oidc-provider introspects only opaque tokens.
    'opaque',
  );
});

afterAll(async () => {
  await mcp?.close();
  await introspecting?.close();
  await as?.close();
});

async function tokenRequest(params: Record<string, string>, basic?: string) {
  const response = await fetch(as.tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${btoa(basic)}` } : {}),
    },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

/**
 * Follows the AS's redirects (keeping its cookies) until it sends the browser back to the client.
 * `post` sends the authorization request as a form POST, as a browser form would.
 */
async function authorize(query: Record<string, string>, post = false): Promise<URL> {
  let url = new URL(as.authorizationEndpoint);
  if (!post) for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const cookies = new Map<string, string>();
  for (let hop = 0; hop < 10; hop++) {
    const form = post && hop === 0 ? new URLSearchParams(query) : undefined;
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      body: form,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = response.headers.get('location');
    if (!location)
      throw new Error(`No redirect at hop ${hop}: HTTP ${response.status} ${await response.text()}`);
    url = new URL(location, url);
    if (url.origin !== as.issuer) return url;
  }
  throw new Error('Too many redirects');
}

describe('client credentials', () => {
  it('issues a JWT for the MCP server that jwtVerifier accepts', async () => {
    const { status, body } = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'mcp', resource: mcp.url.href },
      'worker:worker-secret',
    );
    expect(status).toBe(200);
    expect(claimsOf(body.access_token!)).toMatchObject({
      aud: mcp.url.href,
      client_id: 'worker',
      scope: 'mcp',
    });
    const reply = await rpcAt(mcp.url, body.access_token)('tools/call', { name: 'whoami', arguments: {} });
    expect(reply.body.result?.content).toEqual([{ type: 'text', text: 'worker via worker' }]);
  });

  it('refuses a resource it does not know, and a token for one MCP server is refused by another', async () => {
    const unknown = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'mcp', resource: 'http://127.0.0.1:1/elsewhere' },
      'worker:worker-secret',
    );
    expect(unknown.body.error).toBe('invalid_target');

    const { body } = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'mcp', resource: introspecting.url.href },
      'worker:worker-secret',
    );
    const wrongServer = await rpcAt(mcp.url, body.access_token)('tools/list');
    expect(wrongServer.status).toBe(401);
  });

  it('matches the requested resource in canonical form (case of scheme and host, trailing slash)', async () => {
    const variant = `${mcp.url.href.replace('http://', 'HTTP://')}/`;
    const { status, body } = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'mcp', resource: variant },
      'worker:worker-secret',
    );
    expect(status).toBe(200);
    expect(claimsOf(body.access_token!)).toMatchObject({ aud: mcp.url.href });
  });

  it('lets only configured confidential clients introspect tokens that are not their own', async () => {
    const { body } = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'mcp', resource: introspecting.url.href },
      'worker:worker-secret',
    );
    const registered = await fetch(as.registrationEndpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      }),
    });
    expect(registered.status).toBe(201);
    const stranger = (await registered.json()) as { client_id: string; client_secret: string };
    const introspect = async (credentials: string) => {
      const response = await fetch(as.introspectionEndpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${btoa(credentials)}`,
        },
        body: new URLSearchParams({ token: body.access_token! }),
      });
      return (await response.json()) as { active?: boolean };
    };
    expect(await introspect(`${stranger.client_id}:${stranger.client_secret}`)).toEqual({ active: false });
    expect(await introspect('mcp-server:introspection-secret')).toMatchObject({ active: true });
  });

  it('issues opaque tokens where asked, which introspectionVerifier checks at its introspection endpoint', async () => {
    const { body } = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'mcp', resource: introspecting.url.href },
      'worker:worker-secret',
    );
    expect(body.access_token!.split('.')).toHaveLength(1);
    const reply = await rpcAt(introspecting.url, body.access_token)('tools/call', {
      name: 'whoami',
      arguments: {},
    });
    expect(reply.body.result?.content).toEqual([{ type: 'text', text: 'worker via worker' }]);
  });
});

describe('authorization code with PKCE (auto-approved), registered dynamically', () => {
  it('registers a loopback client, authorizes with iss in the response, exchanges and refreshes', async () => {
    const registration = await fetch(as.registrationEndpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'test cli',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      }),
    });
    expect(registration.status).toBe(201);
    const { client_id: clientId } = (await registration.json()) as { client_id: string };

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    // Loopback redirect URIs match on any port (RFC 8252).
    const back = await authorize({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'mcp',
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      resource: mcp.url.href,
    });
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('iss')).toBe(as.issuer);
    const code = back.searchParams.get('code')!;

    const exchanged = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: clientId,
      code_verifier: verifier,
      resource: mcp.url.href,
    });
    expect(exchanged.status).toBe(200);
    expect(claimsOf(exchanged.body.access_token!)).toMatchObject({ sub: 'dev-user', aud: mcp.url.href });
    const reply = await rpcAt(mcp.url, exchanged.body.access_token)('tools/call', {
      name: 'whoami',
      arguments: {},
    });
    expect(reply.body.result?.content).toEqual([{ type: 'text', text: `dev-user via ${clientId}` }]);

    expect(exchanged.body.refresh_token).toBeTruthy();
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: exchanged.body.refresh_token!,
      client_id: clientId,
      resource: mcp.url.href,
    });
    expect(refreshed.status).toBe(200);
    expect(claimsOf(refreshed.body.access_token!)).toMatchObject({ sub: 'dev-user', aud: mcp.url.href });
  });

  it.each([
    ['GET', false],
    ['POST', true],
  ])('grants the default scopes to a request that names none (%s)', async (_method, post) => {
    const verifier = randomBytes(32).toString('base64url');
    const back = await authorize(
      {
        response_type: 'code',
        client_id: 'cli',
        redirect_uri: REDIRECT,
        state: 'st-3',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        resource: mcp.url.href,
      },
      post,
    );
    const exchanged = await tokenRequest({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      client_id: 'cli',
      code_verifier: verifier,
      resource: mcp.url.href,
    });
    expect(claimsOf(exchanged.body.access_token!)).toMatchObject({
      scope: 'mcp files:read',
      aud: mcp.url.href,
    });
  });

  it('requires PKCE', async () => {
    const back = await authorize({
      response_type: 'code',
      client_id: 'cli',
      redirect_uri: REDIRECT,
      scope: 'mcp',
      state: 'st-2',
    });
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(back.searchParams.get('iss')).toBe(as.issuer);
  });
});

describe('the issuer of the development authorization server', () => {
  it('keeps the loopback host name the caller gave', async () => {
    const local = await startDevAuthorizationServer({ resources: [], host: 'localhost' });
    try {
      expect(local.issuer).toMatch(/^http:\/\/localhost:\d+$/);
    } finally {
      await local.close();
    }
  });

  it('must be given when binding to a wildcard or public address', async () => {
    await expect(startDevAuthorizationServer({ resources: [], host: '0.0.0.0' })).rejects.toThrow(
      /issuer .* is required when binding to 0\.0\.0\.0/,
    );
  });
});
