/**
 * Middleware: code that runs around every request a server serves, written once and the same on
 * every transport and protocol revision. It runs after mcpkit has classified the message (so
 * `bindingOf(ctx)` tells the era, the revision and the caller) and before the result is encoded
 * for the wire, so it sees what the handler returned and every refusal as a thrown `McpError`.
 *
 * This example keeps an audit log of tool calls and limits how many calls one client makes per
 * minute. Tests connect to it in-process with `server.connect(transport)`.
 *
 *   node --import tsx examples/middleware.ts [--port N | --stdio]
 */
import { z } from 'zod';
import { bindingOf, McpServer, rateLimit } from '../src/entries/server.js';
import type { Middleware } from '../src/entries/session.js';
import { McpError } from '../src/protocol/errors.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

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

/** Builds the example server: an audit log outside the rate limit, so refusals are logged too. */
export function createMiddlewareServer(entries: AuditEntry[] = [], limit = 5): McpServer {
  const server = new McpServer(
    { name: 'mcpkit-middleware-example', version: '0.1.0' },
    { middleware: [auditLog(entries), perCallerLimit(limit)] },
  );
  server.registerTool(
    'shout',
    { description: 'Upper-cases a text', inputSchema: z.object({ text: z.string() }) },
    ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }),
  );
  return server;
}

/** `node --import tsx examples/middleware.ts [--port N | --stdio]` */
export function main(argv: readonly string[]) {
  const entries: AuditEntry[] = [];
  const server = createMiddlewareServer(entries);
  setInterval(() => {
    for (const entry of entries.splice(0)) process.stderr.write(`audit: ${JSON.stringify(entry)}\n`);
  }, 1000).unref();
  return serveFromCommandLine(server, argv, 'Middleware example');
}

runIfMain(import.meta.url, main);
