import rule from '../../rules/single-point-of-failure.js';
import { graph, policyWith, ruleTester, tier } from '../helpers/rule-tester.js';
import { network } from './failure-fixtures.js';

const A = 'ap-northeast-1a';
const C = 'ap-northeast-1c';

function service(azs: string[], natOf?: (az: string) => string, tierName = 'critical') {
  const net = network(azs, natOf);
  const svc = net.g.add('ecs.service', 'aws_ecs_service.api', { file: 'ecs.tf', line: 1, props: { desiredCount: 4 }, tags: tier(tierName) });
  for (const s of net.subnets) net.g.edge(svc, 'in-subnet', s, { attribute: 'network_configuration.subnets' });
  return net;
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'a NAT gateway per AZ: each is needed, none alone',
      graph: () => service([A, C]).g.build(),
      findings: [
        { address: `aws_nat_gateway.this["${A}"]`, status: 'pass', messageId: 'redundant', location: { file: 'nat.tf', line: 1 }, message: 'needed by aws_ecs_service.api, each of which has an alternative' },
        { address: `aws_nat_gateway.this["${C}"]`, status: 'pass', messageId: 'redundant', location: { file: 'nat.tf', line: 11 } },
      ],
    },
    {
      name: 'a Multi-AZ database needed by a critical service has a standby',
      graph: () => {
        const g = graph();
        const svc = g.add('ecs.service', 'aws_ecs_service.api', { props: { desiredCount: 2 }, tags: tier('critical') });
        const db = g.add('db.instance', 'aws_db_instance.orders', { file: 'rds.tf', line: 1, props: { engine: 'postgres', multiAz: true } });
        g.edge(svc, 'depends-on', db);
        return g.build();
      },
      findings: [{ address: 'aws_db_instance.orders', status: 'pass', messageId: 'redundant', location: { file: 'rds.tf', line: 1 } }],
    },
  ],
  fail: [
    {
      name: 'one NAT gateway for both AZs of a critical service',
      graph: () => service([A, C], () => A).g.build(),
      findings: [
        {
          address: `aws_nat_gateway.this["${A}"]`,
          status: 'fail',
          messageId: 'single',
          location: { file: 'nat.tf', line: 1 },
          message: [`losing it alone takes down aws_ecs_service.api (critical)`, `aws_ecs_service.api → aws_subnet.private["${A}"] → aws_route_table.private["${A}"] → aws_nat_gateway.this["${A}"]`],
          evidence: { actual: { singleFor: ['aws_ecs_service.api'], redundantFor: [] } },
        },
      ],
    },
    {
      name: 'a single-AZ database a high service declares it needs',
      graph: () => {
        const net = service([A, C], undefined, 'high');
        const db = net.g.add('db.instance', 'aws_db_instance.orders', { file: 'rds.tf', line: 1, props: { engine: 'postgres', multiAz: false, availabilityZone: A } });
        net.g.edge('aws_ecs_service.api', 'depends-on', db);
        return net.g.build();
      },
      findings: [
        { address: `aws_nat_gateway.this["${A}"]`, status: 'pass', messageId: 'redundant', location: { file: 'nat.tf', line: 1 } },
        { address: `aws_nat_gateway.this["${C}"]`, status: 'pass', messageId: 'redundant', location: { file: 'nat.tf', line: 11 } },
        { address: 'aws_db_instance.orders', status: 'fail', messageId: 'single', location: { file: 'rds.tf', line: 1 }, message: 'aws_ecs_service.api → aws_db_instance.orders' },
      ],
    },
    {
      name: 'the policy extends the rule to medium workloads: their shared NAT gateway is reported too',
      graph: () => service([A, C], () => A, 'medium').g.build(),
      policy: policyWith({ rules: { 'single-point-of-failure': { options: { tiers: ['critical', 'high', 'medium'] } } } }),
      findings: [{ address: `aws_nat_gateway.this["${A}"]`, status: 'fail', messageId: 'single', location: { file: 'nat.tf', line: 1 }, message: 'takes down aws_ecs_service.api (medium)', severity: 'medium' }],
    },
  ],
  unknown: [
    {
      name: 'a service with a subnet reference that did not resolve: its other paths are unknown',
      graph: () => {
        const net = service([A]);
        net.g.unresolved(net.g.build().get('aws_ecs_service.api') as never, 'in-subnet', 'network_configuration.subnets', 'data.aws_subnets.private is read at apply time');
        return net.g.build();
      },
      findings: [
        { address: `aws_nat_gateway.this["${A}"]`, status: 'unknown', messageId: 'cannotTell', location: { file: 'nat.tf', line: 1 }, message: 'data.aws_subnets.private is read at apply time' },
      ],
    },
  ],
  notApplicable: [
    {
      name: 'a NAT gateway only medium workloads use',
      graph: () => service([A, C], () => A, 'medium').g.build(),
      findings: [],
    },
  ],
});
