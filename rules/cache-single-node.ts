import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { isGroupMember, isMemcached, nodesPerShard, type CacheResource } from '../src/analysis/cache.js';
import { isUnknown } from '../src/graph/values.js';
import { cacheRequirements } from '../src/policy/cache.js';

interface Options {
  allowMemcachedSingleNode: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allowMemcachedSingleNode: {
      type: 'boolean',
      default: false,
      description:
        'Let a one-node Memcached cluster pass (for a pure look-aside cache whose loss only costs a cold start against the database behind it). Off by default: the catalogue counts over-reliance on a cache as a SPOF, and a cold cache can overload that database.',
    },
  },
  required: ['allowMemcachedSingleNode'],
};

const messages = {
  replicated: '{{name}} has {{what}}: losing one node does not lose the cache; tier {{tier}} allows no single-node cache',
  singleNode:
    '{{name}} is a single point of failure: {{what}}. When that node or its AZ fails, the cache is down until AWS replaces the node, and its data is lost back to the last snapshot; tier {{tier}} allows no single-node cache',
  cannotTell: '{{name}}: cannot tell how many nodes it has (tier {{tier}} allows no single-node cache): {{reason}}',
};

export default defineRule({
  id: 'cache-single-node',
  meta: {
    title: 'A critical or high workload does not rely on a single-node cache',
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['CACHE-SPOF', 'SPOF'],
    rationale:
      'CACHE-SPOF: a cache of one node — a single-node Redis OSS / Valkey cluster, a one-node Memcached cluster, a replication group or MemoryDB cluster whose shards have no replica — is a single point of failure (policy tiers.<tier>.cache.allowSingleNode). ' +
      'When the node or its AZ fails, ElastiCache replaces the node, which takes minutes, and a Redis OSS / Valkey node comes back empty or from its last snapshot. ' +
      'The SPOF catalogue lists over-reliance on a cache: sessions, rate limits or queues kept only there are lost, and a cold cache can overload the database behind it. An ElastiCache Serverless cache is replicated by AWS and passes.',
    remediation: {
      terraform:
        'Use aws_elasticache_replication_group with num_cache_clusters ≥ 2 (or replicas_per_node_group ≥ 1), automatic_failover_enabled and multi_az_enabled, instead of a single-node aws_elasticache_cluster; aws_memorydb_cluster: num_replicas_per_shard ≥ 1; Memcached: num_cache_nodes ≥ 2 with az_mode = "cross-az".',
      cloudformation:
        'Use AWS::ElastiCache::ReplicationGroup with NumCacheClusters ≥ 2 (or ReplicasPerNodeGroup ≥ 1) instead of a single-node AWS::ElastiCache::CacheCluster; AWS::MemoryDB::Cluster: NumReplicasPerShard ≥ 1; Memcached: NumCacheNodes ≥ 2, AZMode: cross-az.',
      console: 'ElastiCache console → the cache → Add replica (Valkey / Redis OSS) or Add node (Memcached, in another AZ); MemoryDB console → the cluster → Modify → replicas per shard.',
      cli: 'aws elasticache increase-replica-count --replication-group-id <id> --new-replica-count 1 --apply-immediately (a single-node cluster: create-replication-group --primary-cluster-id <cluster> first); aws memorydb update-cluster --cluster-name <name> --replica-configuration ReplicaCount=1',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/disaster-recovery-resiliency.html',
    tags: ['resilience', 'cache', 'spof'],
  },
  options,
  appliesTo: ['cache.replication-group', 'cache.cluster'],
  check(resource, ctx) {
    const req = cacheRequirements(ctx.tier.requirements);
    if (req.allowSingleNode) return;
    const r = resource as CacheResource;
    if (isGroupMember(r, ctx.graph)) return;
    if (r.kind === 'cache.replication-group' && r.props.service === 'elasticache-serverless') {
      ctx.pass('replicated', { what: 'ElastiCache Serverless storage replicated by AWS over several AZs' }, { evidence: { expected: { minNodes: 2 }, actual: { serverless: true } } });
      return;
    }
    const memcached = isMemcached(r);
    if (memcached && ctx.options.allowMemcachedSingleNode) return;
    const nodes = nodesPerShard(r);
    const prop = r.kind === 'cache.cluster' ? 'numNodes' : 'replicasPerShard';
    const evidence = { expected: { minNodes: 2 }, actual: { nodesPerShard: typeof nodes === 'number' ? nodes : null } };
    const at = { prop, evidence };
    if (isUnknown(nodes)) {
      ctx.unknown('cannotTell', { reason: nodes.reason }, at);
    } else if (nodes === undefined) {
      ctx.unknown('cannotTell', { reason: r.kind === 'cache.cluster' ? 'num_cache_nodes is not set' : 'replicas per shard are not set' }, at);
    } else if (nodes <= 1) {
      const what =
        r.kind === 'cache.cluster'
          ? `one ${memcached ? 'Memcached' : typeof r.props.engine === 'string' ? r.props.engine : 'cache'} node`
          : `${shardsText(r.props.shards)} without a replica (${r.props.service === 'memorydb' ? 'MemoryDB' : 'a primary only'})`;
      ctx.fail('singleNode', { what }, at);
    } else {
      const what = r.kind === 'cache.cluster' ? `${nodes} nodes` : `${nodes} nodes per shard (a primary and ${nodes - 1} replica(s))`;
      ctx.pass('replicated', { what }, at);
    }
  },
});

function shardsText(shards: unknown): string {
  return typeof shards === 'number' ? (shards === 1 ? 'one shard' : `${shards} shards, each`) : 'shards';
}
