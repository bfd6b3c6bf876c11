import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import { cacheSubnetAzs, isGroupMember, isMemcached, nodesPerShard, writtenShardAzs, type CacheResource } from '../src/analysis/cache.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import type { SourceLocation } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';
import { cacheRequirements } from '../src/policy/cache.js';

interface Options {
  trustMultiAzPlacement: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    trustMultiAzPlacement: {
      type: 'boolean',
      default: true,
      description:
        'When no AZs are written for the nodes, let Multi-AZ (ElastiCache multi_az_enabled, a MemoryDB cluster with replicas, Memcached az_mode cross-az) over a subnet group of enough AZs pass: AWS then places each shard\'s replicas in other AZs than its primary. Off: the nodes\' AZs must be written (or seen live) to pass.',
    },
  },
  required: ['trustMultiAzPlacement'],
};

const messages = {
  meets: '{{name}} keeps {{nodes}} node(s) per shard; AZs: {{azs}}; tier {{tier}} requires ≥ {{minNodes}} nodes over ≥ {{minAzs}} AZs',
  insufficient: '{{name}} does not meet tier {{tier}} (≥ {{minNodes}} nodes per shard over ≥ {{minAzs}} AZs): {{problems}}',
  cannotTell: '{{name}}: cannot tell whether each shard keeps ≥ {{minNodes}} nodes over ≥ {{minAzs}} AZs (tier {{tier}}): {{reasons}}',
};

export default defineRule({
  id: 'cache-node-spread',
  meta: {
    title: 'Every cache shard keeps enough nodes over enough AZs',
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['CACHE-NODES', 'SPOF'],
    rationale:
      'CACHE-NODES requires every shard of a critical or high cache to keep ≥ 2 nodes (a primary and a replica) over ≥ 2 AZs (policy tiers.<tier>.cache.minNodesPerShard, tiers.<tier>.cache.minAzs); a Memcached cluster, its nodes over ≥ 2 AZs. ' +
      'Nodes in one AZ all fail with it. The AZs come from what is written for the nodes (preferred_cache_cluster_azs, NodeGroupConfiguration, preferred_availability_zones) or seen live; when none are written, from the subnet group: a group of one AZ holds every node, and with Multi-AZ on over a group of several AZs AWS places replicas in other AZs than their primary. ' +
      'Anything else is unknown (AWS picks the AZs at create time); a single-node cache is reported by cache-single-node, not here.',
    remediation: {
      terraform:
        'aws_elasticache_replication_group: num_cache_clusters ≥ 2 (or replicas_per_node_group ≥ 1), multi_az_enabled = true, a subnet group with subnets in ≥ 2 AZs, and optionally preferred_cache_cluster_azs in different AZs. aws_elasticache_cluster (Memcached): num_cache_nodes ≥ 2, az_mode = "cross-az".',
      cloudformation:
        'AWS::ElastiCache::ReplicationGroup: NumCacheClusters ≥ 2 or ReplicasPerNodeGroup ≥ 1, MultiAZEnabled: true, CacheSubnetGroupName with subnets in ≥ 2 AZs (NodeGroupConfiguration: PrimaryAvailabilityZone and ReplicaAvailabilityZones in different AZs). AWS::ElastiCache::CacheCluster (Memcached): NumCacheNodes ≥ 2, AZMode: cross-az.',
      console: 'ElastiCache console → the cache → Add replica in another Availability Zone (Valkey / Redis OSS) or Add node in another AZ (Memcached); Subnet groups → add a subnet in another AZ.',
      cli: 'aws elasticache increase-replica-count --replication-group-id <id> --new-replica-count 1 --apply-immediately; aws elasticache modify-cache-subnet-group --cache-subnet-group-name <name> --subnet-ids <subnet-a> <subnet-c>',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html',
    tags: ['resilience', 'cache', 'az'],
  },
  options,
  appliesTo: ['cache.replication-group', 'cache.cluster'],
  check(resource, ctx) {
    const req = cacheRequirements(ctx.tier.requirements);
    const { minNodesPerShard: minNodes, minAzs } = req;
    if (minNodes < 2 && minAzs < 2) return;
    const r = resource as CacheResource;
    if (isGroupMember(r, ctx.graph)) return;
    // Serverless: no nodes to place; AWS spreads it (cache-multi-az says so).
    if (r.kind === 'cache.replication-group' && r.props.service === 'elasticache-serverless') return;
    const nodes = nodesPerShard(r);
    // One node is cache-single-node's finding (unless the tier allows a single node but still asks for more).
    if (nodes === 1 && !req.allowSingleNode) return;
    const base = { minNodes, minAzs };
    const fails: string[] = [];
    const unknowns: string[] = [];
    const failAt: At[] = [];
    const unknownAt: At[] = [];
    const nodesProp = r.kind === 'cache.cluster' ? 'numNodes' : 'replicasPerShard';
    if (isUnknown(nodes)) {
      unknowns.push(`nodes per shard: ${nodes.reason}`);
      unknownAt.push({ prop: nodesProp });
    } else if (nodes === undefined) {
      unknowns.push('the number of nodes is not set');
      unknownAt.push({ prop: nodesProp });
    } else if (nodes < minNodes) {
      fails.push(`${nodes} node(s) per shard < ${minNodes} required`);
      failAt.push({ prop: nodesProp });
    }

    let azText = 'AZs not checked';
    if (minAzs >= 2 && typeof nodes === 'number' && nodes >= 2) {
      const spread = azSpread(r, nodes, minAzs, ctx.graph, ctx.options.trustMultiAzPlacement);
      if (spread.fail) {
        fails.push(spread.fail);
        failAt.push(spread.at);
      } else if (spread.unknown) {
        unknowns.push(spread.unknown);
        unknownAt.push(spread.at);
      } else azText = spread.text;
    } else if (minAzs >= 2 && typeof nodes === 'number' && nodes < 2) {
      fails.push(`${nodes} node per shard cannot span ${minAzs} AZs`);
    }

    const evidence = { expected: { minNodesPerShard: minNodes, minAzs }, actual: { nodesPerShard: typeof nodes === 'number' ? nodes : null } };
    const withEvidence = (at: At | undefined): At => ({ ...at, evidence });
    if (fails.length > 0) ctx.fail('insufficient', { ...base, problems: fails.join('; ') + (unknowns.length ? `; not checked: ${unknowns.join('; ')}` : '') }, withEvidence(failAt[0]));
    else if (unknowns.length > 0) ctx.unknown('cannotTell', { ...base, reasons: unknowns.join('; ') }, withEvidence(unknownAt[0]));
    else ctx.pass('meets', { ...base, nodes: String(nodes), azs: azText }, withEvidence({ prop: nodesProp }));
  },
});

interface Spread {
  fail?: string;
  unknown?: string;
  text: string;
  at: At;
}

/** Whether each shard's `nodes` nodes span `minAzs` AZs: written node AZs first, else the subnet group and Multi-AZ placement. */
function azSpread(r: CacheResource, nodes: number, minAzs: number, graph: ResourceGraph, trustMultiAz: boolean): Spread {
  const azProp = r.kind === 'cache.cluster' ? 'nodeAzs' : 'shardAzs';
  // Memcached in single-az mode (the default) keeps every node in one AZ, whatever its subnets; subnets of one AZ hold every node in any mode.
  if (r.kind === 'cache.cluster' && isMemcached(r)) {
    const subnets = cacheSubnetAzs(r, graph);
    if (!('reason' in subnets) && subnets.max < minAzs) return { fail: `its subnets are in ${subnets.max} AZ(s) (${subnets.labels.join(', ')}) < ${minAzs} required: every node is there`, text: '', at: subnetLocation(graph, r.id) ?? { prop: azProp } };
    const mode = r.props.azMode;
    if (isUnknown(mode)) return { unknown: `az_mode: ${mode.reason}`, text: '', at: { prop: 'azMode' } };
    if (mode !== 'cross-az') return { fail: `az_mode ${mode ?? 'not set (single-az, the default)'}: every node is in one AZ`, text: '', at: mode === undefined ? {} : { prop: 'azMode' } };
  }
  const written = writtenShardAzs(r);
  if (isUnknown(written)) return { unknown: `node AZs: ${written.reason}`, text: '', at: { prop: azProp } };
  if (written && written.length > 0) {
    const few = written.filter((s) => s.max < minAzs && s.written >= nodes);
    if (few.length > 0) return { fail: `${few.length === written.length ? 'its nodes are' : `${few.length} shard(s) have all nodes`} in ${few[0].max} AZ(s) (${few[0].labels.join(', ')}) < ${minAzs} required`, text: '', at: { prop: azProp } };
    if (written.every((s) => s.min >= minAzs)) {
      const fewest = Math.min(...written.map((s) => s.min));
      return { text: `${written.length > 1 ? 'at least ' : ''}${fewest} AZs per shard (${written[0].labels.join(', ')}${written.length > 1 ? ', …' : ''})`, at: { prop: azProp } };
    }
    const doubts = written.flatMap((s) => s.doubts);
    if (written.every((s) => s.written >= nodes)) return { unknown: `the written node AZs may be fewer than ${minAzs}: ${doubts.join('; ') || 'AZ names not known offline'}`, text: '', at: { prop: azProp } };
    // Fewer AZs written than nodes: AWS places the rest; fall through to the subnets.
  }
  const subnets = cacheSubnetAzs(r, graph);
  const subnetAt: At = subnetLocation(graph, r.id) ?? { prop: azProp };
  if ('reason' in subnets) {
    const placed = placement(r, trustMultiAz);
    if (placed) return { text: `${placed} (subnets: ${subnets.reason})`, at: subnetAt };
    return { unknown: `the nodes' AZs are not written and AWS picks them; its subnets: ${subnets.reason}`, text: '', at: subnetAt };
  }
  if (subnets.max < minAzs) return { fail: `its subnets are in ${subnets.max} AZ(s) (${subnets.labels.join(', ')}) < ${minAzs} required: every node is there`, text: '', at: subnetAt };
  if (subnets.min < minAzs) return { unknown: `its subnets may span fewer than ${minAzs} AZs (${subnets.labels.join(', ')}): ${subnets.doubts.join('; ')}`, text: '', at: subnetAt };
  const placed = placement(r, trustMultiAz);
  if (placed) return { text: `${placed} over subnets in ${subnets.min} AZs (${subnets.labels.join(', ')})`, at: subnetAt };
  return { unknown: `the nodes' AZs are not written and ${placementOff(r)}: AWS picks each node's AZ among ${subnets.labels.join(', ')}`, text: '', at: subnetAt };
}

/** What makes AWS spread the nodes over AZs without AZs written, if it is on. */
function placement(r: CacheResource, trust: boolean): string | undefined {
  if (!trust) return undefined;
  if (r.kind === 'cache.cluster') return r.props.azMode === 'cross-az' ? 'az_mode cross-az: AWS spreads the nodes over the AZs' : undefined;
  if (r.props.service === 'memorydb') return r.props.multiAz === true ? 'MemoryDB places each shard\'s replicas in other AZs than its primary' : undefined;
  return r.props.multiAz === true ? 'Multi-AZ: AWS places each shard\'s replicas in other AZs than its primary' : undefined;
}

function placementOff(r: CacheResource): string {
  if (r.kind === 'cache.cluster') return isMemcached(r) ? `az_mode is ${typeof r.props.azMode === 'string' ? r.props.azMode : 'single-az (the default)'}` : 'no Multi-AZ';
  return r.props.multiAz === false ? 'Multi-AZ is off' : 'Multi-AZ is not on';
}

function subnetLocation(graph: ResourceGraph, id: string): { location: SourceLocation } | undefined {
  const location = graph.outgoing(id, 'in-subnet')[0]?.location;
  return location ? { location } : undefined;
}
