/** single-point-of-failure on load balancers: the ingress path service → target group → load balancer. */
import rule from '../../rules/single-point-of-failure.js';
import { SymbolicAzList } from '../../src/graph/az.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { ingress } from './failure-fixtures-lb.js';

const A = 'ap-northeast-1a';
const C = 'ap-northeast-1c';
const D = 'ap-northeast-1d';
const NATS = [
  { address: `aws_nat_gateway.this["${A}"]`, status: 'pass' as const, messageId: 'redundant', location: { file: 'nat.tf', line: 1 } },
  { address: `aws_nat_gateway.this["${C}"]`, status: 'pass' as const, messageId: 'redundant', location: { file: 'nat.tf', line: 11 } },
  { address: `aws_nat_gateway.this["${D}"]`, status: 'pass' as const, messageId: 'redundant', location: { file: 'nat.tf', line: 21 } },
];

ruleTester.run(rule, {
  pass: [
    {
      name: 'a load balancer enabled in three AZs in front of a critical service has a node in each',
      graph: () => ingress([A, C, D], [A, C, D]).g.build(),
      findings: [{ address: 'aws_lb.web', status: 'pass', messageId: 'redundant', location: { file: 'lb.tf', line: 1 }, message: 'needed by aws_ecs_service.web' }, ...NATS],
    },
  ],
  fail: [
    {
      name: 'a one-AZ load balancer in front of a three-AZ critical service',
      graph: () => ingress([A, C, D], [A]).g.build(),
      findings: [
        {
          address: 'aws_lb.web',
          status: 'fail',
          messageId: 'single',
          location: { file: 'lb.tf', line: 1 },
          message: ['losing it alone takes down aws_ecs_service.web (critical)', 'path: aws_ecs_service.web → aws_lb_target_group.web → aws_lb.web'],
          evidence: { actual: { singleFor: ['aws_ecs_service.web'], redundantFor: [] } },
        },
        ...NATS,
      ],
    },
    {
      name: 'two subnets of one AZ are still one AZ (an NLB with two mappings in 1a)',
      graph: () => ingress([A, C, D], [A, A], { type: 'network' }).g.build(),
      findings: [{ address: 'aws_lb.web', status: 'fail', messageId: 'single', location: { file: 'lb.tf', line: 1 } }, ...NATS],
    },
  ],
  unknown: [
    {
      name: 'a load balancer whose subnets come from a data source',
      graph: () => {
        const net = ingress([A, C, D], []);
        net.g.unresolved(net.lb, 'in-subnet', 'subnets', 'data.aws_subnets.public is not in the scanned configuration');
        return net.g.build();
      },
      findings: [
        { address: 'aws_lb.web', status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 1 }, message: 'data.aws_subnets.public is not in the scanned configuration' },
        ...NATS.map((n) => ({ ...n, status: 'unknown' as const, messageId: 'cannotTell' })),
      ],
    },
    {
      name: 'a load balancer in two subnets whose AZs are elements of a list not known offline',
      graph: () => {
        const list = new SymbolicAzList({ key: 'var.azs', label: 'var.azs', distinct: false });
        const net = ingress([A, C, D], []);
        for (const i of [0, 1]) {
          const s = net.g.add('network.subnet', `aws_subnet.lb_sym[${i}]`, { props: { availabilityZone: list.at(i) as unknown as string }, file: 'network.tf' });
          net.g.edge(net.lb, 'in-subnet', s, { attribute: 'subnets' });
        }
        return net.g.build();
      },
      findings: [{ address: 'aws_lb.web', status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 1 }, message: 'is enabled in 1–2 zones' }, ...NATS.map((n) => ({ ...n, status: 'unknown' as const, messageId: 'cannotTell' }))],
    },
  ],
  notApplicable: [
    {
      name: 'a one-AZ load balancer that only a medium service needs',
      graph: () => ingress([A, C, D], [A], { tier: 'medium' }).g.build(),
      findings: [],
    },
  ],
});
