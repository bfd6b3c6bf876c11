/**
 * What every source agrees on about Elastic Load Balancing v2: the defaults
 * AWS applies when a property is not written, so `lb.load-balancer` and
 * `lb.target-group` read the same from Terraform, CloudFormation and live.
 */
import { isUnknown, Unknown, type Maybe } from '../../graph/values.js';

/** `load_balancer_type` / `Type`: not written means an Application Load Balancer. */
export function loadBalancerType(written: Maybe<string>): Maybe<string> {
  return written === undefined ? 'application' : written;
}

/** `internal` (Terraform's bool) → the API's scheme; not written means internet-facing. */
export function schemeOfInternal(internal: Maybe<boolean>): Maybe<string> {
  if (isUnknown(internal)) return internal;
  return internal === true ? 'internal' : 'internet-facing';
}

/**
 * Cross-zone load balancing: always on for an Application Load Balancer (it
 * cannot be turned off at the load balancer), off by default for Network and
 * Gateway Load Balancers. `written` is the attribute as set, if it is.
 */
export function crossZoneOf(type: Maybe<string>, written: Maybe<boolean>): Maybe<boolean> {
  if (type === 'application') return true;
  if (written !== undefined) return written;
  if (isUnknown(type)) return new Unknown(`cross-zone load balancing depends on the load balancer type: ${type.reason}`);
  return false;
}

/** `target_type` / `TargetType`: not written means instance targets. */
export function targetType(written: Maybe<string>): Maybe<string> {
  return written === undefined ? 'instance' : written;
}
