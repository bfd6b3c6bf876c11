/**
 * Route 53 in Terraform (HCL and plan): aws_route53_record → dns.record
 * (routing policy, failover role, health check, alias), and
 * aws_route53_health_check → dns.health-check.
 *
 * Only one routing policy block is allowed per record; `set_identifier`
 * without any is left for the rule (routingPolicy undefined).
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { coercions, TERRAFORM_RULES, type SourceObject } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { ResourceRef, type Value, type ValueObject } from '../expr/values.js';

const { toStr, toNum, toBool, objectList } = coercions(TERRAFORM_RULES);

export const HEALTH_CHECK_TYPES = ['aws_route53_health_check'] as const;

/** The routing policy blocks of aws_route53_record and the policy each means. */
const POLICY_BLOCKS: [string, string][] = [
  ['failover_routing_policy', 'failover'],
  ['weighted_routing_policy', 'weighted'],
  ['latency_routing_policy', 'latency'],
  ['geolocation_routing_policy', 'geolocation'],
  ['geoproximity_routing_policy', 'geoproximity'],
  ['cidr_routing_policy', 'cidr'],
];

export interface DnsLinks<B extends NodeBuilder> {
  /** The health check reference → its node id (with a health-checked-by edge), else the value as written. */
  healthCheck(b: B, value: Value | undefined): Maybe<string>;
  /** A reference to a scanned resource → a key naming it (records of one zone resource share it). */
  resourceKey(b: B, ref: ResourceRef): string;
}

function firstBlock(v: Value | undefined): SourceObject | Unknown | undefined {
  const list = objectList(v);
  if (list instanceof Unknown) return list;
  return list?.[0];
}

export function buildRecord<B extends NodeBuilder & { readonly v: ValueObject }>(b: B, links: DnsLinks<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.name), 'name');
  b.prop('type', toStr(v.type), 'type');
  const zone = v.zone_id;
  b.prop('zone', zone instanceof ResourceRef ? links.resourceKey(b, zone) : toStr(zone), 'zone_id');
  b.prop('setIdentifier', toStr(v.set_identifier), 'set_identifier');
  let policy: Maybe<string>;
  let failover: Maybe<string>;
  let policyAttr: string | undefined;
  for (const [block, name] of POLICY_BLOCKS) {
    const first = firstBlock(v[block]);
    if (first === undefined) continue;
    policyAttr = block;
    if (first instanceof Unknown) {
      // A dynamic block whose presence is unknown: the policy may or may not be this one.
      policy = first;
      if (name === 'failover') failover = first;
      break;
    }
    policy = name;
    if (name === 'failover') failover = upper(toStr(first.type));
    break;
  }
  const multivalue = toBool(v.multivalue_answer_routing_policy);
  if (policy === undefined && multivalue !== undefined && multivalue !== false) {
    policy = multivalue === true ? 'multivalue' : multivalue;
    policyAttr = 'multivalue_answer_routing_policy';
  }
  b.prop('routingPolicy', policy, policyAttr);
  b.prop('failover', failover, policyAttr === 'failover_routing_policy' ? 'failover_routing_policy.type' : policyAttr);
  const hc = v.health_check_id === '' ? undefined : v.health_check_id;
  b.prop('healthCheckId', hc === undefined || hc === null ? undefined : links.healthCheck(b, hc), 'health_check_id');
  const alias = firstBlock(v.alias);
  b.prop(
    'alias',
    alias === undefined || alias instanceof Unknown ? alias : { target: aliasTarget(alias.name), evaluateTargetHealth: toBool(alias.evaluate_target_health) },
    'alias',
  );
}

function aliasTarget(v: Value | undefined): Maybe<string> {
  if (v instanceof ResourceRef) return v.address;
  return toStr(v);
}

function upper(s: Maybe<string>): Maybe<string> {
  return typeof s === 'string' ? s.toUpperCase() : s;
}

export function buildHealthCheck(b: NodeBuilder & { readonly v: ValueObject }): void {
  const v = b.v;
  b.prop('type', upper(toStr(v.type)), 'type');
  b.prop('requestInterval', toNum(v.request_interval), 'request_interval');
  b.prop('failureThreshold', toNum(v.failure_threshold), 'failure_threshold');
  b.prop('disabled', toBool(v.disabled), 'disabled');
}
