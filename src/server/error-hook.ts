/**
 * The server's error hook: every exception a handler or middleware throws
 * that is not a protocol error (`McpError`) reaches it, with its stack
 * and the request it broke. The client hears only a generic message unless
 * the server opts in with `exposeErrors`.
 */

import type { AuthPrincipal } from '../auth/server/principal.js';
import type { JSONRPCNotification, JSONRPCRequest, RequestId } from '../protocol/jsonrpc.js';
import type { ProtocolEra } from '../protocol/versions.js';
import type { InboundBinding } from '../session/transport.js';
import type { ServerBinding } from './binding.js';

/**
 * What an error hook learns about the request that failed.
 *
 * @example
 * const onError = (error: Error, where: HandlerErrorContext) =>
 *   logger.error({ err: error, method: where.method, tool: where.target, session: where.sessionId });
 */
export interface HandlerErrorContext {
  /** The JSON-RPC method: `tools/call`, `resources/read`, a notification's method, ... */
  readonly method: string;
  /** The request id; absent for a notification. */
  readonly requestId?: RequestId;
  /** What the request names: the tool or prompt name, the resource URI; absent for others. */
  readonly target?: string;
  /** `'modern'` (2026-07-28) or `'legacy'` (a 2025 session), once the serving edge classified it. */
  readonly era?: ProtocolEra;
  /** The revision the request speaks. */
  readonly protocolVersion?: string;
  /** The 2025 session id, on a legacy HTTP session. */
  readonly sessionId?: string;
  /** The verified principal, when the HTTP endpoint authenticated the request. */
  readonly principal?: AuthPrincipal;
  /** The task the handler ran as, for a tool running as a task. */
  readonly taskId?: string;
}

/**
 * Receives every unexpected exception of a handler or middleware (tools,
 * resources, prompts, completion, list callbacks, tasks, notification handlers).
 * `error` is the original object, stack included (a thrown non-Error is wrapped).
 *
 * @example
 * const server = new McpServer(info, {
 *   onError: (error, where) => console.error(`${where.method} ${where.target ?? ''} failed`, error),
 * });
 */
export type HandlerErrorHook = (error: Error, context: HandlerErrorContext) => void;

/** The text the client reads when a handler fails and the server does not expose errors. */
export const GENERIC_FAILURE = 'Internal error';

/**
 * The hook used when none is given: the error, stack included, on `console.error`,
 * so a server never swallows a failure.
 *
 * @example
 * defaultErrorHook(new Error('disk on fire'), { method: 'resources/read', target: 'file:///log' });
 */
export function defaultErrorHook(error: Error, context: HandlerErrorContext): void {
  const target = context.target === undefined ? '' : ` (${context.target})`;
  const id = context.requestId === undefined ? '' : ` [id ${String(context.requestId)}]`;
  console.error(`[mcpkit] ${context.method}${target}${id} failed:`, error);
}

/**
 * The error as an Error: a thrown string or object is wrapped, keeping it as `cause`.
 *
 * @example
 * asThrownError('boom').cause; // 'boom'
 */
export function asThrownError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(`Non-error thrown: ${String(thrown)}`, { cause: thrown });
}

/**
 * The context of a failure from the message and its binding (the serving edge's).
 *
 * @example
 * const where = errorContextOf(request, binding);
 */
export function errorContextOf(
  message: JSONRPCRequest | JSONRPCNotification | undefined,
  binding: InboundBinding | undefined,
  target?: string,
): HandlerErrorContext {
  const bound = (binding ?? {}) as Partial<ServerBinding>;
  const context: {
    -readonly [K in keyof HandlerErrorContext]: HandlerErrorContext[K];
  } = { method: message?.method ?? 'unknown' };
  if (message && 'id' in message) context.requestId = message.id;
  const named = target ?? targetOf(message);
  if (named !== undefined) context.target = named;
  if (bound.era !== undefined) context.era = bound.era;
  if (bound.revision !== undefined) context.protocolVersion = bound.revision;
  if (bound.session?.id !== undefined) context.sessionId = bound.session.id;
  if (bound.principal !== undefined) context.principal = bound.principal;
  return context;
}

/**
 * The tool or prompt name, or the resource URI, a request names.
 *
 * @example
 * targetOf({ method: 'tools/call', params: { name: 'add' } }); // 'add'
 */
export function targetOf(
  message: { method: string; params?: Record<string, unknown> } | undefined,
): string | undefined {
  const params = message?.params;
  if (!params) return undefined;
  switch (message.method) {
    case 'tools/call':
    case 'prompts/get':
      return typeof params.name === 'string' ? params.name : undefined;
    case 'resources/read':
    case 'resources/subscribe':
    case 'resources/unsubscribe':
      return typeof params.uri === 'string' ? params.uri : undefined;
    case 'completion/complete': {
      const ref = params.ref as { name?: unknown; uri?: unknown } | undefined;
      const named = ref?.name ?? ref?.uri;
      return typeof named === 'string' ? named : undefined;
    }
    default:
      return undefined;
  }
}

/** Where a tool error result keeps the exception it was made from (never sent: a symbol key). */
const THROWN = Symbol('mcpkit.thrown');

/**
 * Marks a tool error result with the exception it stands for; not enumerable,
 * so it is never copied into the wire message.
 *
 * @example
 * return markThrown(toolError('Internal error'), error);
 */
export function markThrown<T extends object>(result: T, error: Error): T {
  Object.defineProperty(result, THROWN, { value: error, enumerable: false });
  return result;
}

/**
 * The exception a tool handler threw, for a tool error result the server made
 * from it; undefined for any other result. Lets middleware see the exception
 * behind an `isError` result (the client only reads the generic text).
 *
 * @example
 * const logging: Middleware = (next) => async (ctx, message) => {
 *   const result = await next(ctx, message);
 *   const thrown = result && thrownBy(result);
 *   if (thrown) console.error(`${message.method} threw`, thrown);
 *   return result;
 * };
 */
export function thrownBy(result: object): Error | undefined {
  const thrown = (result as { [THROWN]?: unknown })[THROWN];
  return thrown instanceof Error ? thrown : undefined;
}
