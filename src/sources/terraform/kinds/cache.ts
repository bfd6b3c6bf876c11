/**
 * Terraform caches → graph nodes: aws_elasticache_replication_group,
 * aws_memorydb_cluster and aws_elasticache_serverless_cache
 * (cache.replication-group), aws_elasticache_cluster (cache.cluster).
 * aws_elasticache_subnet_group / aws_memorydb_subnet_group are not nodes:
 * the cache takes their subnets as in-subnet edges, as a database takes its
 * DB subnet group's.
 *
 * Omitted arguments whose omission AWS documents a default for stay absent
 * (automatic failover and Multi-AZ off, no snapshots, Memcached single-az);
 * the rules say the default in their messages.
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { coercions, isObject, TERRAFORM_RULES } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { EdgeKind } from '../../../graph/types.js';
import type { Value, ValueObject } from '../expr/values.js';

const { toStr, toNum, toBool } = coercions(TERRAFORM_RULES);

export const CACHE_SUBNET_GROUP_TYPES = ['aws_elasticache_subnet_group', 'aws_memorydb_subnet_group'] as const;

interface TfBuilder extends NodeBuilder {
  readonly v: ValueObject;
}

/** What the cache builders need of the normalizer. */
export interface CacheLink<B extends TfBuilder> {
  /** `subnet_group_name` → the group's subnets as in-subnet edges (or unresolved entries). */
  subnetGroup(b: B, value: Value | undefined, attribute: string, groupType: string): void;
  refs(b: B, value: Value | undefined, attribute: string, kind: EdgeKind, types: readonly string[]): string[];
  /** A reference to a replication group as a member-of edge: the group's graph id, else the value as written. */
  memberOf(b: B, value: Value | undefined, attribute: string): Maybe<string>;
}

/** A list of AZ names (symbolic AZs kept), as the normalizer reads AZ attributes. */
export type AzListOf = (v: Value | undefined) => Maybe<string[]>;

function firstBlock(v: Value | undefined): ValueObject | Unknown | undefined {
  if (v instanceof Unknown) return v;
  const first = Array.isArray(v) ? v[0] : v;
  return isObject(first) ? (first as ValueObject) : first instanceof Unknown ? first : undefined;
}

function set(v: Value | undefined): boolean {
  return v !== undefined && v !== null;
}

/**
 * aws_elasticache_replication_group. Cluster mode enabled: num_node_groups
 * × replicas_per_node_group (provider ≤ 4: a `cluster_mode` block); cluster
 * mode disabled: one shard of num_cache_clusters nodes (provider ≤ 3:
 * number_cache_clusters), which the API defaults to 1 when neither is given.
 */
export function replicationGroup<B extends TfBuilder>(b: B, link: CacheLink<B>, azList: AzListOf): void {
  const v = b.v;
  b.prop('name', toStr(v.replication_group_id), 'replication_group_id');
  b.prop('service', 'elasticache');
  b.prop('engine', toStr(v.engine) ?? 'redis', 'engine');
  const legacy = firstBlock(v.cluster_mode);
  const legacyBlock = legacy instanceof Unknown ? undefined : legacy;
  const shardsAttr = set(v.num_node_groups) ? 'num_node_groups' : legacyBlock && set(legacyBlock.num_node_groups) ? 'cluster_mode.num_node_groups' : undefined;
  const replicasAttr = set(v.replicas_per_node_group) ? 'replicas_per_node_group' : legacyBlock && set(legacyBlock.replicas_per_node_group) ? 'cluster_mode.replicas_per_node_group' : undefined;
  const clustersAttr = set(v.num_cache_clusters) ? 'num_cache_clusters' : set(v.number_cache_clusters) ? 'number_cache_clusters' : undefined;
  if (legacy instanceof Unknown) {
    b.prop('shards', legacy, 'cluster_mode');
    b.prop('replicasPerShard', legacy, 'cluster_mode');
  } else if (shardsAttr || replicasAttr) {
    const read = (attr: string | undefined): Value | undefined => (attr === undefined ? undefined : attr.startsWith('cluster_mode.') ? legacyBlock?.[attr.slice(13)] : v[attr]);
    // num_node_groups alone: the API creates each shard without replicas unless ReplicasPerNodeGroup is given.
    b.prop('shards', shardsAttr ? toNum(read(shardsAttr)) : 1, shardsAttr ?? replicasAttr);
    b.prop('replicasPerShard', replicasAttr ? toNum(read(replicasAttr)) : new Unknown('replicas_per_node_group is not set: chosen by the provider at apply'), replicasAttr ?? shardsAttr);
  } else {
    const nodes = clustersAttr ? toNum(v[clustersAttr]) : 1;
    b.prop('shards', 1, clustersAttr);
    b.prop('replicasPerShard', typeof nodes === 'number' ? nodes - 1 : nodes, clustersAttr);
  }
  b.prop('automaticFailover', toBool(v.automatic_failover_enabled), 'automatic_failover_enabled');
  b.prop('multiAz', toBool(v.multi_az_enabled), 'multi_az_enabled');
  const azs = set(v.preferred_cache_cluster_azs) ? azList(v.preferred_cache_cluster_azs) : set(v.availability_zones) ? azList(v.availability_zones) : undefined;
  const azAttr = set(v.preferred_cache_cluster_azs) ? 'preferred_cache_cluster_azs' : 'availability_zones';
  b.prop('shardAzs', azs === undefined ? undefined : azs instanceof Unknown ? azs : [azs], azAttr);
  b.prop('snapshotRetentionDays', toNum(v.snapshot_retention_limit), 'snapshot_retention_limit');
  subnetGroup(b, link, 'aws_elasticache_subnet_group');
}

/** aws_memorydb_cluster: num_shards (default 1) × num_replicas_per_shard (default 1); Multi-AZ with ≥ 1 replica. */
export function memoryDbCluster<B extends TfBuilder>(b: B, link: CacheLink<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.name), 'name');
  b.prop('service', 'memorydb');
  b.prop('engine', toStr(v.engine) ?? 'redis', 'engine');
  b.prop('shards', toNum(v.num_shards) ?? 1, 'num_shards');
  const replicas = toNum(v.num_replicas_per_shard) ?? 1;
  b.prop('replicasPerShard', replicas, 'num_replicas_per_shard');
  // MemoryDB has no switch: a shard with a replica fails over to it, across AZs.
  const multi = typeof replicas === 'number' ? replicas >= 1 : replicas;
  b.prop('automaticFailover', multi, 'num_replicas_per_shard');
  b.prop('multiAz', multi, 'num_replicas_per_shard');
  b.prop('shardAzs', undefined);
  b.prop('snapshotRetentionDays', toNum(v.snapshot_retention_limit), 'snapshot_retention_limit');
  subnetGroup(b, link, 'aws_memorydb_subnet_group');
}

/** aws_elasticache_serverless_cache: regional, spread by AWS over the AZs of its subnets. */
export function serverlessCache<B extends TfBuilder>(b: B, link: CacheLink<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.name), 'name');
  b.prop('service', 'elasticache-serverless');
  b.prop('engine', toStr(v.engine), 'engine');
  b.prop('shards', undefined);
  b.prop('replicasPerShard', undefined);
  b.prop('automaticFailover', true);
  b.prop('multiAz', true);
  b.prop('shardAzs', undefined);
  b.prop('snapshotRetentionDays', toNum(v.snapshot_retention_limit), 'snapshot_retention_limit');
  if (set(v.subnet_ids)) link.refs(b, v.subnet_ids, 'subnet_ids', 'in-subnet', ['aws_subnet']);
  else b.unresolve('in-subnet', 'subnet_ids', 'subnet_ids is not set: AWS uses default subnets of the default VPC');
}

/**
 * aws_elasticache_cluster. A member of a replication group
 * (`replication_group_id`) takes its engine and settings from the group;
 * only its AZ is its own.
 */
export function cacheCluster<B extends TfBuilder>(b: B, link: CacheLink<B>, azList: AzListOf): void {
  const v = b.v;
  b.prop('clusterId', toStr(v.cluster_id), 'cluster_id');
  const group = set(v.replication_group_id) ? link.memberOf(b, v.replication_group_id, 'replication_group_id') : undefined;
  b.prop('replicationGroup', group, 'replication_group_id');
  b.prop('engine', toStr(v.engine) ?? (group === undefined ? undefined : new Unknown('the engine of its replication group')), 'engine');
  // Redis OSS / Valkey clusters have exactly one node; num_cache_nodes is required for Memcached.
  b.prop('numNodes', toNum(v.num_cache_nodes) ?? (group !== undefined ? 1 : undefined), 'num_cache_nodes');
  b.prop('azMode', toStr(v.az_mode), 'az_mode');
  if (set(v.preferred_availability_zones)) b.prop('nodeAzs', azList(v.preferred_availability_zones), 'preferred_availability_zones');
  else if (set(v.availability_zone) && v.availability_zone !== '') b.prop('nodeAzs', azList([v.availability_zone as Value]), 'availability_zone');
  else b.prop('nodeAzs', undefined);
  b.prop('snapshotRetentionDays', toNum(v.snapshot_retention_limit), 'snapshot_retention_limit');
  if (group === undefined) subnetGroup(b, link, 'aws_elasticache_subnet_group');
}

function subnetGroup<B extends TfBuilder>(b: B, link: CacheLink<B>, groupType: string): void {
  const g = b.v.subnet_group_name;
  if (!set(g) || g === '') {
    b.unresolve('in-subnet', 'subnet_group_name', 'subnet_group_name is not set: AWS uses the default subnet group (the default VPC)');
    return;
  }
  link.subnetGroup(b, g, 'subnet_group_name', groupType);
}
