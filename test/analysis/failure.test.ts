import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures, judge } from '../../src/analysis/failure.js';
import type { FailureDomainsResult, WorkloadImpact } from '../../src/analysis/failure-types.js';
import { RecoveryTable, RECOVERY_TABLE } from '../../src/analysis/recovery.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import { azAt } from '../../src/graph/az.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { parsePolicy } from '../../src/policy/load.js';
import { assignTiers } from '../../src/policy/tiers.js';
import type { Policy } from '../../src/policy/types.js';
import { scan } from '../../src/scan.js';
import { graph, tier } from '../helpers/rule-tester.js';
import { assertReport } from '../support/schemas.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');

function simulate(g: ResourceGraph, policy: Policy = defaultPolicy()): FailureDomainsResult {
  const dependencies = buildDependencies(g, policy);
  const tiers = inheritTiers(g, dependencies, assignTiers(g, policy), policy);
  return simulateFailures({ graph: g, dependencies, tiers, policy });
}

function impact(r: FailureDomainsResult, workload: string, domain: string): WorkloadImpact {
  const found = r.impacts.filter((i) => i.workload === workload && i.domain === domain);
  expect(found, `${workload} @ ${domain}`).toHaveLength(1);
  return found[0];
}

/** A VPC slice: one private subnet per AZ, each routing 0.0.0.0/0 through the NAT gateway `natOf(az)` in a public subnet of that AZ. */
function network(azs: string[], natOf: (az: string) => string = (az) => az) {
  const g = graph();
  const natAzs = [...new Set(azs.map(natOf))];
  const nats = new Map<string, string>();
  for (const az of natAzs) {
    const pub = g.add('network.subnet', `aws_subnet.public["${az}"]`, { props: { availabilityZone: az }, file: 'network.tf' });
    const nat = g.add('network.nat-gateway', `aws_nat_gateway.this["${az}"]`, { file: 'network.tf' });
    g.edge(nat, 'in-subnet', pub);
    nats.set(az, nat.id);
  }
  const subnets = azs.map((az) => {
    const s = g.add('network.subnet', `aws_subnet.private["${az}"]`, { props: { availabilityZone: az }, file: 'network.tf' });
    const rt = g.add('network.route-table', `aws_route_table.private["${az}"]`, { file: 'network.tf' });
    g.edge(s, 'uses-route-table', rt).edge(rt, 'routes-via', nats.get(natOf(az))!, { data: { destination: '0.0.0.0/0' } });
    return s;
  });
  return { g, subnets };
}

describe('failure simulation: AZ domains', () => {
  it('a service with a task in every AZ and a NAT gateway per AZ loses one AZ of capacity and keeps serving', () => {
    const { g, subnets } = network(['ap-northeast-1a', 'ap-northeast-1c']);
    const svc = g.add('ecs.service', 'aws_ecs_service.api', { props: { desiredCount: 4 }, tags: tier('critical'), file: 'ecs.tf', line: 1 });
    for (const s of subnets) g.edge(svc, 'in-subnet', s, { attribute: 'network_configuration.subnets' });
    const r = simulate(g.build());
    expect(r.domains.map((d) => [d.id, d.comparedBy])).toEqual([
      ['az:ap-northeast-1:ap-northeast-1a', 'az-name'],
      ['az:ap-northeast-1:ap-northeast-1c', 'az-name'],
      ['region:?', 'region'],
    ]);
    const a = impact(r, 'aws_ecs_service.api', 'az:ap-northeast-1:ap-northeast-1a');
    expect(a).toMatchObject({ state: 'degraded', capacity: { unit: 'tasks', before: 4, after: 2, required: 2 }, rtoVerdict: 'met', rpoVerdict: 'met', target: { tier: 'critical', rtoSeconds: 900, rpoSeconds: 300 } });
    expect(a.rto).toMatchObject({ seconds: 0, behaviour: 'ecs-reschedule' });
    expect(r.workloads).toEqual([
      expect.objectContaining({ id: 'aws_ecs_service.api', tier: 'critical', worstAz: expect.objectContaining({ state: 'degraded', rtoVerdict: 'met' }) }),
    ]);
  });

  it('one NAT gateway for both AZs takes the whole service down with its AZ, the path leading to the NAT gateway', () => {
    const { g, subnets } = network(['ap-northeast-1a', 'ap-northeast-1c'], () => 'ap-northeast-1a');
    const svc = g.add('ecs.service', 'aws_ecs_service.api', { props: { desiredCount: 4 }, tags: tier('critical'), file: 'ecs.tf', line: 1 });
    for (const s of subnets) g.edge(svc, 'in-subnet', s);
    const r = simulate(g.build());
    const a = impact(r, 'aws_ecs_service.api', 'az:ap-northeast-1:ap-northeast-1a');
    expect(a.state).toBe('down');
    expect(a.rtoVerdict).toBe('breached');
    expect(a.rto.behaviour).toBe('no-recovery');
    expect(a.path!.map((s) => [s.relation, s.address])).toEqual([
      [undefined, 'aws_ecs_service.api'],
      ['in-subnet', 'aws_subnet.private["ap-northeast-1c"]'],
      ['uses-route-table', 'aws_route_table.private["ap-northeast-1c"]'],
      ['routes-via', 'aws_nat_gateway.this["ap-northeast-1a"]'],
      ['in-subnet', 'aws_subnet.public["ap-northeast-1a"]'],
    ]);
    expect(a.path![0].location).toEqual({ file: 'ecs.tf', line: 1, column: 1 });
    // Losing the other AZ leaves the NAT gateway's AZ serving.
    expect(impact(r, 'aws_ecs_service.api', 'az:ap-northeast-1:ap-northeast-1c').state).toBe('degraded');
  });

  it('a hard dependency that goes down takes its dependents down with its own recovery time, through the path', () => {
    const { g, subnets } = network(['ap-northeast-1a', 'ap-northeast-1c']);
    const svc = g.add('ecs.service', 'aws_ecs_service.api', { props: { desiredCount: 2 }, tags: tier('high') });
    for (const s of subnets) g.edge(svc, 'in-subnet', s);
    const cluster = g.add('db.cluster', 'aws_rds_cluster.orders', { props: { engine: 'aurora-postgresql', backupRetentionDays: 7 } });
    const inst = g.add('db.instance', 'aws_rds_cluster_instance.orders', { props: { engine: 'aurora-postgresql', availabilityZone: 'ap-northeast-1a' } });
    g.edge(inst, 'member-of', cluster).edge(svc, 'depends-on', cluster);
    const r = simulate(g.build());
    const db = impact(r, 'aws_rds_cluster.orders', 'az:ap-northeast-1:ap-northeast-1a');
    // Recreating the primary while its AZ is out has no documented time: unknown, never met.
    expect(db).toMatchObject({ state: 'down', rto: { behaviour: 'aurora-instance-recreate' }, rtoVerdict: 'unknown', rpo: { seconds: 0, behaviour: 'aurora-storage' }, rpoVerdict: 'met' });
    expect(db.rto.seconds).toBeUndefined();
    const api = impact(r, 'aws_ecs_service.api', 'az:ap-northeast-1:ap-northeast-1a');
    expect(api.state).toBe('down');
    expect(api.rto).toMatchObject({ behaviour: 'aurora-instance-recreate' });
    expect(api.rtoVerdict).toBe('unknown');
    expect(api.path!.map((s) => s.address)).toEqual(['aws_ecs_service.api', 'aws_rds_cluster.orders', 'aws_rds_cluster_instance.orders']);
    expect(api.path![1].relation).toBe('depends-on');
  });

  it('Aurora with a replica in another AZ fails over; a Multi-AZ instance fails over; a single-AZ instance restores from backups', () => {
    const g = graph();
    const cluster = g.add('db.cluster', 'aws_rds_cluster.auth', { props: { engine: 'aurora-mysql' }, tags: tier('critical') });
    for (const az of ['us-east-1a', 'us-east-1b']) g.edge(g.add('db.instance', `aws_rds_cluster_instance.auth["${az}"]`, { props: { engine: 'aurora-mysql', availabilityZone: az } }), 'member-of', cluster);
    g.add('db.instance', 'aws_db_instance.maz', { props: { engine: 'postgres', multiAz: true, availabilityZone: 'us-east-1a' }, tags: tier('critical') });
    g.add('db.instance', 'aws_db_instance.single', { props: { engine: 'postgres', multiAz: false, availabilityZone: 'us-east-1a', backupRetentionDays: 7 }, tags: tier('high') });
    g.add('db.instance', 'aws_db_instance.nobackup', { props: { engine: 'postgres', availabilityZone: 'us-east-1a', backupRetentionDays: 0 } });
    const r = simulate(g.build());
    const a = 'az:us-east-1:us-east-1a';
    expect(impact(r, 'aws_rds_cluster.auth', a)).toMatchObject({ state: 'degraded', rto: { seconds: 60, behaviour: 'aurora-replica-failover' }, rtoVerdict: 'met', rpoVerdict: 'met', capacity: { before: 2, after: 1 } });
    expect(impact(r, 'aws_db_instance.maz', a)).toMatchObject({ state: 'degraded', rto: { seconds: 120, behaviour: 'rds-multi-az-instance-failover' }, rpo: { seconds: 0 }, rtoVerdict: 'met' });
    // The standby of a Multi-AZ instance may be in the other AZ: losing it does not interrupt the primary.
    expect(impact(r, 'aws_db_instance.maz', 'az:us-east-1:us-east-1b').state).toBe('unaffected');
    // Restore time has no documented figure: unknown, never met. The RPO (≤ 5 min) meets high's 15 min.
    expect(impact(r, 'aws_db_instance.single', a)).toMatchObject({ state: 'down', rto: { behaviour: 'pitr-restore' }, rtoVerdict: 'unknown', rpo: { seconds: 300 }, rpoVerdict: 'met' });
    expect(impact(r, 'aws_db_instance.single', a).rto.seconds).toBeUndefined();
    expect(impact(r, 'aws_db_instance.nobackup', a)).toMatchObject({ state: 'down', rpo: { behaviour: 'no-backups' }, rpoVerdict: 'breached', rtoVerdict: 'breached' });
  });

  it('an instance whose AZ is unknown is unknown in every AZ domain, unless the worst case still meets the target', () => {
    const g = graph();
    const cluster = g.add('db.cluster', 'aws_rds_cluster.c', { props: { engine: 'aurora-postgresql' }, tags: tier('medium') });
    g.edge(g.add('db.instance', 'aws_rds_cluster_instance.c', { props: { engine: 'aurora-postgresql', availabilityZone: new Unknown('var.az has no value') } }), 'member-of', cluster);
    g.add('db.instance', 'aws_db_instance.x', { props: { engine: 'mysql', multiAz: false, availabilityZone: 'eu-west-1a' } });
    g.add('db.instance', 'aws_db_instance.y', { props: { engine: 'mysql', multiAz: false, availabilityZone: new Unknown('data source') }, tags: tier('critical') });
    g.add('db.instance', 'aws_db_instance.m', { props: { engine: 'mysql', multiAz: true }, tags: tier('critical') });
    const r = simulate(g.build());
    // A promotion (60 s) if its instance is elsewhere, no figure if it is in the AZ: unknown.
    expect(impact(r, 'aws_rds_cluster.c', 'az:eu-west-1:eu-west-1a')).toMatchObject({ state: 'unknown', rtoVerdict: 'unknown', rpoVerdict: 'met' });
    // A Multi-AZ instance whose AZ is unknown: at worst a failover, which meets any built-in target.
    expect(impact(r, 'aws_db_instance.m', 'az:eu-west-1:eu-west-1a')).toMatchObject({ state: 'degraded', rto: { seconds: 120 }, rtoVerdict: 'met' });
    expect(impact(r, 'aws_db_instance.y', 'az:eu-west-1:eu-west-1a')).toMatchObject({ state: 'unknown', rtoVerdict: 'unknown' });
    expect(r.notes.some((n) => n.includes('3 resource(s) with an AZ that cannot be told'))).toBe(true);
  });

  it('compares live resources by AZ ID across accounts, and IaC symbolic AZs as elements of their list', () => {
    const g = graph();
    const c = g.add('db.cluster', 'arn:cluster', { live: true, props: { engine: 'aurora-mysql' }, provenance: { region: 'ap-northeast-1', accountId: '111111111111' } });
    g.edge(g.add('db.instance', 'arn:i1', { live: true, props: { engine: 'aurora-mysql', availabilityZone: 'ap-northeast-1a', availabilityZoneId: 'apne1-az4' }, provenance: { region: 'ap-northeast-1', accountId: '111111111111' } }), 'member-of', c);
    g.edge(g.add('db.instance', 'arn:i2', { live: true, props: { engine: 'aurora-mysql', availabilityZone: 'ap-northeast-1c', availabilityZoneId: 'apne1-az1' }, provenance: { region: 'ap-northeast-1', accountId: '111111111111' } }), 'member-of', c);
    // Another account names apne1-az4 differently: the same domain.
    g.add('db.instance', 'arn:other', { live: true, props: { engine: 'postgres', multiAz: false, availabilityZone: 'ap-northeast-1c', availabilityZoneId: 'apne1-az4' }, provenance: { region: 'ap-northeast-1', accountId: '222222222222' } });
    const origin = { key: 'data.aws_availability_zones.available', label: 'data.aws_availability_zones.available', distinct: true };
    g.add('network.subnet', 'aws_subnet.a[0]', { props: { availabilityZone: azAt(origin, 0) } });
    g.add('network.subnet', 'aws_subnet.a[1]', { props: { availabilityZone: azAt(origin, 1) } });
    const r = simulate(g.build());
    const ids = r.domains.map((d) => [d.id, d.comparedBy]);
    expect(ids).toContainEqual(['az:ap-northeast-1:apne1-az4', 'az-id']);
    expect(ids).toContainEqual(['az:?:AZ #1 of data.aws_availability_zones.available', 'symbolic']);
    expect(ids).toContainEqual(['region:ap-northeast-1', 'region']);
    expect(impact(r, 'arn:other', 'az:ap-northeast-1:apne1-az4').state).toBe('down');
    expect(r.impacts.filter((i) => i.workload === 'arn:other' && i.domain === 'az:ap-northeast-1:apne1-az1').map((i) => i.state)).toEqual(['unaffected']);
    expect(impact(r, 'arn:cluster', 'az:ap-northeast-1:apne1-az4')).toMatchObject({ state: 'degraded', capacity: { after: 1 } });
  });
});

describe('failure simulation: Region domains', () => {
  it('an Aurora Global Database with a secondary in another Region is a warm standby; without one there is no DR', () => {
    const g = graph();
    const global = g.add('db.global-cluster', 'aws_rds_global_cluster.orders', { props: { engine: 'aurora-postgresql' } });
    const primary = g.add('db.cluster', 'aws_rds_cluster.primary', { props: { engine: 'aurora-postgresql' }, tags: tier('critical'), provenance: { region: 'ap-northeast-1' } });
    const secondary = g.add('db.cluster', 'aws_rds_cluster.secondary', { props: { engine: 'aurora-postgresql' }, tags: tier('critical'), provenance: { region: 'ap-northeast-3' } });
    g.edge(primary, 'member-of', global).edge(secondary, 'member-of', global);
    g.edge(g.add('db.instance', 'aws_rds_cluster_instance.secondary', { props: { engine: 'aurora-postgresql', availabilityZone: 'ap-northeast-3a' }, provenance: { region: 'ap-northeast-3' } }), 'member-of', secondary);
    g.add('db.instance', 'aws_db_instance.alone', { props: { engine: 'mysql', multiAz: true }, tags: tier('high'), provenance: { region: 'ap-northeast-1' } });
    const r = simulate(g.build());
    const p = impact(r, 'aws_rds_cluster.primary', 'region:ap-northeast-1');
    expect(p).toMatchObject({ state: 'down', drApproach: 'warm-standby', rto: { seconds: 900, behaviour: 'aurora-global-failover' }, rpo: { seconds: 1 }, target: { rtoSeconds: 14_400, rpoSeconds: 3_600 }, rtoVerdict: 'met', rpoVerdict: 'met' });
    expect(impact(r, 'aws_db_instance.alone', 'region:ap-northeast-1')).toMatchObject({ state: 'down', drApproach: 'none', rtoVerdict: 'breached', rpoVerdict: 'breached' });
    expect(r.workloads.find((w) => w.id === 'aws_rds_cluster.primary')!.region).toEqual({ domain: 'region:ap-northeast-1', state: 'down', rtoVerdict: 'met', rpoVerdict: 'met', drApproach: 'warm-standby' });
    // The secondary's Region failing leaves the primary alone: not listed for it.
    expect(r.impacts.some((i) => i.workload === 'aws_rds_cluster.primary' && i.domain === 'region:ap-northeast-3')).toBe(false);
  });
});

describe('recovery table and tier targets', () => {
  it('every built-in figure cites its source; behaviours without a documented figure have none', () => {
    for (const b of RECOVERY_TABLE) expect(b.source, b.behaviour).toMatch(/https:\/\/docs\.aws\.amazon\.com\/|docs\/requirements\.md|resilint/);
    const t = new RecoveryTable();
    expect(t.rto('ecs-reschedule').seconds).toBeUndefined();
    expect(t.rto('pitr-restore').seconds).toBeUndefined();
    expect(t.rpo('pitr-restore').seconds).toBe(300);
    expect(t.rto('rds-multi-az-instance-failover').seconds).toBe(120);
    expect(t.rto('rds-multi-az-cluster-failover').seconds).toBe(35);
    expect(t.rto('aurora-instance-recreate').seconds).toBe(600);
  });

  it('judges a figure against a target: no figure or no target is unknown, never met', () => {
    expect(judge({ behaviour: 'x', source: 's', seconds: 60 }, 900)).toBe('met');
    expect(judge({ behaviour: 'x', source: 's', seconds: 1200 }, 900)).toBe('breached');
    expect(judge({ behaviour: 'x', source: 's' }, 900)).toBe('unknown');
    expect(judge({ behaviour: 'x', source: 's', seconds: 60 }, undefined)).toBe('unknown');
    expect(judge({ behaviour: 'x', source: 's', seconds: 1200 }, 900, 60)).toBe('unknown');
    expect(judge({ behaviour: 'no-backups', source: 's' }, 900)).toBe('breached');
  });

  it('a policy overrides a figure and the Region targets of a tier; the source names the policy file and line', () => {
    const policy = parsePolicy(
      ['tiers:', '  critical:', '    region: { rtoMinutes: 60 }', 'recovery:', '  aurora-instance-recreate:', '    rtoSeconds: 420', '    source: failover drill 2026-10', ''].join('\n'),
      'resilint.yaml',
    );
    expect(policy.tiers.critical.region).toEqual({ rtoMinutes: 60, rpoMinutes: 60 });
    expect(policy.tiers.high.region).toEqual({ rtoMinutes: 240, rpoMinutes: 60 });
    const t = new RecoveryTable(policy.recovery, policy.source);
    expect(t.rto('aurora-instance-recreate')).toMatchObject({ seconds: 420, source: 'policy resilint.yaml:5 (failover drill 2026-10)' });
    expect(t.rpo('aurora-instance-recreate').seconds).toBe(0);
  });

  it('rejects an unknown behaviour and a negative figure with the line', () => {
    expect(() => parsePolicy('recovery:\n  teleport: { rtoSeconds: 1 }\n', 'p.yaml')).toThrow(/^p\.yaml:\d+:\d+: recovery/);
    expect(() => parsePolicy('recovery:\n  pitr-restore:\n    rpoSeconds: -5\n', 'p.yaml')).toThrow(/^p\.yaml:3:17: recovery\.pitr-restore\.rpoSeconds: must be >= 0/);
  });
});

describe('failure simulation on scanned code', () => {
  it('TechNova (Terraform): the shared NAT gateway in 1a takes the auth and order services down with 1a; the JSON block validates', async () => {
    const dir = join(FIXTURES, 'technova/terraform');
    const result = await scan({ paths: [dir], root: dir });
    const r = result.failureDomains!;
    const auth = impact(r, 'aws_ecs_service.auth', 'az:ap-northeast-1:ap-northeast-1a');
    expect(auth.state).toBe('down');
    expect(auth.path!.map((s) => s.address)).toContain('aws_nat_gateway.this["ap-northeast-1a"]');
    // Each step is located where the reference that makes the dependency is written: the route's nat_gateway_id.
    expect(auth.path!.find((s) => s.address === 'aws_nat_gateway.this["ap-northeast-1a"]')).toMatchObject({ relation: 'routes-via', location: { file: 'network.tf', line: 88 } });
    expect(impact(r, 'aws_rds_cluster.auth', 'az:ap-northeast-1:ap-northeast-1c')).toMatchObject({ state: 'degraded', rtoVerdict: 'met' });
    assertReport(JSON.parse(JSON.stringify(result)));
  });
});
