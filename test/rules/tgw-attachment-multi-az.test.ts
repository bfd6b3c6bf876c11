import rule from '../../rules/tgw-attachment-multi-az.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const ATT = 'aws_ec2_transit_gateway_vpc_attachment.app';

/** An attachment at tgw.tf:1 to tgw-hub in one subnet per given AZ. */
function attachment(azs: (string | Unknown)[], tierName = 'critical', tgw = 'tgw-hub') {
  const g = graph();
  const att = g.add('network.tgw-attachment', ATT, { file: 'tgw.tf', line: 1, name: 'app', props: { transitGatewayId: tgw }, tags: tier(tierName) });
  azs.forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.tgw[${i}]`, { file: 'vpc.tf', props: { availabilityZone: az } });
    g.edge(att, 'in-subnet', s, { attribute: 'subnet_ids' });
  });
  return { g, att };
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'subnets in two AZs',
      graph: () => attachment([AZ_A, AZ_C]).g.build(),
      findings: [{ address: ATT, status: 'pass', messageId: 'meets', location: { file: 'tgw.tf', line: 1 }, message: `app has subnets in 2 AZs (${AZ_A}, ${AZ_C}); tier critical requires ≥ 2`, evidence: { attribute: 'subnet_ids', related: ['aws_subnet.tgw[0]', 'aws_subnet.tgw[1]'] } }],
    },
    {
      name: 'medium: one AZ is enough',
      graph: () => attachment([AZ_A], 'medium').g.build(),
      findings: [{ address: ATT, status: 'pass', messageId: 'meets', severity: 'low', location: { file: 'tgw.tf', line: 1 } }],
    },
  ],
  fail: [
    {
      name: 'one subnet',
      graph: () => attachment([AZ_A]).g.build(),
      findings: [{ address: ATT, status: 'fail', messageId: 'insufficient', severity: 'high', location: { file: 'tgw.tf', line: 1 }, message: `app has subnets in 1 AZ(s) (${AZ_A}) < 2 required by tier critical` }],
    },
    {
      name: 'two subnets of the same AZ',
      graph: () => attachment([AZ_A, AZ_A], 'high').g.build(),
      findings: [{ address: ATT, status: 'fail', messageId: 'insufficient', severity: 'high', location: { file: 'tgw.tf', line: 1 }, message: 'tier high' }],
    },
  ],
  unknown: [
    {
      name: 'a subnet without a known AZ next to a known one',
      graph: () => attachment([AZ_A, new Unknown('var.tgw_az has no value')]).g.build(),
      findings: [{ address: ATT, status: 'unknown', messageId: 'cannotTell', location: { file: 'tgw.tf', line: 1 }, message: 'var.tgw_az has no value' }],
    },
    {
      name: 'subnet_ids unresolved',
      graph: () => {
        const { g, att } = attachment([]);
        g.unresolved(att, 'in-subnet', 'subnet_ids', 'var.tgw_subnet_ids has no value');
        return g.build();
      },
      findings: [{ address: ATT, status: 'unknown', messageId: 'cannotTell', location: { file: 'tgw.tf', line: 1 }, message: 'its subnets: var.tgw_subnet_ids has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'a transit gateway the options exclude',
      options: { ignoreTransitGateways: ['tgw-lab'] },
      graph: () => attachment([AZ_A], 'critical', 'tgw-lab').g.build(),
      findings: [],
    },
  ],
});
