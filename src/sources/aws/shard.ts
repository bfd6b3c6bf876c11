/**
 * `--shard K/N`: a stable partition of the organisation's accounts, so that
 * N machines (a CI matrix, AWS Batch array jobs, a Step Functions Map) each
 * scan a part and `resilint merge` puts the reports together. The shard of an
 * account depends only on its id and N: the same account is always in the
 * same shard, whatever else joins or leaves the organisation.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as written on the command line. */
  index: number;
  count: number;
}

/** `K/N` with 1 ≤ K ≤ N; undefined with the reason otherwise. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard expects K/N (e.g. 2/8), got '${text}'`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: K must be between 1 and N`;
  return { index, count };
}

/** 1-based shard of an account id among `count` (SHA-256 of the id: even spread, no dependence on the id's digits). */
export function shardOf(accountId: string, count: number): number {
  const h = createHash('sha256').update(accountId).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export function inShard(accountId: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(accountId, shard.count) === shard.index;
}
