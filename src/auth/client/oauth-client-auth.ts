/**
 * OAuth 2.1 for an MCP client: the {@link HttpAuthorizer} that reacts to a
 * server's 401/403 by discovering its authorization server, getting a client
 * identity there, obtaining tokens (authorization code by default, any grant
 * through the `grant` option), refreshing them, and stepping up scopes.
 */
import type * as oauth from 'oauth4webapi';
import type { AuthorizedRequest, HttpAuthorizer } from '../../transport/http/client.js';
import { guardedFetch } from '../../transport/http/guarded-fetch.js';
import { OutboundGuard } from '../../transport/http/outbound-guard.js';
import { authorizeWithCode, tokenError } from './authorization-code.js';
import { clientAuthenticationFor } from './client-authentication.js';
import {
  authorizationServerFor,
  discoverProtectedResource,
  type ProtectedResourceMetadata,
  resourceCovers,
} from './discovery.js';
import { DPoPProver, dpopAlgorithmFor, withDPoP } from './dpop/dpop-prover.js';
import { AuthorizationError, AuthorizationRetryLimitError, RegistrationError } from './errors.js';
import { assertSecureEndpoint, type OAuthHttpOptions, requestOptions, timeoutOf } from './http-policy.js';
import { isResponseBodyError, loadOAuth } from './oauth-loader.js';
import type { RedirectHandler } from './redirect.js';
import { type ClientIdentityOptions, obtainClientRegistration } from './registration.js';
import { parseScopes, unionScopes } from './scopes.js';
import { type AuthStore, type ClientRegistration, MemoryAuthStore, type StoredTokens } from './store.js';
import { type AuthChallenge, parseWwwAuthenticate } from './www-authenticate.js';

/**
 * What a grant gets to obtain tokens for one resource.
 *
 * @example
 * const grant: Grant = async ({ authorizationServer, resource, scope, registration }) => exchangeSomehow(authorizationServer, resource, scope, await registration());
 */
export interface GrantContext {
  /** The validated metadata of the authorization server the resource names. */
  authorizationServer: oauth.AuthorizationServer;
  /** The RFC 8707 resource indicator to send. */
  resource: string;
  /** The scope to ask for (already chosen by the MCP scope rules), if any. */
  scope: string | undefined;
  /** This client's identity at that server (pre-registered, metadata document or dynamic). */
  registration(): Promise<ClientRegistration>;
  /** How to authenticate a registration at the token endpoint. */
  clientAuthentication(registration: ClientRegistration): oauth.ClientAuth;
  /** oauth4webapi options for a request to `url` (our fetch, the HTTPS policy). */
  requestOptions(url: URL): ReturnType<typeof requestOptions>;
  /** The DPoP prover when tokens are sender-constrained: pass it to `withDPoP` around the token request. */
  dpop: DPoPProver | undefined;
  /** The HTTP policy, for requests to other servers the grant needs (an identity provider's metadata). */
  http: OAuthHttpOptions;
}

/**
 * Obtains tokens without (or instead of) the authorization code flow: client
 * credentials, a JWT bearer assertion, token exchange, ...
 *
 * @example
 * const auth = new OAuthClientAuth({ grant: async (context) => myClientCredentialsGrant(context) });
 */
export type Grant = (context: GrantContext) => Promise<oauth.TokenEndpointResponse>;

/**
 * Options of {@link OAuthClientAuth}.
 *
 * @example
 * const options: OAuthClientAuthOptions = { clientName: 'My app', store: new MemoryAuthStore(), ...headlessRedirect() };
 */
export interface OAuthClientAuthOptions extends ClientIdentityOptions, OAuthHttpOptions {
  /** The redirect URI for the authorization code flow (see `headlessRedirect`, `loopbackBrowserRedirect`). */
  redirectUri?: string;
  /** Takes the user to the authorization URL and returns the callback. */
  redirect?: RedirectHandler;
  /** Registrations and tokens, keyed by issuer. Default: in memory. */
  store?: AuthStore;
  /** Scopes to ask for in every authorization, on top of the ones the MCP scope rules pick. */
  scope?: string;
  /** Ask for `offline_access` when the authorization server lists it (SEP-2207). Default true. */
  offlineAccess?: boolean;
  /** Authorizations per request before giving up. Default 3. */
  maxAuthorizationAttempts?: number;
  /** Refresh this long before the access token expires, ms. Default 60 000. */
  refreshMarginMs?: number;
  /** A grant other than the authorization code flow (the extension grants plug in here). */
  grant?: Grant;
  /** Token endpoint authentication for methods beyond none/secret (`private_key_jwt`, ...). */
  clientAuthentication?: (
    as: oauth.AuthorizationServer,
    registration: ClientRegistration,
  ) => oauth.ClientAuth | undefined;
  /**
   * Capability extensions the client declares when it uses this authorization
   * (the extension grants' set-ups fill this in, e.g. `CLIENT_CREDENTIALS_EXTENSION`).
   */
  extensions?: Readonly<Record<string, object>>;
  /**
   * DPoP (RFC 9449): `true` always, `false` never, a {@link DPoPProver} to use
   * that key. Default: when both sides take it (the authorization server
   * advertises `dpop_signing_alg_values_supported` and the MCP server
   * challenges with `DPoP` or says so in its resource metadata), with a fresh
   * key (one per client).
   */
  dpop?: boolean | DPoPProver;
  /**
   * Sees every 401/403 first (after the built-in DPoP nonce handling). Resolve
   * true to send the request again without authorizing; false to let OAuth handle it.
   */
  resolveChallenge?: (response: Response, request: AuthorizedRequest) => boolean | Promise<boolean>;
  /** Sees every response from the MCP server. */
  onResponse?: (response: Response, request: AuthorizedRequest) => void;
  /** The headers that present a token. Default `Authorization: Bearer`, or `DPoP` with a proof for a DPoP-bound token. */
  tokenHeaders?: (
    tokens: StoredTokens,
    request: AuthorizedRequest,
  ) => Record<string, string> | Promise<Record<string, string>>;
}

/**
 * Default authorizations per request (the conformance suite allows at most 3).
 *
 * @example
 * new OAuthClientAuth({ maxAuthorizationAttempts: DEFAULT_MAX_AUTHORIZATION_ATTEMPTS - 1 });
 */
export const DEFAULT_MAX_AUTHORIZATION_ATTEMPTS = 3;

/** What the client currently knows about the server it authorizes for. */
interface Session {
  as: oauth.AuthorizationServer;
  resource: string;
  metadata: ProtectedResourceMetadata | undefined;
  tokens: StoredTokens | undefined;
  /** The MCP server takes DPoP-bound tokens: it challenged with the DPoP scheme or says so in its metadata. */
  resourceTakesDpop: boolean;
  /**
   * The HTTP policy for every request this server's authorization makes: the options' with a
   * fetch that checks each URL (and redirect) against the client's SSRF protection, since the
   * metadata, the authorization server and its endpoints are all the server's choice.
   */
  http: OAuthHttpOptions;
}

/**
 * Whether the MCP server (the resource server) accepts DPoP: a `DPoP`
 * challenge, or RFC 9728 metadata naming DPoP algorithms or requiring bound
 * tokens. A token bound to a key is useless at a server that only takes Bearer.
 */
function resourceTakesDpop(
  challenges: readonly AuthChallenge[],
  metadata: ProtectedResourceMetadata | undefined,
): boolean {
  if (challenges.some((challenge) => challenge.scheme.toLowerCase() === 'dpop')) return true;
  const algorithms = metadata?.dpop_signing_alg_values_supported;
  return (
    (Array.isArray(algorithms) && algorithms.length > 0) ||
    metadata?.dpop_bound_access_tokens_required === true
  );
}

/**
 * OAuth 2.1 authorization for `Client.connect(url, { auth })`.
 *
 * @example
 * const auth = new OAuthClientAuth({
 *   clientName: 'My agent',
 *   clientMetadataUrl: 'https://agent.example.com/client-metadata.json',
 *   ...loopbackBrowserRedirect(),
 * });
 * const client = await Client.connect('https://mcp.example.com/mcp', { auth });
 */
export class OAuthClientAuth implements HttpAuthorizer {
  /** Registrations and tokens. */
  readonly store: AuthStore;
  private session: Session | undefined;
  /** The scope of the last authorization at the current server (the base of a step-up union). */
  private requestedScope: string | undefined;
  /** Which access token each request carried. */
  private readonly sentTokens = new WeakMap<AuthorizedRequest, string | undefined>();
  private readonly attempts = new WeakMap<AuthorizedRequest, number>();
  private readonly refreshed = new WeakSet<AuthorizedRequest>();
  /** Requests already sent again with a resource server's new DPoP nonce (once is enough). */
  private readonly nonceRetried = new WeakSet<AuthorizedRequest>();
  /** The DPoP key of this client, once it needs one. */
  private prover: DPoPProver | undefined;
  /** Where each pre-registered client id was first used. */
  private readonly preRegisteredAt = new Map<string, string>();
  /** Authorizations and refreshes run one at a time; concurrent 401s wait and reuse the result. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OAuthClientAuthOptions = {}) {
    timeoutOf(options); // A bad timeoutMs is a mistake to hear about now, not at the first sign-in.
    this.store = options.store ?? new MemoryAuthStore();
  }

  /** Capability extensions `Client.connect` declares for this authorization. */
  get extensions(): Readonly<Record<string, object>> {
    return this.options.extensions ?? {};
  }

  /** The issuer of the authorization server in use, once one was discovered. */
  get issuer(): string | undefined {
    return this.session?.as.issuer;
  }

  async headers(request: AuthorizedRequest): Promise<Record<string, string>> {
    const current = this.session?.tokens;
    if (current?.expires_at !== undefined && this.expiresSoon(current)) {
      if (current.refresh_token) {
        await this.exclusive(async () => {
          if (this.session?.tokens === current) await this.refresh();
        });
      } else if (this.options.grant) {
        // A grant without user interaction (client credentials, ...) simply runs again before expiry.
        await this.exclusive(async () => {
          const session = this.session;
          if (session && session.tokens === current) await this.obtainTokens(session, this.requestedScope);
        });
      }
    }
    const session = this.session;
    // A token goes only to the server it was issued for, whatever this authorizer is reused with.
    const tokens = session && resourceCovers(session.resource, request.url) ? session.tokens : undefined;
    this.sentTokens.set(request, tokens?.access_token);
    if (!tokens) return {};
    if (this.options.tokenHeaders) return this.options.tokenHeaders(tokens, request);
    if (this.prover && tokens.token_type.toLowerCase() === 'dpop') {
      return this.prover.resourceHeaders(tokens.access_token, request);
    }
    return { authorization: `Bearer ${tokens.access_token}` };
  }

  /** The access token requests to `url` carry now, if any: the client's cache keys private results by it. */
  credential(url: URL): string | undefined {
    const session = this.session;
    return session && resourceCovers(session.resource, url) ? session.tokens?.access_token : undefined;
  }

  onResponse(response: Response, request: AuthorizedRequest): void {
    this.prover?.rememberNonce(response, request.url);
    this.options.onResponse?.(response, request);
  }

  async onUnauthorized(response: Response, request: AuthorizedRequest): Promise<boolean> {
    // A DPoP proof without the server's current nonce: the nonce is remembered (onResponse), send again.
    if (this.prover?.isNonceChallenge(response) && !this.nonceRetried.has(request)) {
      this.nonceRetried.add(request);
      return true;
    }
    if (await this.options.resolveChallenge?.(response, request)) return true;
    const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
    const challenge = challenges.find((c) => c.params.resource_metadata || c.params.scope) ?? challenges[0];
    const insufficientScope = challenge?.params.error === 'insufficient_scope';
    // A 403 for any other reason is a refusal no new token fixes.
    if (response.status === 403 && !insufficientScope) return false;
    return this.exclusive(async () => {
      const sent = this.sentTokens.get(request);
      // Another request already replaced the token this one carried: just send it again.
      if (response.status === 401 && this.session?.tokens && this.session.tokens.access_token !== sent) {
        return true;
      }
      // Re-read the metadata on every refusal: the server may have moved to another authorization server.
      const session = await this.discover(request, challenge);
      session.resourceTakesDpop ||= resourceTakesDpop(challenges, session.metadata);
      if (response.status === 401 && !insufficientScope) {
        const stored = await this.store.getTokens(session.as.issuer, session.resource);
        if (stored && stored.access_token !== sent && this.covers(stored, challenge)) {
          session.tokens = stored;
          return true;
        }
        if (stored?.refresh_token && !this.refreshed.has(request)) {
          this.refreshed.add(request);
          session.tokens = stored;
          if (await this.refresh()) return true;
        }
      }
      const max = this.options.maxAuthorizationAttempts ?? DEFAULT_MAX_AUTHORIZATION_ATTEMPTS;
      const attempts = (this.attempts.get(request) ?? 0) + 1;
      if (attempts > max) throw new AuthorizationRetryLimitError(max, challenge?.params.scope);
      this.attempts.set(request, attempts);
      await this.obtainTokens(session, this.scopeFor(session, challenge, insufficientScope));
      return true;
    });
  }

  /**
   * Forgets the tokens (and, with `registration`, the client identity) for the
   * current authorization server, so the next request authorizes afresh.
   *
   * @example
   * await auth.signOut();
   */
  async signOut(options: { registration?: boolean } = {}): Promise<void> {
    const session = this.session;
    if (!session) return;
    await this.store.deleteTokens(session.as.issuer, session.resource);
    if (options.registration) await this.store.deleteClient(session.as.issuer);
    session.tokens = undefined;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  private expiresSoon(tokens: StoredTokens): boolean {
    return (
      tokens.expires_at !== undefined &&
      tokens.expires_at - (this.options.refreshMarginMs ?? 60_000) <= Date.now()
    );
  }

  /** True when stored tokens were granted every scope the challenge asks for. */
  private covers(tokens: StoredTokens, challenge: AuthChallenge | undefined): boolean {
    if (this.expiresSoon(tokens) && !tokens.refresh_token) return false;
    const needed = parseScopes(challenge?.params.scope);
    const granted = new Set(parseScopes(tokens.scope));
    return needed.every((scope) => granted.has(scope));
  }

  private async discover(request: AuthorizedRequest, challenge: AuthChallenge | undefined): Promise<Session> {
    const serverUrl = request.url;
    // Tokens for a server reached over plain HTTP would travel in clear: loopback only (or the dev option).
    assertSecureEndpoint(serverUrl, this.options);
    // The client's guard when Client.connect made the request; the default rule for this server otherwise.
    const guard = request.outboundGuard ?? new OutboundGuard({ named: serverUrl });
    const baseFetch = this.options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const http: OAuthHttpOptions = { ...this.options, fetch: guardedFetch(baseFetch, guard) };
    const found = await discoverProtectedResource(serverUrl, {
      ...http,
      resourceMetadataUrl: challenge?.params.resource_metadata,
    });
    const as = await authorizationServerFor(found, serverUrl, http);
    const previous = this.session;
    if (previous && previous.as.issuer === as.issuer && previous.resource === found.resource) {
      previous.as = as;
      previous.metadata = found.metadata;
      previous.http = http;
      return previous;
    }
    // A different authorization server (or resource): nothing of the old one carries over.
    this.requestedScope = undefined;
    this.session = {
      as,
      resource: found.resource,
      metadata: found.metadata,
      tokens: undefined,
      resourceTakesDpop: false,
      http,
    };
    return this.session;
  }

  /**
   * The MCP scope rules: on a step-up, the union of what was asked before and
   * what the server now asks; otherwise the challenge's scope, else the PRM's
   * `scopes_supported`, else nothing. `offline_access` only where the
   * authorization server lists it.
   */
  private scopeFor(
    session: Session,
    challenge: AuthChallenge | undefined,
    stepUp: boolean,
  ): string | undefined {
    const challenged = challenge?.params.scope || undefined;
    // What was asked before; after a restart, what the stored tokens were granted.
    const previous = this.requestedScope ?? session.tokens?.scope;
    let scope: string | undefined;
    if (stepUp || (challenged && previous)) scope = unionScopes(previous, challenged);
    else scope = challenged ?? unionScopes(...(session.metadata?.scopes_supported ?? []));
    scope = unionScopes(scope, this.options.scope);
    if (
      scope &&
      this.options.offlineAccess !== false &&
      session.as.scopes_supported?.includes('offline_access') &&
      (this.options.grantTypes ?? ['refresh_token']).includes('refresh_token')
    ) {
      scope = unionScopes(scope, 'offline_access');
    }
    return scope;
  }

  private async registration(
    as: oauth.AuthorizationServer,
    http: OAuthHttpOptions,
  ): Promise<ClientRegistration> {
    const redirectUris = this.options.redirectUri ? [this.options.redirectUri] : [];
    const registration = await obtainClientRegistration(as, this.store, this.options, redirectUris, http);
    if (registration.source === 'pre-registered' && registration.issuer === undefined) {
      // A credential given without an issuer belongs to the first server it was used at
      // (SEP-2352), across restarts when the store can remember it.
      const id = registration.client_id;
      const bound = this.preRegisteredAt.get(id) ?? (await this.store.getPreRegisteredIssuer?.(id));
      if (bound !== undefined && bound !== as.issuer) {
        throw new RegistrationError(
          `The pre-registered client ${id} belongs to ${bound}, but the server now names ${as.issuer}; register it there (give its issuer) or remove it`,
        );
      }
      if (bound === undefined) await this.store.setPreRegisteredIssuer?.(id, as.issuer);
      this.preRegisteredAt.set(id, as.issuer);
    }
    return registration;
  }

  private clientAuthentication(
    as: oauth.AuthorizationServer,
    registration: ClientRegistration,
  ): oauth.ClientAuth {
    return this.options.clientAuthentication?.(as, registration) ?? clientAuthenticationFor(as, registration);
  }

  /**
   * The DPoP prover for the session's tokens, created on first need (one key
   * per client). By default DPoP is used when both sides take it: the
   * authorization server advertises algorithms and the MCP server accepts
   * DPoP-bound tokens.
   */
  private async dpopFor(session: Session): Promise<DPoPProver | undefined> {
    const option = this.options.dpop;
    if (option === false) return undefined;
    if (option instanceof DPoPProver) this.prover = option;
    else if (
      option === true ||
      ((session.as.dpop_signing_alg_values_supported?.length ?? 0) > 0 && session.resourceTakesDpop)
    ) {
      this.prover ??= await DPoPProver.generate(dpopAlgorithmFor(session.as));
    }
    return this.prover;
  }

  private async obtainTokens(session: Session, scope: string | undefined): Promise<void> {
    const { as, resource, http } = session;
    // A grant's context (requestOptions, clientAuthentication) hands out oauth4webapi's values synchronously.
    await loadOAuth();
    const dpop = await this.dpopFor(session);
    let response: oauth.TokenEndpointResponse;
    if (this.options.grant) {
      response = await this.options.grant({
        authorizationServer: as,
        resource,
        scope,
        registration: () => this.registration(as, http),
        clientAuthentication: (registration) => this.clientAuthentication(as, registration),
        requestOptions: (url) => requestOptions(url, http),
        dpop,
        http,
      });
    } else {
      const { redirect, redirectUri } = this.options;
      if (!redirect || !redirectUri) {
        throw new AuthorizationError(
          'The server requires authorization and no redirect handler was configured (set redirectUri and redirect, or a grant)',
        );
      }
      const registration = await this.registration(as, http);
      response = await authorizeWithCode({
        as,
        client: { client_id: registration.client_id },
        clientAuthentication: this.clientAuthentication(as, registration),
        redirectUri,
        redirect,
        resource,
        scope,
        http,
        dpop,
      });
    }
    this.requestedScope = scope;
    await this.keep(session, response, scope, undefined);
  }

  /** Refreshes the current tokens at the server that issued them; false when that is impossible. */
  private async refresh(): Promise<boolean> {
    const session = this.session;
    const refreshToken = session?.tokens?.refresh_token;
    if (!session || !refreshToken) return false;
    const { as, resource, http } = session;
    const tokenEndpoint = new URL(String(as.token_endpoint));
    try {
      const oauth = await loadOAuth();
      const registration = await this.registration(as, http);
      const client = { client_id: registration.client_id };
      const result = await withDPoP(await this.dpopFor(session), async (DPoP) => {
        const response = await oauth.refreshTokenGrantRequest(
          as,
          client,
          this.clientAuthentication(as, registration),
          refreshToken,
          { ...requestOptions(tokenEndpoint, http), additionalParameters: { resource }, DPoP },
        );
        return oauth.processRefreshTokenResponse(as, client, response);
      });
      await this.keep(session, result, session.tokens?.scope, refreshToken);
      return true;
    } catch (error) {
      // A refresh token the server refused is spent: forget it and authorize again. Anything else
      // (the network, a policy error) keeps it for the next try and reaches the caller.
      if (!isResponseBodyError(error)) throw tokenError(error, tokenEndpoint);
      session.tokens = undefined;
      await this.store.deleteTokens(as.issuer, resource);
      return false;
    }
  }

  private async keep(
    session: Session,
    response: oauth.TokenEndpointResponse,
    requestedScope: string | undefined,
    previousRefreshToken: string | undefined,
  ): Promise<void> {
    const tokens: StoredTokens = {
      access_token: response.access_token,
      token_type: response.token_type,
      // Rotated refresh tokens replace the old one; a server that sends none keeps the old one valid.
      refresh_token: response.refresh_token ?? previousRefreshToken,
      expires_at:
        typeof response.expires_in === 'number' ? Date.now() + response.expires_in * 1000 : undefined,
      scope: typeof response.scope === 'string' ? response.scope : requestedScope,
    };
    session.tokens = tokens;
    await this.store.setTokens(session.as.issuer, session.resource, tokens);
  }
}
