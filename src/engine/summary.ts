import type { ResourceGraph } from '../graph/graph.js';
import type { CoverageGap, InputError } from '../graph/types.js';
import { SEVERITIES, type Severity } from '../policy/types.js';
import type { AccountSummary, Finding, Status, Summary } from './result.js';

function zeroStatus(): Record<Status, number> {
  return { pass: 0, fail: 0, unknown: 0 };
}

export function summarize(graph: ResourceGraph, findings: readonly Finding[], errors: readonly InputError[], coverage: readonly CoverageGap[]): Summary {
  const resourcesByKind: Record<string, number> = {};
  for (const r of graph.resources()) resourcesByKind[r.kind] = (resourcesByKind[r.kind] ?? 0) + 1;
  const byStatus = zeroStatus();
  const failBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byTier: Record<string, Record<Status, number>> = {};
  const byRequirement: Record<string, Record<Status, number>> = {};
  const byAccount: Record<string, AccountSummary> = {};
  const account = (id: string, name: string | undefined): AccountSummary => {
    const a = (byAccount[id] ??= { pass: 0, fail: 0, unknown: 0, notAssessed: 0 });
    if (name && !a.accountName) a.accountName = name;
    return a;
  };
  // Every scanned account has a row, also with nothing to report: zero is a fact.
  for (const r of graph.ofKind('account')) if (r.provenance.accountId) account(r.provenance.accountId, r.provenance.accountName);
  for (const g of coverage) if (g.accountId) account(g.accountId, g.accountName).notAssessed++;
  for (const f of findings) {
    if (f.resource.accountId) account(f.resource.accountId, f.resource.accountName)[f.status]++;
    byStatus[f.status]++;
    if (f.status === 'fail') failBySeverity[f.severity]++;
    (byTier[f.resource.tier] ??= zeroStatus())[f.status]++;
    for (const req of f.requirements) (byRequirement[req] ??= zeroStatus())[f.status]++;
  }
  return {
    resources: graph.size,
    resourcesByKind,
    findings: findings.length,
    byStatus,
    failBySeverity,
    byTier,
    byRequirement,
    byAccount,
    suppressed: findings.filter((f) => f.suppression && f.status !== 'pass').length,
    baselined: findings.filter((f) => f.status === 'fail' && f.baselineState === 'unchanged').length,
    inputErrors: errors.length,
    coverageGaps: coverage.length,
    complete: errors.length === 0 && coverage.length === 0,
  };
}
