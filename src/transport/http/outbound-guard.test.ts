import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SsrfBlockedError } from './errors.js';
import { OutboundGuard } from './outbound-guard.js';

const named = new URL('https://mcp.example.com/mcp');

/** The refusal `check` throws for `url`. */
async function refusal(guard: OutboundGuard, url: string): Promise<SsrfBlockedError> {
  const error = await guard.check(new URL(url)).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SsrfBlockedError);
  return error as SsrfBlockedError;
}

describe('OutboundGuard', () => {
  it("resolves names with the system resolver when none is given (this machine's name leads inward)", async () => {
    // The host's own name resolves to a loopback or private address (never a public one) on any machine
    // that resolves it at all.
    const error = await refusal(new OutboundGuard({ named }), `http://${hostname()}/`);
    expect(error.reason).toMatch(new RegExp(`${hostname().toLowerCase()} resolves to `));
    expect(error.address).toBeDefined();
  });

  it('refuses localhost names without asking DNS, unless loopback is allowed', async () => {
    const resolve = async () => {
      throw new Error('DNS must not be asked');
    };
    const guard = new OutboundGuard({ named, protection: { resolve } });
    for (const url of ['http://localhost/', 'http://LOCALHOST./', 'http://api.localhost:8080/']) {
      expect((await refusal(guard, url)).reason).toMatch(/loopback/);
    }
    const loopback = new OutboundGuard({ named, protection: { resolve, allowLoopback: true } });
    await loopback.check(new URL('http://api.localhost:8080/'));
    await loopback.check(new URL('http://[::1]/'));
    expect((await refusal(loopback, 'http://10.0.0.1/')).reason).toMatch(/private/);
  });

  it('allows the named host on any port, and everything when turned off', async () => {
    const guard = new OutboundGuard({ named: new URL('http://10.0.0.5:3000/mcp') });
    await guard.check(new URL('http://10.0.0.5:9000/token'));
    expect((await refusal(guard, 'http://10.0.0.6:3000/')).address).toBe('10.0.0.6');
    const off = new OutboundGuard({ named, protection: false });
    expect(off.enabled).toBe(false);
    await off.check(new URL('http://169.254.169.254/'));
  });

  it('refuses anything but http(s), even when turned off', async () => {
    const off = new OutboundGuard({ named, protection: false });
    expect((await refusal(off, 'file:///etc/passwd')).reason).toMatch(/not an http\(s\) URL/);
  });

  it('says at construction which allow entry or maxRedirects is wrong', () => {
    for (const allow of ['10.0.0.0/33', 'auth.example.com:443', 'https://auth.example.com', 'bad host']) {
      expect(() => new OutboundGuard({ named, protection: { allow: [allow] } })).toThrow(
        new RegExp(`allow entry ${JSON.stringify(allow).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`),
      );
    }
    expect(() => new OutboundGuard({ named, protection: { maxRedirects: -1 } })).toThrow(/maxRedirects/);
  });
});
