/**
 * Shared setup of the auth client tests: an authorization server, a protected
 * MCP server that trusts it, and connecting through OAuthClientAuth.
 */
import { afterEach } from 'vitest';
import {
  Client,
  headlessRedirect,
  OAuthClientAuth,
  type OAuthClientAuthOptions,
} from '../../src/entries/client.js';
import {
  type ProtectedServer,
  type ProtectedServerConfig,
  startProtectedServer,
} from '../fixtures/auth-protected-server.js';
import { type AuthServer, type AuthServerConfig, startAuthServer } from '../fixtures/auth-server.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((item) => item.close()));
});

/** Closes `item` after the test. */
export function track<T extends { close(): Promise<void> }>(item: T): T {
  running.push(item);
  return item;
}

/** An authorization server and a protected MCP server that trusts it. */
export async function protectedSetup(
  asConfig: Partial<AuthServerConfig> = {},
  rsConfig: Partial<ProtectedServerConfig> = {},
): Promise<{ as: AuthServer; rs: ProtectedServer }> {
  const as = track(await startAuthServer(asConfig));
  const rs = track(
    await startProtectedServer({
      authorizationServers: [as.issuer],
      verify: (token) => as.verify(token),
      ...rsConfig,
    }),
  );
  return { as, rs };
}

export const REDIRECT_URI = 'http://127.0.0.1:8976/callback';

/** An OAuthClientAuth driven headlessly. */
export function headlessAuth(options: OAuthClientAuthOptions = {}): OAuthClientAuth {
  return new OAuthClientAuth({ ...headlessRedirect(REDIRECT_URI), ...options });
}

/** Connects through `auth` (quietly) and closes the client after the test. */
export async function connectWith(
  url: URL,
  auth: OAuthClientAuth,
  protocolVersion?: string,
): Promise<Client> {
  return track(await Client.connect(url, { auth, protocolVersion, warn: () => {} }));
}
