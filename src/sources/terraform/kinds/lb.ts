/**
 * Elastic Load Balancing v2 in Terraform (HCL and plan): `aws_lb` /
 * `aws_alb` → `lb.load-balancer` (in-subnet edges to its subnets or subnet
 * mappings), `aws_lb_target_group` / `aws_alb_target_group` →
 * `lb.target-group`, and the resources that link them:
 *
 * - `aws_lb_listener` (default actions) and `aws_lb_listener_rule`
 *   (actions) → `load-balancer --forwards-to--> target-group`, plain or
 *   weighted (`forward { target_group { arn, weight } }`), written where the
 *   listener or rule names the group; listeners are not nodes.
 * - `aws_ecs_service.load_balancer[].target_group_arn` →
 *   `service --registers-with--> target-group`.
 * - `aws_lb_target_group_attachment` whose target is a load balancer (an
 *   ALB behind an NLB) → `load-balancer --registers-with--> target-group`;
 *   instances, IPs and functions are not graph nodes.
 */
import type { EdgeKind, TargetGroupHealthCheck } from '../../../graph/types.js';
import { Unknown } from '../../../graph/values.js';
import { coercions, isObject, TERRAFORM_RULES } from '../../common/coerce.js';
import { crossZoneOf, loadBalancerType, schemeOfInternal, targetType } from '../../common/lb.js';
import type { LiteralMatch, NodeBuilder } from '../../common/normalize.js';
import type { NormalizeInput } from '../input.js';
import { ResourceRef, type Value, type ValueObject } from '../expr/values.js';

const { toStr, toNum, toBool, objectList } = coercions(TERRAFORM_RULES);

export const LB_TYPES = ['aws_lb', 'aws_alb'] as const;
export const TARGET_GROUP_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'] as const;
export const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'] as const;
export const LB_CONTRIBUTORS = ['aws_lb_listener', 'aws_alb_listener', 'aws_lb_listener_rule', 'aws_alb_listener_rule', 'aws_lb_target_group_attachment', 'aws_alb_target_group_attachment'] as const;

/** A node of the Terraform normalizer, as this file reads it. */
export interface TfNode extends NodeBuilder {
  readonly ri: NormalizeInput;
  readonly v: ValueObject;
}

/** What the normalizer lends this file: its reference resolution and edges. */
export interface LbLinks<B extends TfNode> {
  refs(b: B, value: Value | undefined, attribute: string, kind: EdgeKind, types: readonly string[], literal?: LiteralMatch, data?: Record<string, unknown>): string[];
  edge(from: string, to: string, kind: EdgeKind, at: NodeBuilder, attribute: string, data?: Record<string, unknown>): void;
  /** The node of one of `types` that `value` (written in `from`) names: by reference, or for target groups by literal name or ARN. */
  node(from: B, value: Value | undefined, types: readonly string[]): B | undefined;
  /** The input (a node or a contributor) of one of `types` that a reference written in `from` names. */
  input(from: B, value: Value | undefined, types: readonly string[]): NormalizeInput | undefined;
  /** A builder over any input, for locations and unresolved entries (contributors are not nodes). */
  builder(ri: NormalizeInput): B;
  /** Literal target group names (and target group ARNs, by their name segment). */
  targetGroupLiteral(from: B): LiteralMatch;
}

/** The name in a target group ARN (`…:targetgroup/<name>/<id>`), or the string itself. */
export function targetGroupName(s: string): string {
  const m = /:targetgroup\/([^/]+)\/[^/]+$/.exec(s);
  return m ? m[1] : s;
}

export function buildLoadBalancer<B extends TfNode>(b: B, links: LbLinks<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.name), 'name');
  const type = loadBalancerType(toStr(v.load_balancer_type));
  b.prop('type', type, 'load_balancer_type');
  b.prop('scheme', schemeOfInternal(toBool(v.internal)), 'internal');
  b.prop('crossZone', crossZoneOf(type, toBool(v.enable_cross_zone_load_balancing)), 'enable_cross_zone_load_balancing');
  b.prop('deletionProtection', toBool(v.enable_deletion_protection), 'enable_deletion_protection');
  // With subnet_mapping blocks, `subnets` is computed (unknown in a plan): the mappings are what is written.
  const mappings = objectList(v.subnet_mapping);
  if (mappings instanceof Unknown) {
    b.prop('subnetMappingCount', mappings, 'subnet_mapping');
    b.unresolve('in-subnet', 'subnet_mapping', mappings.reason);
    return;
  }
  if (mappings && mappings.length > 0) {
    b.prop('subnetMappingCount', mappings.length, 'subnet_mapping');
    mappings.forEach((m, k) => links.refs(b, m.subnet_id, `subnet_mapping[${k}].subnet_id`, 'in-subnet', ['aws_subnet']));
    return;
  }
  if (v.subnets === undefined || v.subnets === null) {
    b.unresolve('in-subnet', 'subnets', 'neither subnets nor subnet_mapping is set');
    return;
  }
  links.refs(b, v.subnets, 'subnets', 'in-subnet', ['aws_subnet']);
}

export function buildTargetGroup<B extends TfNode>(b: B): void {
  const v = b.v;
  b.prop('name', toStr(v.name), 'name');
  b.prop('protocol', toStr(v.protocol), 'protocol');
  b.prop('targetType', targetType(toStr(v.target_type)), 'target_type');
  const hc = objectList(v.health_check);
  if (hc instanceof Unknown) b.prop('healthCheck', hc, 'health_check');
  else if (hc && hc.length > 0) {
    const h = hc[0];
    const check: TargetGroupHealthCheck = {
      enabled: toBool(h.enabled),
      protocol: toStr(h.protocol),
      path: toStr(h.path),
      intervalSeconds: toNum(h.interval),
      timeoutSeconds: toNum(h.timeout),
      healthyThreshold: toNum(h.healthy_threshold),
      unhealthyThreshold: toNum(h.unhealthy_threshold),
    };
    b.prop('healthCheck', check, 'health_check');
  }
}

/** `load_balancer { target_group_arn }` blocks of an ECS service → registers-with edges. */
export function serviceTargetGroups<B extends TfNode>(b: B, links: LbLinks<B>): void {
  const lbs = objectList(b.v.load_balancer);
  if (lbs instanceof Unknown) {
    b.unresolve('registers-with', 'load_balancer', lbs.reason);
    return;
  }
  (lbs ?? []).forEach((lb, k) => {
    const at = `load_balancer[${k}]`;
    if (lb.target_group_arn !== undefined && lb.target_group_arn !== null) {
      links.refs(b, lb.target_group_arn, `${at}.target_group_arn`, 'registers-with', TARGET_GROUP_TYPES, links.targetGroupLiteral(b));
    } else if (lb.elb_name !== undefined && lb.elb_name !== null) {
      b.unresolve('registers-with', `${at}.elb_name`, 'a Classic Load Balancer: not part of the graph');
    }
  });
}

/** A listener, listener rule or target group attachment: the edges it declares. */
export function contributeLb<B extends TfNode>(self: B, links: LbLinks<B>): void {
  const v = self.v;
  const ri = self.ri;
  if ((LISTENER_TYPES as readonly string[]).includes(ri.type)) {
    const lb = links.node(self, v.load_balancer_arn, LB_TYPES);
    if (!lb) return;
    forwards(lb, self, v.default_action, 'default_action', { listener: ri.address, ...listenerFacts(v) }, links);
    return;
  }
  if (ri.type === 'aws_lb_listener_rule' || ri.type === 'aws_alb_listener_rule') {
    const listener = links.input(self, v.listener_arn, LISTENER_TYPES);
    if (!listener) return;
    const lb = links.node(links.builder(listener), listener.value.load_balancer_arn, LB_TYPES);
    if (!lb) return;
    forwards(lb, self, v.action, 'action', { listener: listener.address, rule: ri.address, ...listenerFacts(listener.value) }, links);
    return;
  }
  // A target group attachment: only a load balancer target is a graph node.
  const tg = links.node(self, v.target_group_arn, TARGET_GROUP_TYPES);
  const target = tg ? links.node(self, v.target_id, LB_TYPES) : undefined;
  if (tg && target) links.edge(target.id, tg.id, 'registers-with', self, 'target_id', { declaredBy: ri.address });
}

function listenerFacts(v: ValueObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const port = toNum(v.port);
  const protocol = toStr(v.protocol);
  if (typeof port === 'number') out.port = port;
  if (typeof protocol === 'string') out.protocol = protocol;
  return out;
}

/** The forward actions of a listener or rule (`attr`: default_action / action) → forwards-to edges of `lb`. */
function forwards<B extends TfNode>(lb: B, self: B, value: Value | undefined, attr: string, data: Record<string, unknown>, links: LbLinks<B>): void {
  const actions = objectList(value);
  const where = `${self.ri.address}.${attr}`;
  if (actions instanceof Unknown) {
    lb.unresolve('forwards-to', where, actions.reason);
    return;
  }
  const to = (val: Value | undefined, attribute: string, extra: Record<string, unknown>): void => {
    const target = links.node(self, val, TARGET_GROUP_TYPES);
    if (target) links.edge(lb.id, target.id, 'forwards-to', self, attribute, { ...data, ...extra });
    else lb.unresolve('forwards-to', `${self.ri.address}.${attribute}`, unresolvedReason(val));
  };
  (actions ?? []).forEach((a, i) => {
    const type = toStr(a.type);
    if (type instanceof Unknown) lb.unresolve('forwards-to', `${where}[${i}].type`, type.reason);
    if (a.target_group_arn !== undefined && a.target_group_arn !== null && a.target_group_arn !== '') {
      to(a.target_group_arn, `${attr}[${i}].target_group_arn`, {});
      return;
    }
    const fwd = objectList(a.forward);
    if (fwd instanceof Unknown) {
      lb.unresolve('forwards-to', `${where}[${i}].forward`, fwd.reason);
      return;
    }
    const groups = fwd?.[0] ? objectList(fwd[0].target_group) : undefined;
    if (groups instanceof Unknown) {
      lb.unresolve('forwards-to', `${where}[${i}].forward[0].target_group`, groups.reason);
      return;
    }
    (groups ?? []).forEach((g, j) => {
      const weight = toNum(g.weight);
      to(g.arn, `${attr}[${i}].forward[0].target_group[${j}].arn`, weight === undefined ? {} : { weight });
    });
  });
}

function unresolvedReason(val: Value | undefined): string {
  if (val instanceof ResourceRef) return `${val.address} is not a target group in the scanned configuration`;
  if (val instanceof Unknown) return val.reason;
  if (typeof val === 'string') return `"${val}" is not a target group in the scanned configuration`;
  if (isObject(val)) return 'the target group is not a reference';
  return 'the target group is not set';
}
