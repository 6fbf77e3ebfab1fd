/**
 * A protected server that takes DPoP-bound access tokens (RFC 9449): the
 * token's `cnf.jkt` must be the key that signs the request's proof, the proof
 * must name this request and this token and be used once, and a bound token is
 * never accepted as a plain Bearer token.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerifier, McpServer } from '../../src/entries/server.js';
import { serveHttp } from '../../src/node/serve-http.js';
import type { RunningHttpServer } from '../../src/transport/node/serve.js';
import { rpcAt, startTokenIssuer, type TokenIssuer } from './server-token-kit.js';

let issuer: TokenIssuer;
let running: RunningHttpServer;
let strict: RunningHttpServer;
let key: CryptoKeyPair;
let jwk: JWK;
let jkt: string;

function protectedServer(required: boolean, replayCacheSize?: number): McpServer {
  const server = new McpServer(
    { name: 'dpop', version: '1.0.0' },
    {
      warn: () => {},
      auth: {
        authorizationServers: [issuer.issuer],
        verifier: jwtVerifier({ issuer: issuer.issuer, jwksUri: issuer.jwksUri }),
        dpop: { required, algorithms: ['ES256'], replayCacheSize },
      },
    },
  );
  server.registerTool('whoami', {}, (ctx) => ({
    content: [{ type: 'text', text: String(ctx.auth?.subject) }],
  }));
  return server;
}

beforeAll(async () => {
  issuer = await startTokenIssuer();
  key = await generateKeyPair('ES256');
  jwk = await exportJWK(key.publicKey);
  jkt = await calculateJwkThumbprint(jwk, 'sha256');
  running = await serveHttp(protectedServer(false), { port: 0 });
  strict = await serveHttp(protectedServer(true), { port: 0 });
});

afterAll(async () => {
  await running?.close();
  await strict?.close();
  await issuer?.close();
});

function base64url(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString('base64url');
}

async function proofFor(
  url: URL,
  token: string,
  overrides: { htm?: string; htu?: string; iat?: number; jti?: string; signer?: CryptoKeyPair } = {},
): Promise<string> {
  const signer = overrides.signer ?? key;
  const ath = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return new SignJWT({
    htm: overrides.htm ?? 'POST',
    htu: overrides.htu ?? url.href,
    ath,
    jti: overrides.jti ?? crypto.randomUUID(),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(signer.publicKey) })
    .setIssuedAt(overrides.iat ?? Math.floor(Date.now() / 1000))
    .sign(signer.privateKey);
}

const boundToken = (url: URL, thumbprint = jkt) => issuer.mint({ aud: url.href, cnf: { jkt: thumbprint } });

/** Calls whoami with `Authorization: <scheme> <token>` and the given proof. */
function call(url: URL, scheme: string, token: string, proof?: string) {
  return rpcAt(url)(
    'tools/call',
    { name: 'whoami' },
    {
      headers: { authorization: `${scheme} ${token}`, ...(proof === undefined ? {} : { dpop: proof }) },
    },
  );
}

describe('DPoP-bound access tokens', () => {
  it('serves a bound token with a fresh proof by its key', async () => {
    const token = await boundToken(running.url);
    const reply = await call(running.url, 'DPoP', token, await proofFor(running.url, token));
    expect(reply.status).toBe(200);
    expect(reply.body.result?.content).toEqual([{ type: 'text', text: 'alice' }]);
  });

  it('advertises DPoP in its metadata and challenges with both schemes', async () => {
    const metadata = await (
      await fetch(`${running.url.origin}/.well-known/oauth-protected-resource/mcp`)
    ).json();
    expect(metadata.dpop_signing_alg_values_supported).toEqual(['ES256']);
    expect(metadata.dpop_bound_access_tokens_required).toBeUndefined();
    const reply = await rpcAt(running.url)('tools/list');
    expect(reply.status).toBe(401);
    const challenge = reply.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(
      /^Bearer resource_metadata="[^"]+", DPoP resource_metadata="[^"]+", algs="ES256"$/,
    );
  });

  it('refuses a bound token sent as a plain Bearer token', async () => {
    const reply = await call(running.url, 'Bearer', await boundToken(running.url));
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a proof that is missing, replayed, for another request or token, or stale', async () => {
    const token = await boundToken(running.url);
    const refusedWith = async (proof: string | undefined, scheme = 'DPoP') => {
      const reply = await call(running.url, scheme, token, proof);
      expect(reply.status).toBe(401);
      return reply.headers.get('www-authenticate') ?? '';
    };
    expect(await refusedWith(undefined)).toMatch(/DPoP error="invalid_dpop_proof"/);
    const once = await proofFor(running.url, token);
    expect((await call(running.url, 'DPoP', token, once)).status).toBe(200);
    expect(await refusedWith(once)).toContain('already used');
    expect(await refusedWith(await proofFor(running.url, token, { htm: 'GET' }))).toContain('method');
    expect(
      await refusedWith(await proofFor(running.url, token, { htu: `${running.url.origin}/elsewhere` })),
    ).toContain('htu');
    expect(await refusedWith(await proofFor(running.url, `${token}x`))).toContain('ath');
    const stale = Math.floor(Date.now() / 1000) - 600;
    expect(await refusedWith(await proofFor(running.url, token, { iat: stale }))).toContain('iat');
    const proofs = `${await proofFor(running.url, token)}, ${await proofFor(running.url, token)}`;
    expect(await refusedWith(proofs)).toContain('exactly one');
  });

  it('remembers a proof only once its token checks out, and refuses an overlong jti', async () => {
    // A replay memory of one proof: anything recorded would push the first proof out of it.
    const small = await serveHttp(protectedServer(false, 1), { port: 0 });
    try {
      const token = await boundToken(small.url);
      const proof = await proofFor(small.url, token);
      expect((await call(small.url, 'DPoP', token, proof)).status).toBe(200);
      // Well-formed proofs by a stranger's key, with tokens the issuer never signed: refused, not recorded.
      const stranger = await generateKeyPair('ES256');
      const strangerJkt = await calculateJwkThumbprint(await exportJWK(stranger.publicKey), 'sha256');
      for (let n = 0; n < 3; n++) {
        const fake = await issuer.mintWithStrangerKey({ aud: small.url.href, cnf: { jkt: strangerJkt } });
        const refused = await call(
          small.url,
          'DPoP',
          fake,
          await proofFor(small.url, fake, { signer: stranger }),
        );
        expect(refused.status).toBe(401);
      }
      expect((await call(small.url, 'DPoP', token, proof)).headers.get('www-authenticate')).toContain(
        'already used',
      );
    } finally {
      await small.close();
    }
    const token = await boundToken(running.url);
    const longJti = await proofFor(running.url, token, { jti: 'x'.repeat(300) });
    expect((await call(running.url, 'DPoP', token, longJti)).headers.get('www-authenticate')).toContain(
      'jti is too long',
    );
  });

  it('puts the error of a malformed DPoP authorization on the DPoP challenge', async () => {
    const reply = await call(running.url, 'DPoP', 'not a token');
    expect(reply.status).toBe(400);
    expect(reply.headers.get('www-authenticate')).toMatch(/DPoP error="invalid_request"/);
  });

  it("refuses a proof signed by another key than the token's", async () => {
    const other = await generateKeyPair('ES256');
    const token = await boundToken(running.url);
    const reply = await call(
      running.url,
      'DPoP',
      token,
      await proofFor(running.url, token, { signer: other }),
    );
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toMatch(/DPoP error="invalid_token".*another key/);
  });

  it('refuses an unbound token under the DPoP scheme, and keeps taking plain Bearer tokens', async () => {
    const unbound = await issuer.mint({ aud: running.url.href });
    const asDpop = await call(running.url, 'DPoP', unbound, await proofFor(running.url, unbound));
    expect(asDpop.status).toBe(401);
    expect(asDpop.headers.get('www-authenticate')).toContain('not bound');
    expect((await call(running.url, 'Bearer', unbound)).status).toBe(200);
  });

  it('takes DPoP-bound tokens only when DPoP is required', async () => {
    const metadata = await (
      await fetch(`${strict.url.origin}/.well-known/oauth-protected-resource/mcp`)
    ).json();
    expect(metadata.dpop_bound_access_tokens_required).toBe(true);
    const unbound = await issuer.mint({ aud: strict.url.href });
    const reply = await call(strict.url, 'Bearer', unbound);
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token"/);
    const token = await boundToken(strict.url);
    expect((await call(strict.url, 'DPoP', token, await proofFor(strict.url, token))).status).toBe(200);
  });
});
