/**
 * CloudFormation caches → graph nodes: AWS::ElastiCache::ReplicationGroup,
 * AWS::MemoryDB::Cluster and AWS::ElastiCache::ServerlessCache
 * (cache.replication-group), AWS::ElastiCache::CacheCluster (cache.cluster).
 * AWS::ElastiCache::SubnetGroup / AWS::MemoryDB::SubnetGroup are not nodes:
 * the cache takes their subnets as in-subnet edges.
 *
 * Omitted properties AWS documents a default for stay absent (automatic
 * failover and Multi-AZ off, no snapshots, Memcached single-az).
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { EdgeKind } from '../../../graph/types.js';
import type { Value } from '../values.js';

const { toStr, toNum, toBool, toAzList, objectList } = coercions(CLOUDFORMATION_RULES);

export const CACHE_SUBNET_GROUP_TYPES = ['AWS::ElastiCache::SubnetGroup', 'AWS::MemoryDB::SubnetGroup'] as const;

interface CfnBuilder extends NodeBuilder {
  get(path: string): Value | undefined;
}

export interface CacheLink<B extends CfnBuilder> {
  /** The subnet group property at `path` → the group's subnets as in-subnet edges (or unresolved entries). */
  subnetGroup(b: B, path: string, groupType: string): void;
  refs(b: B, value: Value | undefined, attribute: string, kind: EdgeKind, types: readonly string[]): string[];
}

function set(v: Value | undefined): boolean {
  return v !== undefined && v !== null;
}

/**
 * Shards and replicas: NodeGroupConfiguration (one item per shard, each
 * with its AZs and ReplicaCount), else NumNodeGroups × ReplicasPerNodeGroup
 * (cluster mode), else one shard of NumCacheClusters nodes (default 1).
 */
export function replicationGroup<B extends CfnBuilder>(b: B, link: CacheLink<B>): void {
  b.prop('name', toStr(b.get('ReplicationGroupId')), 'ReplicationGroupId');
  b.prop('service', 'elasticache');
  b.prop('engine', toStr(b.get('Engine')) ?? 'redis', 'Engine');
  b.prop('automaticFailover', toBool(b.get('AutomaticFailoverEnabled')), 'AutomaticFailoverEnabled');
  b.prop('multiAz', toBool(b.get('MultiAZEnabled')), 'MultiAZEnabled');
  b.prop('snapshotRetentionDays', toNum(b.get('SnapshotRetentionLimit')), 'SnapshotRetentionLimit');
  const groups = objectList(b.get('NodeGroupConfiguration'));
  const perGroup = toNum(b.get('ReplicasPerNodeGroup'));
  if (groups instanceof Unknown) {
    b.prop('shards', groups, 'NodeGroupConfiguration');
    b.prop('replicasPerShard', groups, 'NodeGroupConfiguration');
    b.prop('shardAzs', groups, 'NodeGroupConfiguration');
  } else if (groups && groups.length > 0) {
    b.prop('shards', toNum(b.get('NumNodeGroups')) ?? groups.length, set(b.get('NumNodeGroups')) ? 'NumNodeGroups' : 'NodeGroupConfiguration');
    // The smallest shard decides: one shard without a replica is enough to lose data and writes.
    let fewest: Maybe<number>;
    for (const g of groups) {
      const count = toNum(g.ReplicaCount) ?? perGroup;
      if (count instanceof Unknown || count === undefined) {
        fewest = count ?? new Unknown('ReplicaCount and ReplicasPerNodeGroup are not set');
        break;
      }
      fewest = typeof fewest === 'number' ? Math.min(fewest, count) : count;
    }
    b.prop('replicasPerShard', fewest, 'NodeGroupConfiguration');
    const shardAzs: string[][] = [];
    let unknown: Unknown | undefined;
    let any = false;
    for (const g of groups) {
      const primary = toAzList(set(g.PrimaryAvailabilityZone) ? [g.PrimaryAvailabilityZone] : []);
      const replicas = toAzList(g.ReplicaAvailabilityZones ?? []);
      if (primary instanceof Unknown || replicas instanceof Unknown) {
        unknown = primary instanceof Unknown ? primary : (replicas as Unknown);
        break;
      }
      if ((primary ?? []).length + (replicas ?? []).length > 0) any = true;
      // Symbolic AZs stay in the list (rules compare them through src/analysis/az.ts).
      shardAzs.push([...(primary ?? []), ...(replicas ?? [])] as string[]);
    }
    b.prop('shardAzs', unknown ?? (any ? shardAzs : undefined), 'NodeGroupConfiguration');
  } else if (set(b.get('NumNodeGroups')) || set(b.get('ReplicasPerNodeGroup'))) {
    b.prop('shards', toNum(b.get('NumNodeGroups')) ?? 1, 'NumNodeGroups');
    b.prop('replicasPerShard', perGroup ?? new Unknown('ReplicasPerNodeGroup is not set'), 'ReplicasPerNodeGroup');
    b.prop('shardAzs', undefined);
  } else {
    const nodes = set(b.get('NumCacheClusters')) ? toNum(b.get('NumCacheClusters')) : 1;
    b.prop('shards', 1);
    b.prop('replicasPerShard', typeof nodes === 'number' ? nodes - 1 : nodes, 'NumCacheClusters');
    const azs = b.get('PreferredCacheClusterAZs');
    const list = set(azs) ? toAzList(azs) : undefined;
    b.prop('shardAzs', list instanceof Unknown ? list : list ? [list] : undefined, 'PreferredCacheClusterAZs');
  }
  subnetGroup(b, link, 'CacheSubnetGroupName', 'AWS::ElastiCache::SubnetGroup');
}

/** AWS::MemoryDB::Cluster: NumShards (default 1) × NumReplicasPerShard (default 1); Multi-AZ with ≥ 1 replica. */
export function memoryDbCluster<B extends CfnBuilder>(b: B, link: CacheLink<B>): void {
  b.prop('name', toStr(b.get('ClusterName')), 'ClusterName');
  b.prop('service', 'memorydb');
  b.prop('engine', toStr(b.get('Engine')) ?? 'redis', 'Engine');
  b.prop('shards', toNum(b.get('NumShards')) ?? 1, 'NumShards');
  const replicas = toNum(b.get('NumReplicasPerShard')) ?? 1;
  b.prop('replicasPerShard', replicas, 'NumReplicasPerShard');
  const multi = typeof replicas === 'number' ? replicas >= 1 : replicas;
  b.prop('automaticFailover', multi, 'NumReplicasPerShard');
  b.prop('multiAz', multi, 'NumReplicasPerShard');
  b.prop('shardAzs', undefined);
  b.prop('snapshotRetentionDays', toNum(b.get('SnapshotRetentionLimit')), 'SnapshotRetentionLimit');
  subnetGroup(b, link, 'SubnetGroupName', 'AWS::MemoryDB::SubnetGroup');
}

/** AWS::ElastiCache::ServerlessCache: regional, spread by AWS over its subnets' AZs. */
export function serverlessCache<B extends CfnBuilder>(b: B, link: CacheLink<B>): void {
  b.prop('name', toStr(b.get('ServerlessCacheName')), 'ServerlessCacheName');
  b.prop('service', 'elasticache-serverless');
  b.prop('engine', toStr(b.get('Engine')), 'Engine');
  b.prop('shards', undefined);
  b.prop('replicasPerShard', undefined);
  b.prop('automaticFailover', true);
  b.prop('multiAz', true);
  b.prop('shardAzs', undefined);
  b.prop('snapshotRetentionDays', toNum(b.get('SnapshotRetentionLimit')), 'SnapshotRetentionLimit');
  if (set(b.get('SubnetIds'))) link.refs(b, b.get('SubnetIds'), 'SubnetIds', 'in-subnet', ['AWS::EC2::Subnet']);
  else b.unresolve('in-subnet', 'SubnetIds', 'SubnetIds is not set: AWS uses default subnets of the default VPC');
}

/** AWS::ElastiCache::CacheCluster (CloudFormation cannot make it a member of a replication group). */
export function cacheCluster<B extends CfnBuilder>(b: B, link: CacheLink<B>): void {
  b.prop('clusterId', toStr(b.get('ClusterName')), 'ClusterName');
  b.prop('engine', toStr(b.get('Engine')), 'Engine');
  b.prop('numNodes', toNum(b.get('NumCacheNodes')), 'NumCacheNodes');
  b.prop('azMode', toStr(b.get('AZMode')), 'AZMode');
  if (set(b.get('PreferredAvailabilityZones'))) b.prop('nodeAzs', toAzList(b.get('PreferredAvailabilityZones')), 'PreferredAvailabilityZones');
  else if (set(b.get('PreferredAvailabilityZone'))) b.prop('nodeAzs', toAzList([b.get('PreferredAvailabilityZone') as Value]), 'PreferredAvailabilityZone');
  else b.prop('nodeAzs', undefined);
  b.prop('snapshotRetentionDays', toNum(b.get('SnapshotRetentionLimit')), 'SnapshotRetentionLimit');
  b.prop('replicationGroup', undefined);
  subnetGroup(b, link, 'CacheSubnetGroupName', 'AWS::ElastiCache::SubnetGroup');
}

function subnetGroup<B extends CfnBuilder>(b: B, link: CacheLink<B>, path: string, groupType: string): void {
  const g = b.get(path);
  if (!set(g) || g === '') {
    b.unresolve('in-subnet', path, `${path} is not set: AWS uses the default subnet group (the default VPC)`);
    return;
  }
  link.subnetGroup(b, path, groupType);
}
