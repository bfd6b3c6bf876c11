/**
 * The AZs a Fargate (awsvpc) service's subnets span, as bounds: AZs written
 * as names or as elements of one AZ list are counted exactly through
 * src/analysis/az.ts; others widen the bounds.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown, type Unknown } from '../graph/values.js';
import { azIdentityOf, countDistinctAzs, isAzIdentity } from './az.js';

export type SubnetAzs = { min: number; max: number; azs: string[]; doubts: string[]; subnets: string[] } | { reason: string; subnets: string[] };

export function subnetAzsOf(service: Resource<'ecs.service'>, graph: ResourceGraph): SubnetAzs {
  const subnets = graph.targets(service, 'in-subnet', 'network.subnet');
  if (isUnknown(subnets)) return { reason: `its subnets: ${subnets.reason}`, subnets: [] };
  const addresses = subnets.map((s) => s.address).sort();
  if (subnets.length === 0) return { reason: 'no subnets in the scan', subnets: [] };
  const doubts: string[] = [];
  const azs = subnets.map((s) => azIdentityOf(s as AnyResource));
  subnets.forEach((s, i) => {
    const az = azs[i];
    if (az === undefined) doubts.push(`subnet ${s.address} does not set its availability zone`);
    else if (!isAzIdentity(az)) doubts.push(`AZ of subnet ${s.address}: ${(az as Unknown).reason}`);
  });
  const d = countDistinctAzs(azs);
  return { min: d.min, max: d.max, azs: d.labels, doubts: [...doubts, ...d.reasons], subnets: addresses };
}
