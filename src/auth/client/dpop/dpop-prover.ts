/**
 * DPoP (RFC 9449, SEP-1932): one key pair per client proves possession of
 * sender-constrained tokens. Token requests carry a proof through
 * oauth4webapi's DPoP handle (which also keeps the authorization server's
 * nonce); requests to the MCP server carry a fresh proof bound to the access
 * token (`ath`) and to the latest nonce that server handed out.
 */
import type * as jose from 'jose';
import type * as oauth from 'oauth4webapi';
import { loadJose } from '../jose-loader.js';
import { loadOAuth, oauthNow } from '../oauth-loader.js';
import { parseWwwAuthenticate } from '../www-authenticate.js';

/**
 * Signing algorithms we can generate keys for, in order of preference.
 *
 * @example
 * DPOP_ALGORITHMS.includes('ES256'); // true
 */
export const DPOP_ALGORITHMS = ['ES256', 'ES384', 'EdDSA', 'PS256', 'RS256'] as const;

/**
 * A DPoP signing algorithm {@link DPoPProver.generate} can make a key for.
 *
 * @example
 * const algorithm: DPoPAlgorithm = 'ES384';
 */
export type DPoPAlgorithm = (typeof DPOP_ALGORITHMS)[number];

/** The `DPoP-Nonce` header of a response (RFC 9449 §8, §9). */
const NONCE_HEADER = 'dpop-nonce';

/**
 * The algorithm to use with an authorization server: the first of ours it
 * advertises in `dpop_signing_alg_values_supported`, else ES256.
 *
 * @example
 * dpopAlgorithmFor({ issuer: 'https://as', dpop_signing_alg_values_supported: ['RS256'] }); // 'RS256'
 */
export function dpopAlgorithmFor(
  as: Pick<oauth.AuthorizationServer, 'dpop_signing_alg_values_supported'>,
): DPoPAlgorithm {
  const advertised = as.dpop_signing_alg_values_supported ?? [];
  return DPOP_ALGORITHMS.find((alg) => advertised.includes(alg)) ?? 'ES256';
}

/**
 * Makes DPoP proofs with one key pair: for token requests (through
 * {@link DPoPProver.tokenRequest}) and for every request to the MCP server
 * (through {@link DPoPProver.resourceHeaders}).
 *
 * @example
 * const prover = await DPoPProver.generate(); // ES256
 * const auth = new OAuthClientAuth({ dpop: prover, ...headlessRedirect() });
 */
export class DPoPProver {
  /** The oauth4webapi handle for token requests; it remembers the authorization server's nonces itself. */
  readonly handle: oauth.DPoPHandle;
  /** The latest nonce each resource server (by origin) asked for. */
  private readonly resourceNonces = new Map<string, string>();
  private header: jose.JWTHeaderParameters | undefined;

  /**
   * @param keyPair The proof key. The public half must be extractable (it travels in every proof's header).
   */
  constructor(readonly keyPair: CryptoKeyPair) {
    this.handle = oauthNow().DPoP({}, keyPair);
  }

  /**
   * A prover with a fresh, non-extractable private key.
   *
   * @example
   * const prover = await DPoPProver.generate('ES256');
   */
  static async generate(algorithm: DPoPAlgorithm = 'ES256'): Promise<DPoPProver> {
    // Loaded here so the constructor finds oauth4webapi ready rather than requiring it on the spot.
    const [{ generateKeyPair }] = await Promise.all([loadJose(), loadOAuth()]);
    const keyPair = await generateKeyPair(algorithm, { extractable: false });
    // Web Crypto keeps the public half extractable whatever the flag says: every proof's header carries it.
    return new DPoPProver(keyPair);
  }

  /**
   * The JWK thumbprint (RFC 7638) of the public key: what a bound token's `cnf.jkt` names.
   *
   * @example
   * const jkt = await prover.thumbprint();
   */
  thumbprint(): Promise<string> {
    return this.handle.calculateThumbprint();
  }

  /**
   * One proof for one request: unique `jti`, `htm`, `htu` (no query or
   * fragment), `iat`, `ath` when a token is presented, and the nonce the
   * server last asked for.
   *
   * @example
   * const proof = await prover.proof('POST', new URL('https://mcp.example.com/mcp'), accessToken);
   */
  async proof(method: string, url: URL, accessToken?: string): Promise<string> {
    this.header ??= await this.protectedHeader();
    const payload: jose.JWTPayload = {
      jti: crypto.randomUUID(),
      htm: method.toUpperCase(),
      htu: `${url.origin}${url.pathname}`,
      iat: Math.floor(Date.now() / 1000),
    };
    if (accessToken !== undefined) payload.ath = await sha256Base64Url(accessToken);
    const nonce = this.resourceNonces.get(url.origin);
    if (nonce !== undefined) payload.nonce = nonce;
    const { SignJWT } = await loadJose();
    return new SignJWT(payload).setProtectedHeader(this.header).sign(this.keyPair.privateKey);
  }

  /**
   * The headers that present a DPoP-bound access token to a resource server
   * (RFC 9449 §7.1): `Authorization: DPoP <token>` and a fresh proof.
   *
   * @example
   * const headers = await prover.resourceHeaders(tokens.access_token, { method: 'POST', url });
   */
  async resourceHeaders(
    accessToken: string,
    request: { method: string; url: URL },
  ): Promise<Record<string, string>> {
    return {
      authorization: `DPoP ${accessToken}`,
      dpop: await this.proof(request.method, request.url, accessToken),
    };
  }

  /**
   * Keeps the `DPoP-Nonce` a resource server sent, for the next proof to that
   * origin. Servers may send a new one on any response, not only on a challenge.
   *
   * @example
   * prover.rememberNonce(response, request.url);
   */
  rememberNonce(response: Response, url: URL): void {
    const nonce = response.headers.get(NONCE_HEADER);
    if (nonce) this.resourceNonces.set(url.origin, nonce);
  }

  /**
   * True when a resource server refused a request only because its proof
   * lacked the current nonce (401, `WWW-Authenticate: DPoP error="use_dpop_nonce"`,
   * and a `DPoP-Nonce` to use): sending it again with a new proof fixes that.
   *
   * @example
   * if (prover.isNonceChallenge(response)) return true; // resend
   */
  isNonceChallenge(response: Response): boolean {
    if (response.status !== 401 || !response.headers.get(NONCE_HEADER)) return false;
    return parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '').some(
      (challenge) => challenge.scheme.toLowerCase() === 'dpop' && challenge.params.error === 'use_dpop_nonce',
    );
  }

  /**
   * Runs a token request with a proof, and once more when the authorization
   * server answers `use_dpop_nonce` (RFC 9449 §8): the handle has kept the
   * nonce from that answer, so the second proof carries it.
   *
   * @example
   * const tokens = await prover.tokenRequest(async (DPoP) =>
   *   oauth.processClientCredentialsResponse(as, client,
   *     await oauth.clientCredentialsGrantRequest(as, client, auth, params, { DPoP })));
   */
  async tokenRequest<T>(send: (handle: oauth.DPoPHandle) => Promise<T>): Promise<T> {
    try {
      return await send(this.handle);
    } catch (error) {
      if (!oauthNow().isDPoPNonceError(error)) throw error;
      return send(this.handle);
    }
  }

  private async protectedHeader(): Promise<jose.JWTHeaderParameters> {
    const { exportJWK } = await loadJose();
    const jwk = await exportJWK(this.keyPair.publicKey);
    const alg = algorithmOf(this.keyPair.publicKey);
    // Only the public members: exportJWK of a public key has no private ones, but be explicit about what travels.
    const { kty, crv, x, y, n, e } = jwk;
    return { alg, typ: 'dpop+jwt', jwk: { kty, crv, x, y, n, e } };
  }
}

/**
 * Runs a token request with DPoP when a prover is given, plainly otherwise:
 * the one call every grant makes.
 *
 * @example
 * const response = await withDPoP(context.dpop, async (DPoP) => send({ ...options, DPoP }));
 */
export function withDPoP<T>(
  prover: DPoPProver | undefined,
  send: (handle: oauth.DPoPHandle | undefined) => Promise<T>,
): Promise<T> {
  return prover ? prover.tokenRequest(send) : send(undefined);
}

async function sha256Base64Url(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  const { base64url } = await loadJose();
  return base64url.encode(new Uint8Array(digest));
}

/** The JWS `alg` for a Web Crypto key. */
function algorithmOf(key: CryptoKey): string {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } };
  switch (algorithm.name) {
    case 'ECDSA':
      return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[algorithm.namedCurve ?? ''] ?? 'ES256';
    case 'Ed25519':
    case 'EdDSA':
      return 'EdDSA';
    case 'RSA-PSS':
      return `PS${algorithm.hash?.name.slice(4) ?? '256'}`;
    case 'RSASSA-PKCS1-v1_5':
      return `RS${algorithm.hash?.name.slice(4) ?? '256'}`;
    default:
      throw new TypeError(`A ${algorithm.name} key cannot sign DPoP proofs`);
  }
}
