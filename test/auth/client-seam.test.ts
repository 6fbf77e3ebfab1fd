/**
 * The authorization seam of the HTTP client: every request carries the
 * authorizer's headers, a 401 goes to it first and the request is sent again
 * when it says so, and its typed errors reach the caller; on both of the client's
 * HTTP paths (Node's own client, and the global fetch given as `fetch`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/entries/client.js';
import type { AuthorizedRequest, HttpAuthorizer } from '../../src/entries/http.js';
import { McpkitLocalError } from '../../src/protocol/errors.js';
import { type ProtectedServer, startProtectedServer } from '../fixtures/auth-protected-server.js';

let server: ProtectedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

class RefusedError extends McpkitLocalError {
  override name = 'RefusedError';
}

/** Starts with a bad token, swaps in the good one on the first 401. */
function swappingAuthorizer(seen: AuthorizedRequest[], refuse = false): HttpAuthorizer {
  let token = 'stale';
  return {
    headers: (request) => {
      seen.push(request);
      return { authorization: `Bearer ${token}` };
    },
    onUnauthorized: async (response) => {
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      if (refuse) throw new RefusedError('no credentials for this server');
      token = 'good';
      return true;
    },
  };
}

const globalFetch: typeof fetch = (input, init) => fetch(input, init);

describe.each(['node', 'fetch'])('Client.connect({ auth }) on the %s path', (path) => {
  const fetchOption = path === 'fetch' ? { fetch: globalFetch } : {};
  it.each(['2026-07-28', '2025-11-25'])(
    'sends the authorizer headers on every request and retries after a 401 (%s)',
    async (protocolVersion) => {
      server = await startProtectedServer({
        authorizationServers: [],
        verify: (token) => (token === 'good' ? { scopes: [] } : undefined),
      });
      const seen: AuthorizedRequest[] = [];
      const client = await Client.connect(server.url, {
        auth: swappingAuthorizer(seen),
        protocolVersion,
        ...fetchOption,
        warn: () => {},
      });
      const tools = await client.listAllTools();
      expect(tools.map((tool) => tool.name)).toContain('whoami');
      await client.close();
      const mcpRequests = server.requests.filter((request) => request.path === '/mcp');
      // One refused request with the stale token, then only the good token.
      expect(mcpRequests[0]?.authorization).toBe('Bearer stale');
      expect(mcpRequests.slice(1).every((request) => request.authorization === 'Bearer good')).toBe(true);
      expect(seen.every((request) => request.url.href === server?.url.href)).toBe(true);
      if (protocolVersion === '2025-11-25') {
        // The standalone GET stream and the closing DELETE went through the authorizer too.
        expect(seen.map((request) => request.method)).toEqual(expect.arrayContaining(['GET', 'DELETE']));
      }
    },
  );

  it("surfaces the authorizer's typed error to the caller", async () => {
    server = await startProtectedServer({ authorizationServers: [], verify: () => undefined });
    await expect(
      Client.connect(server.url, { auth: swappingAuthorizer([], true), warn: () => {}, ...fetchOption }),
    ).rejects.toBeInstanceOf(RefusedError);
  });
});
