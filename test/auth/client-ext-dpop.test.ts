/**
 * DPoP (RFC 9449, SEP-1932): proofs at the token endpoint (authorization
 * code, refresh-free grants), `Authorization: DPoP` with a fresh proof on
 * every MCP request (htm, htu without query, ath, unique jti), and the nonce
 * dance at both the authorization server and the MCP server.
 */
import * as jose from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  clientCredentialsAuth,
  DPoPProver,
  headlessRedirect,
  OAuthClientAuth,
} from '../../src/entries/client.js';
import {
  type Listening,
  startAuthorizationServer,
  startResourceServer,
  verifyProof,
} from '../fixtures/auth-ext-servers.js';

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function setUp(options: { asNonce?: string; rsNonce?: string; algorithms?: string[] } = {}) {
  const as = await startAuthorizationServer({
    dpopAlgorithms: options.algorithms ?? ['ES256'],
    dpopNonce: options.asNonce,
    secrets: { bot: 'pw' },
  });
  const rs = await startResourceServer(as, { dpopNonce: options.rsNonce, challengeScheme: 'DPoP' });
  running.push(as, rs);
  return { as, rs };
}

/** A user-facing client: authorization code flow, headless. */
function codeFlowAuth(issuer: string, dpop?: boolean | DPoPProver) {
  return new OAuthClientAuth({
    ...headlessRedirect('http://127.0.0.1:9/callback'),
    clients: [{ issuer, clientId: 'app' }],
    dpop,
  });
}

describe('DPoP', () => {
  it('binds the authorization code exchange and presents the token with a fresh proof per request', async () => {
    const { as, rs } = await setUp();
    const client = await Client.connect(rs.url, { auth: codeFlowAuth(as.issuer) });
    await client.listTools();
    await client.callTool('whoami', {});
    await client.close();

    const exchange = as.tokenRequests.find((request) => request.params.grant_type === 'authorization_code');
    const tokenProof = await verifyProof(exchange?.dpop ?? null, 'POST', `${as.issuer}/token`);
    expect(tokenProof.claims.ath).toBeUndefined();

    const authorized = rs.requests.filter((request) => request.proof);
    expect(authorized.length).toBeGreaterThanOrEqual(2);
    const [token] = [...as.tokens.keys()];
    const ath = jose.base64url.encode(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))),
    );
    for (const request of authorized) {
      expect(request.authorization).toBe(`DPoP ${token}`);
      expect(request.proof?.claims).toMatchObject({ htm: request.method, htu: rs.url.href, ath });
      // The same key throughout: the one the token is bound to.
      expect(request.proof?.jkt).toBe(tokenProof.jkt);
      expect(request.status).toBe(200);
    }
    const jtis = authorized.map((request) => request.proof?.claims.jti);
    expect(new Set(jtis).size).toBe(jtis.length);
  });

  it('retries the token request with the authorization server nonce', async () => {
    const { as, rs } = await setUp({ asNonce: 'as-nonce-1' });
    const client = await Client.connect(rs.url, { auth: codeFlowAuth(as.issuer) });
    await client.listTools();
    await client.close();

    const exchanges = as.tokenRequests.filter(
      (request) => request.params.grant_type === 'authorization_code',
    );
    expect(exchanges).toHaveLength(2);
    expect(jose.decodeJwt(exchanges[0]?.dpop ?? '').nonce).toBeUndefined();
    expect(jose.decodeJwt(exchanges[1]?.dpop ?? '').nonce).toBe('as-nonce-1');
    expect(exchanges[1]?.params.code).toBe(exchanges[0]?.params.code);
  });

  it('retries an MCP request with the resource server nonce, then keeps using it', async () => {
    const { as, rs } = await setUp({ rsNonce: 'rs-nonce-1' });
    const client = await Client.connect(rs.url, { auth: codeFlowAuth(as.issuer) });
    await client.listTools();
    await client.callTool('whoami', {});
    await client.close();

    // The nonce is all that was missing: no new authorization.
    expect(as.tokenRequests).toHaveLength(1);
    const withProof = rs.requests.filter((request) => request.proof);
    const challenged = withProof.filter((request) => request.status === 401);
    // One challenge: the first proof had no nonce; every later one carries it.
    expect(challenged).toHaveLength(1);
    expect(challenged[0]?.proof?.claims.nonce).toBeUndefined();
    const after = withProof.slice(withProof.indexOf(challenged[0] as (typeof withProof)[number]) + 1);
    expect(after.length).toBeGreaterThanOrEqual(2);
    for (const request of after) {
      expect(request.proof?.claims.nonce).toBe('rs-nonce-1');
      expect(request.status).toBe(200);
    }
  });

  it('proves possession when refreshing, with the same key', async () => {
    const as = await startAuthorizationServer({
      dpopAlgorithms: ['ES256'],
      refreshTokens: true,
      // Shorter than the 60 s refresh margin: every request after the first refreshes.
      expiresIn: 30,
    });
    const rs = await startResourceServer(as, { challengeScheme: 'DPoP' });
    running.push(as, rs);
    const client = await Client.connect(rs.url, { auth: codeFlowAuth(as.issuer) });
    await client.listTools();
    await client.callTool('whoami', {});
    await client.close();

    const exchange = as.tokenRequests.find((request) => request.params.grant_type === 'authorization_code');
    const refreshes = as.tokenRequests.filter((request) => request.params.grant_type === 'refresh_token');
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    const bound = await verifyProof(exchange?.dpop ?? null, 'POST', `${as.issuer}/token`);
    for (const refresh of refreshes) {
      const proof = await verifyProof(refresh.dpop, 'POST', `${as.issuer}/token`);
      expect(proof.jkt).toBe(bound.jkt);
    }
    // Every refreshed token was accepted: the proofs on the MCP requests match its binding.
    expect(rs.requests.filter((request) => request.proof && request.status !== 200)).toHaveLength(0);
  });

  it('puts a proof on every request of a 2025-11-25 session: POST, the GET stream and the closing DELETE', async () => {
    const { as, rs } = await setUp();
    const client = await Client.connect(rs.url, {
      auth: codeFlowAuth(as.issuer),
      protocolVersion: '2025-11-25',
    });
    await client.callTool('whoami', {});
    await client.close();

    const authorized = rs.requests.filter((request) => request.authorization);
    expect(new Set(authorized.map((request) => request.method))).toEqual(new Set(['POST', 'GET', 'DELETE']));
    for (const request of authorized) {
      expect(request.authorization).toMatch(/^DPoP /);
      expect(request.proof?.claims.htm).toBe(request.method);
    }
  });

  it('composes with client credentials, using a key the application supplies', async () => {
    const { as, rs } = await setUp({ algorithms: ['RS256', 'ES256'] });
    const prover = await DPoPProver.generate('ES384');
    const client = await Client.connect(rs.url, {
      auth: clientCredentialsAuth({ clientId: 'bot', clientSecret: 'pw', dpop: prover }),
    });
    await client.listTools();
    await client.close();

    const [request] = as.tokenRequests;
    expect(request?.params.grant_type).toBe('client_credentials');
    const proof = await verifyProof(request?.dpop ?? null, 'POST', `${as.issuer}/token`);
    expect(proof.jkt).toBe(await prover.thumbprint());
    expect(jose.decodeProtectedHeader(request?.dpop ?? '').alg).toBe('ES384');
  });

  it('stays with Bearer tokens when DPoP is turned off', async () => {
    const { as, rs } = await setUp();
    const client = await Client.connect(rs.url, { auth: codeFlowAuth(as.issuer, false) });
    await client.listTools();
    await client.close();

    expect(as.tokenRequests.every((request) => request.dpop === null)).toBe(true);
    const authorized = rs.requests.filter((request) => request.authorization);
    expect(authorized.every((request) => request.authorization?.startsWith('Bearer '))).toBe(true);
  });

  it('proofs name the URL without query or fragment', async () => {
    const prover = await DPoPProver.generate();
    const proof = await prover.proof('get', new URL('https://mcp.example.com/mcp?session=1#frag'), 'token-1');
    const claims = jose.decodeJwt(proof);
    expect(claims).toMatchObject({ htm: 'GET', htu: 'https://mcp.example.com/mcp' });
    expect(jose.decodeProtectedHeader(proof)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(jose.decodeProtectedHeader(proof).jwk).not.toHaveProperty('d');
  });
});
