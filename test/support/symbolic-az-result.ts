/**
 * A ScanResult whose messages and evidence hold symbolic AZs (`SymbolicAz`:
 * element i of an AZ list whose names are not known offline), produced by the
 * real engine from a small graph, for the reporter tests: every format must
 * print them as "AZ #1 of data.aws_availability_zones.available".
 */
import { evaluateRules } from '../../src/engine/evaluate.js';
import type { ScanResult } from '../../src/engine/result.js';
import { defineRule } from '../../src/engine/rule.js';
import { summarize } from '../../src/engine/summary.js';
import { isSymbolicAz, SymbolicAzList, type AzListOrigin } from '../../src/graph/az.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { graph, tier } from '../helpers/rule-tester.js';

export const AZ_LIST_LABEL = 'data.aws_availability_zones.available';
export const AZ1 = `AZ #1 of ${AZ_LIST_LABEL}`;
export const AZ2 = `AZ #2 of ${AZ_LIST_LABEL}`;
/** `element(..., 2)` of a list whose length is not known. */
export const AZ_WRAPPED = `AZ #(2 mod length + 1) of ${AZ_LIST_LABEL}`;

const ORIGIN: AzListOrigin = { key: 'terraform:data.aws_availability_zones.available@ap-northeast-1', label: AZ_LIST_LABEL, distinct: true, minLength: 2 };
const LIST = new SymbolicAzList(ORIGIN);

/** A probe rule that reports each subnet with its symbolic AZ in the message data and in the evidence. */
const probe = defineRule<Record<string, never>, 'spread' | 'sameAz' | 'cannotTell', 'network.subnet'>({
  id: 'az-probe',
  meta: {
    title: 'Subnets are spread over AZs (test probe)',
    severity: 'high',
    requirements: ['NET-NAT'],
    rationale: 'test',
    remediation: {},
    messages: {
      spread: '{{name}} is in {{az}}',
      sameAz: '{{name}} is in {{az}}, like {{others}}',
      cannotTell: '{{name}}: cannot tell whether {{az}} is one of {{others}}: {{reason}}',
    },
  },
  options: { type: 'object', properties: {}, required: [], additionalProperties: false } as never,
  appliesTo: ['network.subnet'],
  check(subnet, ctx) {
    const az = subnet.props.availabilityZone;
    if (!isSymbolicAz(az)) return;
    const others = [LIST.at(0), LIST.at(1)];
    const at = { prop: 'availabilityZone' } as const;
    if (az.wrapped) {
      const count = new Unknown('variable az_count has no value');
      ctx.unknown('cannotTell', { az, others, reason: count.reason }, { ...at, evidence: { expected: { azs: others }, actual: { az, azCount: count } } });
    } else if (az.index === 0) {
      ctx.fail('sameAz', { az, others: [LIST.at(0)] }, { ...at, evidence: { expected: { azs: others }, actual: az } });
    } else {
      ctx.pass('spread', { az }, { ...at, evidence: { actual: az } });
    }
  },
});

export function symbolicAzResult(): ScanResult {
  const g = graph();
  const vpc = g.add('network.vpc', 'aws_vpc.main', { file: 'vpc.tf', props: { cidr: '10.0.0.0/16' } });
  for (const [i, az] of [LIST.at(0), LIST.at(1), LIST.at(2, true)].entries()) {
    const subnet = g.add('network.subnet', `aws_subnet.private[${i}]`, { file: 'vpc.tf', line: 10 + i * 10, props: { availabilityZone: az }, tags: tier('critical') });
    g.edge(subnet, 'in-vpc', vpc, { attribute: 'vpc_id' });
  }
  const built = g.build();
  const policy = defaultPolicy();
  const { findings, rules } = evaluateRules({ graph: built, policy, rules: [probe], tiers: assignTiers(built, policy) });
  return {
    schemaVersion: '1.0',
    tool: { name: 'resilint', version: '0.1.0' },
    startedAt: '2026-12-07T03:00:00.000Z',
    finishedAt: '2026-12-07T03:00:01.000Z',
    targets: ['infra'],
    root: '/work/repo',
    sources: ['terraform'],
    files: ['vpc.tf'],
    policy: { source: 'built-in', defaultTier: policy.defaultTier, tiers: ['critical', 'high', 'medium'] },
    rules,
    findings,
    errors: [],
    coverage: [],
    warnings: [],
    summary: summarize(built, findings, [], []),
  };
}
