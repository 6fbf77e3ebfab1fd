/**
 * Getting a client identity at an authorization server, in the MCP spec's
 * order of preference: credentials registered ahead of time for that issuer,
 * then a Client ID Metadata Document (when the server supports it), then
 * Dynamic Client Registration (deprecated, kept for servers that need it).
 */
import type * as oauth from 'oauth4webapi';
import { SsrfBlockedError } from '../../transport/http/errors.js';
import { isLoopbackHost } from '../../transport/http/security.js';
import { RegistrationError } from './errors.js';
import { type OAuthHttpOptions, requestOptions } from './http-policy.js';
import { isResponseBodyError, loadOAuth } from './oauth-loader.js';
import type { AuthStore, ClientRegistration } from './store.js';

/**
 * A client registered with an authorization server ahead of time.
 *
 * @example
 * const client: PreRegisteredClient = { issuer: 'https://auth.example.com', clientId: 'my-app', clientSecret: process.env.SECRET };
 */
export interface PreRegisteredClient {
  /**
   * The issuer it was registered with. Without it, `OAuthClientAuth` uses the
   * client at the first authorization server the MCP server names, and refuses
   * to present it to another one later.
   */
  issuer?: string;
  clientId: string;
  clientSecret?: string;
  /** Default: from the server's advertised methods (`client_secret_basic` first when there is a secret). */
  tokenEndpointAuthMethod?: string;
}

/**
 * What this client says about itself when registering.
 *
 * @example
 * const identity: ClientIdentityOptions = { clientName: 'My app', clientMetadataUrl: 'https://app.example.com/client.json' };
 */
export interface ClientIdentityOptions {
  /** Registered ahead of time (matched by issuer). */
  clients?: readonly PreRegisteredClient[];
  /**
   * The HTTPS URL of this client's metadata document (SEP-991), used as its
   * client_id where the server supports `client_id_metadata_document_supported`.
   */
  clientMetadataUrl?: string;
  /** `client_name` for dynamic registration. Default `'mcpkit client'`. */
  clientName?: string;
  /**
   * `application_type` for dynamic registration. Default `native` when every
   * redirect URI is on the loopback interface, `web` otherwise.
   */
  applicationType?: 'native' | 'web';
  /** Grant types to register. Default `['authorization_code', 'refresh_token']`. */
  grantTypes?: readonly string[];
  /** A `token_endpoint_auth_method` to ask for in dynamic registration. Default: the server chooses. */
  tokenEndpointAuthMethod?: string;
}

/**
 * `native` when every redirect URI is a loopback one (a desktop or CLI app),
 * `web` otherwise.
 *
 * @example
 * applicationTypeFor(['http://127.0.0.1:8976/callback']); // 'native'
 */
export function applicationTypeFor(redirectUris: readonly string[]): 'native' | 'web' {
  const loopback = redirectUris.every((uri) => {
    try {
      const url = new URL(uri);
      return url.protocol === 'http:' && isLoopbackHost(url.host);
    } catch {
      return false;
    }
  });
  return loopback && redirectUris.length > 0 ? 'native' : 'web';
}

function matchesPreRegistered(client: PreRegisteredClient, issuer: string): boolean {
  return client.issuer === undefined || client.issuer === issuer;
}

/**
 * The client identity to use at `as`: a stored one for this issuer, else a
 * pre-registered one, else the metadata document URL, else a fresh dynamic
 * registration (which is stored). Never returns another issuer's credentials.
 *
 * @example
 * const registration = await obtainClientRegistration(as, store, {
 *   clients: [{ issuer: 'https://auth.example.com', clientId: 'my-app' }],
 * }, ['http://127.0.0.1:8976/callback']);
 */
export async function obtainClientRegistration(
  as: oauth.AuthorizationServer,
  store: AuthStore,
  identity: ClientIdentityOptions,
  redirectUris: readonly string[],
  http: OAuthHttpOptions = {},
): Promise<ClientRegistration> {
  // A client registered for this very issuer wins over one given without an issuer.
  const preRegistered =
    identity.clients?.find((client) => client.issuer === as.issuer) ??
    identity.clients?.find((client) => matchesPreRegistered(client, as.issuer));
  if (preRegistered) {
    return {
      client_id: preRegistered.clientId,
      client_secret: preRegistered.clientSecret,
      token_endpoint_auth_method: preRegistered.tokenEndpointAuthMethod,
      source: 'pre-registered',
      ...(preRegistered.issuer === undefined ? {} : { issuer: preRegistered.issuer }),
    };
  }
  if (identity.clientMetadataUrl && as.client_id_metadata_document_supported === true) {
    return {
      client_id: identity.clientMetadataUrl,
      token_endpoint_auth_method: 'none',
      source: 'metadata-document',
    };
  }
  const stored = await store.getClient(as.issuer);
  if (stored?.source === 'dynamic' && sameList(stored.redirect_uris ?? [], redirectUris)) return stored;
  if (!as.registration_endpoint) {
    throw new RegistrationError(
      `No client identity for ${as.issuer}: nothing is pre-registered for it, it does not accept client metadata documents${identity.clientMetadataUrl ? '' : ' (or none was configured)'}, and it offers no dynamic registration`,
    );
  }
  const registered = await registerDynamically(as, identity, redirectUris, http);
  await store.setClient(as.issuer, registered);
  return registered;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * RFC 7591 Dynamic Client Registration at `as`.
 *
 * @example
 * const registration = await registerDynamically(as, { clientName: 'My CLI' }, ['http://127.0.0.1:8976/callback']);
 */
export async function registerDynamically(
  as: oauth.AuthorizationServer,
  identity: ClientIdentityOptions,
  redirectUris: readonly string[],
  http: OAuthHttpOptions = {},
): Promise<ClientRegistration> {
  const endpoint = new URL(String(as.registration_endpoint));
  const metadata: Partial<oauth.Client> = {
    client_name: identity.clientName ?? 'mcpkit client',
    redirect_uris: [...redirectUris],
    grant_types: [...(identity.grantTypes ?? ['authorization_code', 'refresh_token'])],
    response_types: ['code'],
    application_type: identity.applicationType ?? applicationTypeFor(redirectUris),
    ...(identity.tokenEndpointAuthMethod
      ? { token_endpoint_auth_method: identity.tokenEndpointAuthMethod }
      : {}),
  };
  let client: Record<string, unknown>;
  try {
    const oauth = await loadOAuth();
    const response = await oauth.dynamicClientRegistrationRequest(
      as,
      metadata,
      requestOptions(endpoint, http),
    );
    client = await readRegistrationResponse(response);
  } catch (error) {
    if (error instanceof SsrfBlockedError) throw error; // The endpoint itself was refused: say so as it is.
    throw new RegistrationError(
      `Dynamic client registration at ${endpoint.href} was rejected: ${describeOAuthError(error)}`,
      { cause: error },
    );
  }
  return {
    client_id: client.client_id as string,
    client_secret: typeof client.client_secret === 'string' ? client.client_secret : undefined,
    token_endpoint_auth_method:
      typeof client.token_endpoint_auth_method === 'string' ? client.token_endpoint_auth_method : undefined,
    redirect_uris: [...redirectUris],
    source: 'dynamic',
  };
}

/**
 * The registration response (RFC 7591 §3.2): 201 (200 tolerated) with a JSON
 * object holding a `client_id`. Read here rather than by oauth4webapi, which
 * also insists on fields (`client_secret_expires_at`) many servers leave out.
 */
async function readRegistrationResponse(response: Response): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (response.status !== 201 && response.status !== 200) {
    const error = typeof fields.error === 'string' ? fields.error : `HTTP ${response.status}`;
    const description = typeof fields.error_description === 'string' ? `: ${fields.error_description}` : '';
    throw new Error(`${error}${description}`);
  }
  if (typeof fields.client_id !== 'string' || fields.client_id === '') {
    throw new Error('the response carries no client_id');
  }
  return fields;
}

/**
 * A readable account of an oauth4webapi failure: the server's OAuth error and
 * description when it sent one, the library's message otherwise.
 *
 * @example
 * describeOAuthError(error); // 'invalid_redirect_uri: redirect URIs must use https'
 */
export function describeOAuthError(error: unknown): string {
  if (isResponseBodyError(error)) {
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''} (HTTP ${error.status})`;
  }
  return error instanceof Error ? error.message : String(error);
}
