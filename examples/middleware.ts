/**
 * Middleware: code that runs around every message, written once and the same on every transport
 * and protocol revision (docs/middleware.md).
 *
 * On a server it runs after mcpkit has classified the message (so `bindingOf(ctx)` tells the era,
 * the revision and the caller) and before the result is encoded for the wire, so it sees what the
 * handler returned and every refusal as a thrown `McpError`. On a client (`ClientOptions.middleware`)
 * it runs around every request the client sends, and `next` resolves with the server's result.
 *
 * This example has one of each kind: a request log and a timer (either side), an audit log of
 * tool calls, per-tool authorization from the caller's verified principal, and a rate limit.
 *
 *   node --import tsx examples/middleware.ts [--port N | --stdio]
 */
import { z } from 'zod';
import { McpError } from '../src/entries/protocol.js';
import type { AuthPrincipal } from '../src/entries/server.js';
import { bindingOf, McpServer, rateLimit } from '../src/entries/server.js';
import type { Middleware } from '../src/entries/session.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

/**
 * A request log for either side: one line per request when it ends, with its direction, method,
 * id and outcome (`ok`, or the error's code and message). Notifications pass unlogged.
 */
export function requestLog(write: (line: string) => void): Middleware {
  return (next) => async (ctx, message) => {
    if (!('id' in message)) return next(ctx, message);
    const head = `${ctx.direction === 'inbound' ? '<-' : '->'} ${message.method} #${String(message.id)}`;
    try {
      const result = await next(ctx, message);
      write(`${head} ok`);
      return result;
    } catch (error) {
      const code = error instanceof McpError ? error.code : 'local';
      write(`${head} failed (${code}: ${error instanceof Error ? error.message : String(error)})`);
      throw error;
    }
  };
}

/** One measured request. */
export interface Timing {
  direction: 'inbound' | 'outbound';
  method: string;
  ms: number;
}

/** Times every request on either side, success or failure: for a histogram, a slow-call log, ... */
export function timing(record: (timing: Timing) => void): Middleware {
  return (next) => async (ctx, message) => {
    if (!('id' in message)) return next(ctx, message);
    const started = performance.now();
    try {
      return await next(ctx, message);
    } finally {
      record({ direction: ctx.direction, method: message.method, ms: performance.now() - started });
    }
  };
}

/**
 * The JSON-RPC error code this example refuses a forbidden tool call with. JSON-RPC leaves
 * -32000 to -32099 to implementations; MCP takes -32020 and up, and -32002 on 2025 sessions, so
 * pick one of the rest for your server and document it.
 */
export const FORBIDDEN = -32003;

/**
 * Per-tool authorization: a tool named in `rules` runs only for a caller its rule admits. The
 * caller is the verified principal, which handlers see as `ctx.auth` and middleware as
 * `bindingOf(ctx).principal` (undefined without authentication). A refusal is an `McpError`
 * naming the tool and the caller, so the client knows what was refused and why. Tools not named
 * pass; for rules that are only OAuth scopes, `registerTool(name, { scopes })` does the same
 * with a 403 and a step-up challenge.
 */
export function toolAccess(
  rules: Record<string, { allow: (principal: AuthPrincipal | undefined) => boolean; needs: string }>,
): Middleware {
  return (next) => (ctx, message) => {
    if (ctx.direction !== 'inbound' || message.method !== 'tools/call') return next(ctx, message);
    const tool = String(message.params?.name);
    const rule = Object.hasOwn(rules, tool) ? rules[tool] : undefined;
    const principal = bindingOf(ctx).principal;
    if (rule !== undefined && !rule.allow(principal)) {
      const who = principal === undefined ? 'an unauthenticated caller' : `"${principal.subject}"`;
      throw new McpError(FORBIDDEN, `Tool "${tool}" needs ${rule.needs}, which ${who} does not have`, {
        tool,
        needs: rule.needs,
      });
    }
    return next(ctx, message);
  };
}

/** One line of the audit log. */
export interface AuditEntry {
  tool: string;
  era: 'modern' | 'legacy';
  outcome: 'ok' | 'tool error' | number;
  ms: number;
}

/** Records every `tools/call`: which tool, on which era, and how it ended. */
export function auditLog(entries: AuditEntry[]): Middleware {
  return (next) => async (ctx, message) => {
    if (ctx.direction !== 'inbound' || message.method !== 'tools/call') return next(ctx, message);
    const tool = String(message.params?.name);
    const era = bindingOf(ctx).era;
    const started = performance.now();
    try {
      const result = await next(ctx, message);
      const ms = Math.round(performance.now() - started);
      entries.push({ tool, era, outcome: result?.isError === true ? 'tool error' : 'ok', ms });
      return result;
    } catch (error) {
      // Refusals (unknown tool, invalid params, the rate limit below) arrive here as McpErrors.
      const ms = Math.round(performance.now() - started);
      entries.push({ tool, era, outcome: error instanceof McpError ? error.code : -32603, ms });
      throw error;
    }
  };
}

/**
 * mcpkit's `rateLimit` with the caller as the key: the verified principal on a protected server,
 * else the address a proxy forwarded, else the 2025 session. Past `limit` tool calls per window a
 * call is refused with -32029 and `data.retryAfterMs`. Pass `store: backplane.rateLimits`
 * (`mcpkit/redis`) to hold one limit across every process.
 */
export function perCallerLimit(limit: number, windowMs = 60_000): Middleware {
  return rateLimit({
    limit,
    windowMs,
    key: (ctx) => {
      const binding = bindingOf(ctx);
      return (
        binding.principal?.subject ??
        binding.http?.header('x-forwarded-for') ??
        binding.session?.id ??
        'local'
      );
    },
  });
}

/** Who may call which tool: `purge` only a caller whose token carries the `admin` role. */
const ACCESS = {
  purge: {
    allow: (principal: AuthPrincipal | undefined) => principal?.claims.role === 'admin',
    needs: 'the admin role',
  },
};

/**
 * Builds the example server. The order is the nesting, outermost first: the request log and the
 * audit log see every outcome, refusals included; authorization runs before the rate limit, so a
 * forbidden call costs no budget.
 */
export function createMiddlewareServer(
  entries: AuditEntry[] = [],
  limit = 5,
  log: (line: string) => void = () => {},
): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-middleware-example', version: '0.1.0' },
    { middleware: [requestLog(log), auditLog(entries), toolAccess(ACCESS), perCallerLimit(limit)] },
  );
  server.registerTool(
    'shout',
    { description: 'Upper-cases a text', inputSchema: z.object({ text: z.string() }) },
    ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }),
  );
  server.registerTool('purge', { description: 'Forgets everything (admins only)' }, () => ({
    content: [{ type: 'text', text: 'Purged.' }],
  }));
  return server;
}

/** `node --import tsx examples/middleware.ts [--port N | --stdio]` */
export function main(argv: readonly string[]) {
  const entries: AuditEntry[] = [];
  const server = createMiddlewareServer(entries, 5, (line) => process.stderr.write(`${line}\n`));
  setInterval(() => {
    for (const entry of entries.splice(0)) process.stderr.write(`audit: ${JSON.stringify(entry)}\n`);
  }, 1000).unref();
  return serveFromCommandLine(server, argv, 'Middleware example');
}

runIfMain(import.meta.url, main);
