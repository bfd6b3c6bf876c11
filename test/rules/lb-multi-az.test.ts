import rule from '../../rules/lb-multi-az.js';
import type { Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const LB = 'aws_lb.public';

/** A load balancer at lb.tf:1 (cross-zone at line 5) in one subnet per given AZ. */
function lb(type: string | Unknown, azs: (string | Unknown)[], crossZone: boolean | Unknown | undefined, tierName = 'critical', attributes?: Record<string, string>) {
  const g = graph();
  const props: Record<string, unknown> = { name: 'public', type };
  if (crossZone !== undefined) props.crossZone = crossZone;
  const r = g.add('lb.load-balancer', LB, { file: 'lb.tf', line: 1, name: 'public', props: props as never, lines: { crossZone: 5 } as never, attributes: { crossZone: 'enable_cross_zone_load_balancing', ...attributes } as never, tags: tier(tierName) });
  azs.forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.public[${i}]`, { file: 'vpc.tf', props: { availabilityZone: az } });
    g.edge(r, 'in-subnet', s, { attribute: 'subnets' });
  });
  return { g, r: r as Resource<'lb.load-balancer'> };
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'an ALB in two AZs (cross-zone always on)',
      graph: () => lb('application', [AZ_A, AZ_C], true).g.build(),
      findings: [{ address: LB, status: 'pass', messageId: 'meets', location: { file: 'lb.tf', line: 1 }, message: `public (application) is enabled in 2 AZs (${AZ_A}, ${AZ_C}), cross-zone load balancing on; tier critical requires ≥ 2 AZs, cross-zone load balancing on` }],
    },
    {
      name: 'an NLB in two AZs with cross-zone turned on',
      graph: () => lb('network', [AZ_A, AZ_C], true).g.build(),
      findings: [{ address: LB, status: 'pass', messageId: 'meets', location: { file: 'lb.tf', line: 1 }, message: 'public (network) is enabled in 2 AZs' }],
    },
    {
      name: 'medium: one AZ, cross-zone off is enough',
      graph: () => lb('network', [AZ_A], false, 'medium').g.build(),
      findings: [{ address: LB, status: 'pass', messageId: 'meets', severity: 'low', location: { file: 'lb.tf', line: 1 }, message: 'tier medium requires ≥ 1 AZs' }],
    },
    {
      name: 'a gateway load balancer left out of crossZoneTypes',
      options: { crossZoneTypes: ['application', 'network'] },
      graph: () => lb('gateway', [AZ_A, AZ_C], false).g.build(),
      findings: [{ address: LB, status: 'pass', messageId: 'meets', location: { file: 'lb.tf', line: 1 } }],
    },
    {
      name: 'live: subnets not in the scan, the zones the API reports',
      graph: () => {
        const g = graph();
        g.add('lb.load-balancer', 'arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/net/edge/1', { live: true, name: 'edge', props: { name: 'edge', type: 'network', crossZone: true, availabilityZones: [AZ_A, AZ_C] }, tags: tier('high') });
        return g.build();
      },
      findings: [{ address: 'arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/net/edge/1', status: 'pass', messageId: 'meets', location: null, message: `enabled in 2 AZs (${AZ_A}, ${AZ_C})` }],
    },
  ],
  fail: [
    {
      name: 'an NLB with cross-zone off points at the attribute',
      graph: () => lb('network', [AZ_A, AZ_C], false).g.build(),
      findings: [{ address: LB, status: 'fail', messageId: 'insufficient', severity: 'high', location: { file: 'lb.tf', line: 5 }, message: 'cross-zone load balancing is off' }],
    },
    {
      name: 'a load balancer in a single AZ (two subnets of it)',
      graph: () => lb('network', [AZ_A, AZ_A], true).g.build(),
      findings: [{ address: LB, status: 'fail', messageId: 'insufficient', location: { file: 'lb.tf', line: 1 }, message: `enabled in 1 AZ(s) (${AZ_A}) < 2 required` }],
    },
    {
      name: 'high tier fails too, severity high',
      graph: () => lb('network', [AZ_A], true, 'high').g.build(),
      findings: [{ address: LB, status: 'fail', messageId: 'insufficient', severity: 'high', location: { file: 'lb.tf', line: 1 }, message: 'tier high' }],
    },
    {
      name: 'a medium tier that asks for cross-zone',
      graph: () => lb('network', [AZ_A, AZ_C], false, 'medium').g.build(),
      policy: policyWith({ assignments: [{ match: { kind: 'lb.load-balancer' }, tier: 'medium', requirements: { network: { natPerAz: false, lbCrossZone: true } } }] }),
      findings: [{ address: LB, status: 'fail', messageId: 'insufficient', severity: 'low', location: { file: 'lb.tf', line: 5 }, message: 'cross-zone load balancing is off' }],
    },
  ],
  unknown: [
    {
      name: "a subnet's AZ is unknown and the other is known",
      graph: () => lb('network', [AZ_A, new Unknown('var.azs has no value')], true).g.build(),
      findings: [{ address: LB, status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 1 }, message: 'var.azs has no value' }],
    },
    {
      name: 'the subnets are unresolved',
      graph: () => {
        const g = graph();
        const r = g.add('lb.load-balancer', LB, { file: 'lb.tf', line: 1, name: 'public', props: { name: 'public', type: 'application', crossZone: true }, tags: tier('critical') });
        g.unresolved(r, 'in-subnet', 'subnets', 'var.public_subnets has no value');
        return g.build();
      },
      findings: [{ address: LB, status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 1 }, message: 'AZs: its subnets: var.public_subnets has no value' }],
    },
    {
      name: 'the type is unknown, so cross-zone is too',
      graph: () => lb(new Unknown('var.lb_type has no value'), [AZ_A, AZ_C], new Unknown('cross-zone load balancing depends on the load balancer type: var.lb_type has no value')).g.build(),
      findings: [{ address: LB, status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 5 }, message: 'public (type unknown): cannot tell' }],
    },
  ],
  notApplicable: [],
});
