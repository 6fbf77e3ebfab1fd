import { describe, expect, it } from 'vitest';
import { classifyAddress, inRange, parseCidr, parseIp } from './ip-ranges.js';

/** The host the WHATWG URL parser makes of `host`: how a URL from a server is read before it is judged. */
const canonical = (host: string) => new URL(`http://${host}/`).hostname;

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['169.253.255.255', 'public'],
  ])('IPv4 %s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700::1111', 'public'],
    ['fec0::1', 'private'],
  ])('IPv6 %s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:0808:0808::1', 'public'],
  ])('IPv6 %s carrying an IPv4 address is judged by it: %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    ['2130706433', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['0xa9fea9fe', 'link-local'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[0:0:0:0:0:ffff:a9fe:a9fe]', 'link-local'],
    ['0', 'unspecified'],
  ])(
    'the literal trick http://%s/ reads as a %s address once URL parsing has canonicalized it',
    (host, kind) => {
      expect(classifyAddress(canonical(host))).toBe(kind);
    },
  );

  it('is undefined for host names and malformed addresses', () => {
    for (const text of [
      'mcp.example.com',
      'localhost',
      '1.2.3',
      '1.2.3.256',
      '010.0.0.1',
      ':::',
      '1::2::3',
      'g::1',
    ]) {
      expect(classifyAddress(text)).toBeUndefined();
    }
  });
});

describe('parseCidr and inRange', () => {
  it('matches addresses inside a range and nothing outside it or of the other family', () => {
    const range = parseCidr('10.20.0.0/16')!;
    expect(inRange(parseIp('10.20.255.1')!, range)).toBe(true);
    expect(inRange(parseIp('10.21.0.1')!, range)).toBe(false);
    expect(inRange(parseIp('::ffff:10.20.0.1')!, range)).toBe(false);
    const v6 = parseCidr('fd00::/8')!;
    expect(inRange(parseIp('fd12::1')!, v6)).toBe(true);
    expect(inRange(parseIp('fe80::1')!, v6)).toBe(false);
  });

  it('takes a single address as a range of one and refuses prefixes past the family', () => {
    expect(parseCidr('192.168.1.20')).toEqual({
      family: 4,
      network: parseIp('192.168.1.20')!.value,
      prefix: 32,
    });
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('::/129')).toBeUndefined();
    expect(parseCidr('example.com/8')).toBeUndefined();
  });
});
