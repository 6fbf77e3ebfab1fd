/**
 * The bearer guard: what a protected MCP server does with every HTTP request
 * before serving it. It reads the token from the `Authorization` header only,
 * has the {@link TokenVerifier} check it, then enforces what no verifier may
 * skip (an expiry, an audience naming this server, the server-wide scopes),
 * and answers refusals with the RFC 6750 challenge pointing at the Protected
 * Resource Metadata (RFC 9728).
 */
import { readAccessToken } from './authorization-header.js';
import { type AuthRefusal, type BearerChallenge, bearerRefusal } from './challenge.js';
import {
  DEFAULT_DPOP_ALGORITHMS,
  DEFAULT_DPOP_MAX_AGE_SECONDS,
  type DpopProofPolicy,
  DpopReplayCache,
  type DpopReplayStore,
  verifyDpopProof,
} from './dpop-proof.js';
import { type AuthPrincipal, InvalidTokenError, type TokenVerifier } from './principal.js';
import {
  buildResourceMetadata,
  canonicalResourceUri,
  type ProtectedResourceMetadata,
  type ResourceMetadataOptions,
  resourceMetadataUrl,
} from './resource-metadata.js';
import { missingScopes, type ScopeImplication, unionScopes } from './scopes.js';

/**
 * How an MCP server protects itself with OAuth bearer tokens (`McpServerOptions.auth`).
 *
 * @example
 * const server = new McpServer(info, {
 *   auth: {
 *     resource: 'https://mcp.example.com/mcp',
 *     authorizationServers: ['https://auth.example.com'],
 *     verifier: jwtVerifier({ issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/jwks' }),
 *     requiredScopes: ['mcp'],
 *   },
 * });
 */
export interface BearerAuthOptions extends ResourceMetadataOptions {
  /** Checks tokens. */
  readonly verifier: TokenVerifier;
  /**
   * This server's canonical URI, the audience every token must name. Required
   * for `server.fetch`; `serveHttp` defaults it to the URL it listens on.
   */
  readonly resource?: string | URL;
  /** Scopes every request needs; also the `scope` of the 401 challenge. Default none. */
  readonly requiredScopes?: readonly string[];
  /** When a granted scope covers a different required one (`scopeHierarchy(...)` builds one). */
  readonly scopeImplies?: ScopeImplication;
  /** Leeway for `exp` against this machine's clock, in seconds. Default 0. */
  readonly clockToleranceSeconds?: number;
  /** Keep the raw token on `ctx.auth.token` (for token exchange, never for passthrough). Default false. */
  readonly exposeToken?: boolean;
  /**
   * Authorization extension identifiers to advertise under `capabilities.extensions` in
   * `server/discover`, e.g. `io.modelcontextprotocol/oauth-client-credentials`.
   */
  readonly extensions?: readonly string[];
  /**
   * Take DPoP-bound access tokens (RFC 9449): `Authorization: DPoP <token>` with a `DPoP`
   * proof, checked against the token's `cnf.jkt`. `true` for the defaults. Whatever this says,
   * a token bound to a key is never accepted as a plain Bearer token.
   */
  readonly dpop?: boolean | DpopAuthOptions;
}

/**
 * How a protected server takes DPoP-bound tokens (`BearerAuthOptions.dpop`).
 *
 * @example
 * const dpop: DpopAuthOptions = { required: true, algorithms: ['ES256'] };
 */
export interface DpopAuthOptions {
  /** Proof signing algorithms accepted; advertised in the metadata and the challenge. Default: the asymmetric JWS ones. */
  readonly algorithms?: readonly string[];
  /** Refuse plain Bearer tokens: every token must be DPoP-bound. Default false. */
  readonly required?: boolean;
  /** How far a proof's `iat` may be from this server's clock, in seconds. Default 60. */
  readonly maxAgeSeconds?: number;
  /**
   * How many recently used proofs (`jti`s) are remembered to refuse replays; past it the oldest
   * are forgotten first. Default 100 000; keep it above the proofs accepted in one window.
   */
  readonly replayCacheSize?: number;
  /**
   * Where accepted proofs are recorded so each is used once. Default: an in-memory
   * {@link DpopReplayCache} of `replayCacheSize` entries, right for one process. With several
   * processes, share one (`backplane.dpopReplay` from `mcpkit/redis`) or a proof accepted by one
   * is accepted again by the next. When the store fails, the request is refused (503,
   * `temporarily_unavailable`), never accepted.
   *
   * @example
   * dpop: { required: true, replay: backplane.dpopReplay }
   */
  readonly replay?: DpopReplayStore;
}

/**
 * What the guard needs of a request besides its `Authorization` header, to check a DPoP proof.
 *
 * @example
 * const request: GuardedRequest = { method: 'POST', url: 'https://mcp.example.com/mcp', dpop: headers.get('dpop') };
 */
export interface GuardedRequest {
  readonly method: string;
  /** The request URL as the server received it. */
  readonly url: string;
  /** The `DPoP` header value, if any. */
  readonly dpop: string | null | undefined;
}

/**
 * The guard's verdict on a request: its principal, or the refusal to send.
 *
 * @example
 * const outcome: AuthOutcome = await guard.authenticate(header);
 * const subject = outcome.ok ? outcome.principal.subject : undefined;
 */
export type AuthOutcome =
  | { readonly ok: true; readonly principal: AuthPrincipal }
  | { readonly ok: false; readonly refusal: AuthRefusal };

/**
 * Authenticates requests for one protected resource.
 *
 * @example
 * const guard = new BearerGuard({ resource: 'https://mcp.example.com/mcp', authorizationServers: [issuer], verifier });
 * const outcome = await guard.authenticate(request.headers.get('authorization'));
 * if (!outcome.ok) return new Response(outcome.refusal.body, outcome.refusal);
 */
export class BearerGuard {
  private canonical: string | undefined;
  private metadataLocation: string | undefined;
  private readonly required: readonly string[];
  private readonly dpop:
    | (DpopProofPolicy & { readonly required: boolean; readonly replay: DpopReplayStore })
    | undefined;

  constructor(readonly options: BearerAuthOptions) {
    if (options.authorizationServers.length === 0) {
      throw new TypeError('auth.authorizationServers needs at least one authorization server');
    }
    this.canonical = options.resource === undefined ? undefined : canonicalResourceUri(options.resource);
    this.required = options.requiredScopes ?? [];
    if (options.dpop) {
      const dpop = options.dpop === true ? {} : options.dpop;
      const maxAgeSeconds = dpop.maxAgeSeconds ?? DEFAULT_DPOP_MAX_AGE_SECONDS;
      if (!(Number.isFinite(maxAgeSeconds) && maxAgeSeconds > 0)) {
        throw new TypeError('auth.dpop.maxAgeSeconds must be a positive number of seconds');
      }
      const algorithms = dpop.algorithms ?? DEFAULT_DPOP_ALGORITHMS;
      if (algorithms.length === 0) throw new TypeError('auth.dpop.algorithms needs at least one algorithm');
      this.dpop = {
        algorithms,
        maxAgeSeconds,
        required: dpop.required ?? false,
        replay: dpop.replay ?? new DpopReplayCache(dpop.replayCacheSize),
      };
    }
  }

  /**
   * The canonical resource URI, once known.
   *
   * @example
   * guard.resource; // 'https://mcp.example.com/mcp'
   */
  get resource(): string | undefined {
    return this.canonical;
  }

  /**
   * Sets the resource URI when the options left it out (the URL a server ended up listening on).
   *
   * @example
   * guard.useResource(running.url);
   */
  useResource(resource: string | URL): void {
    this.canonical ??= canonicalResourceUri(resource);
  }

  /**
   * The URL of this resource's metadata document.
   *
   * @example
   * guard.metadataUrl; // 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp'
   */
  get metadataUrl(): string {
    this.metadataLocation ??= resourceMetadataUrl(this.requireResource());
    return this.metadataLocation;
  }

  /**
   * The metadata document (RFC 9728).
   *
   * @example
   * return Response.json(guard.metadata());
   */
  metadata(): ProtectedResourceMetadata {
    const document = buildResourceMetadata(this.requireResource(), {
      ...this.options,
      scopesSupported: this.options.scopesSupported ?? this.required,
    });
    if (this.dpop) {
      document.dpop_signing_alg_values_supported = [...this.dpop.algorithms];
      if (this.dpop.required) document.dpop_bound_access_tokens_required = true;
    }
    return document;
  }

  /**
   * Checks a request's `Authorization` header value, and its DPoP proof when the server takes
   * DPoP-bound tokens (`request` is required for those).
   *
   * @example
   * const outcome = await guard.authenticate('Bearer eyJ...');
   * const bound = await guard.authenticate('DPoP eyJ...', { method: 'POST', url, dpop: proofHeader });
   */
  async authenticate(authorization: string | null, request?: GuardedRequest): Promise<AuthOutcome> {
    const resource = this.requireResource();
    const credentials = readAccessToken(authorization, this.dpop !== undefined);
    if (credentials.kind === 'none') return this.refuse({ scope: this.challengeScopes() });
    if (credentials.kind === 'malformed') {
      return this.refuse({
        error: 'invalid_request',
        errorDescription: credentials.reason,
        scheme: credentials.scheme,
      });
    }
    const scheme = credentials.scheme;
    if (scheme === 'bearer' && this.dpop?.required) {
      return this.invalid('This server takes DPoP-bound access tokens only', 'dpop');
    }
    let proof: { thumbprint: string; replay: { key: string; expiresAt: number } } | undefined;
    if (scheme === 'dpop') {
      const proven = await this.checkProof(credentials.token, request);
      if (!proven.ok) return proven.outcome;
      proof = proven;
    }
    let principal: AuthPrincipal;
    try {
      principal = await this.options.verifier.verify(credentials.token, { resource });
    } catch (error) {
      if (error instanceof InvalidTokenError) return this.invalid(error.message, scheme);
      // The verifier could not decide (JWKS or introspection endpoint down): not the client's fault.
      return unavailable('The access token could not be verified right now; try again shortly');
    }
    // A JavaScript verifier can return anything; a wrong shape is this server's fault, never the client's.
    const malformed = malformedPrincipal(principal);
    if (malformed) {
      return unavailable(`The server's token verifier returned a malformed principal (${malformed})`);
    }
    const problem = this.problemWith(principal, resource) ?? bindingProblem(principal, proof?.thumbprint);
    if (problem) return this.invalid(problem, scheme);
    // Recorded only now, for a proof that came with a valid token bound to its key: a stranger
    // signing proofs with a key of their own cannot fill the replay memory.
    if (proof) {
      let first: boolean;
      try {
        first = await this.dpop!.replay.remember(proof.replay.key, proof.replay.expiresAt);
      } catch {
        // Fail closed: a proof that cannot be checked for replay is never accepted.
        return unavailable(
          'The DPoP replay check is unavailable right now, so the proof cannot be accepted; try again shortly',
        );
      }
      if (!first) return this.badProof('The DPoP proof was already used (jti)');
    }
    const missing = this.missing(principal, this.required);
    if (missing.length > 0) return { ok: false, refusal: this.insufficientScope(this.required) };
    if (this.options.exposeToken) principal = { ...principal, token: credentials.token };
    else if (principal.token !== undefined) {
      const { token: _dropped, ...rest } = principal;
      principal = rest;
    }
    return { ok: true, principal };
  }

  /**
   * The scopes of `required` (plus the server-wide ones) that the principal lacks.
   *
   * @example
   * guard.missing(ctx.auth!, ['files:write']); // [] when granted (or implied)
   */
  missing(principal: AuthPrincipal, required: readonly string[]): string[] {
    return missingScopes(principal.scopes, this.scopesFor(required), this.options.scopeImplies);
  }

  /**
   * Every scope an operation needing `required` needs: the server-wide ones first.
   *
   * @example
   * guard.scopesFor(['files:write']); // ['mcp', 'files:write'] with requiredScopes ['mcp']
   */
  scopesFor(required: readonly string[]): string[] {
    return unionScopes(this.required, required);
  }

  /**
   * The 403 for an operation that needs `required` (server-wide scopes are added):
   * every scope the operation needs, in one challenge.
   *
   * @example
   * const { status, headers, body } = guard.insufficientScope(['files:write']); // status 403
   */
  insufficientScope(required: readonly string[], description?: string): AuthRefusal {
    const scope = this.scopesFor(required);
    return bearerRefusal(
      this.withDpop({
        error: 'insufficient_scope',
        errorDescription: description ?? `This operation needs the scope(s): ${scope.join(' ')}`,
        scope,
        resourceMetadata: this.metadataUrl,
      }),
    );
  }

  /** The scopes a 401 suggests; never `offline_access`, which is the client's business with its AS. */
  private challengeScopes(): readonly string[] {
    const scopes = this.required.length > 0 ? this.required : (this.options.scopesSupported ?? []);
    return scopes.filter((scope) => scope !== 'offline_access');
  }

  /** What makes a verified principal unacceptable here, whichever verifier produced it. */
  private problemWith(principal: AuthPrincipal, resource: string): string | undefined {
    if (typeof principal.expiresAt !== 'number' || !Number.isFinite(principal.expiresAt)) {
      return 'The access token has no expiry';
    }
    const now = Date.now() / 1000;
    if (principal.expiresAt + (this.options.clockToleranceSeconds ?? 0) <= now) {
      return 'The access token has expired';
    }
    if (!principal.audience.some((aud) => sameResource(aud, resource))) {
      return 'The access token was not issued for this server';
    }
    if (typeof principal.subject !== 'string' || principal.subject === '') {
      return 'The access token names no subject';
    }
    return undefined;
  }

  /** Checks the request's one DPoP proof for `token`; the key's thumbprint, or the refusal. */
  private async checkProof(
    token: string,
    request: GuardedRequest | undefined,
  ): Promise<
    | { ok: true; thumbprint: string; replay: { key: string; expiresAt: number } }
    | { ok: false; outcome: AuthOutcome }
  > {
    const policy = this.dpop!;
    const proof = request?.dpop?.trim();
    const problem =
      request === undefined
        ? 'This server cannot check DPoP proofs here'
        : !proof
          ? 'A DPoP-bound access token needs a DPoP proof header'
          : proof.includes(',')
            ? 'Send exactly one DPoP proof'
            : undefined;
    if (problem !== undefined || request === undefined || !proof) {
      return { ok: false, outcome: this.badProof(problem ?? 'A DPoP proof is missing') };
    }
    // The URI a proof names is the MCP endpoint the client addressed: this resource's public
    // URL, whatever a proxy in front rewrote (scheme, host, a path prefix) on the way here.
    const verdict = await verifyDpopProof(
      proof,
      { method: request.method.toUpperCase(), url: this.requireResource(), accessToken: token },
      policy,
    );
    if (!verdict.ok) return { ok: false, outcome: this.badProof(verdict.reason) };
    return verdict;
  }

  private badProof(description: string): AuthOutcome {
    return this.refuse({ error: 'invalid_dpop_proof', errorDescription: description, scheme: 'dpop' });
  }

  private invalid(description: string, scheme: 'bearer' | 'dpop' = 'bearer'): AuthOutcome {
    return this.refuse({ error: 'invalid_token', errorDescription: description, scheme });
  }

  private refuse(challenge: BearerChallenge): AuthOutcome {
    return {
      ok: false,
      refusal: bearerRefusal(this.withDpop({ ...challenge, resourceMetadata: this.metadataUrl })),
    };
  }

  /** A challenge that also offers the DPoP scheme, when this server takes it. */
  private withDpop(challenge: BearerChallenge): BearerChallenge {
    if (!this.dpop) return challenge;
    return { ...challenge, dpopAlgorithms: this.dpop.algorithms, dpopOnly: this.dpop.required };
  }

  private requireResource(): string {
    if (this.canonical === undefined) {
      throw new Error('auth.resource is not set: pass the canonical URI of this server (its public URL)');
    }
    return this.canonical;
  }
}

/** A 503 for a token the server cannot judge: an outage or its own misconfiguration, never the client's fault. */
function unavailable(description: string): AuthOutcome {
  return {
    ok: false,
    refusal: {
      status: 503,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': '5' },
      body: JSON.stringify({ error: 'temporarily_unavailable', error_description: description }),
    },
  };
}

const isStringList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * What is wrong with the shape of a verifier's answer, if anything. Values
 * (expiry, audience, subject) are judged later as token problems; this only
 * keeps a wrong type from crashing the request.
 */
function malformedPrincipal(principal: unknown): string | undefined {
  if (typeof principal !== 'object' || principal === null) return 'not an object';
  const p = principal as Record<string, unknown>;
  if (!isStringList(p.audience)) return 'audience is not a list of strings';
  if (!isStringList(p.scopes)) return 'scopes is not a list of strings';
  if (p.subject !== undefined && typeof p.subject !== 'string') return 'subject is not a string';
  if (p.clientId !== undefined && typeof p.clientId !== 'string') return 'clientId is not a string';
  if (p.issuer !== undefined && typeof p.issuer !== 'string') return 'issuer is not a string';
  if (typeof p.claims !== 'object' || p.claims === null) return 'claims is not an object';
  return undefined;
}

/** Audience comparison: exact, or equal once both are canonical (case of scheme/host, trailing slash). */
function sameResource(audience: string, resource: string): boolean {
  if (audience === resource) return true;
  try {
    return canonicalResourceUri(audience) === resource;
  } catch {
    return false;
  }
}

/**
 * Why a token's key binding (`cnf.jkt`, RFC 9449 section 6) does not match how it was
 * presented: a bound token needs a proof by its key, and never travels as a plain Bearer token.
 */
function bindingProblem(principal: AuthPrincipal, thumbprint: string | undefined): string | undefined {
  const cnf = principal.claims.cnf;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>).jkt : undefined;
  if (thumbprint === undefined) {
    return jkt === undefined
      ? undefined
      : 'A DPoP-bound access token must be sent with the DPoP scheme and a proof';
  }
  if (jkt === undefined) return 'The access token is not bound to a DPoP key';
  if (jkt !== thumbprint)
    return 'The access token is bound to another key than the one that signed the DPoP proof';
  return undefined;
}
