import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { BlockList, isIP, isIPv4 } from 'node:net';

/**
 * Address ranges `networking.denyPrivateNetworks` refuses: loopback, RFC 1918 private, carrier-grade
 * NAT (Alibaba's metadata service lives there), link-local (AWS/GCP/Azure metadata at
 * 169.254.169.254), unique-local IPv6 (AWS's fd00:ec2::254), "this network", multicast and
 * reserved ranges. IPv6 forms that embed an IPv4 address are checked by that address.
 */
const DENIED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) DENIED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) DENIED.addSubnet(net, prefix, 'ipv6');

/**
 * True when `address` (an IPv4 or IPv6 literal, brackets allowed) is loopback, private,
 * link-local, cloud metadata or otherwise not a public internet address.
 * A string that is not an IP address is not private (resolve it first).
 */
export function isPrivateAddress(address: string): boolean {
  const ip = address.startsWith('[') ? address.slice(1, -1) : address;
  const family = isIP(ip);
  if (family === 4) return DENIED.check(ip, 'ipv4');
  if (family !== 6) return false;
  const embedded = embeddedIPv4(ip);
  if (embedded !== undefined) return DENIED.check(embedded, 'ipv4');
  return DENIED.check(ip.replace(/%.*$/, ''), 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
function embeddedIPv4(ip: string): string | undefined {
  const groups = expandIPv6(ip);
  if (!groups) return undefined;
  const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number): boolean => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6], groups[7]); // ::ffff:a.b.c.d
  if (zeros(0, 6) && (groups[6] !== 0 || groups[7] > 1)) return v4(groups[6], groups[7]); // ::a.b.c.d (deprecated)
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6], groups[7]); // 64:ff9b::/96
  if (groups[0] === 0x2002) return v4(groups[1], groups[2]); // 6to4
  return undefined;
}

/** An IPv6 literal as its eight 16-bit groups, or undefined when it is not one. */
function expandIPv6(ip: string): number[] | undefined {
  let text = ip.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    if (!isIPv4(dotted[1])) return undefined;
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 0) return undefined;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff) ? undefined : groups;
}

/** Marks the error a guarded lookup fails with, so the client can report it as a refusal. */
export const PRIVATE_ADDRESS_CODE = 'RELAYFLOW_PRIVATE_ADDRESS';

/** The error a guarded lookup fails with: `hostname` resolved to a denied address. */
export class PrivateAddressError extends Error {
  readonly code = PRIVATE_ADDRESS_CODE;
  constructor(readonly hostname: string, readonly address: string) {
    super(`"${hostname}" resolves to ${address}, a private, loopback, link-local or metadata address`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** How names are resolved: `dns.lookup` by default (hosts may plug in a caching resolver). */
export type DnsLookup = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** `dns.lookup`, resolving every address. */
export const systemLookup: DnsLookup = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for agents: resolves every address of a name and fails with
 * {@link PrivateAddressError} when any of them is private, so a connection (first hop or
 * redirect) never opens to one. Node does not call `lookup` for IP literals: check those
 * with {@link isPrivateAddress} before sending.
 */
export function guardedLookup(resolve: DnsLookup = systemLookup) {
  return (hostname: string, options: LookupOptions | LookupAllOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const denied = addresses.find((a) => isPrivateAddress(a.address));
      if (denied) return callback(new PrivateAddressError(hostname, denied.address), []);
      if ((options as LookupAllOptions).all) return callback(null, addresses);
      if (addresses.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * Resolves `hostname` and checks every address (used when a proxy will connect for us).
 * @returns the denied address, or undefined when every address is public
 * @throws the DNS error when the name does not resolve
 */
export async function firstPrivateAddress(hostname: string, resolve: DnsLookup = systemLookup): Promise<string | undefined> {
  if (isIP(hostname)) return isPrivateAddress(hostname) ? hostname : undefined;
  const addresses = await new Promise<LookupAddress[]>((done, fail) => {
    resolve(hostname, { all: true }, (err, list) => (err ? fail(err) : done(list)));
  });
  return addresses.find((a) => isPrivateAddress(a.address))?.address;
}
