/**
 * Discovery as a user of Client.connect({ auth }) relies on it: the protected
 * resource metadata from the challenge or the well-known locations in order,
 * the authorization server metadata in the spec's order, and aborting (before
 * any authorization) when a document names another resource or issuer.
 */
import { describe, expect, it } from 'vitest';
import {
  Client,
  InsecureEndpointError,
  IssuerMismatchError,
  PkceUnsupportedError,
  parseWwwAuthenticate,
  ResourceMismatchError,
} from '../../src/entries/client.js';
import { connectWith, headlessAuth, protectedSetup } from './client-helpers.js';

describe('protected resource metadata', () => {
  it('follows resource_metadata from the challenge and never asks the root when it answered', async () => {
    const { rs } = await protectedSetup();
    const client = await connectWith(rs.url, headlessAuth());
    await client.callTool('whoami', {});
    const paths = rs.requests.map((request) => request.path);
    expect(paths).toContain('/.well-known/oauth-protected-resource/mcp');
    expect(paths).not.toContain('/.well-known/oauth-protected-resource');
  });

  it('without a hint, tries the path-inserted URI and then the root', async () => {
    const { rs } = await protectedSetup(
      {},
      { advertisePrm: false, prmPath: '/.well-known/oauth-protected-resource' },
    );
    rs.config.resource = rs.origin; // A root PRM names the origin, which covers /mcp.
    await connectWith(rs.url, headlessAuth());
    const prm = rs.requests.map((request) => request.path).filter((path) => path.includes('oauth-protected'));
    expect(prm).toEqual([
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]);
  });

  it('aborts before contacting any authorization server when the PRM names another resource', async () => {
    const { as, rs } = await protectedSetup({}, { resource: 'https://evil.example.com/mcp' });
    await expect(Client.connect(rs.url, { auth: headlessAuth(), warn: () => {} })).rejects.toBeInstanceOf(
      ResourceMismatchError,
    );
    expect(as.requests).toEqual([]);
  });
});

describe('authorization server metadata', () => {
  it('tries RFC 8414 and OIDC path insertion before OIDC path appending for an issuer with a path', async () => {
    const { as, rs } = await protectedSetup({ issuerPath: '/tenant1', metadataAt: ['oidc-append'] });
    await connectWith(rs.url, headlessAuth());
    expect(as.requests.filter((request) => request.includes('.well-known'))).toEqual([
      'GET /.well-known/oauth-authorization-server/tenant1',
      'GET /.well-known/openid-configuration/tenant1',
      'GET /tenant1/.well-known/openid-configuration',
    ]);
  });

  it('falls back from RFC 8414 to OIDC discovery for a pathless issuer', async () => {
    const { as, rs } = await protectedSetup({ metadataAt: ['oidc-insert'] });
    await connectWith(rs.url, headlessAuth());
    expect(as.requests.filter((request) => request.includes('.well-known'))).toEqual([
      'GET /.well-known/oauth-authorization-server',
      'GET /.well-known/openid-configuration',
    ]);
  });

  it('uses no endpoint of a metadata document whose issuer differs', async () => {
    const { as, rs } = await protectedSetup({ metadataIssuer: 'https://attacker.example.com' });
    await expect(Client.connect(rs.url, { auth: headlessAuth(), warn: () => {} })).rejects.toBeInstanceOf(
      IssuerMismatchError,
    );
    expect(as.requests).toEqual(['GET /.well-known/oauth-authorization-server']);
  });

  it('refuses plain http to an authorization server that is not on this machine', async () => {
    const { rs } = await protectedSetup();
    rs.config.authorizationServers = ['http://as.example.com'];
    await expect(Client.connect(rs.url, { auth: headlessAuth(), warn: () => {} })).rejects.toBeInstanceOf(
      InsecureEndpointError,
    );
  });

  it('refuses an authorization server that does not advertise PKCE S256', async () => {
    const { as, rs } = await protectedSetup({ codeChallengeMethods: undefined });
    await expect(Client.connect(rs.url, { auth: headlessAuth(), warn: () => {} })).rejects.toBeInstanceOf(
      PkceUnsupportedError,
    );
    expect(as.authorizations).toEqual([]);
  });
});

describe('parseWwwAuthenticate', () => {
  it('reads several challenges with quoted values, escapes and commas inside quotes', () => {
    const challenges = parseWwwAuthenticate(
      'DPoP algs="ES256 PS256", error=use_dpop_nonce, Bearer error="insufficient_scope", scope="a b", error_description="say \\"no\\", twice", Basic dXNlcg==',
    );
    expect(challenges).toEqual([
      { scheme: 'DPoP', params: { algs: 'ES256 PS256', error: 'use_dpop_nonce' } },
      {
        scheme: 'Bearer',
        params: { error: 'insufficient_scope', scope: 'a b', error_description: 'say "no", twice' },
      },
      { scheme: 'Basic', params: {}, token68: 'dXNlcg==' },
    ]);
  });
});
