/**
 * A Streamable HTTP endpoint behind the bearer guard. Every request to the
 * MCP path is authenticated before the endpoint reads its body; the metadata
 * document is served, unauthenticated, at its well-known path. Both adapters
 * (fetch and `node:http`) drive it unchanged, so there is one implementation.
 */
import { ErrorCode } from '../../protocol/errors.js';
import { JSONRPC_VERSION, type JSONRPCRequest } from '../../protocol/jsonrpc.js';
import {
  type BodyReader,
  type HttpRequestInfo,
  type HttpResponder,
  StreamableHttpEndpoint,
  type StreamableHttpHandlers,
  type StreamableHttpOptions,
} from '../../transport/http/endpoint.js';
import type { BearerGuard } from './bearer-guard.js';
import type { AuthPrincipal } from './principal.js';
import { principalOf, withPrincipal } from './request-principal.js';
import { PROTECTED_RESOURCE_WELL_KNOWN } from './resource-metadata.js';
import { atTokenExpiry } from './token-expiry.js';

/**
 * Which scopes one JSON-RPC request needs beyond the server-wide ones (none: undefined).
 *
 * @example
 * const scopes: OperationScopes = (request) => (request.method === 'tools/call' ? ['tools:call'] : undefined);
 */
export type OperationScopes = (request: JSONRPCRequest) => readonly string[] | undefined;

const METADATA_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': 'mcp-protocol-version',
} as const;

/** Options of a {@link ProtectedHttpEndpoint}: the endpoint's, the guard, and per-operation scopes. */
export interface ProtectedHttpOptions extends StreamableHttpOptions {
  /** Authenticates every request to the MCP path. */
  readonly guard: BearerGuard;
  /** Scopes a request's target needs beyond the server-wide ones. */
  readonly operationScopes?: OperationScopes;
}

/**
 * The endpoint of a protected server. `McpServer` builds it when `auth` is configured.
 *
 * @example
 * const guard = new BearerGuard({ resource, authorizationServers: [issuer], verifier });
 * const endpoint = new ProtectedHttpEndpoint(handlers, { guard });
 * const handle = createFetchHandler(endpoint);
 */
export class ProtectedHttpEndpoint extends StreamableHttpEndpoint {
  private readonly corsHeaders: Record<string, string>;

  readonly guard: BearerGuard;

  constructor(handlers: StreamableHttpHandlers, options: ProtectedHttpOptions) {
    const { guard, operationScopes } = options;
    const challengeCors = exposingChallenge(options.responseHeaders);
    super(
      operationScopes ? withOperationScopes(handlers, guard, operationScopes, challengeCors) : handlers,
      options,
    );
    this.guard = guard;
    this.corsHeaders = { ...options.responseHeaders, ...challengeCors };
  }

  /**
   * The path the metadata document is served at (path-inserted, RFC 9728 §3.1).
   *
   * @example
   * endpoint.metadataPath; // '/.well-known/oauth-protected-resource/mcp'
   */
  get metadataPath(): string | undefined {
    return this.guard.resource === undefined ? undefined : new URL(this.guard.metadataUrl).pathname;
  }

  override async handle(info: HttpRequestInfo, readBody: BodyReader, respond: HttpResponder): Promise<void> {
    if (this.guard.resource === undefined) {
      respond.send(
        503,
        { ...this.corsHeaders, 'content-type': 'text/plain' },
        'The server is starting; try again shortly\n',
      );
      return;
    }
    if (info.url.includes(PROTECTED_RESOURCE_WELL_KNOWN) && pathOf(info.url) === this.metadataPath) {
      return this.serveMetadata(info, respond);
    }
    // A CORS preflight carries no credentials; the endpoint answers it as it would unprotected.
    if (info.method === 'OPTIONS') return super.handle(info, readBody, respond);
    const outcome = await this.guard.authenticate(info.header('authorization'), {
      method: info.method,
      url: info.url,
      dpop: info.header('dpop'),
    });
    if (!outcome.ok) {
      const { status, headers, body } = outcome.refusal;
      respond.send(status, { ...this.corsHeaders, ...headers }, body);
      return;
    }
    const principal = outcome.principal;
    // A 2025 GET stream lives as long as the client keeps it; not past the token that opened it.
    const responder = info.method === 'GET' ? endingAtExpiry(respond, principal) : respond;
    return super.handle(withPrincipal(info, principal), readBody, responder);
  }

  private serveMetadata(info: HttpRequestInfo, respond: HttpResponder): void {
    if (info.method === 'OPTIONS') {
      respond.send(204, { ...METADATA_CORS }, null);
      return;
    }
    if (info.method !== 'GET' && info.method !== 'HEAD') {
      respond.send(405, { allow: 'GET, OPTIONS', ...METADATA_CORS }, null);
      return;
    }
    const headers = { ...METADATA_CORS, 'content-type': 'application/json', 'cache-control': 'max-age=300' };
    respond.send(200, headers, info.method === 'HEAD' ? null : JSON.stringify(this.guard.metadata()));
  }
}

/**
 * Wraps endpoint handlers so a request whose operation needs scopes the
 * token lacks is answered 403 `insufficient_scope` before its handler runs.
 */
function withOperationScopes(
  handlers: StreamableHttpHandlers,
  guard: BearerGuard,
  operationScopes: OperationScopes,
  challengeCors: Record<string, string>,
): StreamableHttpHandlers {
  return {
    ...handlers,
    onRequest(request, exchange) {
      const needed = operationScopes(request);
      const principal = principalOf(exchange.info);
      const lacking = needed && principal ? guard.missing(principal, needed) : [];
      if (lacking.length > 0) {
        const refusal = guard.insufficientScope(needed!);
        return Promise.resolve({
          message: {
            jsonrpc: JSONRPC_VERSION,
            id: request.id,
            error: {
              code: ErrorCode.InvalidRequest,
              message: `Insufficient scope for ${request.method}: the access token lacks ${lacking.join(' ')}`,
              data: { error: 'insufficient_scope', scope: guard.scopesFor(needed!) },
            },
          },
          status: refusal.status,
          headers: {
            'www-authenticate': refusal.headers['www-authenticate']!,
            'cache-control': 'no-store',
            ...challengeCors,
          },
        });
      }
      return handlers.onRequest(request, exchange);
    },
  };
}

/** A responder whose event streams end (and run their close handling) when the token expires. */
function endingAtExpiry(respond: HttpResponder, principal: AuthPrincipal): HttpResponder {
  return {
    send: (status, headers, body) => respond.send(status, headers, body),
    stream(status, headers, onClose) {
      let cancel = () => {};
      let closed = false;
      const closeOnce = () => {
        if (closed) return;
        closed = true;
        cancel();
        onClose();
      };
      const writer = respond.stream(status, headers, closeOnce);
      cancel = atTokenExpiry(principal, () => {
        writer.end();
        closeOnce();
      });
      return writer;
    },
  };
}

/**
 * With CORS configured (an `access-control-allow-origin` among the response
 * headers), a browser client can read the challenge of a refusal only if it is
 * exposed: `WWW-Authenticate` is added to whatever the caller already exposes.
 */
function exposingChallenge(responseHeaders: Record<string, string> | undefined): Record<string, string> {
  const entries = Object.entries(responseHeaders ?? {});
  if (!entries.some(([name]) => name.toLowerCase() === 'access-control-allow-origin')) return {};
  // Keep the caller's spelling of the header name, so the merged value replaces theirs instead of doubling it.
  const [key, exposed] = entries.find(([name]) => name.toLowerCase() === 'access-control-expose-headers') ?? [
    'access-control-expose-headers',
    '',
  ];
  const names = exposed
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.some((name) => name === '*' || name.toLowerCase() === 'www-authenticate')) {
    return { [key]: names.join(', ') };
  }
  return { [key]: [...names, 'WWW-Authenticate'].join(', ') };
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return '';
  }
}
