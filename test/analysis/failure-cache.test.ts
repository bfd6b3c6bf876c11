/**
 * Caches in the failure simulation: a replication group with automatic
 * failover loses its primary's AZ and stays up (degraded, failover figure);
 * without failover, or with a single node, it is down until a node is
 * replaced and its data is back only from a snapshot (or not at all);
 * MemoryDB keeps its data in the transaction log; Memcached loses the keys
 * of its lost nodes; Serverless is untouched; a Region loss takes all down.
 */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import type { FailureDomainsResult, WorkloadImpact } from '../../src/analysis/failure-types.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { graph, tier } from '../helpers/rule-tester.js';

const TOKYO = 'ap-northeast-1';
const AZ_A = `az:${TOKYO}:${TOKYO}a`;
const AZ_C = `az:${TOKYO}:${TOKYO}c`;
const REGION = `region:${TOKYO}`;

function simulate(g: ResourceGraph): FailureDomainsResult {
  const policy = defaultPolicy();
  const dependencies = buildDependencies(g, policy);
  return simulateFailures({ graph: g, dependencies, tiers: inheritTiers(g, dependencies, assignTiers(g, policy), policy), policy });
}

function impact(r: FailureDomainsResult, workload: string, domain: string): WorkloadImpact {
  const found = r.impacts.filter((i) => i.workload === workload && i.domain === domain);
  expect(found, `${workload} @ ${domain}`).toHaveLength(1);
  return found[0];
}

const group = (over: Partial<PropsByKind['cache.replication-group']>): Partial<PropsByKind['cache.replication-group']> => ({
  name: 'g',
  service: 'elasticache',
  engine: 'redis',
  shards: 1,
  replicasPerShard: 1,
  automaticFailover: true,
  multiAz: true,
  snapshotRetentionDays: 7,
  ...over,
});

function estate() {
  const g = graph();
  const p = { provenance: { region: TOKYO } };
  const a = g.add('network.subnet', 'aws_subnet.a', { props: { availabilityZone: `${TOKYO}a` }, ...p });
  const c = g.add('network.subnet', 'aws_subnet.c', { props: { availabilityZone: `${TOKYO}c` }, ...p });
  const both = (r: Parameters<typeof g.edge>[0]) => g.edge(r, 'in-subnet', a).edge(r, 'in-subnet', c);
  both(g.add('cache.replication-group', 'aws_elasticache_replication_group.sessions', { props: group({ shardAzs: [[`${TOKYO}a`, `${TOKYO}c`]] }), tags: tier('critical'), ...p }));
  both(g.add('cache.replication-group', 'aws_elasticache_replication_group.unwritten', { props: group({}), tags: tier('high'), ...p }));
  both(g.add('cache.replication-group', 'aws_elasticache_replication_group.manual', { props: group({ automaticFailover: false, multiAz: false, snapshotRetentionDays: 0, shardAzs: [[`${TOKYO}a`, `${TOKYO}c`]] }), tags: tier('high'), ...p }));
  both(g.add('cache.replication-group', 'aws_elasticache_replication_group.doubt', { props: group({ automaticFailover: new Unknown('var.failover has no value'), multiAz: false }), tags: tier('high'), ...p }));
  both(g.add('cache.replication-group', 'aws_elasticache_serverless_cache.flags', { props: { name: 'flags', service: 'elasticache-serverless', engine: 'valkey' }, tags: tier('high'), ...p }));
  g.edge(g.add('cache.replication-group', 'aws_memorydb_cluster.ledger', { props: group({ service: 'memorydb', replicasPerShard: 0, automaticFailover: false, multiAz: false }), tags: tier('high'), ...p }), 'in-subnet', a);
  const single = g.add('cache.cluster', 'aws_elasticache_cluster.single', { props: { engine: 'redis', numNodes: 1, nodeAzs: [`${TOKYO}a`], snapshotRetentionDays: 1 }, tags: tier('high'), ...p });
  both(single);
  both(g.add('cache.cluster', 'aws_elasticache_cluster.memcached', { props: { engine: 'memcached', numNodes: 2, azMode: 'cross-az', nodeAzs: [`${TOKYO}a`, `${TOKYO}c`] }, tags: tier('high'), ...p }));
  // A member of sessions: judged through its group, not a workload of its own.
  const member = g.add('cache.cluster', 'aws_elasticache_cluster.sessions_001', { props: { engine: 'redis', numNodes: 1, replicationGroup: 'aws_elasticache_replication_group.sessions' }, ...p });
  g.edge(member, 'member-of', 'aws_elasticache_replication_group.sessions');
  // api runs in 1a and 1c and its task definition names the single-node cache.
  const td = g.add('ecs.task-definition', 'aws_ecs_task_definition.api', p);
  const api = g.add('ecs.service', 'aws_ecs_service.api', { props: { desiredCount: 4, launchType: 'FARGATE' }, tags: tier('critical'), ...p });
  g.edge(api, 'uses-task-definition', td).edge(api, 'in-subnet', a).edge(api, 'in-subnet', c).edge(td, 'connects-to', single);
  return simulate(g.build());
}

describe('failure simulation: caches', () => {
  const r = estate();

  it('Multi-AZ with automatic failover, primary in the lost AZ: degraded with the failover behaviour (no documented time: no seconds)', () => {
    const i = impact(r, 'aws_elasticache_replication_group.sessions', AZ_A);
    expect(i.state).toBe('degraded');
    expect(i.rto.behaviour).toBe('elasticache-multi-az-failover');
    expect(i.rto.seconds).toBeUndefined();
    expect(i.rtoVerdict).toBe('unknown');
    expect(i.path?.map((s) => s.address)).toEqual(['aws_elasticache_replication_group.sessions', 'aws_subnet.a']);
  });

  it('the same group losing only its replica AZ: degraded, the primary keeps taking writes (RTO 0)', () => {
    const i = impact(r, 'aws_elasticache_replication_group.sessions', AZ_C);
    expect(i.state).toBe('degraded');
    expect(i.rto.seconds).toBe(0);
    expect(i.reasons.join(' ')).toContain('replica is lost');
  });

  it('node AZs not written, Multi-AZ and failover on, subnets in two AZs: degraded, saying it is assumed', () => {
    const i = impact(r, 'aws_elasticache_replication_group.unwritten', AZ_A);
    expect(i.state).toBe('degraded');
    expect(i.rto.behaviour).toBe('elasticache-multi-az-failover');
    expect(i.reasons.join(' ')).toContain('assumed');
  });

  it('replicas but no automatic failover, primary lost, snapshots off: down, RPO no-backups (breached)', () => {
    const i = impact(r, 'aws_elasticache_replication_group.manual', AZ_A);
    expect(i.state).toBe('down');
    expect(i.rto.behaviour).toBe('cache-node-replace');
    expect(i.rpo.behaviour).toBe('no-backups');
    expect(i.rpoVerdict).toBe('breached');
    expect(impact(r, 'aws_elasticache_replication_group.manual', AZ_C).state).toBe('degraded');
  });

  it('automatic failover unknown: unknown, never unaffected', () => {
    const i = impact(r, 'aws_elasticache_replication_group.doubt', AZ_A);
    expect(i.state).toBe('unknown');
    expect(i.reasons.join(' ')).toContain('var.failover has no value');
  });

  it('single-node Redis cluster in the lost AZ: down, RPO back to the last daily snapshot', () => {
    const i = impact(r, 'aws_elasticache_cluster.single', AZ_A);
    expect(i.state).toBe('down');
    expect(i.rpo.behaviour).toBe('elasticache-snapshot-restore');
    expect(i.rpo.seconds).toBe(86_400);
    expect(impact(r, 'aws_elasticache_cluster.single', AZ_C).state).toBe('unaffected');
  });

  it('a critical service whose task definition connects to the single-node cache goes down with it, from another AZ too', () => {
    const i = impact(r, 'aws_ecs_service.api', AZ_A);
    expect(i.state).toBe('down');
    expect(i.path?.map((s) => s.address)).toContain('aws_elasticache_cluster.single');
    expect(impact(r, 'aws_ecs_service.api', AZ_C).state).not.toBe('down');
  });

  it('single-node MemoryDB shard: down, but no data lost (transaction log)', () => {
    const i = impact(r, 'aws_memorydb_cluster.ledger', AZ_A);
    expect(i.state).toBe('down');
    expect(i.rto.behaviour).toBe('memorydb-node-replace');
    expect(i.rpo.behaviour).toBe('memorydb-node-replace');
    expect(i.rpo.seconds).toBe(0);
  });

  it('Memcached over two AZs: degraded, the lost node\'s keys are gone', () => {
    const i = impact(r, 'aws_elasticache_cluster.memcached', AZ_A);
    expect(i.state).toBe('degraded');
    expect(i.rpo.behaviour).toBe('no-backups');
  });

  it('Serverless: unaffected by one AZ, with its sourced figure', () => {
    const i = impact(r, 'aws_elasticache_serverless_cache.flags', AZ_A);
    expect(i.state).toBe('unaffected');
    expect(i.rto.behaviour).toBe('elasticache-serverless');
  });

  it('a member cache cluster is judged through its group, not as a workload', () => {
    expect(r.impacts.some((i) => i.workload === 'aws_elasticache_cluster.sessions_001')).toBe(false);
  });

  it('Region loss: every cache is down with no recovery (no copy outside the Region in the scan)', () => {
    for (const w of ['aws_elasticache_replication_group.sessions', 'aws_memorydb_cluster.ledger', 'aws_elasticache_serverless_cache.flags']) {
      const i = impact(r, w, REGION);
      expect(i.state, w).toBe('down');
      expect(i.rpo.behaviour, w).toBe('no-recovery');
    }
  });
});
