import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/types.js';
import { isUnknown, type Maybe } from '../src/graph/values.js';

interface Options {
  requireSecondaryHealthCheck: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requireSecondaryHealthCheck: {
      type: 'boolean',
      default: true,
      description:
        'Require a health check on SECONDARY records that are not aliases too. Off: a SECONDARY without one is accepted as the last resort Route 53 always answers when the PRIMARY is unhealthy.',
    },
  },
  required: ['requireSecondaryHealthCheck'],
};

const messages = {
  meets: '{{name}} {{recordType}} ({{role}} failover): {{detail}}',
  noHealthCheck: '{{name}} {{recordType}} ({{role}} failover): {{detail}}; tier {{tier}} requires a health check',
  slowHealthCheck: '{{name}} {{recordType}} ({{role}} failover): {{detail}}; tier {{tier}} requires an interval ≤ {{maxInterval}} s and a failure threshold ≤ {{maxThreshold}}',
  missingPartner: '{{name}} {{recordType}} ({{role}} failover): {{detail}}',
  cannotTell: '{{name}} {{recordType}} ({{role}} failover): cannot tell whether it fails over in time: {{detail}}',
};

type Problem = { id: keyof typeof messages; text: string; at: At };
type DnsRecord = Resource<'dns.record'>;

/** Health check types that have no request interval or failure threshold of their own. */
const NO_INTERVAL = new Set(['CALCULATED', 'CLOUDWATCH_METRIC', 'RECOVERY_CONTROL']);
/** Route 53's defaults when the interval or threshold is not written. */
const DEFAULT_INTERVAL = 30;
const DEFAULT_THRESHOLD = 3;

/** Whether two written values name the same thing: unknowns only when they have the same reason (the same unresolved expression). */
function same(a: Maybe<string>, b: Maybe<string>, norm: (s: string) => string = (s) => s): 'same' | 'different' | 'maybe' {
  if (typeof a === 'string' && typeof b === 'string') return norm(a) === norm(b) ? 'same' : 'different';
  if (isUnknown(a) && isUnknown(b) && a.reason === b.reason) return 'same';
  if (a === undefined && b === undefined) return 'same';
  return isUnknown(a) || isUnknown(b) ? 'maybe' : 'different';
}

const dnsName = (s: string) => s.toLowerCase().replace(/\.$/, '');
const typeName = (s: string) => s.toUpperCase();

export default defineRule({
  id: 'dns-failover-health-check',
  meta: {
    title: 'Route 53 failover records are health-checked, often enough, and come in pairs',
    // A failover record without a health check never fails over: DNS keeps sending clients to a dead endpoint or Region.
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['NET-DNS'],
    tierSettings: ['network.dnsHealthCheck', 'network.dnsMaxIntervalSeconds', 'network.dnsMaxFailureThreshold'],
    rationale:
      'NET-DNS requires Route 53 health checks every 30 s with failover after 3 failures. ' +
      "Route 53 answers a failover record's PRIMARY while it is healthy and its SECONDARY otherwise; a record without a health check (and not an alias evaluating its target's health), or with a disabled one, is always healthy, so a PRIMARY without one never fails over (a SECONDARY alias is accepted as the last resort). " +
      'A health check turns unhealthy after `failure threshold` consecutive failed checks `request interval` seconds apart, so those two numbers bound how long clients are still sent to a failed endpoint. ' +
      'A PRIMARY without a SECONDARY (or the reverse) for the same name, type and zone has nothing to fail over to.',
    remediation: {
      terraform:
        'aws_route53_record with failover_routing_policy: set health_check_id = aws_route53_health_check.<name>.id (or alias { evaluate_target_health = true } for an AWS target), and declare the other role with the same name, type and zone_id. aws_route53_health_check: request_interval = 30 (or 10), failure_threshold = 3.',
      cloudformation:
        'AWS::Route53::RecordSet (or a RecordSetGroup item) with Failover: HealthCheckId: !Ref <HealthCheck> (or AliasTarget.EvaluateTargetHealth: true), and the other role with the same Name, Type and zone. AWS::Route53::HealthCheck: HealthCheckConfig.RequestInterval: 30, FailureThreshold: 3.',
      console: 'Route 53 console → Hosted zones → the zone → edit the failover record → associate a health check (Health checks → Create health check, request interval Standard 30 s, failure threshold 3); create the other failover record of the pair.',
      cli: 'aws route53 change-resource-record-sets --hosted-zone-id <zone> --change-batch file://failover.json (HealthCheckId / AliasTarget.EvaluateTargetHealth); aws route53 update-health-check --health-check-id <id> --failure-threshold 3',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html',
    tags: ['resilience', 'network', 'dns', 'dr'],
  },
  options,
  appliesTo: ['dns.record'],
  check(rec, ctx) {
    const policy = rec.props.routingPolicy;
    const failover = rec.props.failover;
    if (policy === undefined && failover === undefined) return;
    if (typeof policy === 'string' && policy !== 'failover') return;
    const recordType = recordLabel(rec);
    if (isUnknown(policy) || isUnknown(failover) || (failover !== 'PRIMARY' && failover !== 'SECONDARY')) {
      const why = isUnknown(failover) ? failover.reason : isUnknown(policy) ? policy.reason : `failover type ${failover === undefined ? 'is not set' : `'${failover}' is neither PRIMARY nor SECONDARY`}`;
      return ctx.unknown('cannotTell', { role: 'failover?', recordType, detail: `whether it is a PRIMARY or SECONDARY failover record: ${why}` }, { prop: isUnknown(policy) ? 'routingPolicy' : 'failover' });
    }
    const role = failover;
    const req = ctx.tier.requirements.network;
    const maxInterval = req.dnsMaxIntervalSeconds ?? DEFAULT_INTERVAL;
    const maxThreshold = req.dnsMaxFailureThreshold ?? DEFAULT_THRESHOLD;
    const problems: Problem[] = [];
    const good: string[] = [];
    const related: string[] = [];
    const actual: { [k: string]: unknown } = {};

    // 1. Is it health-checked at all?
    const alias = rec.props.alias;
    const hcId = rec.props.healthCheckId;
    const hcEdge = ctx.graph.outgoing(rec.id, 'health-checked-by')[0];
    const hc = hcEdge ? (ctx.graph.get(hcEdge.to) as Resource<'dns.health-check'> | undefined) : undefined;
    const eth = alias !== undefined && !isUnknown(alias) ? alias.evaluateTargetHealth : undefined;
    if (req.dnsHealthCheck ?? true) {
      if (hcId === undefined) {
        if (eth === true) good.push("it is an alias that evaluates its target's health");
        else if (isUnknown(eth)) problems.push({ id: 'cannotTell', text: `evaluate_target_health of its alias: ${eth.reason}`, at: { prop: 'alias' } });
        else if (isUnknown(alias)) problems.push({ id: 'cannotTell', text: `its alias: ${alias.reason}`, at: { prop: 'alias' } });
        else if (role === 'SECONDARY' && alias !== undefined) good.push('it is the SECONDARY alias Route 53 answers as the last resort');
        else if (role === 'SECONDARY' && !ctx.options.requireSecondaryHealthCheck) good.push('it is the SECONDARY, accepted without a health check (option requireSecondaryHealthCheck off)');
        else {
          const what = alias !== undefined ? 'is an alias that does not evaluate its target\'s health and has no health check' : 'has no health check';
          problems.push({ id: 'noHealthCheck', text: `it ${what}: Route 53 considers it always healthy, so ${role === 'PRIMARY' ? 'it never fails over' : 'clients are sent to it even when it is down'}`, at: { prop: alias !== undefined ? 'alias' : 'failover' } });
        }
      } else if (isUnknown(hcId)) {
        problems.push({ id: 'cannotTell', text: `its health check: ${hcId.reason}`, at: { prop: 'healthCheckId' } });
      }
    }
    actual.healthCheck = hc ? hc.address : (hcId ?? null);

    // 2. The health check's interval and threshold (also when the tier does not require one but the record has it).
    if (hc) {
      related.push(hc.address);
      const on = (prop: 'requestInterval' | 'failureThreshold' | 'disabled'): At => ({ locationOf: { resource: hc, prop } });
      const type = hc.props.type;
      const disabled = hc.props.disabled;
      if (disabled === true) problems.push({ id: 'noHealthCheck', text: `its health check ${hc.address} is disabled: Route 53 considers it always healthy`, at: on('disabled') });
      else if (isUnknown(disabled)) problems.push({ id: 'cannotTell', text: `whether health check ${hc.address} is disabled: ${disabled.reason}`, at: on('disabled') });
      if (isUnknown(type)) problems.push({ id: 'cannotTell', text: `the type of health check ${hc.address}: ${type.reason}`, at: { locationOf: { resource: hc } } });
      else if (typeof type === 'string' && NO_INTERVAL.has(type)) good.push(`health check ${hc.address} is ${type} (its interval and threshold are those of what it watches)`);
      else {
        const interval = hc.props.requestInterval ?? DEFAULT_INTERVAL;
        const threshold = hc.props.failureThreshold ?? DEFAULT_THRESHOLD;
        actual.requestInterval = isUnknown(interval) ? null : interval;
        actual.failureThreshold = isUnknown(threshold) ? null : threshold;
        const unwritten = (v: unknown, d: number) => (v === undefined ? ` (not set: Route 53 uses ${d})` : '');
        if (isUnknown(interval)) problems.push({ id: 'cannotTell', text: `request interval of ${hc.address}: ${interval.reason}`, at: on('requestInterval') });
        else if (interval > maxInterval) problems.push({ id: 'slowHealthCheck', text: `health check ${hc.address} checks every ${interval} s${unwritten(hc.props.requestInterval, DEFAULT_INTERVAL)}`, at: on('requestInterval') });
        if (isUnknown(threshold)) problems.push({ id: 'cannotTell', text: `failure threshold of ${hc.address}: ${threshold.reason}`, at: on('failureThreshold') });
        else if (threshold > maxThreshold) problems.push({ id: 'slowHealthCheck', text: `health check ${hc.address} fails over after ${threshold} failures${unwritten(hc.props.failureThreshold, DEFAULT_THRESHOLD)}`, at: on('failureThreshold') });
        if (!isUnknown(interval) && !isUnknown(threshold) && interval <= maxInterval && threshold <= maxThreshold) {
          good.push(`health check ${hc.address} checks every ${interval} s${unwritten(hc.props.requestInterval, DEFAULT_INTERVAL)} and fails over after ${threshold} failures${unwritten(hc.props.failureThreshold, DEFAULT_THRESHOLD)} (≈ ${interval * threshold} s)`);
        }
      }
    } else if (typeof hcId === 'string') {
      problems.push({ id: 'cannotTell', text: `its health check ${hcId} is not in the scan: its interval and failure threshold cannot be checked`, at: { prop: 'healthCheckId' } });
    }

    // 3. The other half of the pair: same zone, name and type, the other role.
    const other = role === 'PRIMARY' ? 'SECONDARY' : 'PRIMARY';
    let found: DnsRecord | undefined;
    let maybe: { r: DnsRecord; why: string } | undefined;
    for (const r of ctx.graph.ofKind('dns.record')) {
      if (r.id === rec.id || r.props.failover !== other) continue;
      const parts = [same(rec.props.zone, r.props.zone), same(rec.props.name, r.props.name, dnsName), same(rec.props.type, r.props.type, typeName)];
      if (parts.includes('different')) continue;
      if (parts.every((p) => p === 'same')) {
        found = r;
        break;
      }
      if (!maybe) {
        const unknownOf = [rec.props.zone, r.props.zone, rec.props.name, r.props.name, rec.props.type, r.props.type].find(isUnknown);
        maybe = { r, why: unknownOf?.reason ?? 'a value is not known' };
      }
    }
    if (found) {
      related.push(found.address);
      good.push(`its ${other} is ${found.address}`);
    } else if (maybe) {
      related.push(maybe.r.address);
      problems.push({ id: 'cannotTell', text: `whether ${maybe.r.address} is its ${other} (${maybe.why})`, at: {} });
    } else {
      problems.push({ id: 'missingPartner', text: `no ${other} record with the same name, type and zone is in the scan: there is nothing to fail over ${role === 'PRIMARY' ? 'to' : 'from'}; tier ${ctx.tier.tier} requires the pair`, at: {} });
    }
    actual.partner = found?.address ?? null;

    const evidence = { expected: { healthCheck: req.dnsHealthCheck ?? true, maxIntervalSeconds: maxInterval, maxFailureThreshold: maxThreshold, partner: other }, actual, related };
    const params = { role, recordType, maxInterval, maxThreshold };
    const fails = problems.filter((p) => p.id !== 'cannotTell');
    if (fails.length > 0) return ctx.fail(fails[0].id, { ...params, detail: fails.map((p) => p.text).join('; ') }, { ...fails[0].at, evidence });
    const unknowns = problems.filter((p) => p.id === 'cannotTell');
    if (unknowns.length > 0) return ctx.unknown('cannotTell', { ...params, detail: unknowns.map((p) => p.text).join('; ') }, { ...unknowns[0].at, evidence });
    ctx.pass('meets', { ...params, detail: good.join('; ') }, { evidence });
  },
});

/** The record type as written (`?` when unknown). */
function recordLabel(r: DnsRecord): string {
  return typeof r.props.type === 'string' ? r.props.type : '?';
}
