/**
 * Per-caller visibility: one shared server, and each caller sees (and may use) only the tools,
 * prompts and resources meant for it (docs/composition.md).
 *
 * Here a team's tools are open to everyone, while the `billing_*` tools and the `ledger://`
 * resources are for tokens with the `billing` scope. Someone without it does not see them in any
 * list, and calling or reading them gets the answer an unknown name gets, so nobody learns they
 * exist. List results are marked `cacheScope: 'private'` (they depend on who asks).
 *
 *   node --import tsx examples/visibility.ts [--port N | --stdio]
 */
import { z } from 'zod';
import { McpServer, type ServerContext, type VisibilityTarget } from '../src/entries/server.js';
import { runIfMain, serveFromCommandLine } from './command-line.js';

/** Whether a target is for billing staff only. */
function billingOnly(target: VisibilityTarget): boolean {
  if (target.kind === 'tool') return target.name.startsWith('billing_');
  if (target.kind === 'resource') return target.uri.startsWith('ledger://');
  if (target.kind === 'resourceTemplate') return target.uriTemplate.startsWith('ledger://');
  return false;
}

/** The filter: billing targets only for tokens with the `billing` scope. */
export function billingVisibility(target: VisibilityTarget, ctx: ServerContext): boolean {
  return !billingOnly(target) || (ctx.auth?.scopes.includes('billing') ?? false);
}

/** Builds the shared server (behind an authorization layer that sets `ctx.auth`). */
export function createVisibilityServer(): McpServer {
  const server = new McpServer({ name: 'team-tools', version: '1.0.0' }, { visibility: billingVisibility });
  server.registerTool(
    'lookup_customer',
    { description: 'Finds a customer by name.', inputSchema: z.object({ name: z.string() }) },
    ({ name }) => ({ content: [{ type: 'text', text: `${name}: customer #42` }] }),
  );
  server.registerTool(
    'billing_refund',
    {
      description: 'Refunds an invoice.',
      inputSchema: z.object({ invoice: z.string() }),
      annotations: { destructiveHint: true },
    },
    ({ invoice }) => ({ content: [{ type: 'text', text: `Refunded ${invoice}.` }] }),
  );
  server.registerResource('Ledger', 'ledger://2026', { mimeType: 'text/csv' }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/csv', text: 'invoice,amount\nINV-1,120\n' }],
  }));
  return server;
}

runIfMain(import.meta.url, (argv) =>
  serveFromCommandLine(createVisibilityServer(), argv, 'visibility example'),
);
