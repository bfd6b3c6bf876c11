/**
 * ECS-SCALE / ECS-CLUSTER in CloudFormation:
 * AWS::ApplicationAutoScaling::ScalingPolicy (autoscaling.policy, `scales`
 * edge to its ScalableTarget: ScalingTargetId, or ResourceId +
 * ScalableDimension + ServiceNamespace) and AWS::ECS::CapacityProvider (the
 * Auto Scaling group behind a cluster's capacity provider: `uses-capacity`).
 */
import { Unknown } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions, items, lastSegment } from '../../common/coerce.js';
import { isObject } from '../values.js';
import { scalesEcs, type NodeBuilder } from '../../common/normalize.js';
import type { EdgeKind } from '../../../graph/types.js';
import type { EvaluatedResource } from '../normalize.js';
import { ComputedUnknown, StackRef, type Value } from '../values.js';

const { toStr } = coercions(CLOUDFORMATION_RULES);

const FARGATE_PROVIDERS: ReadonlySet<string> = new Set(['FARGATE', 'FARGATE_SPOT']);
export const CAPACITY_PROVIDER_TYPE = 'AWS::ECS::CapacityProvider';
const TARGET_TYPE = 'AWS::ApplicationAutoScaling::ScalableTarget';

interface CfnBuilder extends NodeBuilder {
  readonly r: EvaluatedResource;
  get(path: string): Value | undefined;
}

export interface CfnScalingLinks<B extends CfnBuilder> {
  resource(id: string): EvaluatedResource | undefined;
  isNode(id: string): boolean;
  /** The id of the `type` resource with this literal name, as seen from `from`. */
  named(type: string, name: string, from: EvaluatedResource): string | undefined;
  /** Scalable targets of the scan declaring this literal resource id (and dimension when known). */
  targetsWithResourceId(rid: string, dimension: unknown): string[];
  scalesService(b: B, rid: string, attribute: string): void;
  edge(from: string, to: string, kind: EdgeKind, at: NodeBuilder, attribute: string, data?: Record<string, unknown>): void;
  /** A builder for locations in another resource (a capacity provider). */
  at(r: EvaluatedResource): NodeBuilder;
}

/** Resources of `type` that a value refers to (a Ref / GetAtt, or a !Sub / !Join mentioning them). */
function mentioned(v: Value | undefined, type: string, links: { isNode(id: string): boolean }): string[] {
  const refs = v instanceof ComputedUnknown ? v.refs : v instanceof StackRef ? [v] : [];
  return [...new Set(refs.filter((r) => r.resourceType === type && links.isNode(r.targetId)).map((r) => r.targetId))];
}

export function scalingPolicy<B extends CfnBuilder>(b: B, links: CfnScalingLinks<B>): void {
  b.prop('name', toStr(b.get('PolicyName')), 'PolicyName');
  b.prop('policyType', toStr(b.get('PolicyType')), 'PolicyType');
  const ns = toStr(b.get('ServiceNamespace'));
  const dim = toStr(b.get('ScalableDimension'));
  const raw = b.get('ResourceId');
  const rid = toStr(raw);
  b.prop('serviceNamespace', ns, 'ServiceNamespace');
  b.prop('scalableDimension', dim, 'ScalableDimension');
  b.prop('resourceId', rid, 'ResourceId');

  // ScalingTargetId (Ref of the ScalableTarget) or the three identifying properties, never both.
  const stid = b.get('ScalingTargetId');
  if (stid !== undefined && stid !== null) {
    const targets = mentioned(stid, TARGET_TYPE, links);
    if (targets.length === 1) links.edge(b.id, targets[0], 'scales', b, 'ScalingTargetId');
    else b.unresolve('scales', 'ScalingTargetId', stid instanceof Unknown ? stid.reason : typeof stid === 'string' ? `"${stid}" is a literal scalable target id, not a ScalableTarget in the scanned templates` : 'ScalingTargetId is not a reference');
    return;
  }
  if (typeof rid === 'string') {
    const targets = links.targetsWithResourceId(rid, dim);
    if (targets.length === 1) links.edge(b.id, targets[0], 'scales', b, 'ResourceId');
    else if (targets.length > 1) b.unresolve('scales', 'ResourceId', `several scalable targets declare ResourceId "${rid}"`);
    else if (scalesEcs(ns, dim)) links.scalesService(b, rid, 'ResourceId');
    return;
  }
  if (!scalesEcs(ns, dim) && !(ns instanceof Unknown)) return;
  // Usually !Sub service/${Cluster}/${Service.Name}: the service it mentions.
  const services = mentioned(raw, 'AWS::ECS::Service', links);
  if (services.length === 1) links.edge(b.id, services[0], 'scales', b, 'ResourceId');
  else b.unresolve('scales', 'ResourceId', services.length > 1 ? 'ResourceId mentions several services' : rid instanceof Unknown ? rid.reason : 'ResourceId is not set');
}

/**
 * The cluster's capacity providers (`value` at `attribute` of `declaredIn`:
 * the cluster's CapacityProviders or an association's) that are not
 * Fargate's → the Auto Scaling group each names, as `uses-capacity` edges.
 */
export function clusterCapacity<B extends CfnBuilder>(cluster: B, value: Value | undefined, attribute: string, links: CfnScalingLinks<B>): void {
  if (value === undefined || value === null) return;
  if (value instanceof Unknown && !(value instanceof StackRef)) {
    cluster.unresolve('uses-capacity', attribute, value.reason);
    return;
  }
  for (const item of items(value)) {
    let provider: string | undefined;
    if (item instanceof StackRef && item.resourceType === CAPACITY_PROVIDER_TYPE) provider = item.targetId;
    else if (typeof item === 'string') {
      if (FARGATE_PROVIDERS.has(item)) continue;
      provider = links.named(CAPACITY_PROVIDER_TYPE, item, cluster.r);
      if (!provider) {
        cluster.unresolve('uses-capacity', attribute, `capacity provider "${item}" is not in the scanned templates`);
        continue;
      }
    } else {
      cluster.unresolve('uses-capacity', attribute, item instanceof Unknown ? item.reason : 'a capacity provider is not a name');
      continue;
    }
    providerGroup(cluster, provider, links);
  }
}

function providerGroup<B extends CfnBuilder>(cluster: B, providerId: string, links: CfnScalingLinks<B>): void {
  const p = links.resource(providerId);
  if (!p) return;
  const name = isObject(p.props) ? toStr(p.props.Name) : undefined;
  const data = { provider: typeof name === 'string' ? name : p.address };
  const attribute = 'AutoScalingGroupProvider.AutoScalingGroupArn';
  const unresolvedAttribute = `${p.address}.${attribute}`;
  if (p.props instanceof Unknown) {
    cluster.unresolve('uses-capacity', unresolvedAttribute, p.props.reason);
    return;
  }
  const asgp = isObject(p.props) ? p.props.AutoScalingGroupProvider : undefined;
  if (!isObject(asgp)) {
    cluster.unresolve('uses-capacity', unresolvedAttribute, asgp instanceof Unknown ? asgp.reason : `${p.address} has no AutoScalingGroupProvider`);
    return;
  }
  const raw = asgp.AutoScalingGroupArn;
  const groups = mentioned(raw, 'AWS::AutoScaling::AutoScalingGroup', links);
  if (groups.length === 1) {
    links.edge(cluster.id, groups[0], 'uses-capacity', links.at(p), attribute, data);
    return;
  }
  // The property takes the group's ARN or name.
  const literal = toStr(raw);
  const byName = typeof literal === 'string' ? links.named('AWS::AutoScaling::AutoScalingGroup', lastSegment(literal.replace(/^.*autoScalingGroupName\//, '')), cluster.r) : undefined;
  if (byName && links.isNode(byName)) links.edge(cluster.id, byName, 'uses-capacity', links.at(p), attribute, data);
  else
    cluster.unresolve(
      'uses-capacity',
      unresolvedAttribute,
      literal instanceof Unknown ? literal.reason : typeof literal === 'string' ? `"${literal}" is not an Auto Scaling group in the scanned templates` : 'AutoScalingGroupArn is not set',
    );
}
