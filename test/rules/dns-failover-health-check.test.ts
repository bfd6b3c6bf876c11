import rule from '../../rules/dns-failover-health-check.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier } from '../helpers/rule-tester.js';
import type { TierRequirements } from '../../src/policy/types.js';

/** The default policy with some network settings of one tier changed. */
function withNetwork(name: string, network: Partial<TierRequirements['network']>) {
  const p = policyWith();
  p.tiers[name] = { ...p.tiers[name], network: { ...p.tiers[name].network, ...network } };
  return p;
}

const P = 'aws_route53_record.api_primary';
const S = 'aws_route53_record.api_secondary';
const HC = 'aws_route53_health_check.api';
type RecordProps = PropsByKind['dns.record'];
type CheckProps = PropsByKind['dns.health-check'];

const record = (failover: string | Unknown | undefined, extra: Partial<RecordProps> = {}): RecordProps => ({
  name: 'api.example.com',
  type: 'A',
  zone: 'aws_route53_zone.main',
  setIdentifier: typeof failover === 'string' ? failover.toLowerCase() : 'x',
  routingPolicy: failover === undefined ? undefined : 'failover',
  failover,
  healthCheckId: undefined,
  alias: undefined,
  ...extra,
});

/**
 * A PRIMARY at dns.tf:1 (lines: failover 6, healthCheckId 8, alias 9) with a
 * health check at dns.tf:40 (interval line 43, threshold line 44), and a
 * SECONDARY alias at dns.tf:60.
 */
function pair(opts: { primary?: Partial<RecordProps>; check?: Partial<CheckProps> | null; secondary?: Partial<RecordProps> | null; tierName?: string } = {}) {
  const g = graph();
  const tags = tier(opts.tierName ?? 'critical');
  const p = g.add('dns.record', P, { file: 'dns.tf', line: 1, name: 'api_primary', props: record('PRIMARY', { healthCheckId: opts.check === null ? undefined : HC, ...opts.primary }), tags, lines: { failover: 6, healthCheckId: 8, alias: 9 } });
  if (opts.check !== null) {
    const hc = g.add('dns.health-check', HC, { file: 'dns.tf', line: 40, name: 'api', props: { type: 'HTTPS', requestInterval: 30, failureThreshold: 3, ...opts.check }, tags, lines: { type: 42, requestInterval: 43, failureThreshold: 44, disabled: 45 } });
    if (opts.primary?.healthCheckId === undefined || opts.primary.healthCheckId === HC) g.edge(p, 'health-checked-by', hc, { attribute: 'health_check_id' });
  }
  if (opts.secondary !== null) {
    g.add('dns.record', S, { file: 'dns.tf', line: 60, name: 'api_secondary', props: record('SECONDARY', { alias: { target: 'aws_lb.dr', evaluateTargetHealth: false }, ...opts.secondary }), tags, lines: { failover: 66, healthCheckId: 68, alias: 69 } });
  }
  return g.build();
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'PRIMARY with a 30 s / 3 health check and a SECONDARY alias (last resort)',
      graph: () => pair(),
      findings: [
        {
          address: P,
          status: 'pass',
          messageId: 'meets',
          location: { file: 'dns.tf', line: 1 },
          message: `api_primary A (PRIMARY failover): health check ${HC} checks every 30 s and fails over after 3 failures (≈ 90 s); its SECONDARY is ${S}`,
          evidence: { related: [HC, S] },
        },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 }, message: 'it is the SECONDARY alias Route 53 answers as the last resort; its PRIMARY is aws_route53_record.api_primary' },
      ],
    },
    {
      name: 'interval and threshold not written: Route 53 defaults 30 s and 3; names compare without the trailing dot and case',
      graph: () => pair({ check: { requestInterval: undefined, failureThreshold: undefined }, secondary: { name: 'API.example.com.' } }),
      findings: [
        { address: P, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 1 }, message: 'checks every 30 s (not set: Route 53 uses 30) and fails over after 3 failures (not set: Route 53 uses 3)' },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'a PRIMARY alias evaluating its target health, no health check',
      graph: () => pair({ check: null, primary: { alias: { target: 'aws_lb.main', evaluateTargetHealth: true } } }),
      findings: [
        { address: P, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 1 }, message: "it is an alias that evaluates its target's health; its SECONDARY is" },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'a calculated health check has no interval of its own',
      graph: () => pair({ check: { type: 'CALCULATED', requestInterval: undefined, failureThreshold: undefined } }),
      findings: [
        { address: P, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 1 }, message: 'is CALCULATED' },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'both records in the same unresolved zone expression pair up',
      graph: () => {
        const zone = (): Unknown => new Unknown('data source data.aws_route53_zone.main is read at plan time');
        return pair({ primary: { zone: zone() }, secondary: { zone: zone() }, check: { failureThreshold: 3 } });
      },
      findings: [
        { address: P, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 1 } },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'a tier that does not require health checks still checks the pair',
      policy: withNetwork('medium', { dnsHealthCheck: false }),
      graph: () => pair({ check: null, tierName: 'medium' }),
      findings: [
        { address: P, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 1 }, severity: 'low', message: 'its SECONDARY is' },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
  ],
  fail: [
    {
      name: 'PRIMARY without a health check',
      graph: () => pair({ check: null }),
      findings: [
        { address: P, status: 'fail', messageId: 'noHealthCheck', severity: 'high', location: { file: 'dns.tf', line: 6 }, message: 'it has no health check: Route 53 considers it always healthy, so it never fails over; tier critical requires a health check' },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'a 30 s interval with 5 failures where the tier allows 3; the location is the health check\'s threshold',
      graph: () => pair({ check: { failureThreshold: 5 } }),
      findings: [
        { address: P, status: 'fail', messageId: 'slowHealthCheck', location: { file: 'dns.tf', line: 44 }, message: `health check ${HC} fails over after 5 failures; tier critical requires an interval ≤ 30 s and a failure threshold ≤ 3`, evidence: { actual: { requestInterval: 30, failureThreshold: 5 } } },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'a tier asking for 10 s checks',
      policy: withNetwork('critical', { dnsMaxIntervalSeconds: 10 }),
      graph: () => pair(),
      findings: [
        { address: P, status: 'fail', messageId: 'slowHealthCheck', location: { file: 'dns.tf', line: 43 }, message: 'checks every 30 s; tier critical requires an interval ≤ 10 s' },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'a disabled health check counts as none',
      graph: () => pair({ check: { disabled: true } }),
      findings: [
        { address: P, status: 'fail', messageId: 'noHealthCheck', location: { file: 'dns.tf', line: 45 }, message: `its health check ${HC} is disabled` },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'PRIMARY without its SECONDARY',
      graph: () => pair({ secondary: null }),
      findings: [{ address: P, status: 'fail', messageId: 'missingPartner', location: { file: 'dns.tf', line: 1 }, message: 'no SECONDARY record with the same name, type and zone is in the scan: there is nothing to fail over to; tier critical requires the pair' }],
    },
    {
      name: 'a SECONDARY of another name is not the pair; a SECONDARY with values needs a health check',
      graph: () => pair({ secondary: { name: 'www.example.com', alias: undefined } }),
      findings: [
        { address: P, status: 'fail', messageId: 'missingPartner', location: { file: 'dns.tf', line: 1 } },
        { address: S, status: 'fail', messageId: 'noHealthCheck', location: { file: 'dns.tf', line: 66 }, message: 'clients are sent to it even when it is down; no PRIMARY record' },
      ],
    },
  ],
  unknown: [
    {
      name: 'the health check named by a literal id outside the scan',
      graph: () => pair({ check: null, primary: { healthCheckId: 'abcdef11-2222-3333-4444-555555555555' } }),
      findings: [
        { address: P, status: 'unknown', messageId: 'cannotTell', location: { file: 'dns.tf', line: 8 }, message: 'its health check abcdef11-2222-3333-4444-555555555555 is not in the scan' },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'the failure threshold from a variable without value',
      graph: () => pair({ check: { failureThreshold: new Unknown('var.failure_threshold has no value') } }),
      findings: [
        { address: P, status: 'unknown', messageId: 'cannotTell', location: { file: 'dns.tf', line: 44 }, message: 'failure threshold of aws_route53_health_check.api: var.failure_threshold has no value' },
        { address: S, status: 'pass', messageId: 'meets', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'the SECONDARY in a zone written as an unresolved expression',
      graph: () => pair({ secondary: { zone: new Unknown('data source data.aws_route53_zone.dr is read at plan time') } }),
      findings: [
        { address: P, status: 'unknown', messageId: 'cannotTell', location: { file: 'dns.tf', line: 1 }, message: `whether ${S} is its SECONDARY (data source data.aws_route53_zone.dr is read at plan time)` },
        { address: S, status: 'unknown', messageId: 'cannotTell', location: { file: 'dns.tf', line: 60 } },
      ],
    },
    {
      name: 'the failover type from a dynamic value',
      graph: () => pair({ primary: { failover: new Unknown('var.role has no value') }, secondary: null }),
      findings: [{ address: P, status: 'unknown', messageId: 'cannotTell', location: { file: 'dns.tf', line: 6 }, message: 'whether it is a PRIMARY or SECONDARY failover record: var.role has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'simple and weighted records',
      graph: () => {
        const g = graph();
        g.add('dns.record', 'aws_route53_record.www', { props: record(undefined), tags: tier('critical') });
        g.add('dns.record', 'aws_route53_record.w', { props: record(undefined, { routingPolicy: 'weighted', setIdentifier: 'blue' }), tags: tier('critical') });
        return g.build();
      },
      findings: [],
    },
  ],
});
