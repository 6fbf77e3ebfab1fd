/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728): the document that tells
 * an MCP client which authorization servers issue tokens for this server, and
 * where it lives (the path-inserted well-known URI).
 */

/**
 * The well-known path prefix of RFC 9728.
 *
 * @example
 * `${origin}${PROTECTED_RESOURCE_WELL_KNOWN}/mcp`;
 */
export const PROTECTED_RESOURCE_WELL_KNOWN = '/.well-known/oauth-protected-resource';

/**
 * The Protected Resource Metadata document as served.
 *
 * @example
 * const doc: ProtectedResourceMetadata = {
 *   resource: 'https://mcp.example.com/mcp',
 *   authorization_servers: ['https://auth.example.com'],
 *   bearer_methods_supported: ['header'],
 * };
 */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  bearer_methods_supported: string[];
  scopes_supported?: string[];
  resource_name?: string;
  resource_documentation?: string;
  [field: string]: unknown;
}

/**
 * The canonical URI of an MCP server (RFC 8707 / RFC 9728): absolute http(s),
 * scheme and host in lower case, no fragment, no query, and no trailing slash
 * on a path (the bare origin keeps none either).
 *
 * @example
 * canonicalResourceUri('HTTPS://MCP.Example.com:443/mcp/'); // 'https://mcp.example.com/mcp'
 */
export function canonicalResourceUri(uri: string | URL): string {
  let url: URL;
  try {
    url = new URL(uri.toString());
  } catch {
    throw new TypeError(`The resource ${JSON.stringify(String(uri))} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`The resource ${url.href} must be an http(s) URL`);
  }
  if (url.username || url.password) throw new TypeError('The resource URL must not carry credentials');
  // URL already lower-cases scheme and host and drops default ports.
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/**
 * Where the metadata of a resource is served: the well-known prefix inserted
 * before the resource's path (the bare prefix for a resource at the origin root).
 *
 * @example
 * resourceMetadataUrl('https://mcp.example.com/mcp');
 * // 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp'
 */
export function resourceMetadataUrl(resource: string | URL): string {
  const url = new URL(canonicalResourceUri(resource));
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}${PROTECTED_RESOURCE_WELL_KNOWN}${path}`;
}

/**
 * Options of {@link buildResourceMetadata}.
 *
 * @example
 * const options: ResourceMetadataOptions = { authorizationServers: ['https://auth.example.com'] };
 */
export interface ResourceMetadataOptions {
  /** Issuers whose tokens this server accepts; at least one. */
  readonly authorizationServers: readonly (string | URL)[];
  /** The minimal scopes for basic use; `offline_access` is left out (refresh is not a resource concern). */
  readonly scopesSupported?: readonly string[];
  /** A human-readable name for consent screens. */
  readonly resourceName?: string;
  /** A page describing how to use this server. */
  readonly resourceDocumentation?: string;
}

/**
 * Builds the metadata document of a resource.
 *
 * @example
 * buildResourceMetadata('https://mcp.example.com/mcp', { authorizationServers: ['https://auth.example.com'] });
 */
export function buildResourceMetadata(
  resource: string | URL,
  options: ResourceMetadataOptions,
): ProtectedResourceMetadata {
  if (options.authorizationServers.length === 0) {
    throw new TypeError('Protected resource metadata needs at least one authorization server');
  }
  const doc: ProtectedResourceMetadata = {
    resource: canonicalResourceUri(resource),
    authorization_servers: options.authorizationServers.map((issuer) => issuerString(issuer)),
    bearer_methods_supported: ['header'],
  };
  const scopes = (options.scopesSupported ?? []).filter((scope) => scope !== 'offline_access');
  if (scopes.length > 0) doc.scopes_supported = scopes;
  if (options.resourceName !== undefined) doc.resource_name = options.resourceName;
  if (options.resourceDocumentation !== undefined) doc.resource_documentation = options.resourceDocumentation;
  return doc;
}

/** An issuer identifier as written: a URL object loses nothing but gains no trailing slash. */
function issuerString(issuer: string | URL): string {
  if (typeof issuer === 'string') {
    if (!URL.canParse(issuer))
      throw new TypeError(`The authorization server ${JSON.stringify(issuer)} is not a URL`);
    return issuer;
  }
  return issuer.pathname === '/' ? issuer.origin : issuer.href;
}
