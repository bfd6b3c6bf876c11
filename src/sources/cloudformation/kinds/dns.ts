/**
 * Route 53 in CloudFormation: AWS::Route53::RecordSet and each record of an
 * AWS::Route53::RecordSetGroup → dns.record; AWS::Route53::HealthCheck →
 * dns.health-check (its HealthCheckConfig).
 *
 * A RecordSetGroup becomes one node per item of RecordSets (address
 * `<group>.RecordSets[i]`, located at the item), with the group's hosted
 * zone, so every record is judged on its own.
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { EvaluatedResource } from '../normalize.js';
import { getEntry } from '../parse.js';
import { isObject, StackRef, type Value, type ValueObject } from '../values.js';

const { toStr, toNum, toBool } = coercions(CLOUDFORMATION_RULES);

export const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';
export const HEALTH_CHECK_TYPES = ['AWS::Route53::HealthCheck'] as const;

type Get = (path: string) => Value | undefined;

export interface CfnDnsLinks<B extends NodeBuilder> {
  /** HealthCheckId → the scanned health check's node id (with a health-checked-by edge), else the value as written. */
  healthCheck(b: B): Maybe<string>;
}

/** Each record of a RecordSetGroup as a resource of its own (the group itself when RecordSets is not a written list). */
export function expandRecordSetGroups(resources: readonly EvaluatedResource[]): EvaluatedResource[] {
  const out: EvaluatedResource[] = [];
  for (const r of resources) {
    const sets = r.type === RECORD_SET_GROUP && isObject(r.props) ? r.props.RecordSets : undefined;
    const nodes = getEntry(r.decl.properties, 'RecordSets')?.value;
    if (!Array.isArray(sets) || nodes?.type !== 'seq') {
      out.push(r);
      continue;
    }
    const props = r.props as ValueObject;
    sets.forEach((item, i) => {
      const node = nodes.items[i];
      const zone: ValueObject = {};
      if (props.HostedZoneId !== undefined) zone.HostedZoneId = props.HostedZoneId;
      if (props.HostedZoneName !== undefined) zone.HostedZoneName = props.HostedZoneName;
      out.push({
        ...r,
        id: `${r.id}.RecordSets[${i}]`,
        address: `${r.address}.RecordSets[${i}]`,
        props: isObject(item) ? { ...item, ...zone } : item instanceof Unknown ? item : new Unknown(`RecordSets[${i}] is not a mapping`),
        decl: { ...r.decl, pos: node?.pos ?? r.decl.pos, properties: node?.type === 'map' ? node : undefined },
      });
    });
  }
  return out;
}

export function buildRecord<B extends NodeBuilder>(b: B, get: Get, links: CfnDnsLinks<B>): void {
  b.prop('name', toStr(get('Name')), 'Name');
  b.prop('type', toStr(get('Type')), 'Type');
  const zoneId = get('HostedZoneId');
  const zoneName = get('HostedZoneName');
  if (zoneId !== undefined && zoneId !== null) b.prop('zone', zoneId instanceof StackRef ? `ref:${zoneId.targetId}` : toStr(zoneId), 'HostedZoneId');
  else b.prop('zone', zoneName === undefined ? new Unknown('neither HostedZoneId nor HostedZoneName is set') : normalizedName(toStr(zoneName)), 'HostedZoneName');
  b.prop('setIdentifier', toStr(get('SetIdentifier')), 'SetIdentifier');
  const [policy, attr] = routingPolicy(get);
  b.prop('routingPolicy', policy, attr);
  const failover = toStr(get('Failover'));
  b.prop('failover', typeof failover === 'string' ? failover.toUpperCase() : failover, 'Failover');
  b.prop('healthCheckId', links.healthCheck(b), 'HealthCheckId');
  const alias = get('AliasTarget');
  b.prop(
    'alias',
    alias === undefined || alias === null ? undefined : alias instanceof Unknown ? alias : isObject(alias) ? { target: toStr(alias.DNSName), evaluateTargetHealth: toBool(alias.EvaluateTargetHealth) } : new Unknown('AliasTarget is not a mapping'),
    'AliasTarget',
  );
}

/** The routing policy a RecordSet's properties select; the property that says so. */
function routingPolicy(get: Get): [Maybe<string>, string | undefined] {
  const set: [string, string][] = [
    ['Failover', 'failover'],
    ['Weight', 'weighted'],
    ['Region', 'latency'],
    ['GeoLocation', 'geolocation'],
    ['GeoProximityLocation', 'geoproximity'],
    ['CidrRoutingConfig', 'cidr'],
  ];
  for (const [prop, name] of set) {
    const v = get(prop);
    if (v !== undefined && v !== null) return [name, prop];
  }
  const mv = toBool(get('MultiValueAnswer'));
  if (mv === true) return ['multivalue', 'MultiValueAnswer'];
  if (mv instanceof Unknown) return [mv, 'MultiValueAnswer'];
  return [undefined, undefined];
}

function normalizedName(s: Maybe<string>): Maybe<string> {
  return typeof s === 'string' ? `name:${s.toLowerCase().replace(/\.$/, '')}` : s;
}

export function buildHealthCheck(b: NodeBuilder, get: Get): void {
  const type = toStr(get('HealthCheckConfig.Type'));
  b.prop('type', typeof type === 'string' ? type.toUpperCase() : type, 'HealthCheckConfig.Type');
  b.prop('requestInterval', toNum(get('HealthCheckConfig.RequestInterval')), 'HealthCheckConfig.RequestInterval');
  b.prop('failureThreshold', toNum(get('HealthCheckConfig.FailureThreshold')), 'HealthCheckConfig.FailureThreshold');
  b.prop('disabled', toBool(get('HealthCheckConfig.Disabled')), 'HealthCheckConfig.Disabled');
}
