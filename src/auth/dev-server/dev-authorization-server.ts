/**
 * A development authorization server for MCP: oidc-provider configured for
 * the MCP profile (resource indicators with JWT access tokens whose `aud` is
 * the MCP server, PKCE S256 always, `iss` in authorization responses,
 * client credentials, dynamic registration, client ID metadata documents,
 * refresh tokens, introspection, revocation) on a local port, with either
 * oidc-provider's login page for humans or headless auto-approval for tests.
 *
 * It is for development and tests only: state lives in memory and keys are
 * generated at start. Point production servers at a real identity provider.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackAddress } from '../../transport/http/security.js';
import { loopbackOrigin } from '../server/loopback-origin.js';
import { canonicalResourceUri } from '../server/resource-metadata.js';
import { approveInteraction } from './auto-approve.js';
import type { OidcProvider, OidcProviderModule } from './oidc-provider-types.js';
import { generateSigningKeys } from './signing-keys.js';

/**
 * How access tokens are issued: self-contained signed JWTs, or opaque handles checked by introspection.
 *
 * @example
 * as.addResource('http://127.0.0.1:4000/mcp', 'opaque' satisfies DevTokenFormat);
 */
export type DevTokenFormat = 'jwt' | 'opaque';

/**
 * A client registered up front.
 *
 * @example
 * const worker: DevClient = { clientId: 'worker', clientSecret: 'worker-secret', grantTypes: ['client_credentials'] };
 */
export interface DevClient {
  readonly clientId: string;
  /** Omit for a public client (`token_endpoint_auth_method: none`). */
  readonly clientSecret?: string;
  /** Where authorization responses may go. Loopback URIs match on any port (RFC 8252). */
  readonly redirectUris?: readonly string[];
  /** Default: `authorization_code` and `refresh_token`, or `client_credentials` for a secret with no redirect URIs. */
  readonly grantTypes?: readonly string[];
}

/**
 * Options of {@link startDevAuthorizationServer}.
 *
 * @example
 * const options: DevAuthorizationServerOptions = { resources: ['http://127.0.0.1:3000/mcp'], scopes: ['mcp'] };
 */
export interface DevAuthorizationServerOptions {
  /**
   * MCP servers tokens may be issued for (resource indicators); the first is
   * the default when a request names none. More can be added later with `addResource`.
   */
  readonly resources: readonly (string | URL)[];
  /** Scopes the resources accept. Default `['mcp']`. */
  readonly scopes?: readonly string[];
  /** Scopes granted when an authorization request names none (RFC 6749 §3.3). Default: all of `scopes`. */
  readonly defaultScopes?: readonly string[];
  /** Port to listen on; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /**
   * The issuer identifier clients reach this server at. Default, for a loopback `host`:
   * `http://<host>:<port>` with the host as given. Required for any other `host` (`0.0.0.0`, a public name).
   */
  readonly issuer?: string;
  /** Clients known from the start. */
  readonly clients?: readonly DevClient[];
  /**
   * Approve every authorization request headlessly as this subject (tests, CI).
   * Default: off, and oidc-provider's development login page asks a human
   * (any login name is accepted).
   */
  readonly autoApprove?: { readonly subject: string };
  /**
   * Access tokens as signed JWTs (`aud` = the resource; verify with `jwtVerifier`) or opaque
   * (verify with `introspectionVerifier`: oidc-provider does not introspect its JWTs). Default `'jwt'`.
   */
  readonly tokenFormat?: DevTokenFormat;
  /** Lifetime of access tokens, in seconds. Default 600. */
  readonly accessTokenTtlSeconds?: number;
  /** Accept dynamic client registration (RFC 7591). Default true. */
  readonly registration?: boolean;
  /** Accept HTTPS client ID metadata documents as client ids (oidc-provider's experimental CIMD, draft-02). Default true. */
  readonly clientIdMetadataDocuments?: boolean;
}

/**
 * A running development authorization server.
 *
 * @example
 * const as: RunningDevAuthorizationServer = await startDevAuthorizationServer({ resources: [url] });
 * console.log(as.issuer, as.tokenEndpoint);
 * await as.close();
 */
export interface RunningDevAuthorizationServer {
  /** The issuer identifier, e.g. `http://127.0.0.1:4000`. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  readonly introspectionEndpoint: string;
  readonly authorizationEndpoint: string;
  readonly registrationEndpoint: string | undefined;
  /** The oidc-provider instance, for anything the options do not cover. */
  readonly provider: OidcProvider;
  readonly server: Server;
  /**
   * Allows tokens for one more MCP server (one that started after this server, on a port picked then),
   * optionally in another token format than the server's default.
   */
  addResource(resource: string | URL, tokenFormat?: DevTokenFormat): void;
  close(): Promise<void>;
}

const DEFAULT_SCOPES = ['mcp'];

/**
 * Starts the development authorization server. Needs the optional peer dependency `oidc-provider`.
 *
 * @example
 * const as = await startDevAuthorizationServer({
 *   resources: ['http://127.0.0.1:3000/mcp'],
 *   clients: [{ clientId: 'worker', clientSecret: 'worker-secret' }],
 * });
 * const verifier = jwtVerifier({ issuer: as.issuer, jwksUri: as.jwksUri });
 */
export async function startDevAuthorizationServer(
  options: DevAuthorizationServerOptions,
): Promise<RunningDevAuthorizationServer> {
  const host = options.host ?? '127.0.0.1';
  if (options.issuer === undefined && !isLoopbackAddress(host)) {
    throw new TypeError(
      `startDevAuthorizationServer: issuer (the URL clients use) is required when binding to ${host}, which is not a loopback address`,
    );
  }
  const resources = options.resources.map((r) => canonicalResourceUri(r));
  const formats = new Map<string, DevTokenFormat>();
  const scopes = options.scopes ?? DEFAULT_SCOPES;
  const oidc = await loadOidcProvider();

  // The issuer contains the port, so listen first and attach the provider once it exists.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The host as the caller named it (`localhost` stays `localhost`), not the address it resolved to.
  const issuer = options.issuer ?? loopbackOrigin(host, (server.address() as AddressInfo).port)!;

  const introspectors = new Set(
    (options.clients ?? []).filter((c) => c.clientSecret !== undefined).map((c) => c.clientId),
  );
  const provider = new oidc.default(issuer, {
    clients: (options.clients ?? []).map(clientMetadata),
    jwks: { keys: await generateSigningKeys() },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: [...new Set(['openid', 'offline_access', ...scopes])],
    pkce: { required: () => true },
    clientBasedCORS: () => true,
    findAccount: (_ctx: unknown, accountId: string) => ({ accountId, claims: () => ({ sub: accountId }) }),
    responseTypes: ['code'],
    // MCP clients ask for offline_access only when they want refresh tokens (SEP-2207); honour either signal.
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: options.accessTokenTtlSeconds ?? 600,
      ClientCredentials: options.accessTokenTtlSeconds ?? 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 86_400,
      Grant: 14 * 86_400,
      RefreshToken: 14 * 86_400,
    },
    features: {
      devInteractions: { enabled: options.autoApprove === undefined },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // Only the resource servers configured with a secret may ask about any token. Any other client
        // (public, or registered dynamically by anyone) may only ask about its own tokens.
        allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
          introspectors.has(client.clientId) || token.clientId === client.clientId,
      },
      revocation: { enabled: true },
      registration: { enabled: options.registration ?? true },
      clientIdMetadataDocument: {
        enabled: options.clientIdMetadataDocuments ?? true,
        ack: 'draft-02',
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resources[0],
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          // Compared canonical (scheme/host case, trailing slash), as the MCP server compares audiences.
          const canonical = canonicalOrUndefined(resource);
          if (canonical === undefined || !resources.includes(canonical)) {
            throw new oidc.errors.InvalidTarget(
              `${resource} is not a resource this server issues tokens for`,
            );
          }
          return {
            scope: scopes.join(' '),
            audience: canonical,
            accessTokenTTL: options.accessTokenTtlSeconds ?? 600,
            accessTokenFormat: formats.get(resource) ?? options.tokenFormat ?? 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
  });
  // oidc-provider reports handled client errors as events; a development server keeps quiet about them.
  provider.on('server_error', (_ctx, error) => console.error('[dev-auth] server error:', error));

  // An authorization request without `scope` (MCP clients omit it when the resource advertises no
  // scopes_supported) gets the default scopes; oidc-provider would otherwise grant nothing and deny.
  const defaultScope = (options.defaultScopes ?? scopes).join(' ');
  provider.use(async (ctx, next) => {
    if (
      ctx.method === 'GET' &&
      ctx.path === '/auth' &&
      ctx.query.scope === undefined &&
      defaultScope !== ''
    ) {
      ctx.query = { ...ctx.query, scope: defaultScope };
    }
    await next();
  });

  const callback = provider.callback();
  const autoApprove = options.autoApprove;
  handle = (req, res) => {
    if (autoApprove && req.method === 'GET' && req.url?.startsWith('/interaction/')) {
      approveInteraction(provider, req, res, autoApprove.subject).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`Interaction failed: ${error instanceof Error ? error.message : String(error)}\n`);
      });
      return;
    }
    if (req.method === 'POST' && pathOf(req.url) === '/auth' && isForm(req)) {
      // A form-posted authorization request becomes the same request as GET (RFC 6749 §3.1 allows
      // both), so the default scopes apply to it too without re-parsing oidc-provider's body.
      redirectFormToGet(req, res, `${issuer}/auth`).catch(() => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('The authorization request could not be read\n');
      });
      return;
    }
    callback(req, res);
  };

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    tokenEndpoint: `${issuer}/token`,
    introspectionEndpoint: `${issuer}/token/introspection`,
    authorizationEndpoint: `${issuer}/auth`,
    registrationEndpoint: (options.registration ?? true) ? `${issuer}/reg` : undefined,
    provider,
    server,
    addResource(resource, tokenFormat) {
      const canonical = canonicalResourceUri(resource);
      if (!resources.includes(canonical)) resources.push(canonical);
      if (tokenFormat) formats.set(canonical, tokenFormat);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The most bytes of a form-posted authorization request read (oidc-provider's own body limit). */
const MAX_FORM_BYTES = 56 * 1024;

function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

function isForm(req: IncomingMessage): boolean {
  return /^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

/** Answers a form POST with a 303 to `target` carrying the form's parameters as the query. */
async function redirectFormToGet(req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Past the limit the rest is drained unread, so the refusal below reaches the client.
    if (size <= MAX_FORM_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_FORM_BYTES) {
    res.writeHead(413, { 'content-type': 'text/plain' });
    res.end('The authorization request is too large\n');
    return;
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  res.writeHead(303, { location: `${target}?${form.toString()}`, 'cache-control': 'no-store' });
  res.end();
}

/** The canonical form of a requested resource, or undefined when it is not an http(s) URL. */
function canonicalOrUndefined(resource: string): string | undefined {
  try {
    return canonicalResourceUri(resource);
  } catch {
    return undefined;
  }
}

function clientMetadata(client: DevClient): Record<string, unknown> {
  const redirectUris = client.redirectUris ?? [];
  const grantTypes =
    client.grantTypes ??
    (client.clientSecret !== undefined && redirectUris.length === 0
      ? ['client_credentials']
      : ['authorization_code', 'refresh_token']);
  const loopbackOnly =
    redirectUris.length > 0 &&
    redirectUris.every((uri) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(uri));
  return {
    client_id: client.clientId,
    ...(client.clientSecret !== undefined
      ? { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    redirect_uris: [...redirectUris],
    grant_types: [...grantTypes],
    response_types: grantTypes.includes('authorization_code') ? ['code'] : [],
    // Native clients may use loopback redirects on any port.
    application_type: loopbackOnly ? 'native' : 'web',
  };
}

/** Loads oidc-provider, explaining what to install when it is missing. */
async function loadOidcProvider(): Promise<OidcProviderModule> {
  // A variable specifier keeps bundlers and the type checker from resolving the optional peer.
  const specifier = 'oidc-provider';
  try {
    return (await import(specifier)) as OidcProviderModule;
  } catch (error) {
    throw new Error(
      'The development authorization server needs the optional peer dependency oidc-provider: npm install --save-dev oidc-provider',
      { cause: error },
    );
  }
}
