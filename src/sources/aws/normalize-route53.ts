/**
 * Route 53 records and health checks as ListResourceRecordSets /
 * ListHealthChecks return them (collect-route53.ts) → ids and the routing
 * policy of a record. Route 53 resources have no Region: their ids are ARNs
 * without one (`arn:aws:route53:::healthcheck/<id>`; a record, which has no
 * ARN of its own, `arn:aws:route53:::hostedzone/<zone>/recordset/<name>/<type>/<set id>`).
 */
import type { Raw } from './unit.js';

export function healthCheckArn(partition: string, id: string): string {
  return `arn:${partition}:route53:::healthcheck/${id}`;
}

export function recordArn(partition: string, d: Raw): string | undefined {
  const zone = d.HostedZoneId;
  if (typeof zone !== 'string' || typeof d.Name !== 'string' || typeof d.Type !== 'string') return undefined;
  return `arn:${partition}:route53:::hostedzone/${zone}/recordset/${d.Name}/${d.Type}/${typeof d.SetIdentifier === 'string' ? d.SetIdentifier : ''}`;
}

/** The routing policy a record's fields select (the API names the fields as CloudFormation does) and the field saying so. */
export function routingPolicy(d: Raw): [string | undefined, string | undefined] {
  const fields: [string, string][] = [
    ['Failover', 'failover'],
    ['Weight', 'weighted'],
    ['Region', 'latency'],
    ['GeoLocation', 'geolocation'],
    ['GeoProximityLocation', 'geoproximity'],
    ['CidrRoutingConfig', 'cidr'],
  ];
  for (const [field, policy] of fields) if (d[field] !== undefined && d[field] !== null) return [policy, field];
  if (d.MultiValueAnswer === true) return ['multivalue', 'MultiValueAnswer'];
  return [undefined, undefined];
}
