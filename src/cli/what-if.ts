/**
 * `resilint what-if --az <name|id> | --region <r>`: the failure simulation
 * of one domain, per workload: what breaks, for how long, and through which
 * dependencies.
 */
import type { FailureDomain, FailureDomainsResult, ImpactStep, RecoveryFigure, WorkloadImpact } from '../analysis/failure-types.js';

export interface WhatIfReport {
  domain: FailureDomain;
  /** Set when the domain was taken for the one asked (resources without a known Region). */
  note?: string;
  impacts: (WorkloadImpact & { address: string; kind: string })[];
  notes: string[];
}

/** The domain the user names: an AZ by name, ID or symbolic label; a Region by name. Undefined when none matches. */
export function findDomain(r: FailureDomainsResult, want: { az?: string; region?: string }): { domain: FailureDomain; note?: string } | undefined {
  if (want.az) {
    const az = want.az;
    const d = r.domains.find((x) => x.kind === 'az' && (x.label === az || x.azId === az || Object.values(x.azNames ?? {}).includes(az) || x.id.endsWith(`:${az}`) || x.id.endsWith(`/${az}`)));
    return d ? { domain: d } : undefined;
  }
  const region = want.region!;
  const d = r.domains.find((x) => x.kind === 'region' && x.region === region);
  if (d) return { domain: d };
  const unknown = r.domains.find((x) => x.id === 'region:?');
  return unknown ? { domain: unknown, note: `no resource records its Region; those without one are taken to run in ${region}` } : undefined;
}

export function whatIf(r: FailureDomainsResult, domain: FailureDomain, note?: string): WhatIfReport {
  const byId = new Map(r.workloads.map((w) => [w.id, w]));
  const rank: Record<string, number> = { down: 0, unknown: 1, degraded: 2, unaffected: 3 };
  const impacts = r.impacts
    .filter((i) => i.domain === domain.id)
    .map((i) => ({ ...i, address: byId.get(i.workload)?.address ?? i.workload, kind: byId.get(i.workload)?.kind ?? '?' }))
    .sort((a, b) => rank[a.state] - rank[b.state] || a.address.localeCompare(b.address));
  return { domain, ...(note ? { note } : {}), impacts, notes: r.notes };
}

function duration(s: number | undefined): string {
  if (s === undefined) return 'none';
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
}

function fig(f: RecoveryFigure): string {
  return `${duration(f.seconds)} (${f.behaviour})`;
}

function where(s: ImpactStep): string {
  return s.location ? ` (${s.location.file}:${s.location.line})` : s.arn ? ` (${s.arn})` : '';
}

export function renderWhatIf(w: WhatIfReport, format: 'text' | 'json'): string {
  if (format === 'json') return JSON.stringify(w, null, 2) + '\n';
  const lines = [`What if ${w.domain.label} fails (${w.domain.kind === 'az' ? `AZ, matched by ${w.domain.comparedBy}` : 'Region'})`];
  if (w.note) lines.push(`  note: ${w.note}`);
  const counts = ['down', 'unknown', 'degraded', 'unaffected'].map((s) => `${w.impacts.filter((i) => i.state === s).length} ${s}`);
  lines.push(`  ${w.impacts.length} workload(s): ${counts.join(', ')}`, '');
  for (const i of w.impacts) {
    lines.push(`${i.state.toUpperCase().padEnd(10)} ${i.address}  [${i.kind}, tier ${i.target.tier}]`);
    lines.push(`           RTO ${fig(i.rto)} vs ${duration(i.target.rtoSeconds)}: ${i.rtoVerdict}; RPO ${fig(i.rpo)} vs ${duration(i.target.rpoSeconds)}: ${i.rpoVerdict}`);
    if (i.capacity) {
      const n = (v: number | [number, number]) => (Array.isArray(v) ? `${v[0]}–${v[1]}` : `${v}`);
      lines.push(`           ${i.capacity.unit}: ${n(i.capacity.before)} → ${n(i.capacity.after)} (tier needs ${i.capacity.required})`);
    }
    if (i.drApproach) lines.push(`           DR approach: ${i.drApproach}`);
    for (const r of i.reasons) lines.push(`           - ${r}`);
    if (i.path && i.path.length > 1) lines.push(`           path: ${i.path.map((s, k) => `${k > 0 && s.relation ? `-${s.relation}-> ` : ''}${s.address}${where(s)}`).join(' ')}`);
  }
  if (w.notes.length) lines.push('', ...w.notes.map((n) => `note: ${n}`));
  return lines.join('\n') + '\n';
}
