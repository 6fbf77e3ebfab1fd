/**
 * A fetch that asks an {@link OutboundGuard} before every request, and follows redirects itself
 * so each hop is asked too: a public URL that answers `302 Location: http://169.254.169.254/`
 * must not take the client there.
 */
import type { OutboundGuard } from './outbound-guard.js';

/** The statuses fetch follows. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/** Credentials that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'dpop'];

/** `input` and `init` as one URL and one init whose body can be sent again. */
async function normalize(input: string | URL | Request, init: RequestInit | undefined) {
  if (!(input instanceof Request)) return { url: new URL(String(input)), init: { ...init } };
  const body = input.body ? await input.arrayBuffer() : undefined;
  return {
    url: new URL(input.url),
    init: { method: input.method, headers: input.headers, body, signal: input.signal, ...init },
  };
}

/** The request a redirect asks for, as fetch would make it (WHATWG Fetch, "HTTP-redirect fetch"). */
function redirected(init: RequestInit, status: number, from: URL, to: URL): RequestInit {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  const next: RequestInit = { ...init, headers };
  if (
    ((status === 301 || status === 302) && method === 'POST') ||
    (status === 303 && method !== 'HEAD' && method !== 'GET')
  ) {
    next.method = 'GET';
    next.body = undefined;
    for (const name of BODY_HEADERS) headers.delete(name);
  }
  if (from.origin !== to.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
  return next;
}

/**
 * Wraps `fetchImpl` so that every URL it is asked for, and every redirect it would follow, is
 * checked by `guard` first ({@link OutboundGuard.check}, which throws `SsrfBlockedError`).
 * Redirects are followed here, at most `guard.maxRedirects` of them, with fetch's own rules
 * (303 and POST-after-301/302 become GET; credentials are not sent to another origin). A caller
 * asking for `redirect: 'manual'` or `'error'` gets that, with the one URL checked. Where names
 * cannot be resolved (browsers), only the first URL is checked and the runtime follows
 * redirects.
 *
 * @example
 * const guard = new OutboundGuard({ named: new URL('https://mcp.example.com/mcp') });
 * const safeFetch = guardedFetch(fetch, guard);
 * await safeFetch('https://auth.example.com/.well-known/oauth-authorization-server');
 */
export function guardedFetch(fetchImpl: typeof fetch, guard: OutboundGuard): typeof fetch {
  if (!guard.enabled) return fetchImpl;
  return async (input, init) => {
    const first = await normalize(input, init);
    const mode = first.init.redirect ?? 'follow';
    if (mode !== 'follow' || !(await guard.followsRedirects())) {
      await guard.check(first.url);
      return fetchImpl(first.url, first.init);
    }
    let url = first.url;
    let request: RequestInit = { ...first.init, redirect: 'manual' };
    for (let hops = 0; ; hops++) {
      await guard.check(url);
      const response = await fetchImpl(url, request);
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null) return response;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return response; // An unreadable Location: the caller gets the redirect as it is, as fetch would.
      }
      await response.body?.cancel().catch(() => {});
      if (hops >= guard.maxRedirects) {
        throw new TypeError(
          `fetch ${first.url.href}: more than ${guard.maxRedirects} redirects (maxRedirects of ssrfProtection)`,
        );
      }
      request = redirected(request, response.status, url, next);
      url = next;
    }
  };
}
