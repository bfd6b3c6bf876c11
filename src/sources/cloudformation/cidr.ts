/**
 * `Fn::Cidr [ipBlock, count, cidrBits]`: `count` consecutive subnets of
 * `cidrBits` host bits (prefix = 32 − cidrBits for IPv4, 128 − cidrBits for
 * IPv6), starting at the block's network address.
 */

export function cidrSubnets(ipBlock: string, count: number, cidrBits: number): string[] | { error: string } {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(ipBlock.trim());
  if (!m) return { error: `Fn::Cidr: "${ipBlock}" is not a CIDR block` };
  const v6 = m[1].includes(':');
  const width = v6 ? 128 : 32;
  const prefix = Number(m[2]);
  const addr = v6 ? parseV6(m[1]) : parseV4(m[1]);
  if (addr === undefined || prefix > width) return { error: `Fn::Cidr: "${ipBlock}" is not a CIDR block` };
  if (!Number.isInteger(count) || count < 1 || count > 256) return { error: `Fn::Cidr: count must be 1–256, got ${count}` };
  const newPrefix = width - cidrBits;
  if (!Number.isInteger(cidrBits) || cidrBits < 0 || newPrefix < prefix) {
    return { error: `Fn::Cidr: ${cidrBits} subnet bits do not fit in /${prefix}` };
  }
  if (BigInt(count) > 1n << BigInt(newPrefix - prefix)) {
    return { error: `Fn::Cidr: /${prefix} holds only ${1n << BigInt(newPrefix - prefix)} subnets of /${newPrefix}, ${count} requested` };
  }
  const total = BigInt(width);
  const mask = ((1n << total) - 1n) ^ ((1n << (total - BigInt(prefix))) - 1n);
  const base = addr & mask;
  const step = 1n << BigInt(cidrBits);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const a = base + step * BigInt(k);
    out.push(`${v6 ? formatV6(a) : formatV4(a)}/${newPrefix}`);
  }
  return out;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function formatV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return undefined;
  const all = [...head, ...Array<string>(fill).fill('0'), ...tail];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** RFC 5952 form: lower case, longest run of zero groups (≥ 2) as `::`. */
function formatV6(n: bigint): string {
  const groups: number[] = [];
  for (let k = 7; k >= 0; k--) groups.push(Number((n >> BigInt(k * 16)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
