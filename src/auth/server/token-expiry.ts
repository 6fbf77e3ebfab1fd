/**
 * Long-lived streams end when the access token that opened them expires: a
 * 2025 GET stream or a 2026 listen stream would otherwise keep delivering to
 * a client whose authorization has lapsed. The client reconnects with a fresh
 * token, which the guard checks like any other request.
 */
import type { AuthPrincipal } from './principal.js';

/** setTimeout's longest delay; a token living longer than ~24.8 days is not timed here. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `action` once when the principal's token expires. Returns a function that cancels it.
 *
 * @example
 * const cancel = atTokenExpiry(principal, () => stream.end());
 * stream.onClose(cancel);
 */
export function atTokenExpiry(principal: Pick<AuthPrincipal, 'expiresAt'>, action: () => void): () => void {
  const delay = principal.expiresAt * 1000 - Date.now();
  if (!(delay <= MAX_TIMER_MS)) return () => {};
  const timer = setTimeout(action, Math.max(0, delay));
  timer.unref?.();
  return () => clearTimeout(timer);
}
