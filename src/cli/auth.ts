/**
 * How the CLI signs in to a server that asks for it: OAuth with the browser on
 * a loopback redirect, registrations and tokens kept in an owner-only file so
 * the next run does not ask again; or a fixed token; or nothing.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FileAuthStore, loopbackBrowserRedirect, OAuthClientAuth } from '../auth/client/index.js';
import type { HttpAuthorizer } from '../transport/http/client.js';
import type { CommonOptions } from './args.js';

/**
 * Where the CLI keeps registrations and tokens: `$MCPKIT_AUTH_FILE`, else
 * `~/.mcpkit/auth.json`.
 *
 * @example
 * cliAuthFile({ MCPKIT_AUTH_FILE: '/tmp/auth.json' }); // '/tmp/auth.json'
 */
export function cliAuthFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.MCPKIT_AUTH_FILE || join(homedir(), '.mcpkit', 'auth.json');
}

/**
 * The client options that carry the CLI's choice: an authorizer for OAuth,
 * headers for `--token`, nothing for `--no-auth`. A header given with
 * `--header 'Authorization: ...'` wins: then the CLI does not sign in itself.
 *
 * @example
 * const { auth, headers } = cliAuthorization(options, (text) => process.stderr.write(text));
 */
export function cliAuthorization(
  options: CommonOptions,
  say: (text: string) => void,
): { auth?: HttpAuthorizer; headers?: Record<string, string> } {
  const choice = options.auth;
  if (choice.kind === 'none') return {};
  if (choice.kind === 'token') return { headers: { authorization: `Bearer ${choice.token}` } };
  if (Object.keys(options.headers).some((name) => name.toLowerCase() === 'authorization')) return {};
  const auth = new OAuthClientAuth({
    store: new FileAuthStore(cliAuthFile()),
    clientName: 'mcpkit CLI',
    clients: choice.clientId ? [{ clientId: choice.clientId, clientSecret: choice.clientSecret }] : [],
    scope: choice.scope,
    ...loopbackBrowserRedirect({
      port: choice.callbackPort,
      openBrowser: choice.openBrowser,
      print: (message) => say(`mcpkit: ${message}\n`),
    }),
  });
  return { auth };
}
