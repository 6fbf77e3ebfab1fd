/**
 * Enterprise-managed authorization (SEP-990): the user's ID token becomes an
 * ID-JAG at the identity provider (RFC 8693), the ID-JAG an access token at
 * the MCP server's authorization server (RFC 7523), and no browser is used.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION,
  enterpriseManagedAuth,
  TokenRequestError,
} from '../../src/entries/client.js';
import {
  type Listening,
  startAuthorizationServer,
  startIdentityProvider,
  startResourceServer,
} from '../fixtures/auth-ext-servers.js';

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function setUp() {
  const idp = await startIdentityProvider('agent-at-idp');
  const as = await startAuthorizationServer({
    grantTypes: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
    secrets: { 'agent-at-as': 'as-secret' },
    verifyAssertion: (assertion) => idp.verifyIdJag(assertion, as.issuer),
  });
  const rs = await startResourceServer(as, { scopes: ['mcp:tools'] });
  running.push(idp, as, rs);
  return { idp, as, rs };
}

describe('enterprise-managed authorization', () => {
  it('exchanges the ID token for an ID-JAG, then the ID-JAG for an access token', async () => {
    const { idp, as, rs } = await setUp();
    const idToken = await idp.idToken('alice', 'agent-at-idp');
    const client = await Client.connect(rs.url, {
      auth: enterpriseManagedAuth({
        issuer: as.issuer,
        clientId: 'agent-at-as',
        clientSecret: 'as-secret',
        // Only the issuer: the IdP's token endpoint is discovered.
        idp: { issuer: idp.issuer, clientId: 'agent-at-idp' },
        idToken: async () => idToken,
      }),
    });
    const result = await client.callTool('whoami', {});
    await client.close();

    expect(result.content).toEqual([{ type: 'text', text: 'a machine' }]);
    expect(idp.exchanges).toHaveLength(1);
    expect(idp.exchanges[0]?.params).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:ietf:params:oauth:token-type:id-jag',
      subject_token: idToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      audience: as.issuer,
      resource: rs.url.href,
      scope: 'mcp:tools',
    });
    const [grant] = as.tokenRequests;
    expect(grant?.params.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(grant?.authorization).toBe(`Basic ${btoa('agent-at-as:as-secret')}`);
    await expect(idp.verifyIdJag(grant?.params.assertion ?? '', as.issuer)).resolves.toEqual({
      sub: 'alice',
    });
    expect(rs.clientExtensions()).toHaveProperty([ENTERPRISE_MANAGED_AUTHORIZATION_EXTENSION]);
  });

  it('stops at the identity provider when it refuses the ID token', async () => {
    const { idp, as, rs } = await setUp();
    const foreign = await idp.idToken('mallory', 'some-other-client');
    const auth = enterpriseManagedAuth({
      clientId: 'agent-at-as',
      clientSecret: 'as-secret',
      idp: { issuer: idp.issuer, tokenEndpoint: `${idp.issuer}/token`, clientId: 'agent-at-idp' },
      idToken: foreign,
    });
    const connecting = Client.connect(rs.url, { auth });
    await expect(connecting).rejects.toBeInstanceOf(TokenRequestError);
    await expect(connecting).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(as.tokenRequests).toHaveLength(0);
  });
});
