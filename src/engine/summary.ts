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
  // Every scanned account has a row, also with nothing to report: zero is a fact.
  const accounts = graph.ofKind('account').flatMap((r) => (r.provenance.accountId ? [{ id: r.provenance.accountId, name: r.provenance.accountName }] : []));
  return summaryFrom({ resourcesByKind, accounts }, findings, errors, coverage);
}

/**
 * The summary from what it counts: resources by kind, the scanned accounts,
 * the results and gaps (also what `resilint merge` recomputes from several
 * reports). Keys of resourcesByKind and byAccount are in a canonical order
 * (kind; account name, then id), so that reports of the same estate are
 * byte-identical however the scan was split.
 */
export function summaryFrom(
  base: { resourcesByKind: Record<string, number>; accounts: readonly { id: string; name?: string }[] },
  findings: readonly Finding[],
  errors: readonly InputError[],
  coverage: readonly CoverageGap[],
): Summary {
  const byStatus = zeroStatus();
  const failBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byTier: Record<string, Record<Status, number>> = {};
  const byRequirement: Record<string, Record<Status, number>> = {};
  const unordered: Record<string, AccountSummary> = {};
  const account = (id: string, name: string | undefined): AccountSummary => {
    const a = (unordered[id] ??= { pass: 0, fail: 0, unknown: 0, notAssessed: 0 });
    if (name && !a.accountName) a.accountName = name;
    return a;
  };
  for (const a of base.accounts) account(a.id, a.name);
  for (const g of coverage) if (g.accountId) account(g.accountId, g.accountName).notAssessed++;
  for (const f of findings) {
    if (f.resource.accountId) account(f.resource.accountId, f.resource.accountName)[f.status]++;
    byStatus[f.status]++;
    if (f.status === 'fail') failBySeverity[f.severity]++;
    (byTier[f.resource.tier] ??= zeroStatus())[f.status]++;
    for (const req of f.requirements) (byRequirement[req] ??= zeroStatus())[f.status]++;
  }
  const byAccount: Record<string, AccountSummary> = {};
  const accountKey = (id: string) => `${unordered[id].accountName ?? ''}\u0000${id}`;
  for (const id of Object.keys(unordered).sort((a, b) => accountKey(a).localeCompare(accountKey(b)))) {
    const { accountName, ...counts } = unordered[id];
    byAccount[id] = accountName ? { accountName, ...counts } : counts;
  }
  const resourcesByKind: Record<string, number> = {};
  for (const k of Object.keys(base.resourcesByKind).sort()) resourcesByKind[k] = base.resourcesByKind[k];
  return {
    resources: Object.values(resourcesByKind).reduce((n, c) => n + c, 0),
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
