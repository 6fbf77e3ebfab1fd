import { describe, expect, it } from 'vitest';
import { checkHostAndOrigin, hostnameOf, isLoopbackAddress, isLoopbackOrigin } from './security.js';

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
});
