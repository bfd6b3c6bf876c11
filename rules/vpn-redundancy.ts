import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/types.js';
import { Unknown } from '../src/graph/values.js';

interface Options {
  requireDistinctCustomerGateways: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requireDistinctCustomerGateways: {
      type: 'boolean',
      default: true,
      description: 'Count the connections of a gateway by their distinct customer gateways: a second connection to the same customer device fails with that device.',
    },
  },
  required: ['requireDistinctCustomerGateways'],
};

const DX_NOT_READ = 'Direct Connect is not read: a Direct Connect link to the same network is not counted';

const messages = {
  meets: '{{name}}: {{gateway}} has {{connections}} VPN connection(s) and {{tunnels}} tunnel(s) to the customer network; tier {{tier}} requires ≥ {{minConnections}} and ≥ {{minTunnels}}',
  fewConnections: `{{name}}: {{gateway}} has {{connections}} VPN connection(s){{over}} < {{minConnections}} required by tier {{tier}}: losing {{one}} cuts the customer network off ({{dx}})`,
  fewTunnels: `{{name}}: {{gateway}} has {{tunnels}} tunnel(s) UP < {{minTunnels}} required by tier {{tier}}{{down}} ({{dx}})`,
  noGateway: '{{name}} is attached to no virtual private gateway or transit gateway: its redundancy cannot be checked (tier {{tier}} requires ≥ {{minConnections}} connections)',
  cannotTell: '{{name}}: cannot tell whether its gateway has ≥ {{minConnections}} VPN connections and ≥ {{minTunnels}} tunnels (tier {{tier}}): {{reason}}',
};

type Vpn = Resource<'network.vpn-connection'>;

/** Connections that can carry traffic: live ones only once `available`. */
const carries = (c: Vpn): boolean => c.props.state === undefined || c.props.state === 'available';

/** The same source, account and Region: gateway identities are only comparable there. */
function sameScope(a: Vpn, b: Vpn): boolean {
  const p = a.provenance;
  const q = b.provenance;
  return p.source === q.source && p.accountId === q.accountId && p.region === q.region;
}

export default defineRule({
  id: 'vpn-redundancy',
  meta: {
    title: 'Critical paths to a customer network use more than one VPN connection',
    // A single connection (or customer gateway) cuts the on-premises network off when it fails.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['NET-VPN', 'NET-IGW', 'SPOF'],
    tierSettings: ['network.vpnMinConnections', 'network.vpnMinTunnels'],
    rationale:
      'NET-VPN: a single VPN connection or tunnel is a single point of failure. ' +
      'Each Site-to-Site VPN connection has two tunnels to two AWS endpoints, but both end on one customer gateway device: when that device, its Internet link or the connection fails, the customer network is cut off. ' +
      'AWS recommends a second connection from a second customer gateway (or Direct Connect with a VPN backup), and the catalogue asks critical and high paths for 2 connections and 4 tunnels per AWS-side gateway (virtual private gateway or transit gateway); live, tunnels whose telemetry is DOWN do not count. ' +
      'Direct Connect is not read, so a gateway backed by Direct Connect plus one VPN connection is reported as failing: suppress it with its reason.',
    remediation: {
      terraform: 'A second aws_customer_gateway (second device / ISP) and a second aws_vpn_connection to the same vpn_gateway_id / transit_gateway_id; with static routes, aws_vpn_connection_route for both; prefer BGP (static_routes_only = false).',
      cloudformation: 'A second AWS::EC2::CustomerGateway and AWS::EC2::VPNConnection with the same VpnGatewayId / TransitGatewayId.',
      console: 'VPC console → Customer gateways → Create (the second device); Site-to-Site VPN connections → Create VPN connection → the same virtual private / transit gateway, the new customer gateway; configure both tunnels on the device.',
      cli: 'aws ec2 create-customer-gateway --type ipsec.1 --public-ip <second-device-ip> --bgp-asn <asn>; aws ec2 create-vpn-connection --type ipsec.1 --customer-gateway-id <cgw> --vpn-gateway-id <vgw> (or --transit-gateway-id <tgw>)',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-redundant-connection.html',
    tags: ['resilience', 'network', 'spof'],
  },
  options,
  appliesTo: ['network.vpn-connection'],
  check(resource, ctx) {
    const vpn = resource as Vpn;
    const net = ctx.tier.requirements.network;
    const minConnections = net.vpnMinConnections ?? 2;
    const minTunnels = net.vpnMinTunnels ?? 4;
    const gateway = vpn.props.awsGateway;
    const expected = { minConnections, minTunnels };
    if (gateway instanceof Unknown) return ctx.unknown('cannotTell', { minConnections, minTunnels, reason: `its AWS-side gateway: ${gateway.reason}` }, { prop: 'awsGateway', evidence: { expected, actual: null } });
    if (gateway === undefined) return ctx.unknown('noGateway', { minConnections }, { evidence: { expected, actual: null } });

    const all = ctx.graph.ofKind('network.vpn-connection').filter((c) => c.id !== vpn.id && sameScope(c, vpn));
    const peers = [vpn, ...all.filter((c) => c.props.awsGateway === gateway)].filter(carries);
    const doubts: string[] = [];
    // A connection whose gateway is unknown may be another on this one, unless it names the other kind of gateway.
    const kind = vpn.props.awsGatewayType;
    const maybe = all.filter((c) => c.props.awsGateway instanceof Unknown && !(typeof kind === 'string' && typeof c.props.awsGatewayType === 'string' && c.props.awsGatewayType !== kind));
    for (const c of maybe) doubts.push(`${c.address} may use the same gateway: ${(c.props.awsGateway as Unknown).reason}`);
    const pending = [vpn, ...all.filter((c) => c.props.awsGateway === gateway)].filter((c) => !carries(c));

    // Connections: distinct customer gateways when asked (an unknown one may be a distinct device).
    let connMin = peers.length;
    let connMax = peers.length + maybe.length;
    if (ctx.options.requireDistinctCustomerGateways) {
      const known = new Set<string>();
      let unknownCgw = 0;
      for (const c of peers) {
        const cgw = c.props.customerGateway;
        if (typeof cgw === 'string') known.add(cgw);
        else {
          unknownCgw++;
          doubts.push(`the customer gateway of ${c.address}: ${cgw instanceof Unknown ? cgw.reason : 'not set'}`);
        }
      }
      connMin = known.size + (known.size === 0 && unknownCgw > 0 ? 1 : 0);
      connMax = known.size + unknownCgw + maybe.length;
    }

    // Tunnels: 2 per connection; live, only those UP.
    let tunMin = 0;
    let tunMax = maybe.length * 2;
    let down = 0;
    for (const c of peers) {
      const states = c.props.tunnelStates;
      if (states === undefined) {
        tunMin += c.props.tunnels;
        tunMax += c.props.tunnels;
      } else if (states instanceof Unknown) {
        tunMax += c.props.tunnels;
        doubts.push(states.reason);
      } else {
        const up = states.filter((s) => s === 'UP').length;
        down += states.length - up;
        tunMin += up;
        tunMax += up;
      }
    }

    const gatewayLabel = `${vpn.props.awsGatewayType === 'tgw' ? 'transit gateway' : 'virtual private gateway'} ${gateway}`;
    const related = peers.filter((c) => c.id !== vpn.id).map((c) => c.address);
    const at = (actual: Record<string, unknown> | null) => ({ prop: 'awsGateway', evidence: { expected, actual, related } });
    const dx = DX_NOT_READ;
    const pendingNote = pending.length ? `; ${pending.map((c) => `${c.address} is ${String(c.props.state)}`).join(', ')}` : '';
    if (connMax < minConnections) {
      const sameCgw = ctx.options.requireDistinctCustomerGateways && connMax < peers.length;
      const over = sameCgw ? ` over ${connMax} distinct customer gateway(s)` : '';
      return ctx.fail('fewConnections', { gateway: gatewayLabel, connections: peers.length, over: over + pendingNote, minConnections, one: sameCgw ? 'that customer gateway' : 'that connection', dx }, at({ connections: peers.length, customerGateways: connMax }));
    }
    if (tunMax < minTunnels) {
      return ctx.fail('fewTunnels', { gateway: gatewayLabel, tunnels: tunMax, minTunnels, down: down ? `: ${down} tunnel(s) are DOWN and count as missing` : '', dx }, at({ tunnelsUp: tunMax, tunnelsDown: down }));
    }
    if (connMin < minConnections || tunMin < minTunnels) {
      return ctx.unknown('cannotTell', { minConnections, minTunnels, reason: doubts.join('; ') || 'some connections are not resolved' }, at(null));
    }
    ctx.pass('meets', { gateway: gatewayLabel, connections: connMin, tunnels: tunMin, minConnections, minTunnels }, at({ connections: peers.length, customerGateways: connMin, tunnels: tunMin }));
  },
});
