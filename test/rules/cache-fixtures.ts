import type { PropsByKind, Resource } from '../../src/graph/types.js';
import type { GraphFixture } from '../helpers/rule-tester.js';
import { tier } from '../helpers/rule-tester.js';

/** Terraform attribute names of the cache props (for messages and locations). */
const GROUP_ATTRIBUTES = {
  automaticFailover: 'automatic_failover_enabled',
  multiAz: 'multi_az_enabled',
  replicasPerShard: 'num_cache_clusters',
  shardAzs: 'preferred_cache_cluster_azs',
  snapshotRetentionDays: 'snapshot_retention_limit',
};

/** An aws_elasticache_replication_group in caches.tf (one shard unless given), its attributes at the given lines. */
export function group(
  g: GraphFixture,
  name: string,
  props: Partial<PropsByKind['cache.replication-group']>,
  tierName: string,
  opts: { line?: number; lines?: Partial<Record<keyof PropsByKind['cache.replication-group'], number>>; type?: string; address?: string } = {},
): Resource<'cache.replication-group'> {
  const type = opts.type ?? 'aws_elasticache_replication_group';
  return g.add('cache.replication-group', opts.address ?? `${type}.${name}`, {
    file: 'caches.tf',
    type,
    ...(opts.line !== undefined ? { line: opts.line } : {}),
    props: { name, service: 'elasticache', engine: 'redis', shards: 1, ...props },
    attributes: GROUP_ATTRIBUTES,
    ...(opts.lines ? { lines: opts.lines } : {}),
    tags: tier(tierName),
  });
}

/** An aws_elasticache_cluster in caches.tf. */
export function cluster(
  g: GraphFixture,
  name: string,
  props: Partial<PropsByKind['cache.cluster']>,
  tierName: string,
  opts: { line?: number; lines?: Partial<Record<keyof PropsByKind['cache.cluster'], number>> } = {},
): Resource<'cache.cluster'> {
  return g.add('cache.cluster', `aws_elasticache_cluster.${name}`, {
    file: 'caches.tf',
    ...(opts.line !== undefined ? { line: opts.line } : {}),
    props: { clusterId: name, ...props },
    attributes: { numNodes: 'num_cache_nodes', azMode: 'az_mode', nodeAzs: 'preferred_availability_zones', snapshotRetentionDays: 'snapshot_retention_limit', replicationGroup: 'replication_group_id' },
    ...(opts.lines ? { lines: opts.lines } : {}),
    tags: tier(tierName),
  });
}

/** Subnets in the given AZs (network.tf), and in-subnet edges from `r` to them through its subnet group. */
export function inSubnets(g: GraphFixture, r: { id: string }, azs: (string | undefined)[], prefix = r.id): void {
  azs.forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.${prefix.replace(/\W/g, '_')}_${i}`, { file: 'network.tf', props: { ...(az ? { availabilityZone: az } : {}) } });
    g.edge(r.id, 'in-subnet', s, { attribute: 'subnet_group_name' });
  });
}
