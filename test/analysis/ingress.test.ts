/** The ingress path in the analysis: dependencies, inherited tiers and the failure simulation of load balancers. */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import type { FailureDomainsResult, WorkloadImpact } from '../../src/analysis/failure-types.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { ingress } from '../rules/failure-fixtures-lb.js';

const A = 'ap-northeast-1a';
const C = 'ap-northeast-1c';
const D = 'ap-northeast-1d';
const az = (name: string) => `az:ap-northeast-1:${name}`;

function analyse(g: ResourceGraph) {
  const policy = defaultPolicy();
  const dependencies = buildDependencies(g, policy);
  const tiers = inheritTiers(g, dependencies, assignTiers(g, policy), policy);
  const failures = simulateFailures({ graph: g, dependencies, tiers, policy });
  return { dependencies, tiers, failures };
}

function impact(r: FailureDomainsResult, workload: string, domain: string): WorkloadImpact {
  const found = r.impacts.filter((i) => i.workload === workload && i.domain === domain);
  expect(found, `${workload} @ ${domain}`).toHaveLength(1);
  return found[0];
}

describe('ingress dependencies', () => {
  it('the service needs its target group, the target group its load balancer, the load balancer its subnets (all hard)', () => {
    const { dependencies } = analyse(ingress([A, C], [A, C]).g.build());
    const of = (id: string) => dependencies.dependenciesOf(id).map((d) => [d.to, d.kind, d.strength, d.relation]);
    expect(of('aws_ecs_service.web')).toContainEqual(['aws_lb_target_group.web', 'ingress', 'hard', 'registers-with']);
    expect(of('aws_lb_target_group.web')).toEqual([['aws_lb.web', 'ingress', 'hard', 'forwards-to']]);
    expect(of('aws_lb.web')).toEqual([
      ['aws_subnet.lb[0]', 'network', 'hard', 'in-subnet'],
      ['aws_subnet.lb[1]', 'network', 'hard', 'in-subnet'],
    ]);
  });

  it('a weighted forward with weight 0 sends the group nothing: soft', () => {
    const net = ingress([A, C], [A, C]);
    const other = net.g.add('lb.load-balancer', 'aws_lb.blue', { props: { type: 'application' } });
    net.g.edge(other, 'forwards-to', net.targetGroup, { attribute: 'action[0].forward[0].target_group[1].arn', data: { weight: 0 } });
    const { dependencies } = analyse(net.g.build());
    const blue = dependencies.dependenciesOf('aws_lb_target_group.web').find((d) => d.to === 'aws_lb.blue')!;
    expect(blue).toMatchObject({ strength: 'soft', reason: 'weighted forward with weight 0' });
  });

  it('an untagged load balancer in front of a critical service carries critical, inherited through the target group', () => {
    const { tiers } = analyse(ingress([A, C], [A, C]).g.build());
    const lb = tiers.get('aws_lb.web')!;
    expect(lb).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(lb.detail).toContain('inherited from aws_ecs_service.web');
    expect(lb.detail).toContain('via aws_lb_target_group.web');
  });
});

describe('ingress failure simulation', () => {
  it('a one-AZ ALB in front of a three-AZ service: its AZ takes both down, the other AZs leave the service degraded', () => {
    const { failures } = analyse(ingress([A, C, D], [A]).g.build());
    const lbA = impact(failures, 'aws_lb.web', az(A));
    expect(lbA).toMatchObject({ state: 'down', capacity: { unit: 'zones', before: 1, after: 0, required: 1 }, rtoVerdict: 'breached', target: { tier: 'critical' } });
    expect(lbA.rto.behaviour).toBe('no-recovery');
    expect(lbA.path!.map((s) => [s.address, s.relation])).toEqual([
      ['aws_lb.web', undefined],
      ['aws_subnet.lb[0]', 'in-subnet'],
    ]);
    const svcA = impact(failures, 'aws_ecs_service.web', az(A));
    expect(svcA).toMatchObject({ state: 'down', rtoVerdict: 'breached', rpoVerdict: 'met' });
    expect(svcA.reasons[0]).toContain('down through its hard dependency aws_lb_target_group.web');
    expect(svcA.path!.map((s) => [s.address, s.relation])).toEqual([
      ['aws_ecs_service.web', undefined],
      ['aws_lb_target_group.web', 'registers-with'],
      ['aws_lb.web', 'forwards-to'],
      ['aws_subnet.lb[0]', 'in-subnet'],
    ]);
    expect(impact(failures, 'aws_lb.web', az(C))).toMatchObject({ state: 'unaffected' });
    expect(impact(failures, 'aws_ecs_service.web', az(C))).toMatchObject({ state: 'degraded', rtoVerdict: 'met' });
    expect(failures.workloads.find((w) => w.id === 'aws_ecs_service.web')!.worstAz).toMatchObject({ domain: az(A), state: 'down' });
    const spof = failures.singlePoints!.find((s) => s.resource === 'aws_lb.web')!;
    expect(spof.single.map((r) => r.path!.map((s) => s.address))).toEqual([['aws_ecs_service.web', 'aws_lb_target_group.web', 'aws_lb.web']]);
  });

  it('a load balancer in three AZs keeps serving from the other two: degraded, no outage', () => {
    const { failures } = analyse(ingress([A, C, D], [A, C, D]).g.build());
    const lbA = impact(failures, 'aws_lb.web', az(A));
    expect(lbA).toMatchObject({ state: 'degraded', capacity: { unit: 'zones', before: 3, after: 2 }, rtoVerdict: 'met', rpoVerdict: 'met' });
    expect(lbA.rto).toMatchObject({ seconds: 0, behaviour: 'elb-zone-removal' });
    expect(impact(failures, 'aws_ecs_service.web', az(A)).state).toBe('degraded');
  });

  it('the NAT gateway of a load balancer subnet is not needed by the load balancer', () => {
    // The service's own subnets route through one NAT gateway per AZ; the load balancer sits in those same private subnets.
    const net = ingress([A, C], []);
    for (const s of net.subnets) net.g.edge(net.lb, 'in-subnet', s, { attribute: 'subnets' });
    const { failures } = analyse(net.g.build());
    expect(impact(failures, 'aws_lb.web', az(A))).toMatchObject({ state: 'degraded', capacity: { before: 2, after: 1 } });
    expect(failures.singlePoints!.find((s) => s.resource === 'aws_lb.web')!.redundant).toHaveLength(1);
  });

  it('a load balancer whose subnets are unknown is unknown, and so is the service behind it, never met', () => {
    const net = ingress([A, C, D], []);
    net.g.unresolved(net.lb, 'in-subnet', 'subnets', 'variable public_subnet_ids has no value');
    const { failures } = analyse(net.g.build());
    const lb = failures.impacts.filter((i) => i.workload === 'aws_lb.web' && i.domain.startsWith('az:'));
    expect(lb.length).toBeGreaterThan(0);
    for (const i of lb) {
      expect(i.state).toBe('unknown');
      expect(i.reasons[0]).toContain('variable public_subnet_ids has no value');
      expect(i.rtoVerdict).not.toBe('met');
    }
    for (const i of failures.impacts.filter((x) => x.workload === 'aws_ecs_service.web' && x.domain.startsWith('az:'))) {
      expect(i.state).toBe('unknown');
      expect(i.rtoVerdict).not.toBe('met');
    }
  });

  it('a Region failure takes a load balancer down with no DR deployment; it keeps no data', () => {
    const { failures } = analyse(ingress([A, C], [A, C]).g.build());
    const region = failures.impacts.find((i) => i.workload === 'aws_lb.web' && i.domain.startsWith('region:'))!;
    expect(region).toMatchObject({ drApproach: 'none', rpo: { behaviour: 'stateless', seconds: 0 } });
  });
});

describe('an ingress path that cannot be followed', () => {
  it('a service whose target group is not in the scan is unknown in every AZ, never unaffected or met', () => {
    const net = ingress([A, C, D], [A, C, D]);
    net.g.unresolved(net.service, 'registers-with', 'load_balancer[0].target_group_arn', 'variable target_group_arn has no value');
    const { failures } = analyse(net.g.build());
    for (const domain of [az(A), az(C), az(D)]) {
      const i = impact(failures, 'aws_ecs_service.web', domain);
      expect(i.state).toBe('unknown');
      expect(i.rtoVerdict).toBe('unknown');
      expect(i.reasons.at(-1)).toContain('variable target_group_arn has no value');
    }
  });
});
