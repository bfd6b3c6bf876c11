/**
 * Reading a workload's impacts the way the failure-domain rules report them:
 * the worst one, and recovery figures as text. Shared by the rules so that
 * no rule imports another.
 */
import type { RecoveryFigure, TargetVerdict, WorkloadImpact } from './failure-types.js';

/** A recovery time in words: `45 s`, `15 min`, `4 h`; `none (no documented figure)` when there is none. */
export function seconds(v: number | undefined): string {
  if (v === undefined) return 'none (no documented figure)';
  if (v === 0) return '0 s';
  if (v < 120) return `${v} s`;
  if (v < 7200) return `${Math.round(v / 60)} min`;
  return `${Math.round(v / 360) / 10} h`;
}

/** A figure with the behaviour it comes from: `60 s (aurora-replica-failover)`. */
export function figure(f: RecoveryFigure): string {
  return f.seconds === undefined ? `none (${f.behaviour})` : `${seconds(f.seconds)} (${f.behaviour})`;
}

const RANK: Record<TargetVerdict, number> = { breached: 2, unknown: 1, met: 0 };
const STATE: Record<string, number> = { down: 3, unknown: 2, degraded: 1, unaffected: 0 };

/** Worst impact: breached before unknown before met, then down before degraded. */
export function worstOf(impacts: readonly WorkloadImpact[]): WorkloadImpact {
  return impacts.reduce((a, b) => {
    const va = Math.max(RANK[a.rtoVerdict], RANK[a.rpoVerdict]);
    const vb = Math.max(RANK[b.rtoVerdict], RANK[b.rpoVerdict]);
    if (vb !== va) return vb > va ? b : a;
    return STATE[b.state] > STATE[a.state] ? b : a;
  });
}
