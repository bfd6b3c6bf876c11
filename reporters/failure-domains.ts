/**
 * The failure simulation's result (`ScanResult.failureDomains`) arranged for
 * the reports: domains in reading order (AZs grouped by Region, then
 * Regions), workloads most important first, the impact of each domain on
 * each workload, blast radius per domain, and the single points of failure
 * that the impact paths end at. Shared by the HTML, Markdown and text
 * reporters so that they all tell the same story.
 */
import type {
  FailureDomain,
  FailureDomainsResult,
  ImpactStep,
  RecoveryFigure,
  TargetVerdict,
  WorkloadImpact,
  WorkloadState,
  WorkloadSummary,
} from '../src/analysis/failure-types.js';

export const WORKLOAD_STATES: readonly WorkloadState[] = ['down', 'degraded', 'unknown', 'unaffected'];
export const TARGET_VERDICTS: readonly TargetVerdict[] = ['breached', 'unknown', 'met'];

export const STATE_SYMBOL: Record<WorkloadState, string> = { unaffected: '✓', degraded: '◐', down: '✗', unknown: '?' };
export const STATE_TEXT: Record<WorkloadState, string> = { unaffected: 'unaffected', degraded: 'degraded', down: 'down', unknown: 'unknown' };
export const VERDICT_SYMBOL: Record<TargetVerdict, string> = { met: '✓', breached: '✗', unknown: '?' };

/** Worst first: down, then degraded, then unknown (it may be down), then unaffected. */
export function stateRank(s: WorkloadState): number {
  return WORKLOAD_STATES.indexOf(s);
}

/** The tiers the compact views focus on (the Markdown matrix, the text block). */
export function isTopTier(tier: string): boolean {
  const t = tier.toLowerCase();
  return t === 'critical' || t === 'high';
}

/** Policy order is importance order; critical and high always lead, unknown tiers come last. */
export function tierRank(tier: string, policyTiers: readonly string[]): number {
  if (isTopTier(tier)) return tier.toLowerCase() === 'critical' ? 0 : 1;
  const i = policyTiers.indexOf(tier);
  return 2 + (i < 0 ? policyTiers.length : i);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 45 → "45 s", 90 → "1 min 30 s", 7200 → "2 h", undefined → "no figure". */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'no figure';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return r ? `${m} min ${r} s` : `${m} min`;
  }
  if (s < 172_800) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return `${Math.round((s / 86_400) * 10) / 10} days`;
}

/** "5 min (ecs-reschedule)" or "no figure (none)". */
export function figureText(f: RecoveryFigure): string {
  return `${duration(f.seconds)} (${f.behaviour})`;
}

export function capacityText(c: WorkloadImpact['capacity']): string | undefined {
  if (!c) return undefined;
  const n = (v: number | [number, number]) => (Array.isArray(v) ? (v[0] === v[1] ? String(v[0]) : `${v[0]}–${v[1]}`) : String(v));
  return `${n(c.after)} of ${n(c.before)} ${c.unit} left, ${c.required} required`;
}

export interface FailureView {
  /** AZs grouped by Region (Regions alphabetical, AZs of no known Region last), then Regions. */
  domains: FailureDomain[];
  /** Critical and high first, then by policy tier order; within a tier worst state first, then address. */
  workloads: WorkloadSummary[];
  impact(workload: string, domain: string): WorkloadImpact | undefined;
  domainById: Map<string, FailureDomain>;
  workloadById: Map<string, WorkloadSummary>;
  /** Worst state of a workload over every domain. */
  worstState(workload: string): WorkloadState;
}

export function failureView(fd: FailureDomainsResult, policyTiers: readonly string[]): FailureView {
  const byKey = new Map<string, WorkloadImpact>();
  const worst = new Map<string, WorkloadState>();
  for (const i of fd.impacts) {
    byKey.set(`${i.workload}\u0000${i.domain}`, i);
    const w = worst.get(i.workload);
    if (w === undefined || stateRank(i.state) < stateRank(w)) worst.set(i.workload, i.state);
  }
  const worstState = (id: string): WorkloadState => worst.get(id) ?? 'unknown';
  const regionKey = (d: FailureDomain) => (d.region === undefined ? '\uffff' : d.region);
  const domains = [...fd.domains].sort(
    (a, b) =>
      Number(a.kind === 'region') - Number(b.kind === 'region') ||
      cmp(regionKey(a), regionKey(b)) ||
      Number(a.comparedBy === 'symbolic') - Number(b.comparedBy === 'symbolic') ||
      cmp(a.label, b.label) ||
      cmp(a.id, b.id),
  );
  const workloads = [...fd.workloads].sort(
    (a, b) =>
      tierRank(a.tier, policyTiers) - tierRank(b.tier, policyTiers) ||
      stateRank(worstState(a.id)) - stateRank(worstState(b.id)) ||
      cmp(a.address, b.address) ||
      cmp(a.id, b.id),
  );
  return {
    domains,
    workloads,
    impact: (w, d) => byKey.get(`${w}\u0000${d}`),
    domainById: new Map(fd.domains.map((d) => [d.id, d])),
    workloadById: new Map(fd.workloads.map((w) => [w.id, w])),
    worstState,
  };
}

/** "apne1-az1 (ap-northeast-1a)" for AZs known by ID and name, else the label. */
export function domainTitle(d: FailureDomain): string {
  const names = d.azNames ? [...new Set(Object.values(d.azNames))].filter((n) => n !== d.label) : [];
  return names.length ? `${d.label} (${names.join(', ')})` : d.label;
}

export function domainKindText(d: FailureDomain): string {
  if (d.kind === 'region') return 'Region';
  return d.comparedBy === 'az-id' ? 'AZ (by AZ ID)' : d.comparedBy === 'az-name' ? 'AZ (by name)' : 'AZ (symbolic)';
}

export interface BlastRadius {
  domain: FailureDomain;
  down: WorkloadImpact[];
  degraded: WorkloadImpact[];
  unknown: WorkloadImpact[];
}

/**
 * Per domain, the workloads that go down, degrade or cannot be told, most
 * important first; domains with the most important losses first, AZs before
 * Regions.
 */
export function blastRadius(view: FailureView, fd: FailureDomainsResult, policyTiers: readonly string[]): BlastRadius[] {
  const tierOf = (i: WorkloadImpact) => tierRank(view.workloadById.get(i.workload)?.tier ?? i.target.tier, policyTiers);
  const addressOf = (i: WorkloadImpact) => view.workloadById.get(i.workload)?.address ?? i.workload;
  const order = (a: WorkloadImpact, b: WorkloadImpact) => tierOf(a) - tierOf(b) || cmp(addressOf(a), addressOf(b));
  const out = view.domains.map((domain): BlastRadius => {
    const here = fd.impacts.filter((i) => i.domain === domain.id);
    return {
      domain,
      down: here.filter((i) => i.state === 'down').sort(order),
      degraded: here.filter((i) => i.state === 'degraded').sort(order),
      unknown: here.filter((i) => i.state === 'unknown').sort(order),
    };
  });
  // Worst first: a loss of a more important workload outranks any number of lesser ones.
  const score = (b: BlastRadius): number[] => {
    const v: number[] = [];
    for (const list of [b.down, b.degraded]) {
      const counts = new Array(2 + policyTiers.length + 1).fill(0);
      for (const i of list) counts[tierOf(i)]++;
      v.push(...counts);
    }
    return v;
  };
  const pos = new Map(view.domains.map((d, i) => [d.id, i]));
  return out
    .map((b) => ({ b, s: score(b) }))
    .sort((x, y) => {
      const kind = Number(x.b.domain.kind === 'region') - Number(y.b.domain.kind === 'region');
      if (kind) return kind;
      for (let k = 0; k < x.s.length; k++) if (x.s[k] !== y.s[k]) return y.s[k] - x.s[k];
      return (pos.get(x.b.domain.id) ?? 0) - (pos.get(y.b.domain.id) ?? 0);
    })
    .map((x) => x.b);
}

/** The steps of an impact's path after the workload itself. */
export function pathSteps(i: WorkloadImpact): ImpactStep[] {
  const p = i.path ?? [];
  return p.length && p[0].id === i.workload ? p.slice(1) : p;
}

export interface SinglePointOfFailure {
  /** The dependency the paths end at (what is lost with the domain). */
  step: ImpactStep;
  domains: FailureDomain[];
  /** Workloads it takes down, most important first. */
  workloads: WorkloadSummary[];
  topTier: number;
}

/**
 * Dependencies (not the workloads themselves) whose loss takes workloads
 * down: the last step of every path of a `down` impact, grouped. Most
 * critical/high workloads down first, then most workloads.
 */
export function singlePointsOfFailure(view: FailureView, fd: FailureDomainsResult, policyTiers: readonly string[]): SinglePointOfFailure[] {
  const groups = new Map<string, { step: ImpactStep; domains: Set<string>; workloads: Set<string> }>();
  for (const i of fd.impacts) {
    if (i.state !== 'down') continue;
    const steps = pathSteps(i);
    if (!steps.length) continue;
    const last = steps[steps.length - 1];
    let g = groups.get(last.id);
    if (!g) groups.set(last.id, (g = { step: last, domains: new Set(), workloads: new Set() }));
    g.domains.add(i.domain);
    g.workloads.add(i.workload);
  }
  const known = (id: string): WorkloadSummary => view.workloadById.get(id) ?? { id, address: id, kind: 'unknown', tier: 'unknown' };
  return [...groups.values()]
    .map((g): SinglePointOfFailure => {
      const workloads = [...g.workloads]
        .map(known)
        .sort((a, b) => tierRank(a.tier, policyTiers) - tierRank(b.tier, policyTiers) || cmp(a.address, b.address));
      return {
        step: g.step,
        domains: view.domains.filter((d) => g.domains.has(d.id)),
        workloads,
        topTier: workloads.filter((w) => isTopTier(w.tier)).length,
      };
    })
    .sort((a, b) => b.topTier - a.topTier || b.workloads.length - a.workloads.length || cmp(a.step.address, b.step.address));
}

export interface DomainHeadline {
  domain: FailureDomain;
  /** Critical/high workloads with an impact in this domain. */
  top: number;
  topDown: number;
  topDegraded: number;
  /** Critical/high workloads whose state cannot be told (they may be down). */
  topUnknown: number;
  /** Longest documented RTO among the critical/high workloads down or degraded. */
  worstRto?: RecoveryFigure;
  /** Of those, how many have no documented RTO (so the worst may be longer). */
  rtoUnknown: number;
}

/** For the text summary: per domain, how many critical/high workloads go down and the worst estimated RTO. */
export function domainHeadlines(view: FailureView, fd: FailureDomainsResult): DomainHeadline[] {
  return view.domains.map((domain) => {
    const here = fd.impacts.filter((i) => i.domain === domain.id && isTopTier(view.workloadById.get(i.workload)?.tier ?? i.target.tier));
    const hit = here.filter((i) => i.state === 'down' || i.state === 'degraded');
    let worstRto: RecoveryFigure | undefined;
    let rtoUnknown = 0;
    for (const i of hit) {
      if (i.rto.seconds === undefined) rtoUnknown++;
      else if (!worstRto || (worstRto.seconds ?? 0) < i.rto.seconds) worstRto = i.rto;
    }
    return {
      domain,
      top: here.length,
      topDown: here.filter((i) => i.state === 'down').length,
      topDegraded: here.filter((i) => i.state === 'degraded').length,
      topUnknown: here.filter((i) => i.state === 'unknown').length,
      worstRto,
      rtoUnknown,
    };
  });
}
