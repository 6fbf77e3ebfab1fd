/**
 * A protected McpServer over real HTTP: the 401 challenge, the Protected
 * Resource Metadata, token validation (signature, audience, expiry), scopes
 * (server-wide, per tool / resource / template / prompt, hierarchies) and the
 * principal handlers see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerifier, McpServer, ResourceTemplate, scopeHierarchy } from '../../src/entries/server.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { rpc } from '../helpers/http-rpc.js';
import { rpcAt, startTokenIssuer, type TokenIssuer } from './server-token-kit.js';

let issuer: TokenIssuer;
let running: RunningHttpServer;
let resource: string;
let metadataUrl: string;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  const server = new McpServer(
    { name: 'files', version: '1.0.0' },
    {
      warn: () => {},
      auth: {
        authorizationServers: [issuer.issuer],
        verifier: jwtVerifier({ issuer: issuer.issuer, jwksUri: issuer.jwksUri }),
        requiredScopes: ['mcp'],
        scopesSupported: ['mcp', 'files:read', 'offline_access'],
        scopeImplies: scopeHierarchy({ 'files:admin': ['files:write', 'files:read'] }),
        resourceName: 'Files',
        extensions: ['io.modelcontextprotocol/oauth-client-credentials'],
      },
    },
  );
  server.registerTool('whoami', {}, (ctx) => ({
    content: [
      { type: 'text', text: JSON.stringify({ subject: ctx.auth?.subject, scopes: ctx.auth?.scopes }) },
    ],
  }));
  server.registerTool('write', { scopes: ['files:write', 'files:read'] }, () => ({
    content: [{ type: 'text', text: 'written' }],
  }));
  server.registerResource('secret', 'file:///secret.txt', { scopes: ['files:secret'] }, (uri) => ({
    contents: [{ uri: uri.href, text: 'classified' }],
  }));
  server.registerResource(
    'note',
    new ResourceTemplate('notes://{id}', { list: undefined }),
    { scopes: ['notes:read'] },
    (uri, { id }) => ({ contents: [{ uri: uri.href, text: `note ${String(id)}` }] }),
  );
  server.registerPrompt(
    'review',
    {
      scopes: ['prompts:review'],
      argsSchema: { type: 'object', properties: { lang: { type: 'string' } } },
      complete: { lang: (typed) => ['rust', 'ts'].filter((l) => l.startsWith(typed)) },
    },
    () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'Review this' } }] }),
  );
  running = await serveHttp(server, { port: 0 });
  resource = running.url.href;
  metadataUrl = `${running.url.origin}/.well-known/oauth-protected-resource/mcp`;
});

afterAll(async () => {
  await running?.close();
  await issuer?.close();
});

const token = (claims: Parameters<TokenIssuer['mint']>[0] = {}) =>
  issuer.mint({ aud: resource, scope: 'mcp', ...claims });

describe('the 401 challenge', () => {
  it('answers a request without a token with resource_metadata and the scopes to ask for', async () => {
    const reply = await rpcAt(running.url)('tools/list');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe(
      `Bearer scope="mcp", resource_metadata="${metadataUrl}"`,
    );
  });

  it('treats another scheme as no token, and a malformed bearer header as a 400', async () => {
    const basic = await rpcAt(running.url)('tools/list', {}, { headers: { authorization: 'Basic YTpi' } });
    expect(basic.status).toBe(401);
    const empty = await rpcAt(running.url)('tools/list', {}, { headers: { authorization: 'Bearer' } });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: 'invalid_request' });
    const twoParts = await rpcAt(running.url)('tools/list', {}, { headers: { authorization: 'Bearer a b' } });
    expect(twoParts.status).toBe(400);
  });

  it('ignores a token in the query string', async () => {
    const good = await token();
    const url = new URL(running.url);
    url.searchParams.set('access_token', good);
    const reply = await rpcAt(url)('tools/list');
    expect(reply.status).toBe(401);
  });

  it('accepts the Bearer scheme in any case', async () => {
    const reply = await rpcAt(running.url)(
      'tools/list',
      {},
      { headers: { authorization: `bEaReR ${await token()}` } },
    );
    expect(reply.status).toBe(200);
  });
});

describe('token validation', () => {
  async function rejection(tokenValue: string) {
    const reply = await rpcAt(running.url, tokenValue)('tools/list');
    return { status: reply.status, challenge: reply.headers.get('www-authenticate'), body: reply.body };
  }

  it('rejects a token issued for another resource', async () => {
    const result = await rejection(await token({ aud: 'https://elsewhere.example.com/mcp' }));
    expect(result.status).toBe(401);
    expect(result.challenge).toBe(
      `Bearer error="invalid_token", error_description="The access token was not issued for this server", resource_metadata="${metadataUrl}"`,
    );
    expect(result.body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token was not issued for this server',
    });
  });

  it('rejects an expired token and one without an expiry', async () => {
    const expired = await rejection(await token({ exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({
      error: 'invalid_token',
      error_description: 'The access token has expired',
    });
    const noExpiry = await rejection(await token({ exp: null }));
    expect(noExpiry.status).toBe(401);
    expect(noExpiry.body).toMatchObject({
      error: 'invalid_token',
      error_description: 'The access token has no expiry',
    });
  });

  it('rejects a token from another issuer or signed with an unknown key', async () => {
    expect((await rejection(await token({ iss: 'https://evil.example.com' }))).status).toBe(401);
    const forged = await issuer.mintWithStrangerKey({
      aud: resource,
      scope: 'mcp',
      exp: Date.now() / 1000 + 300,
    });
    expect((await rejection(forged)).status).toBe(401);
    expect((await rejection('not-a-jwt')).status).toBe(401);
  });
});

describe('scopes', () => {
  it('answers 403 insufficient_scope naming the server-wide scope', async () => {
    const reply = await rpcAt(running.url, await token({ scope: 'files:read' }))('tools/list');
    expect(reply.status).toBe(403);
    expect(reply.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(reply.headers.get('www-authenticate')).toContain('scope="mcp"');
    expect(reply.headers.get('www-authenticate')).toContain(`resource_metadata="${metadataUrl}"`);
  });

  it('lists tools to any valid token, then demands every scope a tool needs in one challenge', async () => {
    const call = rpcAt(running.url, await token({ scope: 'mcp files:read' }));
    const listed = await call('tools/list');
    expect(listed.status).toBe(200);
    const names = (listed.body.result!.tools as { name: string }[]).map((t) => t.name);
    expect(names).toEqual(['whoami', 'write']);
    expect(JSON.stringify(listed.body.result)).not.toContain('files:write');

    const refused = await call('tools/call', { name: 'write', arguments: {} });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toMatch(
      /^Bearer error="insufficient_scope", error_description="[^"]+", scope="mcp files:write files:read", resource_metadata="/,
    );
    expect(refused.body.error?.data).toEqual({
      error: 'insufficient_scope',
      scope: ['mcp', 'files:write', 'files:read'],
    });
  });

  it('keeps the 403 step-up challenge for a client that accepts only SSE', async () => {
    const refused = await rpcAt(running.url, await token())(
      'tools/call',
      { name: 'write', arguments: {} },
      { headers: { accept: 'text/event-stream' } },
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(refused.body.error?.data).toMatchObject({ error: 'insufficient_scope' });
  });

  it('lets a broader scope stand in for the narrower ones it implies', async () => {
    const reply = await rpcAt(running.url, await token({ scope: 'mcp files:admin' }))('tools/call', {
      name: 'write',
      arguments: {},
    });
    expect(reply.status).toBe(200);
    expect(reply.body.result?.content).toEqual([{ type: 'text', text: 'written' }]);
  });

  it('guards resources, templates and prompts by their scopes', async () => {
    const plain = rpcAt(running.url, await token());
    expect((await plain('resources/read', { uri: 'file:///secret.txt' })).status).toBe(403);
    expect((await plain('resources/read', { uri: 'notes://7' })).status).toBe(403);
    expect((await plain('prompts/get', { name: 'review' })).status).toBe(403);
    const completion = {
      ref: { type: 'ref/prompt', name: 'review' },
      argument: { name: 'lang', value: 'r' },
    };
    expect((await plain('completion/complete', completion)).status).toBe(403);

    const granted = rpcAt(running.url, await token({ scope: 'mcp files:secret notes:read prompts:review' }));
    expect((await granted('resources/read', { uri: 'file:///secret.txt' })).body.result?.contents).toEqual([
      { uri: 'file:///secret.txt', text: 'classified' },
    ]);
    expect((await granted('resources/read', { uri: 'notes://7' })).body.result?.contents).toEqual([
      { uri: 'notes://7', text: 'note 7' },
    ]);
    expect((await granted('prompts/get', { name: 'review' })).status).toBe(200);
    expect((await granted('completion/complete', completion)).body.result?.completion).toMatchObject({
      values: ['rust'],
    });
    const listed = await granted('resources/list');
    expect(JSON.stringify(listed.body.result)).not.toContain('files:secret');
  });

  it("demands a template's scopes to complete against a concrete URI it matches", async () => {
    const completion = {
      ref: { type: 'ref/resource', uri: 'notes://7' },
      argument: { name: 'id', value: '' },
    };
    const refused = await rpcAt(running.url, await token())('completion/complete', completion);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('scope="mcp notes:read"');
    const granted = await rpcAt(running.url, await token({ scope: 'mcp notes:read' }))(
      'completion/complete',
      completion,
    );
    expect(granted.status).toBe(200);
    expect(granted.body.result?.completion).toMatchObject({ values: [] });
  });

  it('demands the scopes of every resource a listen stream subscribes to', async () => {
    // Only the status and challenge matter: the body is cancelled so an opened stream ends at once.
    const listen = async (scope: string) => {
      const bearer = await token({ scope });
      let challenge: string | null = null;
      const reply = await rpc(
        async (request) => {
          const response = await fetch(running.url, {
            method: 'POST',
            headers: { ...Object.fromEntries(request.headers), authorization: `Bearer ${bearer}` },
            body: await request.text(),
          });
          challenge = response.headers.get('www-authenticate');
          await response.body?.cancel();
          return new Response(null, { status: response.status });
        },
        'subscriptions/listen',
        { notifications: { resourceSubscriptions: ['file:///secret.txt', 'notes://7'] } },
      );
      return { status: reply.status, challenge };
    };
    const refused = await listen('mcp files:secret');
    expect(refused.status).toBe(403);
    expect(refused.challenge).toContain('scope="mcp files:secret notes:read"');
    expect((await listen('mcp files:secret notes:read')).status).toBe(200);
  });
});

describe('the principal on ctx (2026-07-28)', () => {
  it('gives handlers the verified subject and scopes', async () => {
    const reply = await rpcAt(running.url, await token({ sub: 'bob', scope: 'mcp files:read' }))(
      'tools/call',
      {
        name: 'whoami',
        arguments: {},
      },
    );
    expect(JSON.parse((reply.body.result!.content as { text: string }[])[0]!.text)).toEqual({
      subject: 'bob',
      scopes: ['mcp', 'files:read'],
    });
  });

  it('advertises the configured auth extension in server/discover', async () => {
    const reply = await rpcAt(running.url, await token())('server/discover');
    expect(reply.body.result?.capabilities).toMatchObject({
      extensions: { 'io.modelcontextprotocol/oauth-client-credentials': {} },
    });
  });
});

describe('protected resource metadata', () => {
  it('is served without a token at the path-inserted well-known URI', async () => {
    const response = await fetch(metadataUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({
      resource,
      authorization_servers: [issuer.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: ['mcp', 'files:read'],
      resource_name: 'Files',
    });
  });

  it('answers a CORS preflight', async () => {
    const response = await fetch(metadataUrl, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
  });
});
