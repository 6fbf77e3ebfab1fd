/**
 * The slice of oidc-provider's API the development server uses. oidc-provider
 * ships no type declarations, and it is an optional peer dependency loaded
 * at run time, so these structural types stand in for it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A grant being built during consent.
 *
 * @example
 * grant.addResourceScope('http://127.0.0.1:3000/mcp', 'mcp');
 */
export interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

/**
 * What an interaction (login or consent step) is about.
 *
 * @example
 * const details: OidcInteractionDetails = await provider.interactionDetails(req, res);
 */
export interface OidcInteractionDetails {
  readonly uid: string;
  readonly grantId?: string;
  readonly params: Record<string, unknown>;
  readonly session?: { readonly accountId?: string };
  readonly prompt: {
    readonly name: string;
    readonly details: {
      readonly missingOIDCScope?: string[];
      readonly missingOIDCClaims?: string[];
      readonly missingResourceScopes?: Record<string, string[]>;
    };
  };
}

/**
 * An oidc-provider instance.
 *
 * @example
 * as.provider.on('grant.success', () => console.log('token issued'));
 */
export interface OidcProvider {
  readonly issuer: string;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<OidcInteractionDetails>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  readonly Grant: {
    new (init: { accountId: string; clientId: string }): OidcGrant;
    find(id: string): Promise<OidcGrant | undefined>;
  };
  on(event: string, listener: (...args: unknown[]) => void): void;
  /** Adds Koa middleware in front of the provider's routes. */
  use(middleware: (ctx: OidcKoaContext, next: () => Promise<void>) => Promise<void>): void;
}

/**
 * The part of a Koa context the development server's middleware touches.
 *
 * @example
 * provider.use(async (ctx, next) => { console.log(ctx.method, ctx.path); await next(); });
 */
export interface OidcKoaContext {
  readonly method: string;
  readonly path: string;
  query: Record<string, string | string[] | undefined>;
}

/**
 * The module's shape.
 *
 * @example
 * const oidc = (await import(specifier)) as OidcProviderModule;
 */
export interface OidcProviderModule {
  default: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  errors: { InvalidTarget: new (description?: string) => Error };
}
