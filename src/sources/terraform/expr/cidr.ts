/** IPv4/IPv6 prefix arithmetic for cidrsubnet, cidrsubnets, cidrhost and cidrnetmask (go-cidr semantics). */
import { formatAddress, hostMask, netMask, parseCidr, type Prefix } from '../../common/cidr.js';
import { fail } from './errors.js';

export function parsePrefix(s: string): Prefix {
  const p = parseCidr(s);
  if (!p) fail(`invalid CIDR address ${JSON.stringify(s)}`);
  return p;
}

export function formatIP(bits: number, v: bigint): string {
  // Like Go, an IPv4-mapped IPv6 address prints as dotted IPv4.
  if (bits !== 32 && v >> 32n === 0xffffn) return formatAddress(32, v & 0xffffffffn);
  return formatAddress(bits, v);
}

function addressName(bits: number): string {
  return bits === 32 ? 'IPv4' : 'IPv6';
}

export function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const p = parsePrefix(prefix);
  if (newbits < 0) fail('newbits must not be negative');
  const length = p.length + newbits;
  if (length > p.bits) fail(`insufficient address space to extend prefix of ${p.length} by ${newbits}`);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) fail(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
  const v = p.network | (BigInt(netnum) << BigInt(p.bits - length));
  return `${formatIP(p.bits, v)}/${length}`;
}

export function cidrHost(prefix: string, hostnum: number): string {
  const p = parsePrefix(prefix);
  const size = 1n << BigInt(p.bits - p.length);
  let n = BigInt(hostnum);
  if (n < 0n) n += size;
  if (n < 0n || n >= size) fail(`prefix of ${p.length} does not accommodate a host numbered ${hostnum}`);
  return formatIP(p.bits, p.network | n);
}

export function cidrNetmask(prefix: string): string {
  const p = parsePrefix(prefix);
  if (p.bits !== 32) fail('cidrnetmask only supports IPv4 prefixes');
  return formatIP(32, netMask(32, p.length));
}

/** Consecutive subnets of the given extra prefix lengths, each aligned to its own size (Terraform's cidrsubnets). */
export function cidrSubnets(prefix: string, newbits: number[]): string[] {
  const p = parsePrefix(prefix);
  if (newbits.length === 0) return [];
  const all = (1n << BigInt(p.bits)) - 1n;
  const baseMask = netMask(p.bits, p.length);
  const firstLength = p.length + newbits[0];
  if (firstLength > p.bits) fail(`would extend prefix to ${firstLength} bits, which is too long for an ${addressName(p.bits)} address`);
  let current = (p.network - 1n) & all & netMask(p.bits, firstLength);
  let currentLength = firstLength;
  const out: string[] = [];
  for (const nb of newbits) {
    if (nb < 1) fail('must extend prefix by at least one bit');
    const length = p.length + nb;
    if (length > p.bits) fail(`would extend prefix to ${length} bits, which is too long for an ${addressName(p.bits)} address`);
    const currentLast = current | hostMask(p.bits, currentLength);
    const subnet = currentLast & netMask(p.bits, length);
    const last = ((subnet | hostMask(p.bits, length)) + 1n) & all;
    const next = last & netMask(p.bits, length);
    if (last === 0n || (next & baseMask) !== p.network) {
      fail(`not enough remaining address space for a subnet with a prefix of ${length} bits after ${formatIP(p.bits, current)}/${currentLength}`);
    }
    out.push(`${formatIP(p.bits, next)}/${length}`);
    current = next;
    currentLength = length;
  }
  return out;
}
