/**
 * `oauth4webapi` on first use. A client that never authorizes never needs it, and importing it
 * is a good part of a fresh process's start, so `mcpkit/client` does not import it: every OAuth
 * function that talks to a server (all of them asynchronous) awaits {@link loadOAuth} first.
 * The few synchronous public helpers that need one of its values (`requestOptions` its option
 * symbols, `clientAuthenticationFor` its client authentications, the `DPoPProver` constructor
 * its DPoP handle) take it with {@link oauthNow}: loaded already inside any OAuth flow, and
 * required on the spot when an application calls them before any flow began.
 */
import type * as OAuth from 'oauth4webapi';
import { packageRequire } from '../../schema/package-require.js';

/**
 * The `oauth4webapi` module's type, for code handed the loaded module.
 *
 * @example
 * function verifier(oauth: OAuthModule): string { return oauth.generateRandomCodeVerifier(); }
 */
export type OAuthModule = typeof OAuth;

let loading: Promise<typeof OAuth> | undefined;
let loaded: typeof OAuth | undefined;

/**
 * The `oauth4webapi` module, imported once.
 *
 * @example
 * const oauth = await loadOAuth();
 * const verifier = oauth.generateRandomCodeVerifier();
 */
export function loadOAuth(): Promise<typeof OAuth> {
  loading ??= loaded
    ? Promise.resolve(loaded)
    : import('oauth4webapi').then((module) => {
        loaded ??= module;
        return loaded;
      });
  return loading;
}

/**
 * The `oauth4webapi` module now, for synchronous code: the one {@link loadOAuth} loaded, else
 * required on the spot (Node's module cache makes that the same instance a later import gives).
 * Throws where the runtime can neither (no `require`, or a Node older than 20.19 and 22.12,
 * which cannot require an ES module) before an OAuth flow loaded it.
 *
 * @example
 * const symbol = oauthNow().customFetch;
 */
export function oauthNow(): typeof OAuth {
  if (loaded) return loaded;
  const load = packageRequire();
  try {
    if (load === undefined) throw new Error('this runtime has no require');
    loaded = load('oauth4webapi') as typeof OAuth;
  } catch (error) {
    throw new Error(
      `oauth4webapi is not loaded yet and cannot be required synchronously here (${error instanceof Error ? error.message : String(error)}): ` +
        'call this once an OAuth flow has started, or on Node 20.19 / 22.12 or later',
      { cause: error },
    );
  }
  return loaded;
}

/** The `code` oauth4webapi gives every `ResponseBodyError`. */
const RESPONSE_BODY_ERROR_CODE = 'OAUTH_RESPONSE_BODY_ERROR';

/**
 * Whether `error` is oauth4webapi's `ResponseBodyError` (an OAuth error the server answered
 * with). Loads nothing for any other error: only one carrying that class's `code` is checked
 * against the class itself.
 *
 * @example
 * const code = isResponseBodyError(error) ? error.error : undefined;
 */
export function isResponseBodyError(error: unknown): error is OAuth.ResponseBodyError {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== RESPONSE_BODY_ERROR_CODE)
    return false;
  try {
    return error instanceof oauthNow().ResponseBodyError;
  } catch {
    return false; // oauth4webapi cannot be loaded here, so it did not throw this.
  }
}
