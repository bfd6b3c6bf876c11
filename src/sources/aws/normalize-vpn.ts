/**
 * A DescribeVpnConnections answer → the props of a network.vpn-connection:
 * its customer gateway, the VGW or TGW it terminates on, and the telemetry
 * status of each of its two tunnels (VgwTelemetry[].Status, UP / DOWN).
 *
 * Connections being deleted or deleted carry no traffic and are dropped.
 */
import { Unknown, type Maybe } from '../../graph/values.js';
import type { Item, Raw } from './unit.js';

const GONE = new Set(['deleting', 'deleted']);

export interface VpnConnectionProps {
  id: string;
  customerGateway: Maybe<string>;
  awsGateway: Maybe<string>;
  awsGatewayType: Maybe<'vgw' | 'tgw'>;
  type: Maybe<string>;
  tunnels: number;
  tunnelStates: Maybe<string[]>;
  state: Maybe<string>;
  origins: Record<string, string>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The connection's props, or undefined for one that is gone (or has no id). */
export function vpnConnectionProps(it: Item): VpnConnectionProps | undefined {
  const d = it.data;
  const p = it.prefix;
  const id = str(d.VpnConnectionId);
  const state = str(d.State);
  if (!id || (state && GONE.has(state.toLowerCase()))) return undefined;
  const vgw = str(d.VpnGatewayId);
  const tgw = str(d.TransitGatewayId);
  const telemetry = d.VgwTelemetry;
  let tunnelStates: Maybe<string[]>;
  if (!Array.isArray(telemetry) || telemetry.length === 0) tunnelStates = new Unknown(`${id}: DescribeVpnConnections returned no tunnel telemetry`);
  else tunnelStates = (telemetry as Raw[]).map((t) => String(t.Status ?? 'UNKNOWN').toUpperCase());
  return {
    id,
    customerGateway: str(d.CustomerGatewayId),
    awsGateway: tgw ?? vgw ?? (str(d.CoreNetworkArn) ? new Unknown(`${id} is attached to the Cloud WAN core network ${String(d.CoreNetworkArn)}, whose other VPN attachments are not read`) : undefined),
    awsGatewayType: tgw ? 'tgw' : vgw ? 'vgw' : undefined,
    type: str(d.Type),
    // Every Site-to-Site VPN connection has exactly two tunnels.
    tunnels: 2,
    tunnelStates,
    state,
    origins: {
      customerGateway: `${p}CustomerGatewayId`,
      awsGateway: tgw ? `${p}TransitGatewayId` : `${p}VpnGatewayId`,
      awsGatewayType: tgw ? `${p}TransitGatewayId` : `${p}VpnGatewayId`,
      type: `${p}Type`,
      tunnelStates: `${p}VgwTelemetry[].Status`,
      state: `${p}State`,
    },
  };
}
