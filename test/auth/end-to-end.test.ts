/**
 * The whole authorization-code flow on one machine, headless: the mcpkit
 * Client, the mcpkit server protected by bearer tokens (examples/auth-server.ts,
 * the notes server), and the development authorization server (oidc-provider,
 * auto-approving a fixed user). Nothing is stubbed: the client discovers the
 * resource metadata and the authorization server, registers itself, walks the
 * authorization server's login and consent redirects with its cookies, checks
 * `state` and `iss`, redeems the code with PKCE, and steps up when a tool needs
 * a scope it was not granted. The authorization server advertises DPoP but the
 * MCP server takes Bearer tokens only, so the client must not bind its tokens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNotesServer } from '../../examples/auth-server.js';
import { Client, headlessRedirect, MemoryAuthStore, OAuthClientAuth } from '../../src/entries/client.js';
import { startDevAuthorizationServer } from '../../src/entries/dev-auth.js';
import { serveHttp } from '../../src/entries/node.js';
import { jwtVerifier } from '../../src/entries/server.js';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function protectedNotes(subject: string, dpop = false) {
  const as = await startDevAuthorizationServer({
    resources: [],
    scopes: ['mcp', 'notes:read', 'notes:write', 'notes:admin'],
    autoApprove: { subject },
  });
  cleanup.push(() => as.close());
  const server = createNotesServer({
    issuer: as.issuer,
    verifier: jwtVerifier({ issuer: as.issuer, jwksUri: as.jwksUri }),
    dpop,
  });
  const running = await serveHttp(server, { port: 0 });
  cleanup.push(() => running.close());
  as.addResource(running.url);
  return { as, url: running.url };
}

/** Watches the client's requests to the authorization server. */
function recordingFetch(issuer: string): { fetch: typeof fetch; authorizations: URL[] } {
  const authorizations: URL[] = [];
  return {
    authorizations,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin === new URL(issuer).origin && url.searchParams.has('code_challenge'))
        authorizations.push(url);
      return globalThis.fetch(input, init);
    },
  };
}

const PATHS = ['node', 'fetch'] as const;
/** The client's `fetch` option per HTTP path: none (Node's own client) or the global fetch. */
const fetchOn = (path: (typeof PATHS)[number]): typeof fetch | undefined =>
  path === 'fetch' ? (input, init) => globalThis.fetch(input, init) : undefined;

describe.each(
  ['2026-07-28', '2025-11-25'].flatMap((version) => PATHS.map((path) => [version, path] as const)),
)('authorization code end to end (%s, %s path)', (version, path) => {
  it('signs in, calls as the signed-in user, and steps up for a tool that needs more scope', async () => {
    // Notes are kept per subject for the process: a subject per run keeps the runs apart.
    const subject = `ada-${version}-${path}`;
    const { as, url } = await protectedNotes(subject);
    const watch = recordingFetch(as.issuer);
    const store = new MemoryAuthStore();
    const auth = new OAuthClientAuth({
      clientName: 'e2e test',
      store,
      fetch: watch.fetch,
      ...headlessRedirect('http://127.0.0.1:8976/callback', watch.fetch),
    });
    const client = await Client.connect(url, {
      auth,
      protocolVersion: version,
      warn: () => {},
      fetch: fetchOn(path),
    });
    cleanup.push(() => client.close());

    // The challenge asked for `mcp`: the first sign-in requests that (and offline_access, which this
    // authorization server lists, for a refresh token), with PKCE and the resource.
    const scopesOf = (url: URL) => new Set(url.searchParams.get('scope')?.split(' '));
    const first = watch.authorizations[0]!;
    expect(scopesOf(first)).toEqual(new Set(['mcp', 'offline_access']));
    expect(first.searchParams.get('code_challenge_method')).toBe('S256');
    expect(first.searchParams.get('resource')).toBe(url.href);

    // add_note needs notes:write: a 403 insufficient_scope, a second sign-in with the union, a retry.
    const saved = await client.callTool('add_note', { text: 'buy milk' });
    expect(saved.content).toEqual([{ type: 'text', text: `Saved note 1 for ${subject}` }]);
    const second = watch.authorizations.at(-1)!;
    expect(scopesOf(second)).toEqual(new Set(['mcp', 'offline_access', 'notes:write']));

    // The token now carries both scopes; list_notes needs notes:read, a third sign-in adds it.
    const listed = await client.callTool('list_notes');
    expect(listed.content).toEqual([{ type: 'text', text: 'buy milk' }]);
    expect(watch.authorizations.length).toBe(3);
  });
});

describe('DPoP end to end', () => {
  it("binds the tokens to the client key on Node's own HTTP client: the server takes nothing else", async () => {
    const { as, url } = await protectedNotes('dpop-node-user', true);
    const auth = new OAuthClientAuth({
      clientName: 'e2e dpop test',
      ...headlessRedirect('http://127.0.0.1:8976/callback', recordingFetch(as.issuer).fetch),
    });
    const client = await Client.connect(url, { auth, warn: () => {} });
    cleanup.push(() => client.close());
    // The token is bound (both sides take DPoP) and the server refuses a bound token without a fresh
    // proof of its key: the call passing shows every request carried one.
    const saved = await client.callTool('add_note', { text: 'bound' });
    expect(saved.content).toEqual([{ type: 'text', text: 'Saved note 1 for dpop-node-user' }]);
  });

  it('binds the tokens to the client key when the MCP server takes DPoP, and every request proves it', async () => {
    const { as, url } = await protectedNotes('dpop-user', true);
    const watch = recordingFetch(as.issuer);
    const auth = new OAuthClientAuth({
      clientName: 'e2e dpop test',
      fetch: watch.fetch,
      ...headlessRedirect('http://127.0.0.1:8976/callback', watch.fetch),
    });
    const sent: Headers[] = [];
    const client = await Client.connect(url, {
      auth,
      warn: () => {},
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers));
        return globalThis.fetch(input, init);
      },
    });
    cleanup.push(() => client.close());
    const saved = await client.callTool('add_note', { text: 'bound' });
    expect(saved.content).toEqual([{ type: 'text', text: 'Saved note 1 for dpop-user' }]);
    const authorized = sent.filter((headers) => headers.has('authorization'));
    expect(authorized.length).toBeGreaterThan(0);
    for (const headers of authorized) {
      expect(headers.get('authorization')).toMatch(/^DPoP /);
      expect(headers.get('dpop')).toMatch(/^ey/);
    }
  });
});
