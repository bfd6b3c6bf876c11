/**
 * AZ reading of the compute kinds, shared by their rules and the failure
 * simulation: the AZs of a resource's subnets (an Auto Scaling group, a VPC
 * Lambda function), or of an Auto Scaling group's `availability_zones`, and
 * the AZ of an EC2 instance. Every comparison goes through src/analysis/az.ts.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown, type Unknown } from '../graph/values.js';
import { azIdentitiesOf, azIdentityOf, countDistinctAzs, isAzIdentity } from './az.js';

/** Distinct AZs as bounds (exact when every AZ is known), the AZ identities, and the subnets they come from. */
export interface AzSpread {
  min: number;
  max: number;
  labels: string[];
  /** One AZ identity per subnet / listed AZ (what compareAz takes). */
  identities: unknown[];
  doubts: string[];
  subnets: string[];
  /** The native attribute the AZs are read from, for locations. */
  attribute?: string;
}

export type AzReading = AzSpread | { reason: string; attribute?: string };

/** Where the resource's subnets are written (the first in-subnet edge or unresolved entry). */
export function subnetsAttribute(r: AnyResource, graph: ResourceGraph): string | undefined {
  return graph.outgoing(r.id, 'in-subnet')[0]?.attribute ?? r.unresolved.find((u) => u.edge === 'in-subnet')?.attribute;
}

/** AZs of the resource's subnets; `none` is the reason when it has none. */
export function subnetAzs(r: AnyResource, graph: ResourceGraph, none: string): AzReading {
  const attribute = subnetsAttribute(r, graph);
  const subnets = graph.targets(r, 'in-subnet', 'network.subnet');
  if (isUnknown(subnets)) return { reason: `its subnets: ${subnets.reason}`, attribute };
  if (subnets.length === 0) return { reason: none, attribute };
  const identities = subnets.map((s) => azIdentityOf(s as AnyResource));
  const doubts: string[] = [];
  subnets.forEach((s, i) => {
    const az = identities[i];
    if (az === undefined) doubts.push(`subnet ${s.address} does not set its availability zone`);
    else if (!isAzIdentity(az)) doubts.push(`AZ of subnet ${s.address}: ${(az as Unknown).reason}`);
  });
  const d = countDistinctAzs(identities);
  return { min: d.min, max: d.max, labels: d.labels, identities, doubts: [...doubts, ...d.reasons], subnets: subnets.map((s) => s.address).sort(), attribute };
}

/** An Auto Scaling group's AZs: its subnets' (vpc_zone_identifier), else its availability_zones. */
export function groupAzs(asg: Resource<'compute.autoscaling-group'>, graph: ResourceGraph): AzReading {
  const hasSubnets = graph.outgoing(asg.id, 'in-subnet').length > 0 || asg.unresolved.some((u) => u.edge === 'in-subnet');
  if (hasSubnets) return subnetAzs(asg as AnyResource, graph, 'no subnets');
  const listed = azIdentitiesOf(asg as AnyResource);
  const attribute = asg.propOrigins.availabilityZones?.attribute;
  if (listed === undefined) return { reason: 'neither subnets nor availability zones are set', attribute };
  if (!Array.isArray(listed)) return { reason: `availability zones: ${(listed as Unknown).reason}`, attribute };
  if (listed.length === 0) return { reason: 'the list of availability zones is empty', attribute };
  const d = countDistinctAzs(listed);
  const doubts = listed.filter((a) => !isAzIdentity(a)).map((a) => (a as Unknown).reason);
  return { min: d.min, max: d.max, labels: d.labels, identities: listed, doubts: [...doubts, ...d.reasons], subnets: [], attribute };
}

/** An EC2 instance's AZ identity: its subnet's, else the AZ written on it; or why neither is known. */
export function instanceAz(i: Resource<'compute.instance'>, graph: ResourceGraph): { az: unknown; subnet?: string } | { reason: string } {
  const subnets = graph.targets(i, 'in-subnet', 'network.subnet');
  if (isUnknown(subnets)) {
    const own = azIdentityOf(i as AnyResource);
    return isAzIdentity(own) ? { az: own } : { reason: `its subnet: ${subnets.reason}` };
  }
  if (subnets.length > 0) {
    const az = azIdentityOf(subnets[0] as AnyResource);
    if (isAzIdentity(az)) return { az, subnet: subnets[0].address };
    return { reason: az === undefined ? `subnet ${subnets[0].address} does not set its availability zone` : `AZ of subnet ${subnets[0].address}: ${(az as Unknown).reason}` };
  }
  const own = azIdentityOf(i as AnyResource);
  if (isAzIdentity(own)) return { az: own };
  return { reason: own === undefined ? 'its AZ is not set' : (own as Unknown).reason };
}
