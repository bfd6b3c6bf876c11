/**
 * AZ reading of OpenSearch domains and MSK clusters, shared by their rules
 * and the failure simulation. A domain spreads its data nodes over the AZ
 * count of its zone awareness (one AZ when it is off); an MSK cluster puts
 * its brokers evenly in its client subnets, one subnet per AZ. Subnet AZs are
 * compared through src/analysis/az.ts (via subnetAzs).
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown } from '../graph/values.js';
import { subnetAzs, type AzReading } from './compute.js';

/** Zone awareness: how many AZs the domain's data nodes are spread over, or why it cannot be told. */
export type DomainZones = { azs: number; zoneAwareness: boolean; attribute: string } | { reason: string; attribute: string };

export function domainZones(d: Resource<'search.domain'>): DomainZones {
  const za = d.props.zoneAwareness;
  const zaAttr = d.propOrigins.zoneAwareness?.attribute ?? 'zone_awareness_enabled';
  if (isUnknown(za)) return { reason: `whether zone awareness is on: ${za.reason}`, attribute: zaAttr };
  // Not set: AWS leaves zone awareness off, every data node in one AZ.
  if (za !== true) return { azs: 1, zoneAwareness: false, attribute: zaAttr };
  const count = d.props.availabilityZoneCount;
  const countAttr = d.propOrigins.availabilityZoneCount?.attribute ?? zaAttr;
  if (isUnknown(count)) return { reason: `the zone awareness AZ count: ${count.reason}`, attribute: countAttr };
  // Not set with zone awareness on: AWS uses 2 AZs.
  return { azs: count ?? 2, zoneAwareness: true, attribute: count === undefined ? zaAttr : countAttr };
}

/** Data nodes; not set: AWS creates one. */
export function domainDataNodes(d: Resource<'search.domain'>): number | { reason: string } {
  const n = d.props.instanceCount;
  if (isUnknown(n)) return { reason: `the data node count: ${n.reason}` };
  return n ?? 1;
}

/** AZs of an MSK cluster's client subnets (its brokers are spread evenly over them). */
export function brokerAzs(c: Resource<'stream.cluster'>, graph: ResourceGraph): AzReading {
  return subnetAzs(c as AnyResource, graph, 'no client subnets in the scan');
}

/**
 * MSK's default configuration, by the AZs of the cluster: default.replication.factor
 * 3 in 3 AZs and 2 in 2; min.insync.replicas 2 in 3 AZs and 1 in 2.
 */
export const MSK_DEFAULT_CONFIGURATION_URL = 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html';

export function mskDefaults(azs: number): { replicationFactor: number; minInsyncReplicas: number } | undefined {
  if (azs === 3) return { replicationFactor: 3, minInsyncReplicas: 2 };
  if (azs === 2) return { replicationFactor: 2, minInsyncReplicas: 1 };
  return undefined;
}
