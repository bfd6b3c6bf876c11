import rule from '../../rules/nat-gateway-per-az.js';
import type { Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier, type GraphFixture } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const AZ_D = 'ap-northeast-1d';
const NAT = 'aws_nat_gateway.main';

interface Network {
  g: GraphFixture;
  vpc: Resource<'network.vpc'>;
  nat: Resource<'network.nat-gateway'>;
  /** Adds a route table at routes.tf routing `destination` through the NAT gateway, used by private subnets in the given AZs. */
  routeTable(name: string, destination: unknown, subnetAzs: (string | Unknown)[]): Resource<'network.route-table'>;
}

/** A VPC with NAT gateway `main` at nat.tf:1 in a public subnet of `natAz`. */
function network(natAz: string | Unknown = AZ_A, natTier = 'critical'): Network {
  const g = graph();
  const vpc = g.add('network.vpc', 'aws_vpc.main', { file: 'vpc.tf', props: { cidr: '10.0.0.0/16' } });
  const pub = g.add('network.subnet', 'aws_subnet.public_a', { file: 'vpc.tf', props: { availabilityZone: natAz } });
  g.edge(pub, 'in-vpc', vpc, { attribute: 'vpc_id' });
  const nat = g.add('network.nat-gateway', NAT, { file: 'nat.tf', line: 1, name: 'main', props: { connectivityType: 'public' }, tags: tier(natTier) });
  g.edge(nat, 'in-subnet', pub, { attribute: 'subnet_id' });
  let n = 0;
  return {
    g,
    vpc,
    nat,
    routeTable(name, destination, subnetAzs) {
      const rt = g.add('network.route-table', `aws_route_table.${name}`, { file: 'routes.tf', props: { routes: [] } });
      g.edge(rt, 'routes-via', nat, { attribute: 'route.nat_gateway_id', data: { destination } });
      g.edge(rt, 'in-vpc', vpc, { attribute: 'vpc_id' });
      for (const az of subnetAzs) {
        const subnet = g.add('network.subnet', `aws_subnet.private[${n++}]`, { file: 'vpc.tf', props: { availabilityZone: az } });
        g.edge(subnet, 'uses-route-table', rt, { attribute: 'aws_route_table_association.route_table_id' });
        g.edge(subnet, 'in-vpc', vpc, { attribute: 'vpc_id' });
      }
      return rt;
    },
  };
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'NAT gateway serving only its own AZ',
      graph: () => {
        const net = network();
        net.routeTable('private_a', '0.0.0.0/0', [AZ_A, AZ_A]);
        return net.g.build();
      },
      findings: [
        {
          address: NAT,
          status: 'pass',
          messageId: 'sameAz',
          location: { file: 'nat.tf', line: 1 },
          message: `main in ${AZ_A} serves only private subnets in its own AZ (aws_subnet.private[0], aws_subnet.private[1])`,
          evidence: {
            attribute: 'subnet_id',
            expected: { servedAzs: [AZ_A] },
            actual: { az: AZ_A, servedAzs: [AZ_A] },
            related: ['aws_route_table.private_a', 'aws_subnet.private[0]', 'aws_subnet.private[1]'],
          },
        },
      ],
    },
    {
      name: 'NAT gateway no private subnet routes through',
      graph: () => network().g.build(),
      findings: [{ address: NAT, status: 'pass', messageId: 'servesNone', location: { file: 'nat.tf', line: 1 }, message: `main in ${AZ_A} serves no private subnet through a route to 0.0.0.0/0` }],
    },
    {
      name: 'a specific route (not the egress default route) to another AZ does not count',
      graph: () => {
        const net = network();
        net.routeTable('private_a', '0.0.0.0/0', [AZ_A]);
        net.routeTable('partner_c', '192.168.0.0/16', [AZ_C]);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'pass', messageId: 'sameAz', location: { file: 'nat.tf', line: 1 }, message: '(aws_subnet.private[0])' }],
    },
    {
      name: 'an unknown route destination is harmless when its subnets share the AZ',
      graph: () => {
        const net = network();
        net.routeTable('private_a', new Unknown('var.egress_cidr has no value'), [AZ_A]);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'pass', messageId: 'servesNone', location: { file: 'nat.tf', line: 1 } }],
    },
  ],

  fail: [
    {
      name: 'a single NAT gateway serving three AZs',
      graph: () => {
        const net = network();
        net.routeTable('private', '0.0.0.0/0', [AZ_A, AZ_C, AZ_D]);
        return net.g.build();
      },
      findings: [
        {
          address: NAT,
          status: 'fail',
          messageId: 'crossAz',
          severity: 'high',
          location: { file: 'nat.tf', line: 1 },
          message: [
            `private subnets in ${AZ_C}, ${AZ_D} (aws_subnet.private[1], aws_subnet.private[2]) route 0.0.0.0/0 through NAT gateway main in ${AZ_A}`,
            `losing ${AZ_A} cuts their egress`,
            'tier critical requires a NAT gateway in each AZ',
          ],
          evidence: {
            attribute: 'subnet_id',
            expected: { servedAzs: [AZ_A] },
            actual: { az: AZ_A, servedAzs: [AZ_A, AZ_C, AZ_D] },
            related: ['aws_route_table.private', 'aws_subnet.private[0]', 'aws_subnet.private[1]', 'aws_subnet.private[2]'],
          },
        },
      ],
    },
    {
      name: "subnets without an explicit association use the VPC's main route table",
      graph: () => {
        const net = network();
        const main = net.g.add('network.route-table', 'aws_default_route_table.main', { file: 'routes.tf', props: { main: true } });
        net.g.edge(main, 'routes-via', net.nat, { data: { destination: '0.0.0.0/0' } }).edge(main, 'in-vpc', net.vpc);
        const implicit = net.g.add('network.subnet', 'aws_subnet.app_c', { file: 'vpc.tf', props: { availabilityZone: AZ_C } });
        net.g.edge(implicit, 'in-vpc', net.vpc);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'fail', messageId: 'crossAz', location: { file: 'nat.tf', line: 1 }, message: `private subnets in ${AZ_C} (aws_subnet.app_c)` }],
    },
    {
      name: 'a cross-AZ subnet fails even when another served subnet has an unknown AZ',
      graph: () => {
        const net = network();
        net.routeTable('private', '0.0.0.0/0', [AZ_C, new Unknown('var.az has no value')]);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'fail', messageId: 'crossAz', location: { file: 'nat.tf', line: 1 }, message: `private subnets in ${AZ_C} (aws_subnet.private[0])` }],
    },
    {
      name: 'tier variation: high fails at medium severity',
      graph: () => {
        const net = network(AZ_A, 'high');
        net.routeTable('private', '0.0.0.0/0', [AZ_A, AZ_C]);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'fail', messageId: 'crossAz', severity: 'medium', location: { file: 'nat.tf', line: 1 }, message: 'tier high' }],
    },
    {
      name: 'policy override: a medium NAT gateway required to be per-AZ',
      policy: policyWith({ assignments: [{ match: { kind: 'network.nat-gateway' }, tier: 'medium', requirements: { network: { natPerAz: true } } }] }),
      graph: () => {
        const net = network(AZ_A, 'medium');
        net.routeTable('private', '0.0.0.0/0', [AZ_C]);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'fail', messageId: 'crossAz', severity: 'low', location: { file: 'nat.tf', line: 1 }, message: 'tier medium' }],
    },
    {
      name: 'option egressDestinations: a corporate CIDR through the NAT gateway counts',
      options: { egressDestinations: ['0.0.0.0/0', '192.168.0.0/16'] },
      graph: () => {
        const net = network();
        net.routeTable('partner_c', '192.168.0.0/16', [AZ_C]);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'fail', messageId: 'crossAz', location: { file: 'nat.tf', line: 1 }, message: 'route 0.0.0.0/0, 192.168.0.0/16 through NAT gateway main' }],
    },
  ],

  unknown: [
    {
      name: "the NAT gateway's subnet is unresolved",
      graph: () => {
        const g = graph();
        const nat = g.add('network.nat-gateway', NAT, { file: 'nat.tf', line: 1, name: 'main', tags: tier('critical') });
        g.unresolved(nat, 'in-subnet', 'subnet_id', 'var.public_subnet_id has no value');
        return g.build();
      },
      findings: [
        {
          address: NAT,
          status: 'unknown',
          messageId: 'cannotTell',
          location: { file: 'nat.tf', line: 1 },
          message: 'main: cannot tell whether it serves subnets in other AZs: its subnet: var.public_subnet_id has no value',
          evidence: { attribute: 'subnet_id' },
        },
      ],
    },
    {
      name: "the NAT gateway's subnet is not in the scan",
      graph: () => {
        const g = graph();
        g.add('network.nat-gateway', NAT, { file: 'nat.tf', line: 1, name: 'main', tags: tier('critical') });
        return g.build();
      },
      findings: [{ address: NAT, status: 'unknown', messageId: 'cannotTell', location: { file: 'nat.tf', line: 1 }, message: 'its subnet is not in the scanned configuration' }],
    },
    {
      name: "the AZ of the NAT gateway's subnet is unknown",
      graph: () => {
        const net = network(new Unknown('var.az has no value'));
        net.routeTable('private', '0.0.0.0/0', [AZ_A]);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'unknown', messageId: 'cannotTell', location: { file: 'nat.tf', line: 1 }, message: 'AZ of subnet aws_subnet.public_a: var.az has no value' }],
    },
    {
      name: "a served subnet's AZ is unknown",
      graph: () => {
        const net = network();
        net.routeTable('private', '0.0.0.0/0', [AZ_A, new Unknown('var.azs[1] has no value')]);
        return net.g.build();
      },
      findings: [{ address: NAT, status: 'unknown', messageId: 'cannotTell', location: { file: 'nat.tf', line: 1 }, message: 'AZ of subnet aws_subnet.private[1]: var.azs[1] has no value' }],
    },
    {
      name: 'an unknown route destination used by a subnet in another AZ',
      graph: () => {
        const net = network();
        net.routeTable('private_c', new Unknown('var.egress_cidr has no value'), [AZ_C]);
        return net.g.build();
      },
      findings: [
        {
          address: NAT,
          status: 'unknown',
          messageId: 'cannotTell',
          location: { file: 'nat.tf', line: 1 },
          message: 'destination of the route in aws_route_table.private_c: var.egress_cidr has no value (used by aws_subnet.private[0])',
        },
      ],
    },
  ],

  notApplicable: [
    {
      name: 'medium tier does not require a NAT gateway per AZ',
      graph: () => {
        const net = network(AZ_A, 'medium');
        net.routeTable('private', '0.0.0.0/0', [AZ_A, AZ_C]);
        return net.g.build();
      },
      findings: [],
    },
  ],
});
