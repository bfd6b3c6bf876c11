/**
 * ECS-SCALE / ECS-CLUSTER in Terraform (HCL and plan):
 * aws_appautoscaling_policy (autoscaling.policy, `scales` edge to its
 * scalable target, else to the service its resource id names) and the EC2
 * capacity of a cluster (aws_ecs_capacity_provider → its Auto Scaling group,
 * `uses-capacity` edges from the cluster).
 */
import { Unknown } from '../../../graph/values.js';
import { coercions, isObject, items, lastSegment, TERRAFORM_RULES, type SourceObject } from '../../common/coerce.js';
import { scalesEcs, type NodeBuilder } from '../../common/normalize.js';
import type { EdgeKind } from '../../../graph/types.js';
import type { NormalizeInput } from '../input.js';
import { ResourceRef, type Value, type ValueObject } from '../expr/values.js';

const { toStr } = coercions(TERRAFORM_RULES);

/** Capacity providers every cluster can use without declaring them: Fargate's. */
export const FARGATE_PROVIDERS: ReadonlySet<string> = new Set(['FARGATE', 'FARGATE_SPOT']);

interface TfBuilder extends NodeBuilder {
  readonly ri: NormalizeInput;
  readonly v: ValueObject;
}

export interface ScalingLinks<B extends TfBuilder> {
  /** Instances of `type` an attribute of `ri` mentions (resolved in its module instance). */
  mentioned(ri: NormalizeInput, attribute: string, type: string): string[];
  /** The instance id of a `type` resource with this literal name / resource id in `from`'s root. */
  literal(from: B, type: string, s: string): string | undefined;
  /** A literal `service/<cluster>/<service>` resource id → scales edge to the service, or why not. */
  scalesService(b: B, rid: string, attribute: string): void;
  input(id: string): NormalizeInput | undefined;
  /** What a reference written in `from` names, if it is in the scan. */
  ref(from: NormalizeInput, ref: ResourceRef): NormalizeInput | undefined;
  isNode(id: string): boolean;
  edge(from: string, to: string, kind: EdgeKind, at: NodeBuilder, attribute: string, data?: Record<string, unknown>): void;
  /** A builder for locations in another input (a capacity provider). */
  at(ri: NormalizeInput): NodeBuilder;
}

/**
 * aws_appautoscaling_policy. terraform-aws-modules and the AWS samples write
 * `resource_id = aws_appautoscaling_target.x.resource_id`: the edge goes to
 * that target. A literal resource id finds the target declaring the same id,
 * else the ECS service it names (a target declared outside the scan).
 */
export function scalingPolicy<B extends TfBuilder>(b: B, links: ScalingLinks<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.name), 'name');
  // policy_type is optional in the provider, default StepScaling.
  b.prop('policyType', toStr(v.policy_type) ?? 'StepScaling', 'policy_type');
  const ns = toStr(v.service_namespace);
  b.prop('serviceNamespace', ns, 'service_namespace');
  b.prop('scalableDimension', toStr(v.scalable_dimension), 'scalable_dimension');
  const rid = toStr(v.resource_id);
  b.prop('resourceId', rid, 'resource_id');

  const targets = links.mentioned(b.ri, 'resource_id', 'aws_appautoscaling_target');
  if (targets.length === 1) {
    links.edge(b.id, targets[0], 'scales', b, 'resource_id');
    return;
  }
  if (targets.length > 1) {
    b.unresolve('scales', 'resource_id', 'resource_id mentions several scalable targets');
    return;
  }
  if (typeof rid === 'string') {
    const t = links.literal(b, 'aws_appautoscaling_target', rid);
    if (t) links.edge(b.id, t, 'scales', b, 'resource_id');
    else if (scalesEcs(ns, v.scalable_dimension)) links.scalesService(b, rid, 'resource_id');
    return;
  }
  if (!scalesEcs(ns, v.scalable_dimension) && !(ns instanceof Unknown)) return;
  const services = links.mentioned(b.ri, 'resource_id', 'aws_ecs_service');
  if (services.length === 1) links.edge(b.id, services[0], 'scales', b, 'resource_id');
  else b.unresolve('scales', 'resource_id', services.length > 1 ? 'resource_id mentions several services' : rid instanceof Unknown ? rid.reason : 'resource_id is not set');
}

/**
 * The cluster's EC2 capacity: each capacity provider it lists (on the
 * cluster, or in the aws_ecs_cluster_capacity_providers `declaredIn`) that
 * is not Fargate's → the provider's Auto Scaling group, as a `uses-capacity`
 * edge written at the provider's auto_scaling_group_arn. What does not
 * resolve is an unresolved `uses-capacity` entry of the cluster.
 */
export function clusterCapacity<B extends TfBuilder>(cluster: B, declaredIn: NormalizeInput, links: ScalingLinks<B>): void {
  const attribute = declaredIn === cluster.ri ? 'capacity_providers' : `${declaredIn.address}.capacity_providers`;
  const raw = declaredIn.value.capacity_providers;
  if (raw === undefined || raw === null) return;
  const referenced = links.mentioned(declaredIn, 'capacity_providers', 'aws_ecs_capacity_provider');
  if (raw instanceof Unknown && !Array.isArray(raw)) {
    // The list is not known: the providers it mentions are linked, and the list may hold more.
    for (const p of referenced) providerGroup(cluster, p, links);
    cluster.unresolve('uses-capacity', attribute, raw.reason);
    return;
  }
  for (const item of items(raw)) {
    const name = toStr(item);
    if (typeof name === 'string') {
      if (FARGATE_PROVIDERS.has(name)) continue;
      const p = links.literal(cluster, 'aws_ecs_capacity_provider', name);
      if (p) providerGroup(cluster, p, links);
      else cluster.unresolve('uses-capacity', attribute, `capacity provider "${name}" is not in the scanned configuration`);
    } else if (referenced.length === 1 && items(raw).length === 1) {
      providerGroup(cluster, referenced[0], links);
    } else {
      cluster.unresolve('uses-capacity', attribute, name instanceof Unknown ? name.reason : 'a capacity provider name is not a string');
    }
  }
}

function providerGroup<B extends TfBuilder>(cluster: B, providerId: string, links: ScalingLinks<B>): void {
  const p = links.input(providerId);
  if (!p) return;
  const provider = toStr(p.value.name);
  const data = { provider: typeof provider === 'string' ? provider : p.address };
  const block = firstObject(p.value.auto_scaling_group_provider);
  const attribute = 'auto_scaling_group_provider.auto_scaling_group_arn';
  const unresolvedAttribute = `${p.address}.${attribute}`;
  if (!isObject(block)) {
    cluster.unresolve('uses-capacity', unresolvedAttribute, block instanceof Unknown ? block.reason : `${p.address} has no auto_scaling_group_provider`);
    return;
  }
  const raw = block.auto_scaling_group_arn;
  if (raw instanceof ResourceRef) {
    const group = links.ref(p, raw);
    if (group?.type === 'aws_autoscaling_group' && links.isNode(group.id)) links.edge(cluster.id, group.id, 'uses-capacity', links.at(p), attribute, data);
    else cluster.unresolve('uses-capacity', unresolvedAttribute, group ? `${raw.address} is a ${group.type}, not an Auto Scaling group` : `${raw.address} is not in the scanned configuration`);
    return;
  }
  const arn = toStr(raw);
  const byName = typeof arn === 'string' ? links.literal(cluster, 'aws_autoscaling_group', lastSegment(arn.replace(/^.*autoScalingGroupName\//, ''))) : undefined;
  if (byName) links.edge(cluster.id, byName, 'uses-capacity', links.at(p), attribute, data);
  else
    cluster.unresolve(
      'uses-capacity',
      unresolvedAttribute,
      arn instanceof Unknown ? arn.reason : typeof arn === 'string' ? `"${arn}" is not an Auto Scaling group in the scanned configuration` : 'auto_scaling_group_arn is not set',
    );
}

function firstObject(v: Value | undefined): SourceObject | Unknown | undefined {
  if (v instanceof Unknown) return v;
  const first = Array.isArray(v) ? v[0] : v;
  return isObject(first) ? first : first instanceof Unknown ? first : undefined;
}
