/**
 * ECS-MIN: the minimum task count of a service, as the rule ecs-min-tasks-per-az
 * and the failure simulation both need it (one definition, so that they never
 * disagree about how many tasks a service keeps).
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown } from '../graph/values.js';

export interface MinimumSource {
  /** Where the minimum is written: the service's desiredCount, or a scaling target's minCapacity. */
  prop?: 'desiredCount';
  /** `<scaling target address>.<attribute>` when a scaling target decides. */
  attribute?: string;
  /** The scaling target whose min_capacity decides (the result points at its line). */
  target?: Resource<'autoscaling.target'>;
}

export interface Minimum extends MinimumSource {
  /** Lowest and highest candidate minimum (they differ only when several scaling targets disagree). */
  lo: number;
  hi: number;
  text: string;
}

export function attributeName(r: AnyResource, prop: string, fallback: string): string {
  return (r.propOrigins as Record<string, { attribute: string } | undefined>)[prop]?.attribute ?? fallback;
}

/**
 * ECS-MIN: the Application Auto Scaling min_capacity when a scaling target exists, else the desired count.
 * Several targets on one service cannot coexist in AWS (one per service and dimension): when an IaC
 * declares more than one and they disagree, the range decides only if every candidate agrees.
 */
export function minimumOf(service: Resource<'ecs.service'>, graph: ResourceGraph, absentDesired: number): Minimum | (MinimumSource & { reason: string }) {
  const targets = graph.sources(service, 'scales', 'autoscaling.target').sort((a, b) => a.address.localeCompare(b.address));
  if (targets.length === 0) {
    // A scaling target whose service could not be resolved may be this service's: its min_capacity would replace the desired count.
    const floating = floatingTargets(service, graph);
    if (floating.length > 0) {
      const t = floating[0];
      return { reason: `scaling target ${t.address} may scale this service (${t.unresolved.find((u) => u.edge === 'scales')!.reason})`, attribute: `${t.address}.resource_id` };
    }
    const desired = service.props.desiredCount;
    const attr = attributeName(service as AnyResource, 'desiredCount', 'desired_count');
    if (isUnknown(desired)) return { reason: `${attr}: ${desired.reason}`, prop: 'desiredCount' };
    if (desired === undefined) return { lo: absentDesired, hi: absentDesired, text: `desired count not set: treated as ${absentDesired}, no scaling target`, prop: 'desiredCount' };
    return { lo: desired, hi: desired, text: `${attr} = ${desired}, no scaling target`, prop: 'desiredCount' };
  }
  const values: { target: Resource<'autoscaling.target'>; min: number; attr: string }[] = [];
  for (const target of targets) {
    const min = target.props.minCapacity;
    const attr = attributeName(target as AnyResource, 'minCapacity', 'min_capacity');
    if (isUnknown(min)) return { reason: `${attr} of ${target.address}: ${min.reason}`, attribute: `${target.address}.${attr}`, target };
    if (min === undefined) return { reason: `scaling target ${target.address} does not set ${attr}`, attribute: `${target.address}.${attr}`, target };
    values.push({ target, min, attr });
  }
  const lo = Math.min(...values.map((v) => v.min));
  const hi = Math.max(...values.map((v) => v.min));
  const first = values.find((v) => v.min === lo)!;
  const text =
    values.length === 1
      ? `${first.attr} = ${lo} on ${first.target.address}`
      : `${values.length} scaling targets declare min_capacity ${values.map((v) => `${v.min} (${v.target.address})`).join(', ')}; AWS keeps one`;
  return { lo, hi, text, attribute: `${first.target.address}.${first.attr}`, target: first.target };
}

/** ECS scaling targets in the service's module whose `scales` reference could not be resolved. */
function floatingTargets(service: Resource<'ecs.service'>, graph: ResourceGraph): Resource<'autoscaling.target'>[] {
  const module = (service.provenance.modulePath ?? []).join('.');
  return graph
    .ofKind('autoscaling.target')
    .filter((t) => t.unresolved.some((u) => u.edge === 'scales') && graph.outgoing(t.id, 'scales').length === 0)
    .filter((t) => t.props.serviceNamespace === 'ecs' || isUnknown(t.props.serviceNamespace))
    .filter((t) => (t.provenance.modulePath ?? []).join('.') === module)
    .sort((a, b) => a.address.localeCompare(b.address));
}
