/**
 * Terraform compute resources → graph nodes: aws_instance
 * (compute.instance), aws_autoscaling_group (compute.autoscaling-group),
 * aws_lambda_function (function), and what aws_autoscaling_attachment /
 * aws_autoscaling_traffic_source_attachment add to a group.
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { coercions, isObject, items, TERRAFORM_RULES, type SourceObject } from '../../common/coerce.js';
import { countOf, targetGroupEdges, type ComputeLink } from '../../common/compute.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { tagValue, type Tags } from '../../common/normalize.js';
import type { NormalizeInput } from '../input.js';
import { ResourceRef, type Value, type ValueObject } from '../expr/values.js';

const { toStr, toNum, toBool, objectList } = coercions(TERRAFORM_RULES);

export const TARGET_GROUP_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'] as const;

interface TfBuilder extends NodeBuilder {
  readonly ri: NormalizeInput;
  readonly v: ValueObject;
}

export type AzListOf = (v: Value | undefined) => Maybe<string[]>;

function firstBlock(v: Value | undefined): SourceObject | Unknown | undefined {
  if (v instanceof Unknown) return v;
  const first = Array.isArray(v) ? v[0] : v;
  return isObject(first) ? first : first instanceof Unknown ? first : undefined;
}

export function instance<B extends TfBuilder>(b: B, link: ComputeLink<B>): void {
  const v = b.v;
  b.prop('instanceType', toStr(v.instance_type), 'instance_type');
  // Members of a group are launched by the group, never declared: an aws_instance is standalone.
  b.prop('autoScalingGroup', undefined);
  const az = toStr(v.availability_zone === '' ? undefined : v.availability_zone);
  if (v.subnet_id !== undefined && v.subnet_id !== null && v.subnet_id !== '') {
    link.refs(b, v.subnet_id, 'subnet_id', 'in-subnet', ['aws_subnet']);
    b.prop('availabilityZone', az, 'availability_zone');
    return;
  }
  const enis = objectList(v.network_interface);
  if (enis instanceof Unknown || (enis && enis.length > 0)) {
    b.unresolve('in-subnet', 'network_interface', 'the instance takes the subnet of its network interface (aws_network_interface is not modelled)');
    b.prop('availabilityZone', az, 'availability_zone');
    return;
  }
  // Neither subnet nor AZ: AWS places it in a default subnet of the default VPC, in an AZ it picks.
  b.prop('availabilityZone', az ?? new Unknown('no subnet_id or availability_zone: AWS picks the AZ (a default subnet of the default VPC) at launch'), 'availability_zone');
}

export function autoscalingGroup<B extends TfBuilder>(b: B, link: ComputeLink<B>, azList: AzListOf): void {
  const v = b.v;
  b.prop('name', toStr(v.name), 'name');
  b.prop('minSize', toNum(v.min_size), 'min_size');
  b.prop('maxSize', toNum(v.max_size), 'max_size');
  b.prop('desiredCapacity', toNum(v.desired_capacity), 'desired_capacity');
  b.prop('healthCheckType', toStr(v.health_check_type), 'health_check_type');
  b.prop('capacityRebalance', toBool(v.capacity_rebalance), 'capacity_rebalance');
  b.prop('availabilityZones', azList(v.availability_zones), 'availability_zones');
  if (v.vpc_zone_identifier !== undefined && v.vpc_zone_identifier !== null) link.refs(b, v.vpc_zone_identifier, 'vpc_zone_identifier', 'in-subnet', ['aws_subnet']);

  let targetGroups = targetGroupEdges(b, v.target_group_arns, 'target_group_arns', TARGET_GROUP_TYPES, link);
  let loadBalancers = countOf(v.load_balancers);
  // traffic_source blocks (provider ≥ 5.x): type elbv2 is a target group, elb a Classic Load Balancer.
  const sources = objectList(v.traffic_source);
  if (sources instanceof Unknown) {
    targetGroups = sources;
    b.unresolve('fronts', 'traffic_source', sources.reason);
  } else {
    for (const s of sources ?? []) {
      const type = toStr(s.type);
      if (type === 'elb') loadBalancers = add(loadBalancers, 1);
      else if (type === 'elbv2' || type === undefined) targetGroups = add(targetGroups, targetGroupEdges(b, s.identifier, 'traffic_source.identifier', TARGET_GROUP_TYPES, link));
      else if (type instanceof Unknown) targetGroups = type;
    }
  }
  b.prop('targetGroupCount', targetGroups, 'target_group_arns');
  b.prop('loadBalancerCount', loadBalancers, 'load_balancers');
}

export function lambdaFunction<B extends TfBuilder>(b: B, link: ComputeLink<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.function_name), 'function_name');
  b.prop('runtime', toStr(v.runtime), 'runtime');
  b.prop('reservedConcurrency', toNum(v.reserved_concurrent_executions), 'reserved_concurrent_executions');
  const vpc = firstBlock(v.vpc_config);
  if (vpc instanceof Unknown) {
    b.prop('inVpc', vpc, 'vpc_config');
    b.unresolve('in-subnet', 'vpc_config.subnet_ids', vpc.reason);
    return;
  }
  const subnets = vpc?.subnet_ids;
  if (subnets instanceof Unknown && !(subnets instanceof ResourceRef)) {
    // An empty list would leave the function outside any VPC: whether it is in one is unknown too.
    b.prop('inVpc', subnets, 'vpc_config.subnet_ids');
    b.unresolve('in-subnet', 'vpc_config.subnet_ids', subnets.reason);
    return;
  }
  const inVpc = items(subnets).length > 0;
  b.prop('inVpc', inVpc, vpc ? 'vpc_config.subnet_ids' : undefined);
  if (inVpc) link.refs(b, subnets, 'vpc_config.subnet_ids', 'in-subnet', ['aws_subnet']);
}

/**
 * aws_autoscaling_attachment / aws_autoscaling_traffic_source_attachment:
 * one more target group (or Classic Load Balancer) for the group it names.
 * `group` finds the group node a reference (or literal name) names.
 */
export function attachment<B extends TfBuilder>(ri: NormalizeInput, self: B, group: (v: Value | undefined) => B | undefined, link: ComputeLink<B>): void {
  const v = ri.value;
  const asg = group(v.autoscaling_group_name);
  if (!asg) return;
  let tg: Value | undefined;
  let elb = false;
  let attribute: string;
  if (ri.type === 'aws_autoscaling_attachment') {
    tg = v.lb_target_group_arn;
    elb = v.elb !== undefined && v.elb !== null;
    attribute = 'lb_target_group_arn';
  } else {
    const s = firstBlock(v.traffic_source);
    if (!s || s instanceof Unknown) return;
    elb = s.type === 'elb';
    tg = elb ? undefined : s.identifier;
    attribute = 'traffic_source.identifier';
  }
  if (elb) {
    asg.props.loadBalancerCount = add(asg.props.loadBalancerCount as Maybe<number>, 1);
    return;
  }
  if (tg === undefined || tg === null) return;
  const n = targetGroupEdges(asg, tg, attribute, TARGET_GROUP_TYPES, link, { at: self, prefix: `${ri.address}.` });
  asg.props.targetGroupCount = add(asg.props.targetGroupCount as Maybe<number>, n);
}

function add(a: Maybe<number>, b: Maybe<number>): Maybe<number> {
  if (a instanceof Unknown) return a;
  if (b instanceof Unknown) return b;
  return (a ?? 0) + (b ?? 0);
}

/**
 * An Auto Scaling group's tags: `tag { key, value, propagate_at_launch }`
 * blocks (the provider's default_tags do not apply to the group itself).
 */
export function groupTags(v: ValueObject): Tags {
  const blocks = objectList(v.tag);
  if (blocks instanceof Unknown) return blocks;
  const out: Record<string, string | Unknown> = {};
  for (const t of blocks ?? []) {
    const k = t.key;
    if (k instanceof Unknown) return new Unknown(`a tag key is unknown: ${k.reason}`);
    if (typeof k !== 'string') continue;
    const value = tagValue(t.value);
    if (value !== undefined) out[k] = value;
  }
  return out;
}
