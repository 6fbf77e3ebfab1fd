/**
 * A client's private signing key, from whatever form the operator holds it
 * in: a PKCS#8 PEM (what key tools and secret stores hand out), a private JWK,
 * or an already imported Web Crypto key.
 */
import type * as jose from 'jose';
import { loadJose } from '../jose-loader.js';

/**
 * Where a signing key comes from.
 *
 * @example
 * const source: SigningKeySource = { privateKeyPem: pem, algorithm: 'ES256', keyId: 'key-2026' };
 */
export type SigningKeySource =
  | { privateKeyPem: string; algorithm: string; keyId?: string }
  | { privateJwk: jose.JWK; algorithm?: string; keyId?: string }
  | { privateKey: CryptoKey; keyId?: string };

/**
 * An imported private key and what to put in a JWS header for it.
 *
 * @example
 * const { key, kid } = await importSigningKey({ privateJwk: jwk });
 */
export interface SigningKey {
  key: CryptoKey;
  /** The `kid` header, when the authorization server needs it to pick the public key. */
  kid?: string;
}

/**
 * Imports a signing key. The algorithm (ES256, RS256, ...) is required for a
 * PEM, which does not say how it is meant to be used; a JWK may carry `alg`.
 *
 * @example
 * const key = await importSigningKey({ privateKeyPem: process.env.CLIENT_KEY_PEM!, algorithm: 'ES256' });
 */
export async function importSigningKey(source: SigningKeySource): Promise<SigningKey> {
  if ('privateKey' in source) return { key: source.privateKey, kid: source.keyId };
  if ('privateKeyPem' in source) {
    let key: CryptoKey;
    try {
      key = await (await loadJose()).importPKCS8(source.privateKeyPem, source.algorithm);
    } catch (error) {
      throw new TypeError(
        `The private key is not a PKCS#8 PEM usable with ${source.algorithm}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { key, kid: source.keyId };
  }
  const algorithm = source.algorithm ?? source.privateJwk.alg;
  if (!algorithm) throw new TypeError('The private JWK has no "alg"; pass the algorithm (ES256, RS256, ...)');
  if (source.privateJwk.d === undefined)
    throw new TypeError('The JWK is a public key; a private one is needed');
  const key = await (await loadJose()).importJWK(source.privateJwk, algorithm);
  if (!(key instanceof CryptoKey)) throw new TypeError(`The JWK is not an asymmetric key for ${algorithm}`);
  return { key, kid: source.keyId ?? source.privateJwk.kid };
}
