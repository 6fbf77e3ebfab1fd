/**
 * What kind of network an IP address belongs to (loopback, private, link-local, ...), for the
 * client's SSRF guard. Pure parsing and arithmetic on the standard library, so it runs wherever
 * the client does (Node, browsers, workers). IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6
 * forms are judged by the IPv4 address they carry: `::ffff:127.0.0.1` is loopback like
 * `127.0.0.1`.
 */

/**
 * The kinds of address a server-chosen URL is kept away from, and `public` for the rest.
 *
 * @example
 * const kind: AddressKind = classifyAddress('169.254.169.254') ?? 'public'; // 'link-local'
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/**
 * An IP address as a number: 32 bits for IPv4, 128 for IPv6.
 *
 * @example
 * const address: IpAddress = { family: 4, value: 0x7f000001n }; // 127.0.0.1
 */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

/**
 * Reads a dotted-quad IPv4 address (`192.168.0.1`), the form the WHATWG URL parser and DNS give.
 * `undefined` for anything else; URL parsing already turned `2130706433` or `0x7f.1` into dots.
 *
 * @example
 * parseIpv4('10.0.0.1'); // 167772161n
 * parseIpv4('10.0.0'); // undefined
 */
export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Decimal only, no leading zeros: an octal-looking `010` is not what a resolver means by 10.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/**
 * Reads an IPv6 address in any textual form (`::1`, `fe80::1%eth0`, `[::ffff:127.0.0.1]`,
 * `::ffff:7f00:1`). Brackets and a zone are ignored. `undefined` when it is not one.
 *
 * @example
 * parseIpv6('[::1]'); // 1n
 */
export function parseIpv6(text: string): bigint | undefined {
  let rest = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = rest.indexOf('%');
  if (zone !== -1) rest = rest.slice(0, zone);
  if (!rest.includes(':')) return undefined;
  // An IPv4 tail (`::ffff:1.2.3.4`) stands for the last two groups.
  let tail: bigint | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (rest.slice(lastColon + 1).includes('.')) {
    tail = parseIpv4(rest.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    rest = `${rest.slice(0, lastColon + 1)}0:0`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groupsOf(halves[0]);
  const end = groupsOf(halves[1]);
  const missing = 8 - head.length - end.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...end];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return tail === undefined ? value : value | tail;
}

/**
 * Reads an IPv4 or IPv6 address; `undefined` for a host name.
 *
 * @example
 * parseIp('127.0.0.1'); // { family: 4, value: 2130706433n }
 * parseIp('mcp.example.com'); // undefined
 */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/**
 * An address range: a network and the number of leading bits that name it.
 *
 * @example
 * const range: IpRange = parseCidr('10.0.0.0/8')!;
 */
export interface IpRange {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

/**
 * Reads `10.0.0.0/8`, `fd00::/8`, or a single address (a range of one). `undefined` when it is
 * neither, or the prefix is too long for the family.
 *
 * @example
 * parseCidr('192.168.1.0/24'); // { family: 4, network: 3232235776n, prefix: 24 }
 */
export function parseCidr(text: string): IpRange | undefined {
  const slash = text.lastIndexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const bits = address.family === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  return { family: address.family, network: address.value, prefix };
}

/**
 * True when `address` lies in `range` (same family, same leading `prefix` bits).
 *
 * @example
 * inRange(parseIp('10.1.2.3')!, parseCidr('10.0.0.0/8')!); // true
 */
export function inRange(address: IpAddress, range: IpRange): boolean {
  if (address.family !== range.family) return false;
  const shift = BigInt((range.family === 4 ? 32 : 128) - range.prefix);
  return address.value >> shift === range.network >> shift;
}

/** Builds a table of ranges from their text; the texts are ours and well formed. */
function table(entries: ReadonlyArray<readonly [string, AddressKind | 'embedded-v4']>) {
  return entries.map(([cidr, kind]) => ({ range: parseCidr(cidr) as IpRange, kind }));
}

// Most specific first: the first range that holds an address decides its kind.
const IPV4_RANGES = table([
  ['0.0.0.0/8', 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on most systems
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // cloud metadata services live here (169.254.169.254)
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'reserved'], // documentation
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'], // benchmarking
  ['198.51.100.0/24', 'reserved'], // documentation
  ['203.0.113.0/24', 'reserved'], // documentation
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

const IPV6_RANGES = table([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::ffff:0:0/96', 'embedded-v4'], // IPv4-mapped: the socket talks IPv4 to the embedded address
  ['::/96', 'embedded-v4'], // IPv4-compatible (deprecated, still parsed by some stacks)
  ['64:ff9b::/96', 'embedded-v4'], // NAT64 well-known prefix: translated to the embedded address
  ['64:ff9b:1::/48', 'private'], // local-use NAT64
  ['100::/64', 'reserved'], // discard-only
  ['2001:db8::/32', 'reserved'], // documentation
  ['2002::/16', 'embedded-v4'], // 6to4: the IPv4 address is in bits 16 to 47
  ['fc00::/7', 'private'], // unique local
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // site-local (deprecated)
  ['ff00::/8', 'multicast'],
]);

/** The IPv4 address an IPv6 one of an embedding range carries. */
function embeddedIpv4(value: bigint): bigint {
  const is6to4 = value >> 112n === 0x2002n;
  return is6to4 ? (value >> 80n) & 0xffffffffn : value & 0xffffffffn;
}

/**
 * The kind of network an address belongs to: `loopback`, `private`, `link-local`, `shared`
 * (carrier-grade NAT), `unspecified`, `multicast`, `broadcast`, `reserved`, or `public`.
 * Accepts the text of an IPv4 or IPv6 address, brackets allowed; `undefined` for anything else.
 *
 * @example
 * classifyAddress('::ffff:169.254.169.254'); // 'link-local'
 * classifyAddress('[fd12::1]'); // 'private'
 * classifyAddress('93.184.215.14'); // 'public'
 */
export function classifyAddress(text: string): AddressKind | undefined {
  const address = parseIp(text);
  return address && classifyIp(address);
}

/**
 * {@link classifyAddress} for an address already parsed.
 *
 * @example
 * classifyIp({ family: 4, value: 0x7f000001n }); // 'loopback'
 */
export function classifyIp(address: IpAddress): AddressKind {
  const ranges = address.family === 4 ? IPV4_RANGES : IPV6_RANGES;
  const found = ranges.find(({ range }) => inRange(address, range));
  if (!found) return 'public';
  if (found.kind !== 'embedded-v4') return found.kind;
  return classifyIp({ family: 4, value: embeddedIpv4(address.value) });
}
