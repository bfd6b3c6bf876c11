/**
 * Site-to-Site VPN in CloudFormation: AWS::EC2::VPNConnection →
 * network.vpn-connection. The gateways (AWS::EC2::VPNGateway,
 * AWS::EC2::TransitGateway, AWS::EC2::CustomerGateway) are not graph nodes:
 * a connection names each by the id written (a parameter, an import), or,
 * for one declared in the scanned templates, by the graph id it would have,
 * so connections to the same gateway group together.
 *
 * Direct Connect (AWS::DirectConnect::*) is not read.
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions } from '../../common/coerce.js';
import { StackRef, type Value } from '../values.js';
import type { CfnNode } from './lb.js';

const { toStr } = coercions(CLOUDFORMATION_RULES);

/** A gateway's identity: the id written, or the graph id of the template resource referenced. */
function gatewayOf(v: Value | undefined): Maybe<string> {
  if (v instanceof StackRef) return v.targetId;
  if (v === '') return undefined;
  return toStr(v);
}

export function buildVpnConnection(b: CfnNode): void {
  b.prop('customerGateway', gatewayOf(b.get('CustomerGatewayId')), 'CustomerGatewayId');
  const vgw = gatewayOf(b.get('VpnGatewayId'));
  const tgw = gatewayOf(b.get('TransitGatewayId'));
  if (vgw !== undefined && tgw !== undefined) {
    const both = new Unknown('both VpnGatewayId and TransitGatewayId are set (AWS accepts only one)');
    b.prop('awsGateway', both, 'VpnGatewayId');
    b.prop('awsGatewayType', both, 'VpnGatewayId');
  } else if (tgw !== undefined) {
    b.prop('awsGateway', tgw, 'TransitGatewayId');
    b.prop('awsGatewayType', 'tgw', 'TransitGatewayId');
  } else {
    b.prop('awsGateway', vgw, 'VpnGatewayId');
    b.prop('awsGatewayType', vgw === undefined ? undefined : 'vgw', 'VpnGatewayId');
  }
  b.prop('type', toStr(b.get('Type')), 'Type');
  // Every Site-to-Site VPN connection has exactly two tunnels (one per AWS endpoint).
  b.prop('tunnels', 2, undefined);
}
