/**
 * Site-to-Site VPN in Terraform: aws_vpn_connection → network.vpn-connection.
 * The gateways (aws_vpn_gateway, aws_ec2_transit_gateway,
 * aws_customer_gateway) are not graph nodes: a connection names each by
 * the id written, or, for one declared in the configuration, by the graph
 * id it would have (root prefix + address), so connections to the same
 * gateway group together whatever attribute of it they reference.
 *
 * Direct Connect (aws_dx_*) is not read.
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { coercions, TERRAFORM_RULES } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { NormalizeInput } from '../input.js';
import { ResourceRef, type Value, type ValueObject } from '../expr/values.js';

const { toStr } = coercions(TERRAFORM_RULES);

interface TfBuilder extends NodeBuilder {
  readonly ri: NormalizeInput;
  readonly v: ValueObject;
}

/** A gateway's identity: the id written, or the graph id of the resource referenced. */
function gatewayOf(ri: NormalizeInput, v: Value | undefined): Maybe<string> {
  if (v instanceof ResourceRef) return `${ri.prefix}${v.address}`;
  if (v === '') return undefined;
  return toStr(v);
}

export function buildVpnConnection(b: TfBuilder): void {
  const v = b.v;
  b.prop('customerGateway', gatewayOf(b.ri, v.customer_gateway_id), 'customer_gateway_id');
  const vgw = gatewayOf(b.ri, v.vpn_gateway_id);
  const tgw = gatewayOf(b.ri, v.transit_gateway_id);
  if (vgw !== undefined && tgw !== undefined) {
    const both = new Unknown('both vpn_gateway_id and transit_gateway_id are set (AWS accepts only one)');
    b.prop('awsGateway', both, 'vpn_gateway_id');
    b.prop('awsGatewayType', both, 'vpn_gateway_id');
  } else if (tgw !== undefined) {
    b.prop('awsGateway', tgw, 'transit_gateway_id');
    b.prop('awsGatewayType', 'tgw', 'transit_gateway_id');
  } else {
    b.prop('awsGateway', vgw, 'vpn_gateway_id');
    b.prop('awsGatewayType', vgw === undefined ? undefined : 'vgw', 'vpn_gateway_id');
  }
  b.prop('type', toStr(v.type), 'type');
  // Every Site-to-Site VPN connection has exactly two tunnels (one per AWS endpoint).
  b.prop('tunnels', 2, undefined);
}
