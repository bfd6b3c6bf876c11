/**
 * The compute kinds in the failure simulation: a standalone EC2 instance is
 * lost with its AZ and not replaced; an Auto Scaling group serves while an
 * AZ of it keeps instances (its minimum balanced over its AZs) and EC2 Auto
 * Scaling launches the others in the AZs left; a VPC Lambda function serves
 * while a subnet's AZ is left; a function outside a VPC is not AZ-bound.
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

const A = 'ap-northeast-1a';
const C = 'ap-northeast-1c';
const DA = `az:ap-northeast-1:${A}`;
const DC = `az:ap-northeast-1:${C}`;

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

function slice() {
  const g = graph();
  const subnets = [A, C].map((az, i) => g.add('network.subnet', `aws_subnet.private[${i}]`, { file: 'vpc.tf', props: { availabilityZone: az } }));
  return { g, subnets };
}

describe('failure simulation: compute', () => {
  it('a standalone instance is down with its subnet\'s AZ, with no recovery, and unaffected by the other', () => {
    const { g, subnets } = slice();
    const i = g.add('compute.instance', 'aws_instance.bastion', { file: 'ec2.tf', props: { instanceType: 't3.micro' }, tags: tier('critical') });
    g.edge(i, 'in-subnet', subnets[0], { attribute: 'subnet_id' });
    const r = simulate(g.build());
    const lost = impact(r, i.id, DA);
    expect(lost.state).toBe('down');
    expect(lost.rto.behaviour).toBe('no-recovery');
    expect(lost.rtoVerdict).toBe('breached');
    expect(lost.path?.map((s) => s.address)).toEqual(['aws_instance.bastion', 'aws_subnet.private[0]']);
    expect(impact(r, i.id, DC).state).toBe('unaffected');
  });

  it('an instance launched by a group (live) is not a workload of its own', () => {
    const { g, subnets } = slice();
    const i = g.add('compute.instance', 'i-0123', { props: { autoScalingGroup: 'web', availabilityZone: A }, tags: tier('critical') });
    g.edge(i, 'in-subnet', subnets[0]);
    expect(simulate(g.build()).workloads.map((w) => w.id)).not.toContain(i.id);
  });

  it('a group over two AZs keeps half its minimum through the loss of one AZ and launches the rest elsewhere', () => {
    const { g, subnets } = slice();
    const asg = g.add('compute.autoscaling-group', 'aws_autoscaling_group.web', { file: 'asg.tf', props: { minSize: 4 }, tags: tier('critical') });
    for (const s of subnets) g.edge(asg, 'in-subnet', s, { attribute: 'vpc_zone_identifier' });
    const r = simulate(g.build());
    const x = impact(r, asg.id, DA);
    expect(x.state).toBe('degraded');
    expect(x.capacity).toEqual({ unit: 'instances', before: 4, after: 2, required: 2 });
    expect(x.rto).toMatchObject({ behaviour: 'ec2-asg-replace', seconds: 0 });
    expect(x.rto.source).toBe('https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html');
    expect(x.rtoVerdict).toBe('met');
    // What an instance kept on its own disks has no documented recovery: the RPO is not a pass.
    expect(x.rpo.seconds).toBeUndefined();
    expect(x.rpoVerdict).not.toBe('met');
  });

  it('a group with one instance over two AZs may have none left: down until a replacement launches (no documented time)', () => {
    const { g, subnets } = slice();
    const asg = g.add('compute.autoscaling-group', 'aws_autoscaling_group.small', { props: { minSize: 1 }, tags: tier('high') });
    for (const s of subnets) g.edge(asg, 'in-subnet', s);
    const x = impact(simulate(g.build()), asg.id, DA);
    expect(x.state).toBe('down');
    expect(x.capacity).toMatchObject({ before: 1, after: 0 });
    expect(x.rto.behaviour).toBe('ec2-asg-replace');
    expect(x.rto.seconds).toBeUndefined();
  });

  it('a group in one AZ is down with it, with no AZ left to launch in', () => {
    const { g, subnets } = slice();
    const asg = g.add('compute.autoscaling-group', 'aws_autoscaling_group.one', { props: { minSize: 2 }, tags: tier('critical') });
    g.edge(asg, 'in-subnet', subnets[1]);
    const r = simulate(g.build());
    expect(impact(r, asg.id, DC)).toMatchObject({ state: 'down', rto: { behaviour: 'no-recovery' } });
    expect(impact(r, asg.id, DA).state).toBe('unaffected');
  });

  it('a group placed by availability_zones (no subnets) is judged by those AZs', () => {
    const { g } = slice();
    const asg = g.add('compute.autoscaling-group', 'aws_autoscaling_group.classic', { props: { minSize: 2, availabilityZones: [A, C] }, tags: tier('critical') });
    const x = impact(simulate(g.build()), asg.id, DA);
    expect(x).toMatchObject({ state: 'degraded', capacity: { before: 2, after: 1 } });
  });

  it('a group whose subnets are not resolved is unknown', () => {
    const { g } = slice();
    const asg = g.add('compute.autoscaling-group', 'aws_autoscaling_group.vars', { props: { minSize: 2 }, tags: tier('critical') });
    g.unresolved(asg, 'in-subnet', 'vpc_zone_identifier', 'variable subnet_ids has no value');
    const x = impact(simulate(g.build()), asg.id, DA);
    expect(x.state).toBe('unknown');
    expect(x.reasons[0]).toContain('variable subnet_ids has no value');
  });

  it('a VPC function keeps running in the subnets left, is down when none is, and a non-VPC function is unaffected', () => {
    const { g, subnets } = slice();
    const spread = g.add('function', 'aws_lambda_function.orders', { props: { inVpc: true }, tags: tier('critical') });
    for (const s of subnets) g.edge(spread, 'in-subnet', s, { attribute: 'vpc_config.subnet_ids' });
    const single = g.add('function', 'aws_lambda_function.ingest', { props: { inVpc: true }, tags: tier('high') });
    g.edge(single, 'in-subnet', subnets[1]);
    const regional = g.add('function', 'aws_lambda_function.nightly', { props: { inVpc: false }, tags: tier('critical') });
    const r = simulate(g.build());
    expect(impact(r, spread.id, DC)).toMatchObject({ state: 'degraded', rto: { behaviour: 'lambda-multi-az', seconds: 0 }, rtoVerdict: 'met', rpoVerdict: 'met' });
    expect(impact(r, single.id, DC)).toMatchObject({ state: 'down', rto: { behaviour: 'no-recovery' }, rtoVerdict: 'breached' });
    expect(impact(r, single.id, DA).state).toBe('unaffected');
    expect(impact(r, regional.id, DA).state).toBe('unaffected');
    expect(impact(r, regional.id, DC).state).toBe('unaffected');
  });

  it('an instance whose subnet is not resolved (known only after apply) is unknown, never unaffected', () => {
    const { g } = slice();
    const i = g.add('compute.instance', 'aws_instance.edi', { file: 'plan.json', props: { instanceType: 'm6i.large' }, tags: tier('high') });
    g.unresolved(i, 'in-subnet', 'subnet_id', 'aws_instance.edi.subnet_id is known only after apply');
    const r = simulate(g.build());
    for (const domain of [DA, DC]) {
      const x = impact(r, i.id, domain);
      expect(x.state).toBe('unknown');
      expect(x.reasons[0]).toContain('known only after apply');
      expect([x.rtoVerdict, x.rpoVerdict]).toEqual(['unknown', 'unknown']);
    }
  });

  it('a function that cannot be placed is unknown with no RTO figure: it may have no subnet left, so Lambda\'s own figure does not meet the target', () => {
    const { g } = slice();
    const placedNowhere = g.add('function', 'aws_lambda_function.webhook', { props: { inVpc: true }, tags: tier('critical') });
    g.unresolved(placedNowhere, 'in-subnet', 'vpc_config.subnet_ids', 'subnet_ids are known only after apply');
    const x = impact(simulate(g.build()), placedNowhere.id, DA);
    expect(x.state).toBe('unknown');
    expect(x.rto.seconds).toBeUndefined();
    expect(x.rtoVerdict).toBe('unknown');
  });
});
