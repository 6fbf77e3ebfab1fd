/**
 * Workload identity (SEP-1933): the platform's JWT goes to the token
 * endpoint as a JWT bearer assertion from a string, a function, a file or
 * the environment; a refusal is final (no retry, no other grant).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, TokenRequestError, workloadIdentityAuth } from '../../src/entries/client.js';
import {
  type Listening,
  startAuthorizationServer,
  startResourceServer,
} from '../fixtures/auth-ext-servers.js';

const running: Listening[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A platform that signs workload tokens, and an AS that trusts them when their audience is itself. */
async function setUp() {
  const platform = await jose.generateKeyPair('ES256');
  const as = await startAuthorizationServer({
    grantTypes: [JWT_BEARER],
    authMethods: ['none'],
    verifyAssertion: async (assertion) => {
      try {
        const { payload } = await jose.jwtVerify(assertion, platform.publicKey, { audience: as.issuer });
        return { sub: String(payload.sub) };
      } catch {
        throw new Error('invalid_grant');
      }
    },
  });
  const rs = await startResourceServer(as);
  running.push(as, rs);
  const workloadJwt = (audience: string) =>
    new jose.SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('https://platform.example')
      .setSubject('billing-worker')
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(platform.privateKey);
  return { as, rs, workloadJwt };
}

describe('workload identity (JWT bearer)', () => {
  it('presents the workload JWT as the assertion, as a public client', async () => {
    const { as, rs, workloadJwt } = await setUp();
    const jwt = await workloadJwt(as.issuer);
    const client = await Client.connect(rs.url, {
      auth: workloadIdentityAuth({ issuer: as.issuer, clientId: 'billing-worker', assertion: () => jwt }),
    });
    await client.callTool('whoami', {});
    await client.close();

    expect(as.tokenRequests).toHaveLength(1);
    expect(as.tokenRequests[0]?.params).toMatchObject({
      grant_type: JWT_BEARER,
      assertion: jwt,
      client_id: 'billing-worker',
      resource: rs.url.href,
    });
    expect(as.tokenRequests[0]?.authorization).toBeNull();
  });

  it('reads the assertion from a file and from the environment', async () => {
    const { as, rs, workloadJwt } = await setUp();
    const dir = await mkdtemp(join(tmpdir(), 'mcpkit-wif-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'token');
    const fileJwt = await workloadJwt(as.issuer);
    // Token files usually end in a newline; it is not part of the JWT.
    await writeFile(file, `${fileJwt}\n`);
    const fromFile = await Client.connect(rs.url, {
      auth: workloadIdentityAuth({ clientId: 'w', assertion: { file } }),
    });
    await fromFile.listTools();
    await fromFile.close();

    process.env.MCPKIT_TEST_WORKLOAD_JWT = await workloadJwt(as.issuer);
    cleanups.push(async () => {
      delete process.env.MCPKIT_TEST_WORKLOAD_JWT;
    });
    const fromEnv = await Client.connect(rs.url, {
      auth: workloadIdentityAuth({ clientId: 'w', assertion: { env: 'MCPKIT_TEST_WORKLOAD_JWT' } }),
    });
    await fromEnv.listTools();
    await fromEnv.close();

    expect(as.tokenRequests.map((request) => request.params.assertion)).toEqual([
      fileJwt,
      process.env.MCPKIT_TEST_WORKLOAD_JWT,
    ]);
  });

  it('gives up on invalid_grant: one token request, no retry, no other grant', async () => {
    const { as, rs, workloadJwt } = await setUp();
    const auth = workloadIdentityAuth({
      clientId: 'w',
      assertion: await workloadJwt('https://wrong.example'),
    });

    await expect(Client.connect(rs.url, { auth })).rejects.toMatchObject({
      name: 'TokenRequestError',
      error: 'invalid_grant',
    });
    // A second attempt with the same assertion is refused locally.
    await expect(Client.connect(rs.url, { auth })).rejects.toBeInstanceOf(TokenRequestError);
    expect(as.tokenRequests).toHaveLength(1);
    expect(as.tokenRequests[0]?.params.grant_type).toBe(JWT_BEARER);
  });

  it('refuses a source that yields no JWT, before any request', async () => {
    const { as, rs } = await setUp();
    const auth = workloadIdentityAuth({ clientId: 'w', assertion: () => 'not a token' });
    await expect(Client.connect(rs.url, { auth })).rejects.toThrow(/did not produce a JWT/);
    expect(as.tokenRequests).toHaveLength(0);
  });
});
