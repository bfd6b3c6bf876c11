/**
 * Elastic Load Balancing v2 in CloudFormation, the same nodes and edges as
 * the Terraform source (src/sources/terraform/kinds/lb.ts):
 * `AWS::ElasticLoadBalancingV2::LoadBalancer` → `lb.load-balancer` (in-subnet
 * edges from `Subnets` or `SubnetMappings`; cross-zone and deletion
 * protection from `LoadBalancerAttributes`), `…::TargetGroup` →
 * `lb.target-group` (its `Targets` that are load balancers register with
 * it), `…::Listener` (`DefaultActions`) and `…::ListenerRule` (`Actions`) →
 * `load-balancer --forwards-to--> target-group`, and an ECS service's
 * `LoadBalancers[].TargetGroupArn` → `service --registers-with--> target-group`.
 */
import type { EdgeKind, TargetGroupHealthCheck } from '../../../graph/types.js';
import { Unknown, type Maybe } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions } from '../../common/coerce.js';
import { crossZoneOf, loadBalancerType, targetType } from '../../common/lb.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { EvaluatedResource } from '../normalize.js';
import { isObject, type Value, type ValueObject } from '../values.js';

const { toStr, toNum, toBool, objectList } = coercions(CLOUDFORMATION_RULES);

export const LB_TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
export const TARGET_GROUP_TYPE = 'AWS::ElasticLoadBalancingV2::TargetGroup';
export const LISTENER_TYPE = 'AWS::ElasticLoadBalancingV2::Listener';
export const LISTENER_RULE_TYPE = 'AWS::ElasticLoadBalancingV2::ListenerRule';

/** A node of the CloudFormation normalizer, as this file reads it. */
export interface CfnNode extends NodeBuilder {
  readonly r: EvaluatedResource;
  get(path: string): Value | undefined;
}

/** What the normalizer lends this file. */
export interface CfnLbLinks<B extends CfnNode> {
  refs(b: B, value: Value | undefined, attribute: string, kind: EdgeKind, types: readonly string[], literal?: boolean): string[];
  edge(from: string, to: string, kind: EdgeKind, at: NodeBuilder, attribute: string, data?: Record<string, unknown>): void;
  /** The node of `types` a value written in `from` names (by reference, or literal name / ARN). */
  node(from: B, value: Value | undefined, types: readonly string[]): B | undefined;
  /** The evaluated resource (node or not) of `type` that a reference names. */
  resource(value: Value | undefined, type: string): EvaluatedResource | undefined;
  builder(r: EvaluatedResource): B;
}

/** `LoadBalancerAttributes: [{Key, Value}]` → the value of one key (a string in templates; "true"/"false"). */
function attribute(b: CfnNode, key: string): { value: Value | undefined; path?: string } {
  const list = b.get('LoadBalancerAttributes');
  if (list instanceof Unknown) return { value: list, path: 'LoadBalancerAttributes' };
  if (!Array.isArray(list)) return { value: undefined };
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item instanceof Unknown) return { value: new Unknown(`an entry of LoadBalancerAttributes is unknown: ${item.reason}`), path: 'LoadBalancerAttributes' };
    if (!isObject(item)) continue;
    if (item.Key instanceof Unknown) return { value: new Unknown(`a LoadBalancerAttributes key is unknown: ${item.Key.reason}`), path: `LoadBalancerAttributes.${i}` };
    if (item.Key === key) return { value: item.Value, path: `LoadBalancerAttributes.${i}.Value` };
  }
  return { value: undefined };
}

export function buildLoadBalancer<B extends CfnNode>(b: B, links: CfnLbLinks<B>): void {
  b.prop('name', toStr(b.get('Name')), 'Name');
  const type = loadBalancerType(toStr(b.get('Type')));
  b.prop('type', type, 'Type');
  const scheme = toStr(b.get('Scheme'));
  b.prop('scheme', scheme === undefined ? 'internet-facing' : scheme, 'Scheme');
  const cz = attribute(b, 'load_balancing.cross_zone.enabled');
  b.prop('crossZone', crossZoneOf(type, toBool(cz.value)), cz.path ?? 'LoadBalancerAttributes');
  const dp = attribute(b, 'deletion_protection.enabled');
  b.prop('deletionProtection', toBool(dp.value), dp.path ?? 'LoadBalancerAttributes');
  const mappings = b.get('SubnetMappings');
  if (mappings !== undefined && mappings !== null) {
    const list = objectList(mappings);
    if (list instanceof Unknown) {
      b.prop('subnetMappingCount', list, 'SubnetMappings');
      b.unresolve('in-subnet', 'SubnetMappings', list.reason);
      return;
    }
    b.prop('subnetMappingCount', list?.length ?? 0, 'SubnetMappings');
    (list ?? []).forEach((m, k) => links.refs(b, m.SubnetId, `SubnetMappings.${k}.SubnetId`, 'in-subnet', ['AWS::EC2::Subnet']));
    return;
  }
  const subnets = b.get('Subnets');
  if (subnets === undefined || subnets === null) {
    b.unresolve('in-subnet', 'Subnets', 'neither Subnets nor SubnetMappings is set');
    return;
  }
  links.refs(b, subnets, 'Subnets', 'in-subnet', ['AWS::EC2::Subnet']);
}

export function buildTargetGroup<B extends CfnNode>(b: B, links: CfnLbLinks<B>): void {
  b.prop('name', toStr(b.get('Name')), 'Name');
  b.prop('protocol', toStr(b.get('Protocol')), 'Protocol');
  b.prop('targetType', targetType(toStr(b.get('TargetType'))), 'TargetType');
  const fields: [keyof TargetGroupHealthCheck, string, (v: Value | undefined) => Maybe<string | number | boolean>][] = [
    ['enabled', 'HealthCheckEnabled', toBool],
    ['protocol', 'HealthCheckProtocol', toStr],
    ['path', 'HealthCheckPath', toStr],
    ['intervalSeconds', 'HealthCheckIntervalSeconds', toNum],
    ['timeoutSeconds', 'HealthCheckTimeoutSeconds', toNum],
    ['healthyThreshold', 'HealthyThresholdCount', toNum],
    ['unhealthyThreshold', 'UnhealthyThresholdCount', toNum],
  ];
  const written = fields.filter(([, p]) => b.get(p) !== undefined);
  if (written.length > 0) {
    const check = Object.fromEntries(fields.map(([k, p, f]) => [k, f(b.get(p))])) as unknown as TargetGroupHealthCheck;
    b.prop('healthCheck', check, written[0][1]);
  }
  // An ALB registered as the target of an NLB's group: the ingress path goes on through it.
  const targets = objectList(b.get('Targets'));
  if (targets instanceof Unknown || !targets) return;
  targets.forEach((t, k) => {
    const lb = links.node(b, t.Id, [LB_TYPE]);
    if (lb) links.edge(lb.id, b.id, 'registers-with', b, `Targets.${k}.Id`);
  });
}

/** `LoadBalancers[].TargetGroupArn` of an ECS service → registers-with edges. */
export function serviceTargetGroups<B extends CfnNode>(b: B, links: CfnLbLinks<B>): void {
  const lbs = objectList(b.get('LoadBalancers'));
  if (lbs instanceof Unknown) {
    b.unresolve('registers-with', 'LoadBalancers', lbs.reason);
    return;
  }
  (lbs ?? []).forEach((lb, k) => {
    if (lb.TargetGroupArn !== undefined && lb.TargetGroupArn !== null) links.refs(b, lb.TargetGroupArn, `LoadBalancers.${k}.TargetGroupArn`, 'registers-with', [TARGET_GROUP_TYPE], true);
    else if (lb.LoadBalancerName !== undefined && lb.LoadBalancerName !== null) b.unresolve('registers-with', `LoadBalancers.${k}.LoadBalancerName`, 'a Classic Load Balancer: not part of the graph');
  });
}

/** A listener or listener rule: its forward actions → forwards-to edges of its load balancer. */
export function contributeLb<B extends CfnNode>(self: B, links: CfnLbLinks<B>): void {
  const r = self.r;
  if (r.props instanceof Unknown) return;
  if (r.type === LISTENER_TYPE) {
    const lb = links.node(self, r.props.LoadBalancerArn, [LB_TYPE]);
    if (lb) forwards(lb, self, r.props.DefaultActions, 'DefaultActions', { listener: r.address, ...listenerFacts(r.props) }, links);
    return;
  }
  const listener = links.resource(r.props.ListenerArn, LISTENER_TYPE);
  if (!listener || listener.props instanceof Unknown) return;
  const lb = links.node(links.builder(listener), listener.props.LoadBalancerArn, [LB_TYPE]);
  if (!lb) return;
  forwards(lb, self, r.props.Actions, 'Actions', { listener: listener.address, rule: r.address, ...listenerFacts(listener.props) }, links);
}

function listenerFacts(v: ValueObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const port = toNum(v.Port);
  const protocol = toStr(v.Protocol);
  if (typeof port === 'number') out.port = port;
  if (typeof protocol === 'string') out.protocol = protocol;
  return out;
}

function forwards<B extends CfnNode>(lb: B, self: B, value: Value | undefined, attr: string, data: Record<string, unknown>, links: CfnLbLinks<B>): void {
  const actions = objectList(value);
  const where = `${self.r.address}.${attr}`;
  if (actions instanceof Unknown) {
    lb.unresolve('forwards-to', where, actions.reason);
    return;
  }
  const to = (val: Value | undefined, attribute: string, extra: Record<string, unknown>): void => {
    const target = links.node(self, val, [TARGET_GROUP_TYPE]);
    if (target) links.edge(lb.id, target.id, 'forwards-to', self, attribute, { ...data, ...extra });
    else lb.unresolve('forwards-to', `${self.r.address}.${attribute}`, val instanceof Unknown ? val.reason : typeof val === 'string' ? `"${val}" is not a target group in the scanned templates` : 'the target group is not a reference');
  };
  (actions ?? []).forEach((a, i) => {
    if (a.TargetGroupArn !== undefined && a.TargetGroupArn !== null && a.TargetGroupArn !== '') {
      to(a.TargetGroupArn, `${attr}.${i}.TargetGroupArn`, {});
      return;
    }
    const fc = a.ForwardConfig;
    if (fc instanceof Unknown) {
      lb.unresolve('forwards-to', `${where}.${i}.ForwardConfig`, fc.reason);
      return;
    }
    const groups = isObject(fc) ? objectList(fc.TargetGroups) : undefined;
    if (groups instanceof Unknown) {
      lb.unresolve('forwards-to', `${where}.${i}.ForwardConfig.TargetGroups`, groups.reason);
      return;
    }
    (groups ?? []).forEach((g, j) => {
      const weight = toNum(g.Weight);
      to(g.TargetGroupArn, `${attr}.${i}.ForwardConfig.TargetGroups.${j}.TargetGroupArn`, weight === undefined ? {} : { weight });
    });
  });
}
