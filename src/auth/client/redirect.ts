/**
 * The redirect seam: how the user gets to the authorization URL and how the
 * callback comes back. The orchestration calls one function and awaits the
 * callback; a browser, a test or a headless fetch may stand behind it.
 */
import { AuthorizationCancelledError } from './errors.js';

/**
 * Takes the user to `authorizationUrl` and resolves with the callback the
 * authorization server redirected to (the full URL, or its query parameters).
 *
 * @example
 * const redirect: RedirectHandler = async (url) => new URL(await askUserToPasteCallback(url.href));
 */
export type RedirectHandler = (authorizationUrl: URL) => Promise<URL | URLSearchParams | string>;

/**
 * A redirect URI together with the handler that receives callbacks on it.
 *
 * @example
 * const setup: RedirectSetup = loopbackBrowserRedirect({ port: 9000 });
 */
export interface RedirectSetup {
  /** The redirect URI to register and send in authorization requests. */
  redirectUri: string;
  redirect: RedirectHandler;
}

/**
 * For authorization servers that approve without a user (tests, the
 * conformance suite, pre-consented service setups): fetches the authorization
 * URL without following redirects and reads the callback from `Location`.
 * Nothing needs to listen on the redirect URI.
 *
 * @example
 * const auth = new OAuthClientAuth({ ...headlessRedirect('http://localhost:3000/callback') });
 */
export function headlessRedirect(
  redirectUri = 'http://127.0.0.1:8976/callback',
  fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
): RedirectSetup {
  return {
    redirectUri,
    redirect: async (authorizationUrl) => {
      const response = await fetchImpl(authorizationUrl, { redirect: 'manual' });
      await response.body?.cancel().catch(() => {});
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        throw new AuthorizationCancelledError(
          `The authorization server answered HTTP ${response.status} without redirecting back; it needs a user (use a browser redirect)`,
        );
      }
      return new URL(location, authorizationUrl);
    },
  };
}

/**
 * The query parameters of a callback, whatever form the handler returned.
 *
 * @example
 * callbackParameters('http://127.0.0.1:8976/callback?code=abc&state=xyz').get('code'); // 'abc'
 */
export function callbackParameters(callback: URL | URLSearchParams | string): URLSearchParams {
  if (callback instanceof URLSearchParams) return callback;
  if (callback instanceof URL) return callback.searchParams;
  try {
    return new URL(callback).searchParams;
  } catch {
    return new URLSearchParams(callback.startsWith('?') ? callback.slice(1) : callback);
  }
}
