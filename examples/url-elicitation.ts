/**
 * URL-mode elicitation: a tool that needs the user to do something on a web
 * page first (link an account, pay, enter a secret the client must not see).
 *
 * The tool throws `UrlElicitationRequiredError` with the page to visit. The
 * same handler serves both eras:
 * - 2025-11-25: the client gets error -32042, shows the page, and retries;
 *   when the page is done, `server.completeElicitation(id)` sends
 *   `notifications/elicitation/complete` to that session only;
 * - 2026-07-28: the error becomes an `input_required` round asking for the
 *   page; the client shows it and retries.
 * A handler can also ask in place with `await ctx.elicit({ mode: 'url', ... })`.
 *
 *   node --import tsx examples/url-elicitation.ts [--port N]
 *
 * serves MCP on 127.0.0.1:N (3000) and the linking page on 127.0.0.1:N+1.
 */
import { createServer } from 'node:http';
import { UrlElicitationRequiredError } from '../src/entries/protocol.js';
import { McpServer } from '../src/entries/server.js';
import { portFrom, runIfMain, serveFromCommandLine } from './command-line.js';

/** The example server and the hook its web page calls when the user is done. */
export interface AccountLinking {
  server: McpServer;
  /** What the linking page does once the user finished: records it and tells the client. */
  completeLink(elicitationId: string): boolean;
}

/** Builds the example server; links are made at `linkPage?e=<elicitationId>`. */
export function createAccountLinkingServer(linkPage: string): AccountLinking {
  const server = new McpServer(
    { name: 'mcpkit-url-elicitation-example', version: '0.1.0' },
    { instructions: 'Calendar tools; the first use asks the user to link their calendar account.' },
  );
  // Which links are pending and which finished. A real server keys these by the
  // authenticated user, so that a link made by one user never serves another.
  const pending = new Set<string>();
  let linked = false;

  server.registerTool(
    'list_events',
    { description: "Lists today's events from the linked calendar." },
    () => {
      if (!linked) {
        const elicitationId = globalThis.crypto.randomUUID();
        pending.add(elicitationId);
        throw new UrlElicitationRequiredError('Link your calendar account first', {
          elicitations: [
            {
              mode: 'url',
              elicitationId,
              url: `${linkPage}?e=${elicitationId}`,
              message: 'Link your calendar account to let this server read your events.',
            },
          ],
        });
      }
      return { content: [{ type: 'text', text: '09:00 stand-up; 14:00 design review' }] };
    },
  );

  return {
    server,
    completeLink(elicitationId) {
      if (!pending.delete(elicitationId)) return false;
      linked = true;
      // 2025-11-25 sessions hear about it; 2026-07-28 clients simply retry.
      server.completeElicitation(elicitationId);
      return true;
    },
  };
}

runIfMain(import.meta.url, async (argv) => {
  const port = portFrom(argv);
  const pagePort = port === 0 ? 0 : port + 1;
  const page = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const done = url.pathname === '/link' && linking.completeLink(url.searchParams.get('e') ?? '');
    response.writeHead(done ? 200 : 404, { 'content-type': 'text/plain' });
    response.end(done ? 'Calendar linked. You can close this tab.\n' : 'Unknown or finished link.\n');
  });
  await new Promise<void>((resolve) => page.listen(pagePort, '127.0.0.1', resolve));
  const address = page.address();
  const linking = createAccountLinkingServer(
    `http://127.0.0.1:${typeof address === 'object' && address ? address.port : pagePort}/link`,
  );
  process.once('exit', () => page.close());
  await serveFromCommandLine(linking.server, argv, 'url-elicitation example');
});
