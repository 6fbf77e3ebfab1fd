import { describe, expect, it } from 'vitest';
import {
  checkHostAndOrigin,
  forwardedRequest,
  hostnameOf,
  isLoopbackAddress,
  isLoopbackOrigin,
} from './security.js';

describe('Host and Origin checks', () => {
  it('parses host names with ports and IPv6 brackets', () => {
    expect(hostnameOf('Example.COM:8080')).toBe('example.com');
    expect(hostnameOf('[::1]:3000')).toBe('[::1]');
    expect(hostnameOf('localhost')).toBe('localhost');
  });

  it('loopback protection accepts only local hosts and origins', () => {
    expect(checkHostAndOrigin('loopback', '127.0.0.1:3000', null)).toBeUndefined();
    expect(checkHostAndOrigin('loopback', 'localhost:3000', 'http://127.0.0.1:5173')).toBeUndefined();
    expect(checkHostAndOrigin('loopback', 'attacker.example', null)).toMatch(/attacker\.example/);
    expect(checkHostAndOrigin('loopback', null, null)).toMatch(/not allowed/);
    expect(checkHostAndOrigin('loopback', 'localhost', 'https://attacker.example')).toMatch(/Origin/);
    expect(checkHostAndOrigin('loopback', 'localhost', 'null')).toMatch(/Origin/);
  });

  it('explicit lists match case-insensitively, hosts with or without port', () => {
    const protection = { allowedHosts: ['API.example.com'], allowedOrigins: ['https://App.example.com'] };
    expect(checkHostAndOrigin(protection, 'api.example.com:443', 'https://app.example.com')).toBeUndefined();
    expect(checkHostAndOrigin(protection, 'other.example.com', null)).toMatch(/allowedHosts/);
    expect(checkHostAndOrigin(protection, 'api.example.com', 'https://evil.example')).toMatch(
      /allowedOrigins/,
    );
  });

  it('false turns the checks off', () => {
    expect(checkHostAndOrigin(false, 'anything', 'https://anywhere')).toBeUndefined();
  });

  it('classifies loopback origins and bind addresses', () => {
    expect(isLoopbackOrigin('http://[::1]:8080')).toBe(true);
    expect(isLoopbackOrigin('file://')).toBe(false);
    expect(isLoopbackAddress('127.0.0.2')).toBe(true);
    expect(isLoopbackAddress('0.0.0.0')).toBe(false);
  });

  it('every refusal names the option that changes it, with an example for the refused value', () => {
    const host = checkHostAndOrigin('loopback', 'weather.example.workers.dev', null);
    expect(host).toContain('hostProtection');
    expect(host).toContain('{ allowedHosts: ["weather.example.workers.dev"] }');
    const origin = checkHostAndOrigin('loopback', 'localhost:3000', 'https://app.example');
    expect(origin).toContain('hostProtection');
    expect(origin).toContain('allowedOrigins: ["https://app.example"]');
    const lists = { allowedHosts: ['a.example'], allowedOrigins: ['https://a.example'] };
    expect(checkHostAndOrigin(lists, 'b.example', null)).toMatch(
      /not in allowedHosts \("a.example"\) of the hostProtection option/,
    );
    expect(checkHostAndOrigin(lists, 'a.example', 'https://b.example')).toMatch(
      /not in allowedOrigins of the hostProtection option/,
    );
    expect(checkHostAndOrigin('loopback-origins', 'x.example', 'https://evil.example')).toContain(
      'hostProtection',
    );
  });

  it("'loopback-origins' answers any Host and refuses only non-loopback web pages", () => {
    expect(checkHostAndOrigin('loopback-origins', 'weather.example.workers.dev', null)).toBeUndefined();
    expect(checkHostAndOrigin('loopback-origins', null, null)).toBeUndefined();
    expect(checkHostAndOrigin('loopback-origins', 'localhost:8787', 'http://localhost:6274')).toBeUndefined();
    // A DNS-rebinding page: its Host is its own name, and so is its Origin.
    expect(checkHostAndOrigin('loopback-origins', 'evil.example:8787', 'http://evil.example:8787')).toMatch(
      /Origin "http:\/\/evil\.example:8787" is not allowed/,
    );
    expect(checkHostAndOrigin('loopback-origins', 'localhost', 'null')).toMatch(/Origin/);
  });

  it('X-Forwarded-Host and -Proto count only from trusted proxies', () => {
    const headers = (values: Record<string, string>) => (name: string) => values[name] ?? null;
    const spoofed = headers({
      'x-forwarded-host': 'evil.example, mcp.example.com',
      'x-forwarded-proto': 'HTTPS',
    });
    expect(forwardedRequest(undefined, spoofed, '127.0.0.1')).toEqual({ host: null, proto: null });
    expect(forwardedRequest(false, spoofed, '127.0.0.1')).toEqual({ host: null, proto: null });
    expect(forwardedRequest(0, spoofed, '127.0.0.1')).toEqual({ host: null, proto: null });
    // One hop: the value the proxy appended, not what the client sent before it.
    expect(forwardedRequest(1, spoofed, undefined)).toEqual({ host: 'mcp.example.com', proto: 'https' });
    expect(forwardedRequest(2, spoofed, undefined).host).toBe('evil.example');
    expect(forwardedRequest(5, headers({ 'x-forwarded-host': 'only.example' }), undefined).host).toBe(
      'only.example',
    );
    // By address: only when the TCP peer is a listed proxy (IPv4-mapped peers included).
    expect(forwardedRequest(['127.0.0.1'], spoofed, '::ffff:127.0.0.1').host).toBe('mcp.example.com');
    expect(forwardedRequest(['127.0.0.1'], spoofed, '10.0.0.9')).toEqual({ host: null, proto: null });
    expect(forwardedRequest(['127.0.0.1'], spoofed, undefined)).toEqual({ host: null, proto: null });
  });
});
