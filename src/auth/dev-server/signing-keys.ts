/**
 * Fresh signing keys for the development authorization server: ES256 for
 * access tokens, RS256 because OpenID Connect requires it for ID tokens.
 */
/**
 * Generates the private JWKs the server signs with (new on every start).
 *
 * @example
 * const keys = await generateSigningKeys(); // [{ kty: 'EC', alg: 'ES256', d: ... }, { kty: 'RSA', ... }]
 */
export async function generateSigningKeys(): Promise<Record<string, unknown>[]> {
  // Imported lazily, as the verifiers do, so the CommonJS build never require()s the ESM-only jose.
  const { exportJWK, generateKeyPair } = await import('jose');
  const keys: Record<string, unknown>[] = [];
  for (const alg of ['ES256', 'RS256'] as const) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    keys.push({
      ...(await exportJWK(privateKey)),
      alg,
      use: 'sig',
      kid: `${alg.toLowerCase()}-${Date.now().toString(36)}`,
    });
  }
  return keys;
}
