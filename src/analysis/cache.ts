/**
 * Reading of the cache kinds shared by their rules and the failure
 * simulation: nodes per shard, and where a shard's nodes are (the AZs
 * written for them, else the AZs their subnet group allows). Every AZ
 * comparison goes through src/analysis/az.ts.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown, Unknown } from '../graph/values.js';
import { countDistinctAzs, isAzIdentity } from './az.js';
import { subnetAzs, type AzReading } from './compute.js';

export type CacheResource = Resource<'cache.replication-group'> | Resource<'cache.cluster'>;

/** A cache cluster that belongs to a replication group is judged through its group. */
export function isGroupMember(r: CacheResource, graph: ResourceGraph): boolean {
  if (r.kind !== 'cache.cluster') return false;
  return r.props.replicationGroup !== undefined || graph.outgoing(r.id, 'member-of').length > 0;
}

/** Nodes of each shard (primary + replicas; a Memcached or single-node cluster: its nodes), or why not known. */
export function nodesPerShard(r: CacheResource): number | Unknown | undefined {
  if (r.kind === 'cache.cluster') return r.props.numNodes;
  if (r.props.service === 'elasticache-serverless') return undefined;
  const replicas = r.props.replicasPerShard;
  if (isUnknown(replicas)) return replicas;
  return replicas === undefined ? undefined : replicas + 1;
}

export function isMemcached(r: CacheResource): boolean {
  return typeof r.props.engine === 'string' && r.props.engine.toLowerCase() === 'memcached';
}

/** Distinct AZs of one shard's written (or seen) node AZs. */
export interface ShardSpread {
  min: number;
  max: number;
  labels: string[];
  doubts: string[];
  /** How many node AZs are written for the shard. */
  written: number;
}

/** The node AZs written for each shard (`shardAzs` / `nodeAzs`), or absent / why unknown. */
export function writtenShardAzs(r: CacheResource): ShardSpread[] | Unknown | undefined {
  const lists = r.kind === 'cache.cluster' ? (isUnknown(r.props.nodeAzs) ? r.props.nodeAzs : r.props.nodeAzs ? [r.props.nodeAzs] : undefined) : r.props.shardAzs;
  if (lists === undefined || isUnknown(lists)) return lists;
  return lists.map((list) => {
    const d = countDistinctAzs(list);
    const doubts = (list as unknown[]).filter((a) => !isAzIdentity(a)).map((a) => (a as Unknown).reason);
    return { min: d.min, max: d.max, labels: d.labels, doubts: [...doubts, ...d.reasons], written: list.length };
  });
}

/** The AZs of the cache's subnets (its subnet group's, a serverless cache's own). */
export function cacheSubnetAzs(r: CacheResource, graph: ResourceGraph): AzReading {
  return subnetAzs(r as AnyResource, graph, 'no subnets');
}
