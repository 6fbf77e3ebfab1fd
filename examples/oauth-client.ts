/**
 * A client that signs in to a protected MCP server with OAuth 2.1, the way a
 * command-line tool does it:
 *
 *   node --import tsx examples/oauth-client.ts https://mcp.example.com/mcp
 *
 * The first run prints a sign-in URL (and opens the browser when it can),
 * waits for the browser on http://127.0.0.1:8976/callback, and lists the
 * server's tools. Registrations and tokens land in an owner-only file
 * (./.mcpkit-example-auth.json), so the next run goes straight in and refreshes
 * the token when it expires.
 */
import {
  Client,
  FileAuthStore,
  loopbackBrowserRedirect,
  OAuthClientAuth,
  type OAuthClientAuthOptions,
} from '../src/entries/client.js';
import { runIfMain } from './command-line.js';

/**
 * Connects to `url`, signing in when the server asks, and returns the names of
 * its tools. `options` replaces the defaults (a test passes a headless redirect
 * and an in-memory store).
 */
export async function listToolsSignedIn(
  url: string,
  options: OAuthClientAuthOptions = {},
): Promise<string[]> {
  const auth = new OAuthClientAuth({
    clientName: 'mcpkit OAuth example',
    // A Client ID Metadata Document, where the authorization server supports them, spares the
    // registration step: publish the document at this URL (SEP-991) and name it here.
    // clientMetadataUrl: 'https://app.example.com/oauth/client-metadata.json',
    store: new FileAuthStore('.mcpkit-example-auth.json'),
    ...loopbackBrowserRedirect(),
    ...options,
  });
  const client = await Client.connect(url, { auth });
  try {
    return (await client.listAllTools()).map((tool) => tool.name);
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, async (argv) => {
  const url = argv[0];
  if (!url) throw new Error('usage: node --import tsx examples/oauth-client.ts <server url>');
  for (const name of await listToolsSignedIn(url)) process.stdout.write(`${name}\n`);
});
