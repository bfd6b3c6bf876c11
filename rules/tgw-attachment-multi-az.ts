import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import { subnetAzs } from '../src/analysis/compute.js';
import type { AnyResource } from '../src/graph/types.js';

interface Options {
  ignoreTransitGateways: string[];
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ignoreTransitGateways: {
      type: 'array',
      items: { type: 'string' },
      default: [],
      description: 'Transit gateway IDs whose attachments are not checked (a lab or inspection transit gateway whose traffic may stop with one AZ).',
    },
  },
  required: ['ignoreTransitGateways'],
};

const messages = {
  meets: '{{name}} has subnets in {{azCount}} AZs ({{azs}}); tier {{tier}} requires ≥ {{minAzs}}',
  insufficient: '{{name}} has subnets in {{azCount}} AZ(s) ({{azs}}) < {{minAzs}} required by tier {{tier}}: the transit gateway reaches this VPC only through those AZs, so losing one cuts the VPC off',
  cannotTell: '{{name}}: cannot tell whether its subnets span ≥ {{minAzs}} AZs (tier {{tier}}): {{reason}}',
};

export default defineRule({
  id: 'tgw-attachment-multi-az',
  meta: {
    title: 'Transit Gateway VPC attachments have subnets in enough AZs',
    // A one-AZ attachment cuts every route between this VPC and the others (on-premises included) when that AZ fails.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['NET-TGW', 'SPOF'],
    tierSettings: ['network.tgwMinAzs'],
    rationale:
      'NET-TGW requires every VPC attached to the Transit Gateway to be attached in 2 AZs. ' +
      'A Transit Gateway VPC attachment places a network interface in one subnet per AZ, and traffic from the VPC enters the transit gateway only through the AZs the attachment has a subnet in. ' +
      'With a single subnet, losing that AZ cuts the VPC off from every other attached VPC, VPN and Direct Connect gateway, even while its other AZs are healthy.',
    remediation: {
      terraform: 'aws_ec2_transit_gateway_vpc_attachment: subnet_ids = one (small, dedicated) subnet in each AZ the VPC uses, ≥ 2. terraform-aws-modules/transit-gateway: vpc_attachments.<key>.subnet_ids.',
      cloudformation: 'AWS::EC2::TransitGatewayVpcAttachment (or TransitGatewayAttachment): SubnetIds with one subnet in each of ≥ 2 AZs.',
      console: 'VPC console → Transit gateway attachments → the attachment → Actions → Modify transit gateway attachment → select a subnet in each AZ.',
      cli: 'aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id <id> --add-subnet-ids subnet-in-other-az',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html',
    tags: ['resilience', 'network', 'spof'],
  },
  options,
  appliesTo: ['network.tgw-attachment'],
  check(att, ctx) {
    const tgw = att.props.transitGatewayId;
    if (typeof tgw === 'string' && ctx.options.ignoreTransitGateways.includes(tgw)) return;
    const minAzs = ctx.tier.requirements.network.tgwMinAzs ?? 2;
    const azs = subnetAzs(att as AnyResource, ctx.graph, 'no subnets are set');
    const first = ctx.graph.outgoing(att.id, 'in-subnet')[0]?.location;
    const at: At = { ...(first ? { location: first } : {}), evidence: { ...(azs.attribute ? { attribute: azs.attribute } : {}), expected: { minAzs }, actual: { azs: 'reason' in azs ? null : azs.labels }, related: 'reason' in azs ? [] : azs.subnets } };
    if ('reason' in azs) return ctx.unknown('cannotTell', { minAzs, reason: azs.reason }, at);
    const azCount = azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
    const labels = azs.labels.join(', ');
    if (azs.max < minAzs) return ctx.fail('insufficient', { minAzs, azCount, azs: labels }, at);
    if (azs.min < minAzs) return ctx.unknown('cannotTell', { minAzs, reason: `subnets in ${azCount} AZs (${labels}): ${azs.doubts.join('; ')}` }, at);
    ctx.pass('meets', { minAzs, azCount, azs: labels }, at);
  },
});
