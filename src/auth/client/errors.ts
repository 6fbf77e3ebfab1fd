/**
 * Why the OAuth client could not obtain access. Each is a distinct class so a
 * host can tell the user what happened (and what to fix) without parsing text.
 */
import { McpkitLocalError } from '../../protocol/errors.js';

/**
 * Base class of every authorization failure on the client side.
 *
 * @example
 * try { await Client.connect(url, { auth }); } catch (error) { if (error instanceof AuthorizationError) console.error(`Sign-in failed: ${error.message}`); }
 */
export class AuthorizationError extends McpkitLocalError {
  override name = 'AuthorizationError';
}

/**
 * The server's protected resource metadata names a different resource than the one we are talking to.
 *
 * @example
 * if (error instanceof ResourceMismatchError) console.error(`${error.advertised} is not ${error.expected}`);
 */
export class ResourceMismatchError extends AuthorizationError {
  override name = 'ResourceMismatchError';
  constructor(
    readonly expected: string,
    readonly advertised: string,
  ) {
    super(
      `The protected resource metadata is for ${advertised}, not for ${expected}; refusing to authorize with it`,
    );
  }
}

/**
 * An authorization server's metadata document names an issuer other than the one it was fetched for.
 *
 * @example
 * if (error instanceof IssuerMismatchError) console.error(`metadata for ${error.expected} claims ${error.advertised}`);
 */
export class IssuerMismatchError extends AuthorizationError {
  override name = 'IssuerMismatchError';
  constructor(
    readonly expected: string,
    readonly advertised: string,
  ) {
    super(
      `The authorization server metadata fetched for ${expected} claims issuer ${advertised}; none of its endpoints will be used`,
    );
  }
}

/**
 * No usable metadata: the server named no authorization server, or none could be described.
 *
 * @example
 * if (error instanceof DiscoveryError) console.error('The server does not say who authorizes it');
 */
export class DiscoveryError extends AuthorizationError {
  override name = 'DiscoveryError';
}

/**
 * The authorization server does not advertise PKCE with S256, which MCP requires.
 *
 * @example
 * if (error instanceof PkceUnsupportedError) console.error(`${error.issuer} lacks PKCE S256`);
 */
export class PkceUnsupportedError extends AuthorizationError {
  override name = 'PkceUnsupportedError';
  constructor(readonly issuer: string) {
    super(
      `The authorization server ${issuer} does not advertise PKCE S256 (code_challenge_methods_supported)`,
    );
  }
}

/**
 * An endpoint would be reached over plain HTTP on a non-loopback host.
 *
 * @example
 * if (error instanceof InsecureEndpointError) console.error(`Not over plain http: ${error.url}`);
 */
export class InsecureEndpointError extends AuthorizationError {
  override name = 'InsecureEndpointError';
  constructor(readonly url: string) {
    super(
      `Refusing to send OAuth traffic to ${url} over plain HTTP; use https (plain http is allowed only for localhost)`,
    );
  }
}

/**
 * No client identity: nothing pre-registered for this issuer, no CIMD support, no registration endpoint.
 *
 * @example
 * if (error instanceof RegistrationError) console.error('Register this app with the server, then pass its client id');
 */
export class RegistrationError extends AuthorizationError {
  override name = 'RegistrationError';
}

/**
 * The authorization response was unusable: wrong `state`, wrong or missing
 * `iss`, or an error from the authorization server. On an `iss` problem the
 * server's own error text is deliberately not carried (it may be an attacker's).
 *
 * @example
 * if (error instanceof AuthorizationResponseError && error.error === 'access_denied') console.error('You declined');
 */
export class AuthorizationResponseError extends AuthorizationError {
  override name = 'AuthorizationResponseError';
  constructor(
    message: string,
    /** The OAuth `error` code, when the response came from the expected server and carried one. */
    readonly error?: string,
  ) {
    super(message);
  }
}

/**
 * The token endpoint refused to issue or refresh a token.
 *
 * @example
 * if (error instanceof TokenRequestError && error.error === 'invalid_client') console.error('Check the client secret');
 */
export class TokenRequestError extends AuthorizationError {
  override name = 'TokenRequestError';
  constructor(
    message: string,
    /** The OAuth `error` code, when the server sent one. */
    readonly error?: string,
  ) {
    super(message);
  }
}

/**
 * The server kept refusing after the allowed number of authorization attempts for one request.
 *
 * @example
 * if (error instanceof AuthorizationRetryLimitError) console.error(`Your account lacks scope ${error.scope}`);
 */
export class AuthorizationRetryLimitError extends AuthorizationError {
  override name = 'AuthorizationRetryLimitError';
  constructor(
    readonly attempts: number,
    /** The scopes the server last asked for, when it named some. */
    readonly scope: string | undefined,
  ) {
    super(
      `The server still refuses access after ${attempts} authorization attempts${scope ? ` (it asks for scope "${scope}")` : ''}`,
    );
  }
}

/**
 * The user (or the redirect handler) did not complete the authorization.
 *
 * @example
 * if (error instanceof AuthorizationCancelledError) console.error('Sign-in was not completed');
 */
export class AuthorizationCancelledError extends AuthorizationError {
  override name = 'AuthorizationCancelledError';
}
