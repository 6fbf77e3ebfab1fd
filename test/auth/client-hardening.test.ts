/**
 * Where the OAuth client must not send what it holds: a token only to the
 * server it was issued for, nothing to a server on plain HTTP off loopback;
 * and the loopback callback listener, which any local process can reach,
 * takes only the callback of its own request and survives garbage.
 */
import { connect as connectSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Client, InsecureEndpointError, loopbackBrowserRedirect } from '../../src/entries/client.js';
import { connectWith, headlessAuth, protectedSetup } from './client-helpers.js';

describe('what the OAuth client sends where', () => {
  it("presents a server's token to that server only", async () => {
    const { rs } = await protectedSetup();
    const auth = headlessAuth();
    await connectWith(rs.url, auth);
    const own = await auth.headers({ method: 'POST', url: rs.url });
    expect(own.authorization).toMatch(/^Bearer /);
    const elsewhere = await auth.headers({ method: 'POST', url: new URL('http://127.0.0.1:9/other/mcp') });
    expect(elsewhere).toEqual({});
  });

  it('refuses to authorize for a server reached over plain HTTP off loopback', async () => {
    const challenge = new Response('{}', {
      status: 401,
      headers: {
        'www-authenticate':
          'Bearer resource_metadata="https://mcp.example.test/.well-known/oauth-protected-resource"',
      },
    });
    const fetchStub: typeof fetch = async () => challenge.clone();
    const connecting = Client.connect('http://mcp.example.test/mcp', {
      auth: headlessAuth({ fetch: fetchStub }),
      fetch: fetchStub,
      warn: () => {},
    });
    await expect(connecting).rejects.toBeInstanceOf(InsecureEndpointError);
  });
});

describe('an authorization server that never answers', () => {
  it('fails the sign-in after timeoutMs instead of hanging the client', async () => {
    const { rs } = await protectedSetup();
    // The token endpoint accepts the request and then says nothing, until the request is aborted.
    const silentToken: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname !== '/token') return fetch(input, init);
      return new Promise((_resolve, reject) => {
        const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    };
    const auth = headlessAuth({ fetch: silentToken, timeoutMs: 300 });
    await expect(connectWith(rs.url, auth)).rejects.toThrow(/timeout|timed out|aborted/i);
  });

  it('refuses, when built, a timeoutMs that is not a whole number of milliseconds a timer can hold', () => {
    for (const timeoutMs of [0, 1.5, -1, 2 ** 31, Number.NaN]) {
      expect(() => headlessAuth({ timeoutMs })).toThrow(/timeoutMs/);
    }
  });
});

/** Sends raw bytes to a port and resolves with the status line of the answer. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectSocket(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.split('\r\n')[0]!);
      }
    });
    socket.on('error', reject);
  });
}

describe('the loopback callback listener', () => {
  it('answers garbage and foreign callbacks without ending the sign-in, then takes its own', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const { redirect, redirectUri } = loopbackBrowserRedirect({ port, openBrowser: false, print: () => {} });
    const authorizationUrl = new URL('https://as.example.test/authorize?state=s-123');
    const callback = redirect(authorizationUrl);
    // Wait until the listener is bound (it answers 404 to anything but its callback).
    for (let tries = 0; ; tries++) {
      const probe = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      if (probe) {
        expect(probe.status).toBe(404);
        break;
      }
      if (tries > 100) throw new Error('the loopback listener never started');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await rawRequest(port, 'GET http://a:99999/ HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/ 400 /);
    const foreign = await fetch(`${redirectUri}?error=access_denied&state=not-ours`);
    expect(foreign.status).toBe(404);
    const own = await fetch(`${redirectUri}?code=c-1&state=s-123`);
    expect(own.status).toBe(200);
    const url = new URL(String(await callback));
    expect(url.searchParams.get('code')).toBe('c-1');
  });
});
