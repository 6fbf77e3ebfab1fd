/**
 * The authorization code flow end to end: PKCE, state, resource, the RFC 9207
 * `iss` rules, client identity (pre-registered, metadata document, dynamic),
 * token endpoint authentication, refresh, step-up and its retry cap, and a
 * server moving to another authorization server.
 */
import { describe, expect, it } from 'vitest';
import {
  AuthorizationResponseError,
  AuthorizationRetryLimitError,
  authorizeWithCode,
  Client,
  headlessRedirect,
  MemoryAuthStore,
  OAuthClientAuth,
  RegistrationError,
} from '../../src/entries/client.js';
import { startAuthServer } from '../fixtures/auth-server.js';
import { connectWith, headlessAuth, protectedSetup, REDIRECT_URI, track } from './client-helpers.js';

const refused = (auth: OAuthClientAuth, url: URL) => Client.connect(url, { auth, warn: () => {} });

describe('authorization request and response', () => {
  it('sends PKCE S256, state and the same resource to the authorization and token endpoints', async () => {
    const { as, rs } = await protectedSetup();
    const client = await connectWith(rs.url, headlessAuth());
    expect((await client.callTool('whoami', {})).content).toEqual([{ type: 'text', text: 'hello' }]);
    const [authorization] = as.authorizations;
    expect(authorization?.get('code_challenge_method')).toBe('S256');
    expect(authorization?.get('state')).toMatch(/.{16,}/);
    expect(authorization?.get('resource')).toBe(rs.url.href);
    // The fixture answers invalid_grant unless the verifier matches the challenge and resource is the same.
    expect(as.tokenRequests[0]?.body.get('resource')).toBe(rs.url.href);
    expect(as.tokenRequests[0]?.body.get('code_verifier')).toBeTruthy();
  });

  it('authorizes a 2025-11-25 session, whose stream and closing DELETE carry the token too', async () => {
    const { rs } = await protectedSetup();
    const client = await connectWith(rs.url, headlessAuth(), '2025-11-25');
    expect(client.protocolVersion).toBe('2025-11-25');
    await client.callTool('whoami', {});
    await client.close();
    const afterSignIn = rs.requests.filter((request) => request.path === '/mcp').slice(1);
    expect(afterSignIn.map((request) => request.method)).toEqual(
      expect.arrayContaining(['POST', 'GET', 'DELETE']),
    );
    expect(afterSignIn.every((request) => request.authorization?.startsWith('Bearer at-'))).toBe(true);
  });

  it.each([
    ['a wrong iss', { issInResponse: 'wrong' as const }],
    ['an iss with a trailing slash added', { issInResponse: 'normalized' as const }],
    ['no iss from a server that promises one', { issInResponse: 'omit' as const }],
    [
      'a wrong iss from a server that does not promise one',
      { issInResponse: 'wrong' as const, issParameterSupported: undefined },
    ],
  ])('rejects %s and never sends the code to the token endpoint', async (_label, config) => {
    const { as, rs } = await protectedSetup(config);
    await expect(refused(headlessAuth(), rs.url)).rejects.toBeInstanceOf(AuthorizationResponseError);
    expect(as.tokenRequests).toEqual([]);
  });

  it('proceeds without iss when the server does not promise it', async () => {
    const { as, rs } = await protectedSetup({ issInResponse: 'omit', issParameterSupported: undefined });
    await connectWith(rs.url, headlessAuth());
    expect(as.tokenRequests).toHaveLength(1);
  });

  it('discards a response whose state does not match', async () => {
    const { as, rs } = await protectedSetup();
    const { redirect } = headlessRedirect(REDIRECT_URI);
    const auth = new OAuthClientAuth({
      redirectUri: REDIRECT_URI,
      redirect: async (url) => {
        const callback = new URL(String(await redirect(url)));
        callback.searchParams.set('state', 'forged');
        return callback;
      },
    });
    await expect(refused(auth, rs.url)).rejects.toBeInstanceOf(AuthorizationResponseError);
    expect(as.tokenRequests).toEqual([]);
  });
});

describe('the grant hook', () => {
  it('hands a grant the validated server, resource, scope and identity, and stores what it returns', async () => {
    const { as, rs } = await protectedSetup({}, { challengeScope: 'mcp:basic' });
    const seen: { issuer?: string; resource?: string; scope?: string } = {};
    const { redirect } = headlessRedirect(REDIRECT_URI);
    const store = new MemoryAuthStore();
    const auth = new OAuthClientAuth({
      redirectUri: REDIRECT_URI,
      store,
      grant: async (context) => {
        Object.assign(seen, {
          issuer: context.authorizationServer.issuer,
          resource: context.resource,
          scope: context.scope,
        });
        const registration = await context.registration();
        return authorizeWithCode({
          as: context.authorizationServer,
          client: { client_id: registration.client_id },
          clientAuthentication: context.clientAuthentication(registration),
          redirectUri: REDIRECT_URI,
          redirect,
          resource: context.resource,
          scope: context.scope,
        });
      },
    });
    const client = await connectWith(rs.url, auth);
    await client.callTool('whoami', {});
    expect(seen).toEqual({ issuer: as.issuer, resource: rs.url.href, scope: 'mcp:basic' });
    expect((await store.getTokens(as.issuer, rs.url.href))?.scope).toBe('mcp:basic');
  });
});

describe('client identity', () => {
  it('registers dynamically as a native app with refresh_token among its grant types', async () => {
    const { as, rs } = await protectedSetup();
    await connectWith(rs.url, headlessAuth({ clientName: 'test app' }));
    expect(as.registrations).toEqual([
      expect.objectContaining({
        client_name: 'test app',
        application_type: 'native',
        redirect_uris: [REDIRECT_URI],
        grant_types: expect.arrayContaining(['authorization_code', 'refresh_token']),
      }),
    ]);
  });

  it('uses the client metadata document URL where the server supports it, without registering', async () => {
    const { as, rs } = await protectedSetup({ clientIdMetadataDocumentSupported: true });
    const clientId = 'https://app.example.com/client-metadata.json';
    await connectWith(rs.url, headlessAuth({ clientMetadataUrl: clientId }));
    expect(as.registrations).toEqual([]);
    expect(as.authorizations[0]?.get('client_id')).toBe(clientId);
  });

  it('prefers pre-registered credentials for that issuer, and never offers them to another issuer', async () => {
    const { as, rs } = await protectedSetup({ tokenEndpointAuthMethods: ['client_secret_basic'] });
    as.addClient('my-app', { secret: 's3cret', method: 'client_secret_basic' });
    const auth = headlessAuth({
      clients: [
        { issuer: 'https://elsewhere.example.com', clientId: 'other-app', clientSecret: 'x' },
        { issuer: as.issuer, clientId: 'my-app', clientSecret: 's3cret' },
      ],
    });
    await connectWith(rs.url, auth);
    expect(as.registrations).toEqual([]);
    expect(as.tokenRequests[0]?.authorization).toBe(`Basic ${btoa('my-app:s3cret')}`);
  });

  it('takes the client registered for the issuer over one given without an issuer, whatever the order', async () => {
    const { as, rs } = await protectedSetup({ tokenEndpointAuthMethods: ['client_secret_basic'] });
    as.addClient('exact-app', { secret: 'exact', method: 'client_secret_basic' });
    const auth = headlessAuth({
      clients: [
        { clientId: 'anywhere-app', clientSecret: 'x' },
        { issuer: as.issuer, clientId: 'exact-app', clientSecret: 'exact' },
      ],
    });
    await connectWith(rs.url, auth);
    expect(as.tokenRequests[0]?.authorization).toBe(`Basic ${btoa('exact-app:exact')}`);
  });

  it('refuses to take a pre-registered client without an issuer to a second authorization server', async () => {
    const { as: first, rs } = await protectedSetup({ tokenEndpointAuthMethods: ['client_secret_basic'] });
    first.addClient('my-app', { secret: 's3cret', method: 'client_secret_basic' });
    const client = await connectWith(
      rs.url,
      headlessAuth({ clients: [{ clientId: 'my-app', clientSecret: 's3cret' }] }),
    );
    const second = track(await startAuthServer());
    rs.config.authorizationServers = [second.issuer];
    rs.config.verify = (token) => second.verify(token);
    await expect(client.callTool('whoami', {})).rejects.toBeInstanceOf(RegistrationError);
    expect(second.authorizations).toEqual([]);
    expect(second.tokenRequests).toEqual([]);
  });

  it('says clearly when the server rejects the registration', async () => {
    const { rs } = await protectedSetup({ rejectRegistration: 'invalid_redirect_uri' });
    const error = await refused(headlessAuth(), rs.url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistrationError);
    expect((error as Error).message).toContain('invalid_redirect_uri');
  });
});

describe('token endpoint authentication', () => {
  it.each([
    [
      'none',
      (body: URLSearchParams, header?: string) =>
        !header && body.get('client_id') && !body.get('client_secret'),
    ],
    [
      'client_secret_basic',
      (body: URLSearchParams, header?: string) => header?.startsWith('Basic ') && !body.get('client_secret'),
    ],
    ['client_secret_post', (body: URLSearchParams, header?: string) => !header && body.get('client_secret')],
  ] as const)('authenticates with %s as registered', async (method, check) => {
    const { as, rs } = await protectedSetup({
      registrationAuthMethod: method,
      tokenEndpointAuthMethods: [method],
    });
    await connectWith(rs.url, headlessAuth());
    const [request] = as.tokenRequests;
    expect(request && check(request.body, request.authorization)).toBeTruthy();
  });
});

describe('tokens over time', () => {
  it('refreshes an expiring token with the same resource and keeps the rotated refresh token', async () => {
    const { as, rs } = await protectedSetup({ expiresIn: 1 }); // Inside the refresh margin from the start.
    const store = new MemoryAuthStore();
    const client = await connectWith(rs.url, headlessAuth({ store }));
    await client.callTool('whoami', {});
    await client.callTool('whoami', {});
    const refreshes = as.tokenRequests.filter(
      (request) => request.body.get('grant_type') === 'refresh_token',
    );
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    // Each refresh presented the token the previous one rotated in (the fixture accepts each only once).
    expect(new Set(refreshes.map((request) => request.body.get('refresh_token'))).size).toBe(
      refreshes.length,
    );
    expect(refreshes.every((request) => request.body.get('resource') === rs.url.href)).toBe(true);
    expect(as.authorizations).toHaveLength(1);
  });

  it('refreshes once on a 401 for a token the server stopped accepting', async () => {
    const { as, rs } = await protectedSetup();
    const client = await connectWith(rs.url, headlessAuth());
    as.revokeAccessTokens();
    await client.callTool('whoami', {});
    expect(as.tokenRequests.map((request) => request.body.get('grant_type'))).toEqual([
      'authorization_code',
      'refresh_token',
    ]);
    expect(as.authorizations).toHaveLength(1);
  });

  it('authorizes again when the server refuses the refresh token', async () => {
    const { as, rs } = await protectedSetup();
    const store = new MemoryAuthStore();
    const client = await connectWith(rs.url, headlessAuth({ store }));
    as.revokeAccessTokens();
    as.revokeRefreshTokens();
    await client.callTool('whoami', {});
    expect(as.tokenRequests.map((request) => request.body.get('grant_type'))).toEqual([
      'authorization_code',
      'refresh_token',
      'authorization_code',
    ]);
    expect(as.authorizations).toHaveLength(2);
  });

  it('steps up to the union of the scopes asked before and the scopes challenged', async () => {
    const { as, rs } = await protectedSetup(
      {},
      { challengeScope: 'mcp:basic', scopesSupported: ['mcp:profile'], toolScopes: { write: ['mcp:write'] } },
    );
    const client = await connectWith(rs.url, headlessAuth());
    expect((await client.callTool('write', {})).content).toEqual([{ type: 'text', text: 'written' }]);
    expect(as.authorizations.map((query) => query.get('scope'))).toEqual([
      'mcp:basic',
      'mcp:basic mcp:write',
    ]);
  });

  it('gives up with a typed error after three authorizations for one request', async () => {
    const { as, rs } = await protectedSetup({}, { toolScopes: { write: ['mcp:admin'] } });
    const client = await connectWith(rs.url, headlessAuth());
    const seen = as.authorizations.length;
    // Every token is valid but never carries mcp:admin: each step-up ends in another 403.
    const verify = rs.config.verify;
    rs.config.verify = (token) => (verify(token) ? { scopes: [] } : undefined);
    await expect(client.callTool('write', {})).rejects.toBeInstanceOf(AuthorizationRetryLimitError);
    expect(as.authorizations.length - seen).toBe(3);
  });

  it('re-registers at a new authorization server and presents it nothing of the old one', async () => {
    const { as: first, rs } = await protectedSetup({ registrationAuthMethod: 'client_secret_post' });
    const store = new MemoryAuthStore();
    const client = await connectWith(rs.url, headlessAuth({ store }));
    const second = track(await startAuthServer({ registrationAuthMethod: 'client_secret_post' }));
    rs.config.authorizationServers = [second.issuer];
    rs.config.verify = (token) => second.verify(token);
    await client.callTool('whoami', {});
    expect(second.registrations).toHaveLength(1);
    const oldClient = await store.getClient(first.issuer);
    const newClient = await store.getClient(second.issuer);
    expect(newClient?.client_id).not.toBe(oldClient?.client_id);
    for (const request of second.tokenRequests) {
      expect(request.body.get('client_id')).toBe(newClient?.client_id);
      expect(request.body.get('client_secret')).toBe(newClient?.client_secret);
      expect(request.body.get('refresh_token')).toBeNull();
    }
  });
});
