/** Small networks for the failure-simulation rules: private subnets per AZ routing through NAT gateways. */
import type { Resource } from '../../src/graph/types.js';
import { graph, type GraphFixture } from '../helpers/rule-tester.js';

export interface Net {
  g: GraphFixture;
  subnets: Resource<'network.subnet'>[];
  nats: Map<string, Resource<'network.nat-gateway'>>;
}

/** One private subnet per AZ in network.tf; each routes 0.0.0.0/0 through the NAT gateway of `natOf(az)` (nat.tf). */
export function network(azs: string[], natOf: (az: string) => string = (az) => az): Net {
  const g = graph();
  const nats = new Map<string, Resource<'network.nat-gateway'>>();
  let natLine = 1;
  for (const az of [...new Set(azs.map(natOf))]) {
    const pub = g.add('network.subnet', `aws_subnet.public["${az}"]`, { props: { availabilityZone: az }, file: 'network.tf' });
    const nat = g.add('network.nat-gateway', `aws_nat_gateway.this["${az}"]`, { file: 'nat.tf', line: natLine });
    natLine += 10;
    g.edge(nat, 'in-subnet', pub, { attribute: 'subnet_id' });
    nats.set(az, nat);
  }
  const subnets = azs.map((az) => {
    const s = g.add('network.subnet', `aws_subnet.private["${az}"]`, { props: { availabilityZone: az }, file: 'network.tf' });
    const rt = g.add('network.route-table', `aws_route_table.private["${az}"]`, { file: 'network.tf' });
    g.edge(s, 'uses-route-table', rt).edge(rt, 'routes-via', nats.get(natOf(az))!, { attribute: 'route.nat_gateway_id', data: { destination: '0.0.0.0/0' } });
    return s;
  });
  return { g, subnets, nats };
}
