/**
 * What the HTML report shows, derived from a ScanResult: the verdict, the
 * "could not be assessed" groups, the summary tables, and the compact data
 * block the page script renders the findings table from.
 */
import { REQUIREMENTS, requirement } from '../../src/policy/catalogue.js';
import type { Finding, RuleRun, ScanResult, Status } from '../../src/engine/result.js';
import { SEVERITIES, type Severity } from '../../src/policy/types.js';
import { gateSentence, readableValue, unknownGroupReason } from '../common.js';
import type { CompactFailure } from './failure.js';

/** Display order: what needs attention first. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'unknown', 'pass'];

export type Counts = Record<Status, number>;

export function zero(): Counts {
  return { pass: 0, fail: 0, unknown: 0 };
}

export function total(c: Counts): number {
  return c.pass + c.fail + c.unknown;
}

export interface Verdict {
  /** fail: unsuppressed failures; incomplete: no failures but something could not be assessed; pass: everything assessed and passing. */
  kind: 'fail' | 'incomplete' | 'pass';
  headline: string;
  detail: string[];
}

export interface RequirementRow {
  id: string;
  /** From the catalogue (src/policy/catalogue.ts); absent for a plugin's own IDs. */
  title?: string;
  rules: RuleRun[];
  counts: Counts;
  suppressed: number;
  state: 'not-met' | 'accepted' | 'undetermined' | 'met' | 'not-evaluated';
}

export interface AccountRow {
  key: string;
  accountId?: string;
  accountName?: string;
  regions: string[];
  counts: Counts;
  gaps: number;
}

export interface ReasonGroup {
  reason: string;
  ruleId: string;
  count: number;
}

export interface ReportModel {
  verdict: Verdict;
  suppressed: number;
  openFailures: number;
  tiers: string[];
  requirements: RequirementRow[];
  accounts: AccountRow[];
  unknownReasons: ReasonGroup[];
  ruleById: Map<string, RuleRun>;
}

const REQUIREMENT_FAMILIES = [...new Set(REQUIREMENTS.map((r) => r.section))];

/** Catalogue order (its sections), then alphabetical. */
export function compareRequirementIds(a: string, b: string): number {
  const fa = REQUIREMENT_FAMILIES.indexOf(a.split('-')[0]);
  const fb = REQUIREMENT_FAMILIES.indexOf(b.split('-')[0]);
  const ra = fa < 0 ? REQUIREMENT_FAMILIES.length : fa;
  const rb = fb < 0 ? REQUIREMENT_FAMILIES.length : fb;
  return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
}

/** 12345 → "12,345" (no locale data, so the output is the same everywhere). */
export function num(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

function verdictOf(result: ScanResult, openFailures: number, suppressed: number, baselined: number): Verdict {
  const s = result.summary;
  const gaps: string[] = [];
  if (s.inputErrors) gaps.push(`${plural(s.inputErrors, 'input error')} (resources in those files were not assessed)`);
  if (s.coverageGaps) gaps.push(`${plural(s.coverageGaps, 'coverage gap')} (parts of the estate were not assessed)`);
  if (s.byStatus.unknown) gaps.push(`${plural(s.byStatus.unknown, 'result')} could not be determined`);
  const g = result.gate;
  if (g) {
    const unknownNote = g.atThreshold.unknown && !g.failOnUnknown ? `; ${plural(g.atThreshold.unknown, 'unknown result')} at or above ${g.failOn} (not blocking without --fail-on-unknown)` : '';
    gaps.unshift(`${gateSentence(result)}${unknownNote}`);
  }
  if (baselined > 0) gaps.push(`${plural(baselined, 'failing result')} ${baselined === 1 ? 'is' : 'are'} accepted in the baseline and not counted by the gate`);
  if (openFailures > 0) {
    return {
      kind: 'fail',
      headline: `Not compliant — ${plural(openFailures, baselined ? 'new failing result' : 'failing result')}`,
      detail: [...(suppressed ? [`${plural(suppressed, 'further failure')} suppressed as accepted risk`] : []), ...gaps],
    };
  }
  // Baselined failures are still failures: the banner says the gate passed and why, never "Compliant".
  if (baselined > 0 && s.complete) {
    return {
      kind: 'incomplete',
      headline: `${g && g.exitCode === 0 ? 'Gate passed' : 'No new failures'} — ${plural(baselined, 'failing result')} ${baselined === 1 ? 'is' : 'are'} baselined`,
      detail: [...(suppressed ? [`${plural(suppressed, 'further failure')} suppressed as accepted risk`] : []), ...gaps],
    };
  }
  if (s.byStatus.unknown || !s.complete) {
    return {
      kind: 'incomplete',
      headline: s.byStatus.unknown
        ? `Not determined — no failures found, but ${plural(s.byStatus.unknown, 'result')} could not be determined`
        : 'No failures found, but the assessment is incomplete',
      detail: [...(suppressed ? [`${plural(suppressed, 'failure')} suppressed as accepted risk`] : []), ...gaps],
    };
  }
  return {
    kind: 'pass',
    headline: 'Compliant — every assessed result passes',
    detail: [...(suppressed ? [`${plural(suppressed, 'failure')} suppressed as accepted risk`] : []), ...gaps],
  };
}

export function buildModel(result: ScanResult): ReportModel {
  const ruleById = new Map(result.rules.map((r) => [r.id, r]));
  let suppressed = 0;
  let openFailures = 0;
  let baselined = 0;
  const reqSuppressed = new Map<string, number>();
  const accounts = new Map<string, AccountRow & { regionSet: Set<string> }>();
  const reasons = new Map<string, ReasonGroup>();
  for (const f of result.findings) {
    if (f.status === 'fail') {
      if (f.suppression) {
        suppressed++;
        for (const req of f.requirements) reqSuppressed.set(req, (reqSuppressed.get(req) ?? 0) + 1);
      } else if (f.baselineState === 'unchanged') baselined++;
      else openFailures++;
    }
    if (f.status === 'unknown') {
      // Resource-specific parts normalised, as in the text and Markdown summaries.
      const reason = unknownGroupReason(f);
      const key = `${f.ruleId}\u0000${reason}`;
      const g = reasons.get(key);
      if (g) g.count++;
      else reasons.set(key, { reason, ruleId: f.ruleId, count: 1 });
    }
    const r = f.resource;
    if (r.accountId || r.accountName) {
      const key = r.accountId ?? r.accountName ?? '';
      let row = accounts.get(key);
      if (!row) {
        row = { key, accountId: r.accountId, accountName: r.accountName, regions: [], regionSet: new Set(), counts: zero(), gaps: 0 };
        accounts.set(key, row);
      }
      row.accountName ??= r.accountName;
      if (r.region) row.regionSet.add(r.region);
      row.counts[f.status]++;
    }
  }
  for (const g of result.coverage) {
    const key = g.accountId ?? g.accountName;
    if (!key) continue;
    let row = accounts.get(key);
    if (!row) {
      row = { key, accountId: g.accountId, accountName: g.accountName, regions: [], regionSet: new Set(), counts: zero(), gaps: 0 };
      accounts.set(key, row);
    }
    row.gaps++;
  }

  const tiers = [...result.policy.tiers];
  for (const t of Object.keys(result.summary.byTier)) if (!tiers.includes(t)) tiers.push(t);

  const reqIds = new Set<string>(Object.keys(result.summary.byRequirement));
  for (const r of result.rules) for (const req of r.requirements) reqIds.add(req);
  const requirements = [...reqIds].sort(compareRequirementIds).map((id): RequirementRow => {
    const counts = { ...zero(), ...result.summary.byRequirement[id] };
    const sup = reqSuppressed.get(id) ?? 0;
    const state: RequirementRow['state'] =
      counts.fail > sup ? 'not-met' : counts.fail > 0 ? 'accepted' : counts.unknown > 0 ? 'undetermined' : counts.pass > 0 ? 'met' : 'not-evaluated';
    const title = requirement(id)?.title;
    return { id, ...(title ? { title } : {}), rules: result.rules.filter((r) => r.requirements.includes(id)), counts, suppressed: sup, state };
  });

  return {
    verdict: verdictOf(result, openFailures, suppressed, baselined),
    suppressed,
    openFailures,
    tiers,
    requirements,
    accounts: [...accounts.values()]
      .map(({ regionSet, ...row }) => ({ ...row, regions: [...regionSet].sort() }))
      .sort((a, b) => b.counts.fail - a.counts.fail || b.gaps - a.gaps || (a.accountName ?? a.key).localeCompare(b.accountName ?? b.key)),
    unknownReasons: [...reasons.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId) || a.reason.localeCompare(b.reason)),
    ruleById,
  };
}

/* ------------------------------------------------------------------ */
/* The data block                                                      */
/* ------------------------------------------------------------------ */

/**
 * One finding in the data block. Short keys and interned strings (numbers
 * index `ReportData.str`) keep a 10,000-finding report to a few megabytes.
 */
export interface CompactFinding {
  /** Status index into STATUS_ORDER. */
  s: number;
  /** Severity index into SEVERITIES. */
  v: number;
  /** Rule index into ReportData.rules. */
  r: number;
  m: string;
  /** Resource address. */
  a: string;
  n?: string;
  y: number;
  k: number;
  o: number;
  t: number;
  ts: number;
  td: number;
  mp?: string[];
  arn?: string;
  ac?: number;
  an?: number;
  rg?: number;
  /** Location: file (interned), line, column. */
  f?: number;
  l?: number;
  c?: number;
  /** Requirements, when they differ from the rule's. */
  q?: string[];
  e?: { at?: number; ex?: unknown; ac?: unknown; rel?: string[] };
  sp?: { k: string; j: string; o?: string; x?: string; d?: string };
  /** Baseline: 0 new, 1 unchanged. */
  b?: 0 | 1;
  fp: string;
}

export interface CompactRule {
  id: string;
  title: string;
  req: string[];
  sev: string;
  why: string;
  fix: [string, string][];
  url?: string;
}

export interface ReportData {
  v: 1;
  statuses: readonly Status[];
  severities: readonly Severity[];
  str: string[];
  rules: CompactRule[];
  tiers: string[];
  reqs: string[];
  defaultStatus: 'open' | 'all';
  findings: CompactFinding[];
  /** The failure-domain matrix cells' details, when the failure simulation ran. */
  fd?: CompactFailure;
}

export function severityText(sev: RuleRun['severity']): string {
  if (typeof sev === 'string') return sev;
  const entries = Object.entries(sev);
  const dflt = entries.filter(([k]) => k === 'default');
  return [...entries.filter(([k]) => k !== 'default'), ...dflt].map(([tier, s]) => `${tier === 'default' ? 'otherwise' : `tier ${tier}`}: ${s}`).join(', ');
}

export const REMEDIATION_LABELS: Record<string, string> = { terraform: 'Terraform', cloudformation: 'CloudFormation', console: 'Console', cli: 'CLI' };

export function remediationEntries(rule: Pick<RuleRun, 'remediation'>): [string, string][] {
  return Object.entries(rule.remediation ?? {})
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0)
    .map(([k, v]) => [REMEDIATION_LABELS[k] ?? k, v]);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A string table for the page's data block: each distinct string stored once, referred to by index. */
export function interner(): { str: string[]; intern: (s: string) => number } {
  const str: string[] = [];
  const index = new Map<string, number>();
  return {
    str,
    intern(s: string): number {
      let i = index.get(s);
      if (i === undefined) {
        i = str.length;
        str.push(s);
        index.set(s, i);
      }
      return i;
    },
  };
}

export function buildData(result: ScanResult, model: ReportModel, defaultStatus: 'open' | 'all'): ReportData {
  const { str, intern } = interner();
  const rules: CompactRule[] = result.rules.map((r) => ({
    id: r.id,
    title: r.title,
    req: r.requirements,
    sev: severityText(r.severity),
    why: r.rationale,
    fix: remediationEntries(r),
    ...(r.docsUrl ? { url: r.docsUrl } : {}),
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const reqs = new Set(model.requirements.map((r) => r.id));

  const findings = result.findings.map((f): CompactFinding => {
    let ri = ruleIndex.get(f.ruleId);
    if (ri === undefined) {
      // A finding whose rule is not in result.rules (merged shards): keep it filterable.
      ri = rules.length;
      rules.push({ id: f.ruleId, title: f.ruleId, req: f.requirements, sev: f.severity, why: '', fix: [] });
      ruleIndex.set(f.ruleId, ri);
    }
    for (const q of f.requirements) reqs.add(q);
    const r = f.resource;
    const c: CompactFinding = {
      s: STATUS_ORDER.indexOf(f.status),
      v: SEVERITIES.indexOf(f.severity),
      r: ri,
      m: f.message,
      a: r.address,
      y: intern(r.type),
      k: intern(r.kind),
      o: intern(r.source),
      t: intern(r.tier),
      ts: intern(r.tierSource),
      td: intern(r.tierDetail),
      fp: f.fingerprint,
    };
    if (r.name && !r.address.includes(r.name)) c.n = r.name;
    if (r.modulePath?.length) c.mp = r.modulePath;
    if (r.arn && r.arn !== r.address) c.arn = r.arn;
    if (r.accountId) c.ac = intern(r.accountId);
    if (r.accountName) c.an = intern(r.accountName);
    if (r.region) c.rg = intern(r.region);
    if (f.location) {
      c.f = intern(f.location.file);
      c.l = f.location.line;
      c.c = f.location.column;
    }
    if (!sameList(f.requirements, rules[ri].req)) c.q = f.requirements;
    const e = f.evidence;
    if (e) {
      c.e = {};
      if (e.attribute !== undefined) c.e.at = intern(e.attribute);
      // Symbolic AZs become their labels ("AZ #1 of …"): they name an AZ, they are not "unknown".
      if (e.expected !== undefined) c.e.ex = readableValue(e.expected);
      if (e.actual !== undefined) c.e.ac = readableValue(e.actual);
      if (e.related?.length) c.e.rel = e.related;
    }
    const sp = f.suppression;
    if (sp) {
      c.sp = { k: sp.kind, j: sp.justification };
      if (sp.owner) c.sp.o = sp.owner;
      if (sp.expires) c.sp.x = sp.expires;
      if (sp.declaredAt) c.sp.d = sp.declaredAt;
    }
    if (f.baselineState) c.b = f.baselineState === 'unchanged' ? 1 : 0;
    return c;
  });

  return {
    v: 1,
    statuses: STATUS_ORDER,
    severities: SEVERITIES,
    str,
    rules,
    tiers: model.tiers,
    reqs: [...reqs].sort(compareRequirementIds),
    defaultStatus,
    findings,
  };
}
