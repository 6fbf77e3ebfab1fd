/**
 * Headless approval for the development authorization server: every login
 * step signs in a fixed subject and every consent step grants exactly what
 * the client asked for, so tests and CI can run the authorization code flow
 * by following redirects, with no page to fill in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OidcProvider } from './oidc-provider-types.js';

/**
 * Finishes one interaction of `provider` on behalf of `subject`.
 *
 * @example
 * if (req.url?.startsWith('/interaction/')) await approveInteraction(provider, req, res, 'dev-user');
 */
export async function approveInteraction(
  provider: OidcProvider,
  req: IncomingMessage,
  res: ServerResponse,
  subject: string,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: subject } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const accountId = details.session?.accountId ?? subject;
  const clientId = String(details.params.client_id);
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
