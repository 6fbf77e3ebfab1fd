/**
 * examples/oauth-client.ts against a protected server: it signs in (here with
 * the headless redirect instead of a browser) and lists the tools.
 */
import { describe, expect, it } from 'vitest';
import { listToolsSignedIn } from '../../examples/oauth-client.js';
import { headlessRedirect, MemoryAuthStore } from '../../src/entries/client.js';
import { protectedSetup, REDIRECT_URI } from './client-helpers.js';

describe('examples/oauth-client.ts', () => {
  it('signs in and lists the tools of a protected server', async () => {
    const { as, rs } = await protectedSetup();
    const names = await listToolsSignedIn(rs.url.href, {
      ...headlessRedirect(REDIRECT_URI),
      store: new MemoryAuthStore(),
    });
    expect(names).toEqual(['whoami', 'write']);
    expect(as.authorizations).toHaveLength(1);
  });
});
