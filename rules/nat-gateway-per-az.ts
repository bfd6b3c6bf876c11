import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import type { AnyResource, Resource } from '../src/graph/types.js';
import { isUnknown, type Unknown } from '../src/graph/values.js';
import type { SymbolicAz } from '../src/graph/az.js';
import { azIdentityOf, azLabel, compareAz, isAzIdentity, type ScopedAz } from '../src/analysis/az.js';
import { egressUsersOf } from '../src/analysis/dependencies.js';

interface Options {
  egressDestinations: string[];
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    egressDestinations: {
      type: 'array',
      items: { type: 'string' },
      default: ['0.0.0.0/0'],
      description:
        "Route destinations that make a subnet depend on the NAT gateway for its egress. The default route '0.0.0.0/0' by default; add e.g. '64:ff9b::/96' for NAT64 or a corporate CIDR routed through a private NAT gateway.",
    },
  },
  required: ['egressDestinations'],
};

const messages = {
  sameAz: '{{name}} in {{az}} serves only private subnets in its own AZ ({{subnets}}); tier {{tier}} requires one NAT gateway per AZ',
  servesNone: '{{name}} in {{az}} serves no private subnet through a route to {{destinations}}: nothing depends on it across AZs',
  crossAz:
    'private subnets in {{otherAzs}} ({{subnets}}) route {{destinations}} through NAT gateway {{name}} in {{az}}: losing {{az}} cuts their egress; tier {{tier}} requires a NAT gateway in each AZ, used by that AZ\'s subnets',
  cannotTell: '{{name}}: cannot tell whether it serves subnets in other AZs: {{reason}}',
};

type AzIdentity = string | SymbolicAz | ScopedAz;

/**
 * The subnet's AZ as an identity (name, element of an AZ list, or a live AZ
 * with its ID: a NAT gateway's subnet and the subnets it serves may belong to
 * different accounts of a shared VPC), or why it has none.
 */
function azOf(subnet: Resource<'network.subnet'>): AzIdentity | { reason: string } {
  const az = azIdentityOf(subnet as AnyResource);
  if (az === undefined) return { reason: `subnet ${subnet.address} does not set its availability zone` };
  if (isAzIdentity(az)) return az;
  return { reason: `AZ of subnet ${subnet.address}: ${(az as Unknown).reason}` };
}

export default defineRule({
  id: 'nat-gateway-per-az',
  meta: {
    title: 'Each AZ routes its egress through a NAT gateway in the same AZ',
    // An AZ outage then cuts the egress (image pulls, external APIs, AWS endpoints without VPC endpoints) of
    // healthy AZs too: an outage for critical. Inbound traffic through load balancers survives, hence medium for high.
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['NET-NAT', 'SPOF'],
    tierSettings: ['network.natPerAz'],
    rationale:
      'NET-NAT requires one NAT gateway per AZ, with the private subnets of each AZ routing through the NAT gateway of that AZ; the SPOF catalogue lists a single NAT gateway as a typical single point of failure. ' +
      'A NAT gateway is redundant only inside its own AZ: when that AZ fails, every subnet routing its default route through it loses outbound connectivity, even though its own AZ is healthy. ' +
      'Multi-AZ services then fail in every AZ at once (no image pulls, no calls to external APIs), which defeats their spread.',
    remediation: {
      terraform:
        'One aws_nat_gateway per AZ (for_each over the public subnets), one aws_route_table per AZ with route { cidr_block = "0.0.0.0/0", nat_gateway_id = aws_nat_gateway.this[az].id }, associated with that AZ\'s private subnets. terraform-aws-modules/vpc: one_nat_gateway_per_az = true, single_nat_gateway = false.',
      cloudformation:
        'One AWS::EC2::NatGateway and one AWS::EC2::RouteTable per AZ; AWS::EC2::Route DestinationCidrBlock: 0.0.0.0/0 with NatGatewayId of the same AZ; AWS::EC2::SubnetRouteTableAssociation per private subnet.',
      console: 'VPC console → NAT gateways → Create NAT gateway in a public subnet of each AZ; Route tables → one per AZ with 0.0.0.0/0 → that AZ\'s NAT gateway; Subnet associations.',
      cli: 'aws ec2 create-nat-gateway --subnet-id <public-subnet-in-az> --allocation-id <eip>; aws ec2 replace-route --route-table-id <rt-of-az> --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-in-same-az>',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html',
    tags: ['resilience', 'network', 'spof'],
  },
  options,
  appliesTo: ['network.nat-gateway'],
  check(nat, ctx) {
    if (!ctx.tier.requirements.network.natPerAz) return;
    const { graph } = ctx;
    const destinations = ctx.options.egressDestinations;
    const subnetEdge = graph.outgoing(nat.id, 'in-subnet')[0];
    const attribute = subnetEdge?.attribute ?? nat.unresolved.find((u) => u.edge === 'in-subnet')?.attribute;
    const withAttribute = <T extends object>(evidence: T) => (attribute ? { attribute, ...evidence } : evidence);

    // The NAT gateway's own AZ is its subnet's.
    const own = graph.targets(nat, 'in-subnet', 'network.subnet');
    let az: AzIdentity | { reason: string };
    if (isUnknown(own)) az = { reason: `its subnet: ${own.reason}` };
    else if (own.length === 0) az = { reason: 'its subnet is not in the scanned configuration' };
    else az = azOf(own[0]);

    const served = egressUsersOf(nat, graph, new Set(destinations));
    const related = [...new Set([...served.map((s) => s.subnet.address), ...served.map((s) => s.routeTable.address)])].sort();
    if (!isAzIdentity(az)) {
      ctx.unknown('cannotTell', { reason: az.reason }, { evidence: withAttribute({ related }) });
      return;
    }
    const ownAz = az;
    const ownLabel = azLabel(ownAz);

    // One comparison per served subnet, decided by the shared AZ helper.
    const definite = served
      .filter((s) => !s.doubt)
      .map((s) => {
        const az = azOf(s.subnet);
        return { ...s, az, cmp: compareAz(ownAz, isAzIdentity(az) ? az : undefined) };
      });
    const other = definite.filter((s) => s.cmp === 'different');
    const servedAzs = [...new Set(definite.filter((s) => s.cmp !== 'unknown').map((s) => azLabel(s.az)))].sort();
    const expected = { servedAzs: [ownLabel] };
    if (other.length > 0) {
      const otherAzs = [...new Set(other.map((s) => azLabel(s.az)))].sort();
      const subnets = [...new Set(other.map((s) => s.subnet.address))].sort();
      ctx.fail(
        'crossAz',
        { az: ownLabel, otherAzs, subnets, destinations },
        { evidence: withAttribute({ expected, actual: { az: ownLabel, servedAzs }, related }) },
      );
      return;
    }
    const doubts = [
      ...definite
        .filter((s) => s.cmp === 'unknown')
        .map((s) => (!isAzIdentity(s.az) ? s.az.reason : `cannot tell whether ${azLabel(s.az)} (${s.subnet.address}) is ${ownLabel}`)),
      ...served
        .filter((s) => s.doubt && compareAz(ownAz, azIdentityOf(s.subnet as AnyResource)) !== 'same')
        .map((s) => `${s.doubt} (used by ${s.subnet.address})`),
    ];
    if (doubts.length > 0) {
      ctx.unknown('cannotTell', { reason: [...new Set(doubts)].join('; ') }, { evidence: withAttribute({ expected, actual: { az: ownLabel, servedAzs }, related }) });
      return;
    }
    const subnets = [...new Set(definite.map((s) => s.subnet.address))].sort();
    if (subnets.length === 0) ctx.pass('servesNone', { az: ownLabel, destinations }, { evidence: withAttribute({ expected, actual: { az: ownLabel, servedAzs: [] }, related }) });
    else ctx.pass('sameAz', { az: ownLabel, subnets }, { evidence: withAttribute({ expected, actual: { az: ownLabel, servedAzs }, related }) });
  },
});
