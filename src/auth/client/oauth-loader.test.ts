import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { isResponseBodyError, loadOAuth, oauthNow } from './oauth-loader.js';

/** A real ResponseBodyError: oauth4webapi reading an OAuth error answer. */
async function refusal(): Promise<unknown> {
  const as = { issuer: 'https://as.example.com', token_endpoint: 'https://as.example.com/token' };
  const response = new Response(JSON.stringify({ error: 'invalid_client' }), {
    status: 400,
    headers: { 'content-type': 'application/json' },
  });
  return oauth.processClientCredentialsResponse(as, { client_id: 'app' }, response).catch((error) => error);
}

describe('oauth4webapi on first use', () => {
  it('gives the one module instance, whether imported or taken synchronously', async () => {
    expect(oauthNow()).toBe(await loadOAuth());
    expect(oauthNow().customFetch).toBe(oauth.customFetch);
  });

  it("recognizes the library's OAuth error answers, and nothing else by its look", async () => {
    const error = await refusal();
    expect(isResponseBodyError(error)).toBe(true);
    expect(isResponseBodyError(new Error('network down'))).toBe(false);
    expect(
      isResponseBodyError(Object.assign(new Error('lookalike'), { code: 'OAUTH_RESPONSE_BODY_ERROR' })),
    ).toBe(false);
    expect(isResponseBodyError('invalid_client')).toBe(false);
  });
});
