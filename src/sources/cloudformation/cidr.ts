/**
 * `Fn::Cidr [ipBlock, count, cidrBits]`: `count` consecutive subnets of
 * `cidrBits` host bits (prefix = 32 − cidrBits for IPv4, 128 − cidrBits for
 * IPv6), starting at the block's network address. The address arithmetic is
 * shared with Terraform's CIDR functions (../common/cidr.ts).
 */
import { formatAddress, parseCidr } from '../common/cidr.js';

export function cidrSubnets(ipBlock: string, count: number, cidrBits: number): string[] | { error: string } {
  const block = parseCidr(ipBlock.trim());
  if (!block) return { error: `Fn::Cidr: "${ipBlock}" is not a CIDR block` };
  const { bits: width, length: prefix } = block;
  if (!Number.isInteger(count) || count < 1 || count > 256) return { error: `Fn::Cidr: count must be 1–256, got ${count}` };
  const newPrefix = width - cidrBits;
  if (!Number.isInteger(cidrBits) || cidrBits < 0 || newPrefix < prefix) {
    return { error: `Fn::Cidr: ${cidrBits} subnet bits do not fit in /${prefix}` };
  }
  if (BigInt(count) > 1n << BigInt(newPrefix - prefix)) {
    return { error: `Fn::Cidr: /${prefix} holds only ${1n << BigInt(newPrefix - prefix)} subnets of /${newPrefix}, ${count} requested` };
  }
  const step = 1n << BigInt(cidrBits);
  const out: string[] = [];
  for (let k = 0; k < count; k++) out.push(`${formatAddress(width, block.network + step * BigInt(k))}/${newPrefix}`);
  return out;
}
