/**
 * `resilint diff yesterday.json today.json`: the nightly audit's first
 * question — what broke, what was fixed, what is still failing, and what
 * could not be assessed this time that could be last time (or the reverse).
 *
 * Results are matched by fingerprint (rule + resource identity: the ARN, or
 * the IaC address), never by file or line, so a moved resource is the same
 * result. Pure: two reports in, the difference out.
 */
import type { CoverageGap } from '../graph/types.js';
import type { Finding, ScanResult, Status } from './result.js';

export interface DiffEntry {
  ruleId: string;
  fingerprint: string;
  address: string;
  accountId?: string;
  region?: string;
  severity: Finding['severity'];
  /** Status in the older report (absent: no such result then). */
  before?: Status;
  /** Status in the newer report (absent: no such result now — the resource is gone or no longer judged). */
  after?: Status;
  message: string;
}

export interface ReportDiff {
  from: { startedAt: string; version: string };
  to: { startedAt: string; version: string };
  /** Failing now, not failing before (new, or was pass / unknown). */
  newFailing: DiffEntry[];
  /** Failing before, passing now. */
  fixed: DiffEntry[];
  /** Failing before, no result now (resource removed, or rule no longer applies). */
  gone: DiffEntry[];
  stillFailing: DiffEntry[];
  /** Unknown now, was pass or fail or absent (something can no longer be told). */
  newUnknown: DiffEntry[];
  /** Was unknown, now pass or fail. */
  resolvedUnknown: DiffEntry[];
  coverage: { added: CoverageGap[]; resolved: CoverageGap[] };
}

function entry(f: Finding, before: Status | undefined, after: Status | undefined): DiffEntry {
  const e: DiffEntry = { ruleId: f.ruleId, fingerprint: f.fingerprint, address: f.resource.address, severity: f.severity, message: f.message };
  if (f.resource.accountId) e.accountId = f.resource.accountId;
  if (f.resource.region) e.region = f.resource.region;
  if (before) e.before = before;
  if (after) e.after = after;
  return e;
}

const gapKey = (g: CoverageGap) => `${g.accountId ?? ''}\u0000${g.region ?? ''}\u0000${g.service ?? ''}\u0000${g.errorCode}`;

export function diffReports(before: ScanResult, after: ScanResult): ReportDiff {
  const old = new Map(before.findings.map((f) => [f.fingerprint, f]));
  const now = new Map(after.findings.map((f) => [f.fingerprint, f]));
  const d: ReportDiff = {
    from: { startedAt: before.startedAt, version: before.tool.version },
    to: { startedAt: after.startedAt, version: after.tool.version },
    newFailing: [],
    fixed: [],
    gone: [],
    stillFailing: [],
    newUnknown: [],
    resolvedUnknown: [],
    coverage: { added: [], resolved: [] },
  };
  for (const [fp, f] of now) {
    const was = old.get(fp)?.status;
    if (f.status === 'fail') (was === 'fail' ? d.stillFailing : d.newFailing).push(entry(f, was, 'fail'));
    else if (was === 'fail' && f.status === 'pass') d.fixed.push(entry(f, was, f.status));
    if (f.status === 'unknown' && was !== 'unknown') d.newUnknown.push(entry(f, was, 'unknown'));
    if (was === 'unknown' && f.status !== 'unknown') d.resolvedUnknown.push(entry(f, was, f.status));
  }
  for (const [fp, f] of old) if (f.status === 'fail' && !now.has(fp)) d.gone.push(entry(f, 'fail', undefined));
  const oldGaps = new Set(before.coverage.map(gapKey));
  const newGaps = new Set(after.coverage.map(gapKey));
  d.coverage.added = after.coverage.filter((g) => !oldGaps.has(gapKey(g)));
  d.coverage.resolved = before.coverage.filter((g) => !newGaps.has(gapKey(g)));
  const order = (a: DiffEntry, b: DiffEntry) => a.address.localeCompare(b.address) || a.ruleId.localeCompare(b.ruleId);
  for (const list of [d.newFailing, d.fixed, d.gone, d.stillFailing, d.newUnknown, d.resolvedUnknown]) list.sort(order);
  return d;
}

/** Plain text, one line per changed result, sections in the order an on-call reader wants them. */
export function renderDiffText(d: ReportDiff): string {
  const lines: string[] = [`resilint diff: ${d.from.startedAt} → ${d.to.startedAt}`];
  const where = (e: DiffEntry) => (e.accountId ? ` [${e.accountId}${e.region ? ` ${e.region}` : ''}]` : '');
  const section = (title: string, xs: DiffEntry[], show: (e: DiffEntry) => string) => {
    lines.push('', `${title}: ${xs.length}`);
    for (const e of xs) lines.push(`  ${show(e)}`);
  };
  section('New failing', d.newFailing, (e) => `${e.severity.toUpperCase()} ${e.ruleId} ${e.address}${where(e)}${e.before ? ` (was ${e.before})` : ''}: ${e.message}`);
  section('Fixed', d.fixed, (e) => `${e.ruleId} ${e.address}${where(e)}`);
  section('Failing before, no result now', d.gone, (e) => `${e.ruleId} ${e.address}${where(e)}`);
  section('Still failing', d.stillFailing, (e) => `${e.severity.toUpperCase()} ${e.ruleId} ${e.address}${where(e)}`);
  section('Newly unknown', d.newUnknown, (e) => `${e.ruleId} ${e.address}${where(e)}${e.before ? ` (was ${e.before})` : ''}: ${e.message}`);
  section('No longer unknown', d.resolvedUnknown, (e) => `${e.ruleId} ${e.address}${where(e)} → ${e.after}`);
  const gap = (g: CoverageGap) => `${[g.accountId, g.region, g.service].filter(Boolean).join(' ') || 'scan'}: ${g.errorCode} — ${g.message}`;
  lines.push('', `Coverage: ${d.coverage.added.length} newly not assessed, ${d.coverage.resolved.length} assessed again`);
  for (const g of d.coverage.added) lines.push(`  + ${gap(g)}`);
  for (const g of d.coverage.resolved) lines.push(`  - ${gap(g)}`);
  return lines.join('\n') + '\n';
}
