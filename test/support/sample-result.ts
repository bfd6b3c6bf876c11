/**
 * Hand-built ScanResults for reporter tests: every status, severities,
 * tiers, IaC and live (ARN, no file) resources, suppressed and baselined
 * results, input errors, coverage gaps, and hostile user-controlled strings.
 */
import { fingerprint } from '../../src/engine/evaluate.js';
import type { Finding, RuleRun, ScanResult, Status } from '../../src/engine/result.js';
import type { Severity } from '../../src/policy/types.js';

export const HOSTILE = {
  script: '<script>window.__pwned = 1</script>',
  img: '"><img src=x onerror="window.__pwned=2">',
  attr: "' onmouseover='window.__pwned=3' x='",
  template: '{{constructor.constructor("window.__pwned=4")()}}',
  markdown: '](javascript:alert(1)) **bold** | pipe',
};

const RULES: RuleRun[] = [
  {
    id: 'db-multi-az',
    title: 'Databases survive the loss of one availability zone',
    requirements: ['DB-MULTIAZ'],
    severity: { default: 'medium', critical: 'high', high: 'high' },
    rationale: 'A single-AZ database is a single point of failure.',
    remediation: { terraform: 'multi_az = true', cloudformation: 'MultiAZ: true' },
    appliesTo: ['db.instance', 'db.cluster'],
    evaluated: 0, pass: 0, fail: 0, unknown: 0,
  },
  {
    id: 'db-backup-retention',
    title: 'Automated backups are kept long enough for the tier',
    requirements: ['DB-BACKUP', 'DB-PITR'],
    severity: { default: 'medium', critical: 'high' },
    rationale: 'Backups bound the RPO.',
    remediation: { terraform: 'backup_retention_period = 7' },
    appliesTo: ['db.instance', 'db.cluster'],
    evaluated: 0, pass: 0, fail: 0, unknown: 0,
  },
  {
    id: 'ecs-min-tasks-per-az',
    title: 'ECS services keep enough tasks in every AZ',
    requirements: ['ECS-MIN', 'ECS-AZ'],
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    rationale: 'Tasks spread over AZs survive the loss of one.',
    remediation: { terraform: 'min_capacity = 3' },
    appliesTo: ['ecs.service'],
    evaluated: 0, pass: 0, fail: 0, unknown: 0,
  },
  {
    id: 'nat-gateway-per-az',
    title: 'Each AZ routes through its own NAT gateway',
    requirements: ['NET-NAT', 'SPOF'],
    severity: 'high',
    rationale: 'One NAT gateway for several AZs is a SPOF.',
    remediation: { terraform: 'one aws_nat_gateway per AZ' },
    appliesTo: ['network.nat-gateway'],
    evaluated: 0, pass: 0, fail: 0, unknown: 0,
  },
];

const TIERS = ['critical', 'high', 'medium'] as const;
const STATUSES: Status[] = ['fail', 'pass', 'unknown', 'pass', 'fail'];

function finding(i: number, hostile: boolean): Finding {
  const rule = RULES[i % RULES.length];
  const tier = TIERS[i % 3];
  const status = STATUSES[i % STATUSES.length];
  const severity: Severity = (['high', 'medium', 'low', 'critical'] as const)[i % 4];
  const live = i % 7 === 6;
  const name = hostile && i < 5 ? Object.values(HOSTILE)[i] : `svc-${i}`;
  const address = live ? `arn:aws:rds:ap-northeast-1:1111222233${String(i % 100).padStart(2, '0')}:cluster:${name}` : `module.m${i % 5}.aws_rds_cluster.c${i}`;
  const f: Finding = {
    ruleId: rule.id,
    status,
    severity,
    messageId: status,
    message: `${name} ${status === 'fail' ? 'fails' : status === 'pass' ? 'passes' : 'cannot be determined'} (${i})`,
    requirements: rule.requirements,
    fingerprint: fingerprint(rule.id, address),
    resource: {
      id: address,
      address,
      kind: rule.appliesTo[0] as Finding['resource']['kind'],
      type: live ? 'AWS::RDS::DBCluster' : 'aws_rds_cluster',
      name,
      source: live ? 'aws' : 'terraform',
      tier,
      tierSource: i % 2 ? 'tag' : 'default',
      tierDetail: hostile && i === 1 ? `tag tier=${HOSTILE.img}` : i % 2 ? `tag tier=${tier}` : `defaultTier ${tier}`,
    },
    evidence: { attribute: 'backup_retention_period', expected: 7, actual: status === 'unknown' ? { unknown: true, reason: 'variable x has no value' } : 3, related: [`aws_rds_cluster_instance.m${i}[0]`] },
  };
  if (live) {
    Object.assign(f.resource, { arn: address, accountId: `1111222233${String(i % 100).padStart(2, '0')}`, accountName: `technova-sales-prod-db`, region: 'ap-northeast-1' });
  } else {
    f.location = { file: `infra/m${i % 5}/main.tf`, line: 10 + (i % 200), column: 3 };
  }
  if (status === 'fail' && i % 10 === 4) {
    f.suppression = { kind: 'policy', justification: `accepted risk ${hostile ? HOSTILE.script : ''}`, owner: 'platform-team', expires: '2027-03-31', declaredAt: 'policy.yaml suppressions[0]' };
  }
  return f;
}

export function sampleResult(count = 40, opts: { hostile?: boolean } = {}): ScanResult {
  const findings = Array.from({ length: count }, (_, i) => finding(i, Boolean(opts.hostile)));
  const rules = RULES.map((r) => ({ ...r, evaluated: 0, pass: 0, fail: 0, unknown: 0 }));
  const byStatus = { pass: 0, fail: 0, unknown: 0 };
  const failBySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const byTier: Record<string, typeof byStatus> = {};
  const byRequirement: Record<string, typeof byStatus> = {};
  for (const f of findings) {
    const run = rules.find((r) => r.id === f.ruleId)!;
    run[f.status]++;
    run.evaluated++;
    byStatus[f.status]++;
    if (f.status === 'fail') failBySeverity[f.severity]++;
    (byTier[f.resource.tier] ??= { pass: 0, fail: 0, unknown: 0 })[f.status]++;
    for (const req of f.requirements) (byRequirement[req] ??= { pass: 0, fail: 0, unknown: 0 })[f.status]++;
  }
  return {
    schemaVersion: '1.0',
    tool: { name: 'resilint', version: '0.1.0' },
    startedAt: '2026-11-22T03:00:00.000Z',
    finishedAt: '2026-11-22T03:00:02.500Z',
    targets: ['infra'],
    root: '/work/repo',
    sources: ['terraform', 'aws'],
    files: ['infra/m0/main.tf', 'infra/m1/main.tf'],
    policy: { source: 'policy.yaml', defaultTier: 'medium', tiers: ['critical', 'high', 'medium'] },
    rules,
    findings,
    errors: [{ file: opts.hostile ? `infra/${HOSTILE.script}.tf` : 'infra/broken.tf', line: 3, column: 7, kind: 'parse', message: 'Invalid expression; Expected the start of an expression' }],
    coverage: [{ accountId: '999900001111', accountName: 'technova-mfg-prod-app', errorCode: 'AccessDenied', message: 'sts:AssumeRole denied' }],
    warnings: [{ code: 'suppression-expired', message: 'suppression for db-multi-az on aws_db_instance.old expired on 2026-01-31', file: 'policy.yaml', line: 12 }],
    summary: {
      resources: count,
      resourcesByKind: { 'db.cluster': count },
      findings: count,
      byStatus,
      failBySeverity,
      byTier,
      byRequirement,
      byAccount: {},
      suppressed: findings.filter((f) => f.suppression).length,
      baselined: 0,
      inputErrors: 1,
      coverageGaps: 1,
      complete: false,
    },
  };
}
