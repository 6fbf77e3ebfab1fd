/**
 * A handler written for 2025-11-25 may throw -32042 (`UrlElicitationRequiredError`)
 * to say "the user must visit these pages first". 2026-07-28 has no such
 * error: the same need is an `input_required` result whose input requests are
 * URL-mode elicitations, after which the client retries. This turns the one
 * into the other, so such a handler serves both eras unchanged.
 */
import { MissingRequiredClientCapabilityError, UrlElicitationRequiredError } from '../../protocol/errors.js';
import { META_CLIENT_CAPABILITIES } from '../../protocol/meta.js';
import { isObject } from '../../protocol/validation/validator.js';

/**
 * Rethrows anything but a well-formed -32042; turns that into the explicit
 * `input_required` outcome the round runner completes (sealing state).
 *
 * @example
 * const outcome = await handler().catch((error) => urlElicitationsAsInputRequests(error, meta));
 */
export function urlElicitationsAsInputRequests(
  error: unknown,
  meta: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  if (!(error instanceof UrlElicitationRequiredError)) throw error;
  const listed = isObject(error.data) ? error.data.elicitations : undefined;
  const pages = Array.isArray(listed)
    ? listed.filter(
        (page): page is { url: string; message: string; elicitationId?: unknown } =>
          isObject(page) && typeof page.url === 'string' && typeof page.message === 'string',
      )
    : [];
  if (pages.length === 0) throw error;
  const capabilities = meta?.[META_CLIENT_CAPABILITIES];
  const elicitation = isObject(capabilities) ? capabilities.elicitation : undefined;
  if (!isObject(elicitation) || !isObject(elicitation.url)) {
    throw new MissingRequiredClientCapabilityError(
      'This request needs the client capability elicitation (URL mode), which it did not declare',
      { requiredCapabilities: { elicitation: { url: {} } } },
    );
  }
  const inputRequests: Record<string, unknown> = {};
  pages.forEach((page, index) => {
    const key = typeof page.elicitationId === 'string' ? `url:${page.elicitationId}` : `url:${index}`;
    inputRequests[key] = {
      method: 'elicitation/create',
      params: { mode: 'url', message: page.message, url: page.url },
    };
  });
  return { resultType: 'input_required', inputRequests };
}
