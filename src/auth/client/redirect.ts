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

/** Redirects a headless authorization may follow before it must have reached the redirect URI. */
const MAX_HEADLESS_HOPS = 10;

/** How long one page of a headless sign-in may take to answer, ms. */
const HEADLESS_HOP_TIMEOUT_MS = 30_000;

/**
 * For authorization servers that approve without a user (tests, the
 * conformance suite, a development server in auto-approve mode,
 * pre-consented service setups): fetches the authorization URL without
 * following redirects automatically, then follows the server's own redirects
 * (its login and consent steps), keeping the cookies it sets per origin, until
 * one leads to the redirect URI; that one is the callback. Nothing needs to
 * listen on the redirect URI.
 *
 * @example
 * const auth = new OAuthClientAuth({ ...headlessRedirect('http://localhost:3000/callback') });
 */
export function headlessRedirect(
  redirectUri = 'http://127.0.0.1:8976/callback',
  fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
): RedirectSetup {
  const target = new URL(redirectUri);
  const isCallback = (url: URL) => url.origin === target.origin && url.pathname === target.pathname;
  return {
    redirectUri,
    redirect: async (authorizationUrl) => {
      const jar = new Map<string, Map<string, string>>();
      let url = authorizationUrl;
      for (let hop = 0; hop < MAX_HEADLESS_HOPS; hop++) {
        const cookies = jar.get(url.origin);
        const response = await fetchImpl(url, {
          redirect: 'manual',
          // An authorization server page that never answers must not hang the sign-in.
          signal: AbortSignal.timeout(HEADLESS_HOP_TIMEOUT_MS),
          headers: cookies
            ? { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
            : {},
        });
        await response.body?.cancel().catch(() => {});
        keepCookies(jar, url.origin, response.headers);
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !location) {
          throw new AuthorizationCancelledError(
            `The authorization server answered HTTP ${response.status} without redirecting back; it needs a user (use a browser redirect)`,
          );
        }
        url = new URL(location, url);
        if (isCallback(url)) return url;
      }
      throw new AuthorizationCancelledError(
        `The authorization server did not redirect back to ${redirectUri} within ${MAX_HEADLESS_HOPS} redirects; it needs a user (use a browser redirect)`,
      );
    },
  };
}

/** Remembers the `Set-Cookie` pairs of one response, by origin (attributes are not needed here). */
function keepCookies(jar: Map<string, Map<string, string>>, origin: string, headers: Headers): void {
  const lines = headers.getSetCookie();
  if (lines.length === 0) return;
  const cookies = jar.get(origin) ?? new Map<string, string>();
  jar.set(origin, cookies);
  for (const line of lines) {
    const pair = line.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
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
