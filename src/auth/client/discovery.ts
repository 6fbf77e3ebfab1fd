/**
 * Finding who authorizes access to an MCP server: the protected resource
 * metadata (RFC 9728) first, then the authorization server's metadata (RFC
 * 8414 or OpenID Connect Discovery) in the order the MCP spec prescribes, with
 * exact issuer equality. Every grant (authorization code, client credentials,
 * ...) starts here.
 */
import type * as oauth from 'oauth4webapi';
import { DiscoveryError, IssuerMismatchError, ResourceMismatchError } from './errors.js';
import { fetchJsonDocument, type OAuthHttpOptions } from './http-policy.js';

/**
 * The protected resource metadata of an MCP server (RFC 9728), as far as MCP uses it.
 *
 * @example
 * const prm: ProtectedResourceMetadata = { resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'] };
 */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
  [field: string]: unknown;
}

/**
 * What discovery learned about the server to authorize for.
 *
 * @example
 * const { metadata, resource }: ResourceDiscovery = await discoverProtectedResource(serverUrl);
 */
export interface ResourceDiscovery {
  /** The validated PRM, or undefined for a 2025-03-26 server that serves none. */
  metadata: ProtectedResourceMetadata | undefined;
  /** Where the PRM was found. */
  metadataUrl: URL | undefined;
  /** The RFC 8707 `resource` to send in every authorization, token and refresh request. */
  resource: string;
}

const PRM_WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** `url` without its fragment: the canonical form a resource indicator may take. */
function withoutFragment(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  return copy.href;
}

/**
 * True when the PRM `resource` names this server: the same origin, and a path
 * equal to the server's path or a parent of it (a PRM served at the root for
 * `https://host/mcp` says `resource: "https://host"`).
 *
 * @example
 * resourceCovers('https://host', new URL('https://host/mcp')); // true
 * resourceCovers('https://evil.example.com/mcp', new URL('https://host/mcp')); // false
 */
export function resourceCovers(resource: string, serverUrl: URL): boolean {
  let advertised: URL;
  try {
    advertised = new URL(resource);
  } catch {
    return false;
  }
  if (advertised.origin !== serverUrl.origin || advertised.search || advertised.hash) return false;
  const base = advertised.pathname.replace(/\/+$/, '');
  const path = serverUrl.pathname.replace(/\/+$/, '');
  return base === '' || path === base || path.startsWith(`${base}/`);
}

/**
 * The PRM locations to try, in order: the one the 401 named, else the
 * path-inserted well-known URI, then the root one.
 *
 * @example
 * protectedResourceMetadataUrls(new URL('https://host/mcp')).map(String);
 * // ['https://host/.well-known/oauth-protected-resource/mcp', 'https://host/.well-known/oauth-protected-resource']
 */
export function protectedResourceMetadataUrls(serverUrl: URL, advertised?: string): URL[] {
  const urls: URL[] = [];
  if (advertised) {
    try {
      urls.push(new URL(advertised, serverUrl));
    } catch {
      // An unparsable hint is ignored; the well-known locations remain.
    }
  }
  const path = serverUrl.pathname.replace(/\/+$/, '');
  if (path !== '') urls.push(new URL(`${PRM_WELL_KNOWN}${path}`, serverUrl.origin));
  urls.push(new URL(PRM_WELL_KNOWN, serverUrl.origin));
  return urls;
}

/**
 * Finds and validates the server's protected resource metadata. Stops at the
 * first location that serves a document (so the root is never asked when the
 * path-inserted URI answered), and refuses a document whose `resource` names
 * another server. With no document anywhere, the server is treated as a
 * 2025-03-26 one: `metadata` is undefined and `resource` is the server URL.
 *
 * @example
 * const found = await discoverProtectedResource(new URL('https://mcp.example.com/mcp'), {
 *   resourceMetadataUrl: challenge.params.resource_metadata,
 * });
 * found.metadata?.authorization_servers; // ['https://auth.example.com']
 */
export async function discoverProtectedResource(
  serverUrl: URL,
  options: OAuthHttpOptions & { resourceMetadataUrl?: string } = {},
): Promise<ResourceDiscovery> {
  for (const url of protectedResourceMetadataUrls(serverUrl, options.resourceMetadataUrl)) {
    const document = await fetchJsonDocument(url, options);
    if (!document) continue;
    if (typeof document.resource !== 'string') {
      throw new DiscoveryError(`The protected resource metadata at ${url.href} has no "resource"`);
    }
    if (!resourceCovers(document.resource, serverUrl)) {
      throw new ResourceMismatchError(withoutFragment(serverUrl), document.resource);
    }
    const servers = document.authorization_servers;
    const metadata: ProtectedResourceMetadata = {
      ...document,
      resource: document.resource,
      authorization_servers: Array.isArray(servers)
        ? servers.filter((server): server is string => typeof server === 'string')
        : undefined,
      scopes_supported: Array.isArray(document.scopes_supported)
        ? document.scopes_supported.filter((scope): scope is string => typeof scope === 'string')
        : undefined,
    };
    return { metadata, metadataUrl: url, resource: metadata.resource };
  }
  return { metadata: undefined, metadataUrl: undefined, resource: withoutFragment(serverUrl) };
}

/**
 * The metadata locations for an issuer, in the MCP spec's order. With a path
 * (`https://as/tenant1`): RFC 8414 path insertion, OIDC path insertion, OIDC
 * path appending. Without one: RFC 8414, then OIDC.
 *
 * @example
 * authorizationServerMetadataUrls('https://as.example.com/tenant1').map(String);
 * // ['https://as.example.com/.well-known/oauth-authorization-server/tenant1',
 * //  'https://as.example.com/.well-known/openid-configuration/tenant1',
 * //  'https://as.example.com/tenant1/.well-known/openid-configuration']
 */
export function authorizationServerMetadataUrls(issuer: string): URL[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '') {
    return [
      new URL('/.well-known/oauth-authorization-server', url.origin),
      new URL('/.well-known/openid-configuration', url.origin),
    ];
  }
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, url.origin),
    new URL(`/.well-known/openid-configuration${path}`, url.origin),
    new URL(`${path}/.well-known/openid-configuration`, url.origin),
  ];
}

/**
 * Fetches an authorization server's metadata. The document's `issuer` must be
 * exactly the issuer it was fetched for (RFC 8414 §3.3; no normalization): a
 * mismatch aborts with {@link IssuerMismatchError} and none of its endpoints is
 * used.
 *
 * @example
 * const as = await discoverAuthorizationServer('https://auth.example.com');
 * as.token_endpoint; // 'https://auth.example.com/token'
 */
export async function discoverAuthorizationServer(
  issuer: string,
  http: OAuthHttpOptions = {},
): Promise<oauth.AuthorizationServer> {
  const found = await findAuthorizationServer(issuer, http);
  if (!found) throw new DiscoveryError(`No authorization server metadata found for ${issuer}`);
  return found;
}

async function findAuthorizationServer(
  issuer: string,
  http: OAuthHttpOptions,
): Promise<oauth.AuthorizationServer | undefined> {
  let urls: URL[];
  try {
    urls = authorizationServerMetadataUrls(issuer);
  } catch {
    throw new DiscoveryError(`The authorization server issuer ${JSON.stringify(issuer)} is not a URL`);
  }
  for (const url of urls) {
    const document = await fetchJsonDocument(url, http);
    if (!document) continue;
    if (document.issuer !== issuer) throw new IssuerMismatchError(issuer, String(document.issuer));
    return document as oauth.AuthorizationServer;
  }
  return undefined;
}

/**
 * How a 2025-03-26 server (no protected resource metadata) is authorized: the
 * authorization server's metadata at the MCP server's origin, else the default
 * `/authorize`, `/token` and `/register` endpoints there.
 *
 * @example
 * const as = await legacyAuthorizationServer(new URL('http://localhost:3000/mcp'));
 * as.authorization_endpoint; // 'http://localhost:3000/authorize' when no metadata exists
 */
export async function legacyAuthorizationServer(
  serverUrl: URL,
  http: OAuthHttpOptions = {},
): Promise<oauth.AuthorizationServer> {
  const issuer = serverUrl.origin;
  const found = await findAuthorizationServer(issuer, http);
  if (found) return found;
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    registration_endpoint: `${issuer}/register`,
    response_types_supported: ['code'],
    // 2025-03-26 made PKCE S256 mandatory for every MCP authorization server.
    code_challenge_methods_supported: ['S256'],
  };
}

/**
 * The authorization server for a discovered resource: the first one the PRM
 * lists, or the 2025-03-26 fallback when the server published no PRM.
 *
 * @example
 * const found = await discoverProtectedResource(serverUrl);
 * const as = await authorizationServerFor(found, serverUrl);
 */
export async function authorizationServerFor(
  discovery: ResourceDiscovery,
  serverUrl: URL,
  http: OAuthHttpOptions = {},
): Promise<oauth.AuthorizationServer> {
  if (!discovery.metadata) return legacyAuthorizationServer(serverUrl, http);
  const issuer = discovery.metadata.authorization_servers?.[0];
  if (!issuer) {
    throw new DiscoveryError(
      `The protected resource metadata at ${discovery.metadataUrl?.href} lists no authorization server`,
    );
  }
  return discoverAuthorizationServer(issuer, http);
}
