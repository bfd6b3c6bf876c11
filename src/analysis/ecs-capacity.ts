/**
 * ECS-SPREAD / ECS-SPOT: what capacity a service's tasks run on. A service
 * names a launch type or a capacity provider strategy; without either it takes
 * its cluster's default strategy; without that, the EC2 launch type (the ECS
 * API default).
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { CapacityProviderItem, Resource } from '../graph/types.js';
import { isUnknown, Unknown } from '../graph/values.js';

export type Capacity =
  | { launchType: string; from: 'service' | 'default' }
  | { strategy: CapacityProviderItem[]; from: 'service' | 'cluster'; cluster?: Resource<'ecs.cluster'> }
  | { reason: string };

export function capacityOf(service: Resource<'ecs.service'>, graph: ResourceGraph): Capacity {
  // ECS accepts a launch type or a strategy, never both; a strategy written wins over a launch type a reader reports anyway.
  const own = service.props.capacityProviderStrategy;
  if (isUnknown(own)) return { reason: `capacity provider strategy: ${own.reason}` };
  if (own && own.length > 0) return { strategy: own, from: 'service' };
  const lt = service.props.launchType;
  if (isUnknown(lt)) return { reason: `launch type: ${lt.reason}` };
  if (typeof lt === 'string' && lt !== '') return { launchType: lt.toUpperCase(), from: 'service' };
  const clusters = graph.targets(service, 'in-cluster', 'ecs.cluster');
  if (isUnknown(clusters)) return { reason: `its cluster (whose default capacity provider strategy applies): ${clusters.reason}` };
  if (clusters.length === 0) {
    const unresolved = service.unresolved.find((u) => u.edge === 'in-cluster');
    // No cluster named: the account's `default` cluster, which the scan does not describe.
    return { reason: unresolved ? `its cluster is not in the scan (${unresolved.reason}): its default capacity provider strategy may apply` : "it names no cluster: the default cluster's default capacity provider strategy may apply" };
  }
  const cluster = clusters[0];
  const def = cluster.props.defaultCapacityProviderStrategy;
  if (isUnknown(def)) return { reason: `default capacity provider strategy of ${cluster.address}: ${def.reason}` };
  if (def && def.length > 0) return { strategy: def, from: 'cluster', cluster };
  // No default strategy (the capacity provider list alone sets none): the EC2 launch type.
  return { launchType: 'EC2', from: 'default' };
}

/** `FARGATE` / `FARGATE_SPOT` are AWS-managed; any other provider name is an Auto Scaling group provider (EC2). */
export function isFargateProvider(name: string): boolean {
  return name === 'FARGATE' || name === 'FARGATE_SPOT';
}

/** A strategy item that carries tasks: weight > 0 or base > 0 (weight defaults to 0, base to 0). */
export function carries(item: CapacityProviderItem): boolean | Unknown {
  const w = item.weight;
  const b = item.base;
  if (typeof w === 'number' && w > 0) return true;
  if (typeof b === 'number' && b > 0) return true;
  if (isUnknown(w)) return w;
  if (isUnknown(b)) return b;
  return false;
}
