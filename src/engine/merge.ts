/**
 * `resilint merge`: one report from several JSON reports — the shards of an
 * organisation scan (`--shard K/N`), or the IaC reports of several
 * repositories — with coverage, summaries and per-account tables as if it
 * had been one scan. Reports of different policies or tool versions measure
 * different things and are refused unless forced.
 *
 * Pure: reports in, report out (the gate is recomputed by the caller).
 */
import { ResilintError } from '../errors.js';
import type { CoverageGap } from '../graph/types.js';
import type { FailureDomainsResult } from '../analysis/failure-types.js';
import type { Provenance } from './provenance.js';
import type { Finding, OrganizationRun, RuleRun, ScanResult } from './result.js';
import { summaryFrom } from './summary.js';

export class MergeError extends ResilintError {}

export interface NamedReport {
  /** Where it was read from (for messages). */
  file: string;
  report: ScanResult;
}

/** What must agree between reports: the tool version, and the policy (its source, tiers and the rules it ran with their settings). */
function identity(r: ScanResult): { version: string; policy: string } {
  const rules = r.rules.map(({ id, severity, requirements, appliesTo }) => ({ id, severity, requirements, appliesTo }));
  return { version: r.tool.version, policy: JSON.stringify({ policy: r.policy, rules }) };
}

/** Problems that make the reports not comparable; empty when they may be merged. */
export function mergeConflicts(reports: readonly NamedReport[]): string[] {
  const out: string[] = [];
  const [first, ...rest] = reports;
  const a = identity(first.report);
  for (const r of rest) {
    const b = identity(r.report);
    if (b.version !== a.version) out.push(`${r.file} was written by resilint ${b.version}, ${first.file} by ${a.version}`);
    if (b.policy !== a.policy) out.push(`${r.file} was produced with another policy or rule settings than ${first.file} (policy ${r.report.policy.source} vs ${first.report.policy.source})`);
  }
  return out;
}

const gapKey = (g: CoverageGap) => `${g.accountId ?? ''}\u0000${g.region ?? ''}\u0000${g.service ?? ''}\u0000${g.errorCode}`;

/** One entry per distinct value (by JSON), first occurrence kept. */
function distinct<T>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = JSON.stringify(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The same order as a scan's (scan.ts sortFindings): by file, line, resource, rule. */
function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.location?.file ?? '\uffff').localeCompare(b.location?.file ?? '\uffff') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      a.resource.id.localeCompare(b.resource.id) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

function mergeRules(reports: readonly ScanResult[]): RuleRun[] {
  const byId = new Map<string, RuleRun>();
  for (const r of reports) {
    for (const run of r.rules) {
      const prev = byId.get(run.id);
      if (!prev) byId.set(run.id, { ...run });
      else for (const k of ['evaluated', 'pass', 'fail', 'unknown'] as const) prev[k] += run[k];
    }
  }
  return [...byId.values()];
}

function mergeOrganization(runs: OrganizationRun[]): OrganizationRun | undefined {
  if (runs.length === 0) return undefined;
  return {
    source: runs[0].source,
    callerAccountId: runs[0].callerAccountId,
    regions: [...new Set(runs.flatMap((r) => r.regions))],
    accountsSelected: runs.reduce((n, r) => n + r.accountsSelected, 0),
    accountsNotAssessed: [...new Set(runs.flatMap((r) => r.accountsNotAssessed))].sort(),
    units: runs.reduce((n, r) => n + r.units, 0),
    apiCalls: runs.reduce((n, r) => n + r.apiCalls, 0),
    retries: runs.reduce((n, r) => n + r.retries, 0),
    // Shards may run side by side or one after another: the total work is the sum.
    durationMs: runs.reduce((n, r) => n + r.durationMs, 0),
  };
}

function byJson<T>(xs: T[]): T[] {
  return xs.map((x) => [JSON.stringify(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, x]) => x);
}

/** In the order the simulation writes them (analysis/failure.ts): AZ domains by id, then Regions by id ('the Region' last); workloads by address; impacts domain by domain, workload by workload. */
function mergeFailureDomains(parts: FailureDomainsResult[]): FailureDomainsResult | undefined {
  if (parts.length === 0) return undefined;
  const domainKey = (d: { id: string; kind: string }) => `${d.kind === 'az' ? 0 : d.id === 'region:?' ? 2 : 1}\u0000${d.id}`;
  const domains = distinct(parts.flatMap((p) => p.domains)).sort((a, b) => domainKey(a).localeCompare(domainKey(b)));
  const workloads = distinct(parts.flatMap((p) => p.workloads)).sort((a, b) => a.address.localeCompare(b.address));
  const domainAt = new Map(domains.map((d, i) => [d.id, i]));
  const workloadAt = new Map(workloads.map((w, i) => [w.id, i]));
  const impacts = distinct(parts.flatMap((p) => p.impacts)).sort(
    (a, b) => (domainAt.get(a.domain) ?? 0) - (domainAt.get(b.domain) ?? 0) || (workloadAt.get(a.workload) ?? 0) - (workloadAt.get(b.workload) ?? 0),
  );
  const out: FailureDomainsResult = {
    domains,
    workloads,
    impacts,
    assumptions: distinct(parts.flatMap((p) => p.assumptions)),
    notes: [...new Set(parts.flatMap((p) => p.notes))].sort(),
  };
  if (parts.some((p) => p.singlePoints)) out.singlePoints = byJson(distinct(parts.flatMap((p) => p.singlePoints ?? [])));
  return out;
}

/**
 * The merged report. Findings of the same (rule, resource) in several reports
 * (two repositories declaring the same address under the same root) are kept
 * once, the worst. Throws MergeError on conflicts unless `force`.
 */
export function mergeReports(reports: readonly NamedReport[], options: { force?: boolean } = {}): ScanResult {
  if (reports.length === 0) throw new MergeError('no report to merge');
  const conflicts = mergeConflicts(reports);
  if (conflicts.length && !options.force) throw new MergeError(`${conflicts[0]}${conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : ''}; merge anyway with --force`);
  const rs = reports.map((r) => r.report);
  const first = rs[0];

  const rank = { fail: 2, unknown: 1, pass: 0 } as const;
  const byKey = new Map<string, Finding>();
  for (const f of rs.flatMap((r) => r.findings)) {
    const key = `${f.ruleId}\u0000${f.resource.id}`;
    const prev = byKey.get(key);
    if (!prev || rank[f.status] > rank[prev.status]) byKey.set(key, f);
  }
  const findings = sortFindings([...byKey.values()]);
  const errors = distinct(rs.flatMap((r) => r.errors)).sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  const coverage = distinct(rs.flatMap((r) => r.coverage)).sort((a, b) => gapKey(a).localeCompare(gapKey(b)));

  const resourcesByKind: Record<string, number> = {};
  for (const r of rs) for (const [k, n] of Object.entries(r.summary.resourcesByKind)) resourcesByKind[k] = (resourcesByKind[k] ?? 0) + n;
  const accounts = rs.flatMap((r) => Object.entries(r.summary.byAccount).map(([id, a]) => ({ id, name: a.accountName })));
  // Accounts known only from a gap or a result are recounted from those; the rest keep their (zero) row.
  const summary = summaryFrom({ resourcesByKind, accounts }, findings, errors, coverage);

  const organization = mergeOrganization(rs.flatMap((r) => (r.organization ? [r.organization] : [])));
  const failureDomains = mergeFailureDomains(rs.flatMap((r) => (r.failureDomains ? [r.failureDomains] : [])));
  const provenance = mergeProvenance(rs.flatMap((r) => (r.provenance ? [r.provenance] : [])));
  const out: ScanResult = {
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    startedAt: rs.map((r) => r.startedAt).sort()[0],
    finishedAt: rs.map((r) => r.finishedAt).sort().at(-1)!,
    targets: [...new Set(rs.flatMap((r) => r.targets))],
    root: first.root,
    ...(organization ? { organization } : {}),
    sources: [...new Set(rs.flatMap((r) => r.sources))],
    files: [...new Set(rs.flatMap((r) => r.files))].sort(),
    policy: first.policy,
    ...(provenance ? { provenance } : {}),
    rules: mergeRules(rs),
    findings,
    errors,
    coverage,
    warnings: distinct(rs.flatMap((r) => r.warnings)),
    summary,
  };
  if (failureDomains) out.failureDomains = failureDomains;
  return out;
}

/**
 * One provenance for the merged report: the tool, policy and tiers agree (merge checked them); the inputs of
 * every report, once each; the revision only when every report names the same one (else the reports were made
 * from different trees, and no single revision can be claimed).
 */
function mergeProvenance(ps: Provenance[]): Provenance | undefined {
  if (ps.length === 0) return undefined;
  const [first] = ps;
  const inputs = new Map<string, Provenance['inputs'][number]>();
  for (const p of ps) for (const i of p.inputs) inputs.set(JSON.stringify(i), i);
  const gits = ps.map((p) => (p.git ? JSON.stringify(p.git) : ''));
  const sameGit = gits.every((g) => g === gits[0]);
  // The keys in the order a scan writes them, so that a merged report reads like one scan's.
  const merged: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(first)) {
    if (k === 'git') {
      if (sameGit && first.git) merged.git = first.git;
    } else if (k === 'inputs') merged.inputs = [...inputs.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    else merged[k] = v;
  }
  return merged as unknown as Provenance;
}
