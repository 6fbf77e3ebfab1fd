/**
 * Client credentials (SEP-1046) against a real authorization server and our
 * own protected MCP server on 127.0.0.1: each client authentication method,
 * the assertion claims of private_key_jwt, resource and scope on the wire,
 * re-acquisition on 401 and before expiry, and private_key_jwt in the
 * authorization code flow.
 */
import * as jose from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CLIENT_CREDENTIALS_EXTENSION,
  Client,
  clientCredentialsAuth,
  headlessRedirect,
  OAuthClientAuth,
  privateKeyJwt,
  TokenRequestError,
} from '../../src/entries/client.js';
import {
  type Listening,
  startAuthorizationServer,
  startResourceServer,
  type TestAuthorizationServer,
} from '../fixtures/auth-ext-servers.js';

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function servers(options: Parameters<typeof startAuthorizationServer>[0], scopes?: string[]) {
  const as = await startAuthorizationServer(options);
  const rs = await startResourceServer(as, { scopes });
  running.push(as, rs);
  return { as, rs };
}

function clientCredentialsRequests(as: TestAuthorizationServer) {
  return as.tokenRequests.filter((request) => request.params.grant_type === 'client_credentials');
}

describe('client credentials', () => {
  it('authenticates with client_secret_basic and sends resource and scope', async () => {
    const { as, rs } = await servers(
      { grantTypes: ['client_credentials'], secrets: { 'report.bot': 's3cret' } },
      ['mcp:read'],
    );
    const auth = clientCredentialsAuth({ issuer: as.issuer, clientId: 'report.bot', clientSecret: 's3cret' });
    const client = await Client.connect(rs.url, {
      auth,
    });
    const result = await client.callTool('whoami', {});
    await client.close();

    expect(result.content).toEqual([{ type: 'text', text: 'a machine' }]);
    const [request] = clientCredentialsRequests(as);
    expect(request?.authorization).toBe(`Basic ${btoa('report.bot:s3cret')}`);
    expect(request?.params).toMatchObject({ resource: rs.url.href, scope: 'mcp:read' });
    expect(request?.params.client_secret).toBeUndefined();
    expect(rs.clientExtensions()).toHaveProperty([CLIENT_CREDENTIALS_EXTENSION]);
  });

  it('authenticates with client_secret_post when asked to', async () => {
    const { as, rs } = await servers({ authMethods: ['client_secret_post'], secrets: { bot: 'pw' } });
    const auth = clientCredentialsAuth({
      clientId: 'bot',
      clientSecret: 'pw',
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    const client = await Client.connect(rs.url, { auth });
    await client.listTools();
    await client.close();

    const [request] = clientCredentialsRequests(as);
    expect(request?.authorization).toBeNull();
    expect(request?.params).toMatchObject({ client_id: 'bot', client_secret: 'pw' });
  });

  it('signs a private_key_jwt assertion (iss = sub = client_id, aud = issuer, unique jti) from a PEM', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const pem = await jose.exportPKCS8(privateKey);
    const { as, rs } = await servers({ authMethods: ['private_key_jwt'], clientKeys: { signer: publicKey } });
    // Tokens that expire at once: every request acquires a new one, so two assertions are made.
    const auth = clientCredentialsAuth({
      clientId: 'signer',
      privateKey: { privateKeyPem: pem, algorithm: 'ES256' },
      refreshMarginMs: 3_600_000,
    });
    const client = await Client.connect(rs.url, { auth });
    await client.listTools();
    await client.callTool('whoami', {});
    await client.close();

    expect(as.clientAssertions.length).toBeGreaterThanOrEqual(2);
    for (const claims of as.clientAssertions) {
      expect(claims).toMatchObject({ iss: 'signer', sub: 'signer', aud: as.issuer });
      expect(claims.exp).toBeGreaterThan(claims.iat ?? Number.POSITIVE_INFINITY);
    }
    const jtis = as.clientAssertions.map((claims) => claims.jti);
    expect(new Set(jtis).size).toBe(jtis.length);
    expect(clientCredentialsRequests(as)[0]?.params.client_assertion_type).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
  });

  it('signs with a private JWK (RS256)', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(privateKey)), alg: 'RS256', kid: 'key-1' };
    const { as, rs } = await servers({ authMethods: ['private_key_jwt'], clientKeys: { rsa: publicKey } });
    const client = await Client.connect(rs.url, {
      auth: clientCredentialsAuth({ clientId: 'rsa', privateKey: { privateJwk: jwk } }),
    });
    await client.listTools();
    await client.close();

    const assertion = clientCredentialsRequests(as)[0]?.params.client_assertion ?? '';
    expect(jose.decodeProtectedHeader(assertion)).toMatchObject({ alg: 'RS256', kid: 'key-1' });
  });

  it('acquires a new token when the server answers 401', async () => {
    const { as, rs } = await servers({ secrets: { bot: 'pw' } });
    const client = await Client.connect(rs.url, {
      auth: clientCredentialsAuth({ clientId: 'bot', clientSecret: 'pw' }),
    });
    await client.listTools();
    const before = clientCredentialsRequests(as).length;
    as.revokeAll();
    await client.callTool('whoami', {});
    await client.close();

    expect(clientCredentialsRequests(as).length).toBe(before + 1);
  });

  it('acquires a new token before the current one expires, without waiting for a 401', async () => {
    // Tokens live 30 s, less than the default 60 s margin: each request finds its token about to expire.
    const { as, rs } = await servers({ secrets: { bot: 'pw' }, expiresIn: 30 });
    const client = await Client.connect(rs.url, {
      auth: clientCredentialsAuth({ clientId: 'bot', clientSecret: 'pw' }),
    });
    await client.listTools();
    await client.callTool('whoami', {});
    await client.close();

    expect(clientCredentialsRequests(as).length).toBeGreaterThanOrEqual(2);
    const refusedWithToken = rs.requests.filter((request) => request.authorization && request.status === 401);
    expect(refusedWithToken).toHaveLength(0);
  });

  it('surfaces a refusal as a TokenRequestError', async () => {
    const { rs } = await servers({ secrets: { bot: 'right' } });
    const connecting = Client.connect(rs.url, {
      auth: clientCredentialsAuth({ clientId: 'bot', clientSecret: 'wrong' }),
    });
    await expect(connecting).rejects.toBeInstanceOf(TokenRequestError);
    await expect(connecting).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('never presents credentials registered for one issuer to another', async () => {
    const { as, rs } = await servers({ secrets: { bot: 'pw' } });
    const auth = clientCredentialsAuth({
      issuer: 'https://other.example.com',
      clientId: 'bot',
      clientSecret: 'pw',
    });
    await expect(Client.connect(rs.url, { auth })).rejects.toThrow(
      /pre-registered|No client identity|ahead of time/,
    );
    expect(clientCredentialsRequests(as)).toHaveLength(0);
  });
});

describe('private_key_jwt in the authorization code flow', () => {
  it('authenticates the code exchange with a signed assertion', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const { as, rs } = await servers({ authMethods: ['private_key_jwt'], clientKeys: { app: publicKey } });
    const auth = new OAuthClientAuth({
      ...headlessRedirect('http://127.0.0.1:9/callback'),
      clients: [{ issuer: as.issuer, clientId: 'app', tokenEndpointAuthMethod: 'private_key_jwt' }],
      clientAuthentication: privateKeyJwt({ privateKey }),
    });
    const client = await Client.connect(rs.url, { auth });
    await client.listTools();
    await client.close();

    const exchange = as.tokenRequests.find((request) => request.params.grant_type === 'authorization_code');
    expect(exchange?.params.client_assertion).toBeDefined();
    expect(as.clientAssertions[0]).toMatchObject({ iss: 'app', sub: 'app', aud: as.issuer });
  });
});
