/** IPv4/IPv6 prefix arithmetic for cidrsubnet, cidrsubnets, cidrhost and cidrnetmask (go-cidr semantics). */
import { fail } from './errors.js';

interface Prefix {
  bits: 32 | 128;
  /** Network address (host bits cleared). */
  network: bigint;
  length: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hex groups.
  const lastColon = s.lastIndexOf(':');
  const tailText = s.slice(lastColon + 1);
  if (tailText.includes('.')) {
    const v4 = parseIPv4(tailText);
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${((v4 >> 16n) & 0xffffn).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !rest) return undefined;
  const total = head.length + rest.length;
  let groups: number[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - total).fill(0), ...rest];
  } else {
    if (total !== 8) return undefined;
    groups = head;
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

function parseIP(s: string): { bits: 32 | 128; value: bigint } | undefined {
  if (s.includes(':')) {
    const v = parseIPv6(s);
    return v === undefined ? undefined : { bits: 128, value: v };
  }
  const v = parseIPv4(s);
  return v === undefined ? undefined : { bits: 32, value: v };
}

function hostMask(bits: number, length: number): bigint {
  return (1n << BigInt(bits - length)) - 1n;
}

function netMask(bits: number, length: number): bigint {
  return ((1n << BigInt(bits)) - 1n) ^ hostMask(bits, length);
}

export function parsePrefix(s: string): Prefix {
  const slash = s.indexOf('/');
  const ip = slash < 0 ? undefined : parseIP(s.slice(0, slash));
  const lenText = slash < 0 ? '' : s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText) || Number(lenText) > ip.bits) fail(`invalid CIDR address ${JSON.stringify(s)}`);
  const length = Number(lenText);
  return { bits: ip.bits, network: ip.value & netMask(ip.bits, length), length };
}

export function formatIP(bits: number, v: bigint): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((sh) => String((v >> sh) & 255n)).join('.');
  // Like Go, an IPv4-mapped IPv6 address prints as dotted IPv4.
  if (v >> 32n === 0xffffn) return formatIP(32, v & 0xffffffffn);
  const groups: number[] = [];
  for (let sh = 112n; sh >= 0n; sh -= 16n) groups.push(Number((v >> sh) & 0xffffn));
  // Longest run of two or more zero groups becomes "::" (the first such run on ties).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
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
