/**
 * Live cache records (collect-cache.ts) → the props of cache.replication-group
 * and cache.cluster. Node AZs are where AWS placed the nodes (replication
 * group members, a cluster's nodes with ShowCacheNodeInfo, MemoryDB shard
 * nodes with ShowShardDetails). What a record does not say is unknown.
 */
import type { CacheService } from '../../graph/types.js';
import { Unknown, type Maybe } from '../../graph/values.js';
import type { Item, Raw } from './unit.js';

export interface CacheProps {
  kind: 'cache.replication-group' | 'cache.cluster';
  id: string | undefined;
  name: string | undefined;
  props: Record<string, unknown>;
  origins: Record<string, string>;
  subnetIds?: string[];
  subnetsUnavailable?: string;
}

function list(v: unknown): Raw[] {
  return Array.isArray(v) ? (v as Raw[]).filter((x) => x !== null && typeof x === 'object') : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** `enabled` / `enabling` → on, `disabled` / `disabling` → off (the API's status strings). */
function status(v: unknown, what: string): Maybe<boolean> {
  if (v === 'enabled' || v === 'enabling') return true;
  if (v === 'disabled' || v === 'disabling') return false;
  return new Unknown(v === undefined ? `${what} is not in the response` : `${what} status ${String(v)}`);
}

function common(d: Raw, p: string): Pick<CacheProps, 'subnetIds' | 'subnetsUnavailable'> & { origins: Record<string, string> } {
  const out: Pick<CacheProps, 'subnetIds' | 'subnetsUnavailable'> & { origins: Record<string, string> } = { origins: { snapshotRetentionDays: `${p}SnapshotRetentionLimit` } };
  if (Array.isArray(d.SubnetIds)) out.subnetIds = (d.SubnetIds as unknown[]).filter((s): s is string => typeof s === 'string');
  if (typeof d.SubnetsUnavailable === 'string') out.subnetsUnavailable = d.SubnetsUnavailable;
  return out;
}

/** An ElastiCache replication group (DescribeReplicationGroups, with MemberNodes from DescribeCacheClusters). */
export function replicationGroupProps(it: Item): CacheProps {
  const d = it.data;
  const p = it.prefix;
  const c = common(d, p);
  const groups = list(d.NodeGroups);
  const members = list(d.MemberNodes);
  const memberIds = Array.isArray(d.MemberClusters) ? (d.MemberClusters as unknown[]).length : undefined;
  let replicas: Maybe<number>;
  let shardAzs: Maybe<string[][]>;
  const withMembers = groups.filter((g) => list(g.NodeGroupMembers).length > 0);
  if (groups.length > 0 && withMembers.length === groups.length) {
    replicas = Math.min(...groups.map((g) => list(g.NodeGroupMembers).length - 1));
    const azs = groups.map((g) => list(g.NodeGroupMembers).map((m) => str(m.PreferredAvailabilityZone)));
    shardAzs = azs.every((s) => s.every((a) => a !== undefined)) ? (azs as string[][]) : undefined;
  } else if (groups.length > 0 && memberIds !== undefined) {
    // Cluster mode enabled: members are listed, not per shard; every shard has the same count.
    replicas = Math.floor(memberIds / groups.length) - 1;
    if (groups.length === 1 && members.length > 0 && members.every((m) => typeof m.PreferredAvailabilityZone === 'string')) shardAzs = [members.map((m) => m.PreferredAvailabilityZone as string)];
  } else {
    replicas = new Unknown('the replication group lists no node groups');
  }
  const engine = str(d.Engine) ?? 'redis';
  return {
    kind: 'cache.replication-group',
    id: str(d.ARN) ?? it.arn,
    name: str(d.ReplicationGroupId),
    props: {
      name: str(d.ReplicationGroupId),
      service: 'elasticache' satisfies CacheService,
      engine,
      shards: groups.length || undefined,
      replicasPerShard: replicas,
      automaticFailover: status(d.AutomaticFailover, 'AutomaticFailover'),
      multiAz: status(d.MultiAZ, 'MultiAZ'),
      shardAzs,
      snapshotRetentionDays: num(d.SnapshotRetentionLimit),
    },
    ...c,
    origins: { ...c.origins, name: `${p}ReplicationGroupId`, engine: `${p}Engine`, shards: `${p}NodeGroups`, replicasPerShard: `${p}NodeGroups`, automaticFailover: `${p}AutomaticFailover`, multiAz: `${p}MultiAZ`, shardAzs: `${p}NodeGroups` },
  };
}

/** An ElastiCache cluster outside any replication group (DescribeCacheClusters with ShowCacheNodeInfo). */
export function cacheClusterProps(it: Item): CacheProps {
  const d = it.data;
  const p = it.prefix;
  const c = common(d, p);
  const preferred = str(d.PreferredAvailabilityZone);
  const nodes = list(d.CacheNodes);
  const nodeAzs = nodes.length > 0 && nodes.every((n) => typeof n.CustomerAvailabilityZone === 'string') ? nodes.map((n) => n.CustomerAvailabilityZone as string) : preferred && preferred !== 'Multiple' ? [preferred] : undefined;
  return {
    kind: 'cache.cluster',
    id: str(d.ARN) ?? it.arn,
    name: str(d.CacheClusterId),
    props: {
      clusterId: str(d.CacheClusterId),
      engine: str(d.Engine),
      numNodes: num(d.NumCacheNodes),
      // "Multiple" is how the API says the nodes were created cross-az.
      azMode: preferred === undefined ? new Unknown('PreferredAvailabilityZone is not in the response') : preferred === 'Multiple' ? 'cross-az' : 'single-az',
      nodeAzs,
      snapshotRetentionDays: num(d.SnapshotRetentionLimit),
      replicationGroup: undefined,
    },
    ...c,
    origins: { ...c.origins, clusterId: `${p}CacheClusterId`, engine: `${p}Engine`, numNodes: `${p}NumCacheNodes`, azMode: `${p}PreferredAvailabilityZone`, nodeAzs: nodes.length ? `${p}CacheNodes` : `${p}PreferredAvailabilityZone` },
  };
}

/** An ElastiCache Serverless cache (DescribeServerlessCaches). */
export function serverlessCacheProps(it: Item): CacheProps {
  const d = it.data;
  const p = it.prefix;
  const c = common(d, p);
  return {
    kind: 'cache.replication-group',
    id: str(d.ARN) ?? it.arn,
    name: str(d.ServerlessCacheName),
    props: {
      name: str(d.ServerlessCacheName),
      service: 'elasticache-serverless' satisfies CacheService,
      engine: str(d.Engine),
      shards: undefined,
      replicasPerShard: undefined,
      automaticFailover: true,
      multiAz: true,
      shardAzs: undefined,
      snapshotRetentionDays: num(d.SnapshotRetentionLimit),
    },
    ...c,
    origins: { ...c.origins, name: `${p}ServerlessCacheName`, engine: `${p}Engine` },
  };
}

/** A MemoryDB cluster (DescribeClusters with ShowShardDetails, SubnetIds from DescribeSubnetGroups). */
export function memoryDbProps(it: Item): CacheProps {
  const d = it.data;
  const p = it.prefix;
  const c = common(d, p);
  const shards = list(d.Shards);
  let replicas: Maybe<number>;
  let shardAzs: Maybe<string[][]>;
  if (shards.length > 0) {
    const nodes = shards.map((s) => list(s.Nodes));
    replicas = nodes.some((n) => n.length === 0) ? new Unknown('a shard lists no nodes') : Math.min(...nodes.map((n) => n.length - 1));
    const azs = nodes.map((n) => n.map((x) => str(x.AvailabilityZone)));
    shardAzs = azs.every((s) => s.length > 0 && s.every((a) => a !== undefined)) ? (azs as string[][]) : undefined;
  } else {
    replicas = new Unknown('memorydb:DescribeClusters returned no shard details');
  }
  const mode = d.AvailabilityMode;
  const multi: Maybe<boolean> = mode === 'MultiAZ' ? true : mode === 'SingleAZ' ? false : typeof replicas === 'number' ? replicas >= 1 : replicas;
  return {
    kind: 'cache.replication-group',
    id: str(d.ARN) ?? it.arn,
    name: str(d.Name),
    props: {
      name: str(d.Name),
      service: 'memorydb' satisfies CacheService,
      engine: str(d.Engine) ?? 'redis',
      shards: num(d.NumberOfShards) ?? (shards.length || undefined),
      replicasPerShard: replicas,
      automaticFailover: typeof replicas === 'number' ? replicas >= 1 : replicas,
      multiAz: multi,
      shardAzs,
      snapshotRetentionDays: num(d.SnapshotRetentionLimit),
    },
    ...c,
    origins: { ...c.origins, name: `${p}Name`, engine: `${p}Engine`, shards: `${p}NumberOfShards`, replicasPerShard: `${p}Shards`, automaticFailover: `${p}Shards`, multiAz: mode === undefined ? `${p}Shards` : `${p}AvailabilityMode`, shardAzs: `${p}Shards` },
  };
}

/**
 * The endpoint host names of a live cache record, for matching the
 * environment of task definitions: a replication group's primary, reader
 * and configuration endpoints and its node group endpoints, a cluster's
 * configuration endpoint and nodes, a MemoryDB cluster's endpoint, a
 * serverless cache's endpoints.
 */
export function cacheEndpointHosts(d: Raw): string[] {
  const out: string[] = [];
  const add = (e: unknown) => {
    const a = e !== null && typeof e === 'object' ? (e as Raw).Address : undefined;
    if (typeof a === 'string' && a) out.push(a);
  };
  for (const k of ['ConfigurationEndpoint', 'ClusterEndpoint', 'Endpoint', 'ReaderEndpoint']) add(d[k]);
  for (const g of list(d.NodeGroups)) {
    add(g.PrimaryEndpoint);
    add(g.ReaderEndpoint);
  }
  for (const n of list(d.CacheNodes)) add(n.Endpoint);
  return out;
}
