import rule from '../../rules/vpn-redundancy.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';

type VpnProps = Partial<PropsByKind['network.vpn-connection']>;

/** VPN connections in vpn.tf; connection i at line 1 + 20·i, its vpn_gateway_id at line 3 + 20·i. */
function connections(specs: VpnProps[], tierName = 'critical', live = false) {
  const g = graph();
  specs.forEach((p, i) => {
    g.add('network.vpn-connection', `aws_vpn_connection.onprem[${i}]`, {
      file: 'vpn.tf',
      line: 1 + 20 * i,
      props: { customerGateway: `cgw-${i}`, awsGateway: 'vgw-hub', awsGatewayType: 'vgw', tunnels: 2, ...p },
      lines: { customerGateway: 2 + 20 * i, awsGateway: 3 + 20 * i },
      attributes: { awsGateway: 'vpn_gateway_id' },
      tags: tier(tierName),
      ...(live ? { live: true, provenance: { accountId: '111111111111', region: 'ap-northeast-1' } } : {}),
    });
  });
  return g.build();
}

const C0 = 'aws_vpn_connection.onprem[0]';
const C1 = 'aws_vpn_connection.onprem[1]';
const at = (line: number) => ({ file: 'vpn.tf', line });

ruleTester.run(rule, {
  pass: [
    {
      name: 'two connections from two customer gateways to one VGW',
      graph: () => connections([{}, {}]),
      findings: [
        { address: C0, status: 'pass', messageId: 'meets', location: at(3), message: 'virtual private gateway vgw-hub has 2 VPN connection(s) and 4 tunnel(s)', evidence: { related: [C1] } },
        { address: C1, status: 'pass', messageId: 'meets', location: at(23) },
      ],
    },
    {
      name: 'medium: one connection (two tunnels) is enough',
      graph: () => connections([{}], 'medium'),
      findings: [{ address: C0, status: 'pass', messageId: 'meets', severity: 'low', location: at(3) }],
    },
    {
      name: 'the policy lowers the bar of a tier to one connection',
      policy: (() => {
        const p = defaultPolicy();
        p.tiers.critical!.network.vpnMinConnections = 1;
        p.tiers.critical!.network.vpnMinTunnels = 2;
        return p;
      })(),
      graph: () => connections([{}]),
      findings: [{ address: C0, status: 'pass', messageId: 'meets', location: at(3), message: 'tier critical requires ≥ 1 and ≥ 2' }],
    },
    {
      name: 'distinct customer gateways not required by the options',
      options: { requireDistinctCustomerGateways: false },
      graph: () => connections([{ customerGateway: 'cgw-a' }, { customerGateway: 'cgw-a' }]),
      findings: [
        { address: C0, status: 'pass', messageId: 'meets', location: at(3) },
        { address: C1, status: 'pass', messageId: 'meets', location: at(23) },
      ],
    },
  ],
  fail: [
    {
      name: 'a single connection to a critical network',
      graph: () => connections([{}]),
      findings: [{ address: C0, status: 'fail', messageId: 'fewConnections', severity: 'high', location: at(3), message: 'vgw-hub has 1 VPN connection(s) < 2 required by tier critical: losing that connection cuts the customer network off (Direct Connect is not read' }],
    },
    {
      name: 'two connections from the same customer gateway',
      graph: () => connections([{ customerGateway: 'cgw-a' }, { customerGateway: 'cgw-a' }], 'high'),
      findings: [
        { address: C0, status: 'fail', messageId: 'fewConnections', location: at(3), message: 'has 2 VPN connection(s) over 1 distinct customer gateway(s) < 2 required by tier high: losing that customer gateway' },
        { address: C1, status: 'fail', messageId: 'fewConnections', location: at(23) },
      ],
    },
    {
      name: 'connections to different gateways do not back each other up',
      graph: () => connections([{}, { awsGateway: 'tgw-other', awsGatewayType: 'tgw' }]),
      findings: [
        { address: C0, status: 'fail', messageId: 'fewConnections', location: at(3), message: 'virtual private gateway vgw-hub has 1' },
        { address: C1, status: 'fail', messageId: 'fewConnections', location: at(23), message: 'transit gateway tgw-other has 1' },
      ],
    },
    {
      name: 'an unresolved virtual private gateway cannot be the transit gateway of a single connection',
      graph: () => connections([{ awsGateway: 'tgw-core', awsGatewayType: 'tgw' }, { awsGateway: new Unknown('var.vgw has no value'), awsGatewayType: 'vgw' }]),
      findings: [
        { address: C0, status: 'fail', messageId: 'fewConnections', location: at(3), message: 'transit gateway tgw-core has 1' },
        { address: C1, status: 'unknown', messageId: 'cannotTell', location: at(23) },
      ],
    },
    {
      name: 'live: a DOWN tunnel counts as missing',
      graph: () => connections([{ tunnelStates: ['UP', 'DOWN'], state: 'available' }, { tunnelStates: ['UP', 'UP'], state: 'available' }], 'critical', true),
      findings: [
        { address: C0, status: 'fail', messageId: 'fewTunnels', location: null, message: 'has 3 tunnel(s) UP < 4 required by tier critical: 1 tunnel(s) are DOWN and count as missing' },
        { address: C1, status: 'fail', messageId: 'fewTunnels', location: null },
      ],
    },
  ],
  unknown: [
    {
      name: 'the gateway reference cannot be followed',
      graph: () => connections([{ awsGateway: new Unknown('var.vpn_gateway_id has no value') }]),
      findings: [{ address: C0, status: 'unknown', messageId: 'cannotTell', location: at(3), message: 'its AWS-side gateway: var.vpn_gateway_id has no value' }],
    },
    {
      name: 'a second connection whose gateway is not known may back the first up',
      graph: () => connections([{}, { awsGateway: new Unknown('var.vgw has no value') }]),
      findings: [
        { address: C0, status: 'unknown', messageId: 'cannotTell', location: at(3), message: `${C1} may use the same gateway: var.vgw has no value` },
        { address: C1, status: 'unknown', messageId: 'cannotTell', location: at(23) },
      ],
    },
    {
      name: 'attached to no gateway',
      graph: () => connections([{ awsGateway: undefined, awsGatewayType: undefined }]),
      findings: [{ address: C0, status: 'unknown', messageId: 'noGateway', location: at(1) }],
    },
  ],
  notApplicable: [
    {
      name: 'no VPN connection: a transit gateway attachment alone is not checked by this rule',
      graph: () => {
        const g = graph();
        g.add('network.tgw-attachment', 'aws_ec2_transit_gateway_vpc_attachment.app', { file: 'tgw.tf', props: { transitGatewayId: 'tgw-hub' }, tags: tier('critical') });
        return g.build();
      },
      findings: [],
    },
  ],
});
