import { describe, expect, it } from 'vitest';
import type { HttpRequestInfo } from '../../transport/http/endpoint.js';
import type { AuthPrincipal } from './principal.js';
import { principalOf, withPrincipal } from './request-principal.js';

describe('withPrincipal', () => {
  it('attaches the principal without asking the adapter for the signal, and hands the same signal on', () => {
    let signalsMade = 0;
    const controller = new AbortController();
    const info: HttpRequestInfo = {
      method: 'POST',
      url: 'http://localhost/mcp',
      header: () => null,
      get signal() {
        signalsMade++;
        return controller.signal;
      },
      extra: { nodeRequest: 'raw' },
    };
    const principal: AuthPrincipal = {
      subject: 'alice',
      clientId: 'app',
      scopes: ['tools'],
      audience: ['http://localhost/mcp'],
      expiresAt: 2_000_000_000,
      claims: {},
    };
    const authenticated = withPrincipal(info, principal);
    expect(signalsMade).toBe(0);
    expect(principalOf(authenticated)?.subject).toBe('alice');
    expect(authenticated.extra.nodeRequest).toBe('raw');
    expect(authenticated.signal).toBe(controller.signal);
    expect(signalsMade).toBe(1);
  });
});
