/**
 * EFS file systems in the failure simulation: a One Zone file system is lost
 * with its AZ; a Regional one keeps its data, but the workloads that mount
 * it lose it when every mount target is in the lost AZ (an ECS service
 * whose tasks run in another AZ goes down with it), and only degrade when a
 * mount target is left elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import type { FailureDomainsResult, WorkloadImpact } from '../../src/analysis/failure-types.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { graph, tier } from '../helpers/rule-tester.js';

const TOKYO = 'ap-northeast-1';
const AZ_A = `az:${TOKYO}:${TOKYO}a`;
const AZ_C = `az:${TOKYO}:${TOKYO}c`;

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

function estate() {
  const g = graph();
  const region = { region: TOKYO };
  const a = g.add('network.subnet', 'aws_subnet.a', { props: { availabilityZone: `${TOKYO}a` }, provenance: region });
  const c = g.add('network.subnet', 'aws_subnet.c', { props: { availabilityZone: `${TOKYO}c` }, provenance: region });
  g.add('storage.file-system', 'aws_efs_file_system.scratch', { props: { availabilityZone: `${TOKYO}a`, replicationRegions: [] }, tags: tier('high'), provenance: region });
  const shared = g.add('storage.file-system', 'aws_efs_file_system.shared', { props: { replicationRegions: [] }, tags: tier('critical'), provenance: region });
  const uploads = g.add('storage.file-system', 'aws_efs_file_system.uploads', { props: { replicationRegions: [] }, tags: tier('high'), provenance: region });
  g.edge(shared, 'in-subnet', a).edge(shared, 'in-subnet', c).edge(uploads, 'in-subnet', a);
  // web runs in 1a and 1c and mounts uploads (a mount target only in 1a) through its task definition.
  const td = g.add('ecs.task-definition', 'aws_ecs_task_definition.web', { provenance: region });
  const web = g.add('ecs.service', 'aws_ecs_service.web', { props: { desiredCount: 4, launchType: 'FARGATE' }, tags: tier('high'), provenance: region });
  g.edge(web, 'uses-task-definition', td).edge(web, 'in-subnet', a).edge(web, 'in-subnet', c).edge(td, 'mounts', uploads);
  return simulate(g.build());
}

describe('failure simulation: EFS file systems', () => {
  it('One Zone: down with its AZ, untouched by another', () => {
    const r = estate();
    const lost = impact(r, 'aws_efs_file_system.scratch', AZ_A);
    expect(lost.state).toBe('down');
    expect(lost.rto.behaviour).toBe('efs-one-zone-az-loss');
    expect(lost.reasons.join(' ')).toContain('only copy of the data');
    expect(impact(r, 'aws_efs_file_system.scratch', AZ_C).state).toBe('unaffected');
  });

  it('Regional with mount targets in both AZs: degraded (sourced figure), not down', () => {
    const i = impact(estate(), 'aws_efs_file_system.shared', AZ_A);
    expect(i.state).toBe('degraded');
    expect(i.rto.behaviour).toBe('efs-regional');
    expect(i.rto.seconds).toBe(0);
  });

  it('Regional with its only mount target in the lost AZ: down, and the service mounting it from 1c with it', () => {
    const r = estate();
    const fs = impact(r, 'aws_efs_file_system.uploads', AZ_A);
    expect(fs.state).toBe('down');
    expect(fs.reasons.join(' ')).toContain('no mount target left');
    const web = impact(r, 'aws_ecs_service.web', AZ_A);
    expect(web.state).toBe('down');
    expect(web.path?.map((s) => s.address)).toContain('aws_efs_file_system.uploads');
    expect(impact(r, 'aws_ecs_service.web', AZ_C).state).not.toBe('down');
  });
});
