/**
 * The typed binding of a message an McpServer serves: what carried it and what the serving edge
 * decided about it, once.
 */
import type { AuthPrincipal } from '../auth/server/principal.js';
import { principalIdentity } from '../auth/server/request-principal.js';
import type { ProtocolEra } from '../protocol/versions.js';
import type { InboundBinding } from '../session/transport.js';
import type { LegacyConnection } from './legacy/legacy-serving.js';
import type { LegacySession } from './legacy/session.js';

/** What the edge decided about one inbound message; handlers and middleware read it as `ctx.binding`. */
export interface ServerBinding extends InboundBinding {
  /** The connection's state: its 2025 session once `initialize` opened one. */
  readonly connection?: LegacyConnection;
  /** `'modern'` (2026-07-28 and later) or `'legacy'` (a 2025-era session). */
  readonly era: ProtocolEra;
  /**
   * The revision the message speaks: its `_meta` claim (a modern request; checked by the gate)
   * or its session's. Undefined for a modern request that names none (the gate refuses it) and
   * for `initialize` until it negotiated one.
   */
  readonly revision: string | undefined;
  /** The 2025 session of a legacy message. */
  readonly session: LegacySession | undefined;
  /** The verified principal, when the HTTP endpoint authenticated the request. */
  readonly principal: AuthPrincipal | undefined;
}

/**
 * The binding of a message that passed through the serving edge.
 *
 * @example
 * import { bindingOf } from 'mcpkit/server';
 * const middleware: Middleware = (next) => (ctx, message) => {
 *   if (ctx.direction === 'inbound') console.error(message.method, bindingOf(ctx).era);
 *   return next(ctx, message);
 * };
 */
export function bindingOf(ctx: { readonly binding: InboundBinding }): ServerBinding {
  return ctx.binding as ServerBinding;
}

/** Who a message acts for: its verified principal's identity (issuer and subject), or undefined without auth. */
export function principalIdOf(ctx: { readonly binding: InboundBinding }): string | undefined {
  const principal = bindingOf(ctx).principal;
  return principal === undefined ? undefined : principalIdentity(principal);
}
