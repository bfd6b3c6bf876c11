import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/types.js';
import { isUnknown, type Maybe } from '../src/graph/values.js';
import { cacheRequirements } from '../src/policy/cache.js';

interface Options {
  requireMultiAzFlag: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requireMultiAzFlag: {
      type: 'boolean',
      default: true,
      description:
        'Require Multi-AZ (multi_az_enabled / MultiAZEnabled) on ElastiCache replication groups besides automatic failover. Off: automatic failover alone passes (the pre-2020 behaviour, where failover could promote a replica in the primary\'s own AZ).',
    },
  },
  required: ['requireMultiAzFlag'],
};

const messages = {
  enabled: '{{name}} fails over automatically to a replica in another AZ ({{how}}); tier {{tier}} requires it',
  disabled: '{{name}} does not fail over across AZs ({{problems}}): when its primary or the primary\'s AZ fails, writes stop until a node is replaced; tier {{tier}} requires automatic failover and Multi-AZ',
  cannotTell: '{{name}}: cannot tell whether it fails over automatically across AZs (tier {{tier}} requires it): {{reasons}}',
};

type Group = Resource<'cache.replication-group'>;

function attr(r: Group, prop: 'automaticFailover' | 'multiAz'): string {
  const o = r.propOrigins[prop]?.attribute;
  if (o) return o;
  if (r.provenance.source === 'cloudformation') return prop === 'automaticFailover' ? 'AutomaticFailoverEnabled' : 'MultiAZEnabled';
  if (r.provenance.source === 'aws') return prop === 'automaticFailover' ? 'AutomaticFailover' : 'MultiAZ';
  return prop === 'automaticFailover' ? 'automatic_failover_enabled' : 'multi_az_enabled';
}

export default defineRule({
  id: 'cache-multi-az',
  meta: {
    title: 'Caches of critical and high workloads fail over automatically to a replica in another AZ',
    // Without failover, losing the primary stops every write to the cache until AWS replaces the node.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['CACHE-MULTIAZ', 'SPOF'],
    rationale:
      'CACHE-MULTIAZ requires automatic failover and Multi-AZ on the ElastiCache (Redis OSS / Valkey) replication groups of critical and high workloads (policy tiers.<tier>.cache.multiAz). ' +
      'With Multi-AZ, ElastiCache detects a failed primary and promotes a replica in another AZ, keeping the primary endpoint; without it, the primary is replaced in place and writes stop until it is back. ' +
      'MemoryDB fails over to a replica of the shard whenever there is one, so a MemoryDB cluster passes with ≥ 1 replica per shard; an ElastiCache Serverless cache is replicated over AZs by AWS and passes.',
    remediation: {
      terraform:
        'aws_elasticache_replication_group: automatic_failover_enabled = true, multi_az_enabled = true, with num_cache_clusters ≥ 2 (or replicas_per_node_group ≥ 1). aws_memorydb_cluster: num_replicas_per_shard ≥ 1. terraform-aws-modules/elasticache: automatic_failover_enabled, multi_az_enabled.',
      cloudformation: 'AWS::ElastiCache::ReplicationGroup: AutomaticFailoverEnabled: true, MultiAZEnabled: true, NumCacheClusters ≥ 2 (or ReplicasPerNodeGroup ≥ 1). AWS::MemoryDB::Cluster: NumReplicasPerShard ≥ 1.',
      console: 'ElastiCache console → Valkey / Redis OSS caches → the cache → Modify → turn on Multi-AZ (with automatic failover); add replicas first if each shard has only a primary.',
      cli: 'aws elasticache modify-replication-group --replication-group-id <id> --automatic-failover-enabled --multi-az-enabled --apply-immediately',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html',
    tags: ['resilience', 'cache', 'spof'],
  },
  options,
  appliesTo: ['cache.replication-group'],
  check(resource, ctx) {
    const req = cacheRequirements(ctx.tier.requirements);
    if (!req.multiAz) return;
    const r = resource as Group;
    const evidence = { expected: { automaticFailover: true, multiAz: ctx.options.requireMultiAzFlag }, actual: { automaticFailover: plain(r.props.automaticFailover), multiAz: plain(r.props.multiAz), replicasPerShard: plain(r.props.replicasPerShard) } };
    if (r.props.service === 'elasticache-serverless') {
      ctx.pass('enabled', { how: 'ElastiCache Serverless: AWS replicates it over the AZs of its subnets' }, { evidence });
      return;
    }
    if (r.props.service === 'memorydb') {
      const replicas = r.props.replicasPerShard;
      const at = { prop: 'replicasPerShard', evidence };
      if (isUnknown(replicas)) ctx.unknown('cannotTell', { reasons: `replicas per shard: ${replicas.reason}` }, at);
      else if (typeof replicas === 'number' && replicas >= 1) ctx.pass('enabled', { how: `MemoryDB with ${replicas} replica(s) per shard` }, at);
      else ctx.fail('disabled', { problems: 'MemoryDB with no replica per shard: nothing to fail over to' }, at);
      return;
    }
    const checks: ['automaticFailover' | 'multiAz', Maybe<boolean>][] = [['automaticFailover', r.props.automaticFailover]];
    if (ctx.options.requireMultiAzFlag) checks.push(['multiAz', r.props.multiAz]);
    const fails: string[] = [];
    const unknowns: string[] = [];
    let failAt: string | undefined;
    let unknownAt: string | undefined;
    for (const [prop, value] of checks) {
      if (isUnknown(value)) {
        unknowns.push(`${attr(r, prop)}: ${value.reason}`);
        unknownAt ??= prop;
      } else if (value !== true) {
        fails.push(value === undefined ? `${attr(r, prop)} not set: AWS default is off` : `${attr(r, prop)} = false`);
        failAt ??= prop;
      }
    }
    if (fails.length > 0) ctx.fail('disabled', { problems: fails.join('; ') }, { prop: failAt, evidence });
    else if (unknowns.length > 0) ctx.unknown('cannotTell', { reasons: unknowns.join('; ') }, { prop: unknownAt, evidence });
    else ctx.pass('enabled', { how: checks.map(([prop]) => `${attr(r, prop)} = true`).join(', ') }, { prop: ctx.options.requireMultiAzFlag ? 'multiAz' : 'automaticFailover', evidence });
  },
});

function plain(v: unknown): unknown {
  return isUnknown(v) ? null : (v ?? null);
}
