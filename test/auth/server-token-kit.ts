/**
 * A stand-in identity provider for the resource-server tests: an ES256 key
 * whose JWKS is served over real HTTP on 127.0.0.1, and a minting function
 * for access tokens with whatever claims a test needs (or lacks).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { rpc } from '../helpers/http-rpc.js';

export interface TokenIssuer {
  /** The issuer identifier (`iss`). */
  readonly issuer: string;
  readonly jwksUri: string;
  /** Signs an access token; `exp: null` leaves the expiry out. Defaults: sub alice, exp in 5 minutes. */
  mint(claims: Omit<JWTPayload, 'exp'> & { exp?: number | null }): Promise<string>;
  /** Signs with a key that is not in the JWKS. */
  mintWithStrangerKey(claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (claims: Omit<JWTPayload, 'exp'> & { exp?: number | null }, key: CryptoKey, kid: string) => {
    const { exp, ...rest } = claims;
    const jwt = new SignJWT({ sub: 'alice', iss: issuer, ...rest })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setIssuedAt();
    if (exp !== null) jwt.setExpirationTime(exp ?? Math.floor(Date.now() / 1000) + 300);
    return jwt.sign(key);
  };
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    mint: (claims) => sign(claims, privateKey, 'test-key'),
    mintWithStrangerKey: (claims) => sign(claims, stranger.privateKey, 'test-key'),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `rpc` from the shared helper, sent over real HTTP to `url`. */
export function rpcAt(url: URL, token?: string) {
  return (method: string, params: Record<string, unknown> = {}, options: Parameters<typeof rpc>[3] = {}) =>
    rpc(
      async (request) =>
        fetch(url, {
          method: request.method,
          headers: request.headers,
          body: await request.text(),
        }),
      method,
      params,
      { ...options, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers } },
    );
}
