/**
 * A resource whose tier cannot be decided (account tags not read, a tier tag
 * without a value) is judged at every tier it could have, never at a guess:
 * it fails when it fails even at the least strict of them, passes only when
 * it passes at the strictest, and is otherwise unknown with the reason. A
 * tier that cannot be decided therefore never lowers the bar.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { CoverageGap } from '../graph/types.js';
import { SEVERITIES, type TierAssignment } from '../policy/types.js';
import type { Finding, Status } from './result.js';

/** The findings one run of a rule produced with the resource held to `tier`. */
export interface TierRun {
  tier: string;
  findings: Finding[];
}

/** Message id of the combined result that differs between tiers (not one of the rule's own ids). */
export const TIER_UNDECIDED_MESSAGE = 'tier-undecided';

const worse = (a: Finding, b: Finding) => (SEVERITIES.indexOf(a.severity) <= SEVERITIES.indexOf(b.severity) ? a : b);

/**
 * One finding per (rule, subject) from runs ordered least strict first.
 * `undecided` is why the tier cannot be decided. A subject some runs did not
 * report (the rule does not apply at that tier) counts as not failing there.
 */
export function combineTierRuns(runs: readonly TierRun[], undecided: string): Finding[] {
  const bySubject = new Map<string, (Finding | undefined)[]>();
  runs.forEach((run, i) => {
    for (const f of run.findings) {
      const key = `${f.ruleId}\u0000${f.resource.id}`;
      let row = bySubject.get(key);
      if (!row) bySubject.set(key, (row = new Array<Finding | undefined>(runs.length).fill(undefined)));
      // A rule may reach the same subject twice in one run: keep the worst, as the engine does.
      const prev = row[i];
      row[i] = !prev || rank(f.status) > rank(prev.status) ? f : prev;
    }
  });
  const out: Finding[] = [];
  const tiers = runs.map((r) => r.tier);
  for (const row of bySubject.values()) {
    const present = row.filter((f): f is Finding => f !== undefined);
    const note = (f: Finding, text: string): Finding => ({ ...f, resource: { ...f.resource, tier: tiers[0], tierDetail: `${f.resource.tierDetail}; ${text}` } });
    if (row[0]?.status === 'fail') {
      // Fails at every tier it could have; the severity is that of the strictest, so the bar is never lowered.
      const severity = present.filter((f) => f.status === 'fail').reduce(worse).severity;
      out.push(note({ ...row[0], severity }, `tier undecided (${undecided}): fails at ${tiers[0]}, the least strict it could have`));
      continue;
    }
    if (present.every((f) => f.status === 'pass')) {
      const strictest = present[present.length - 1];
      out.push(note(strictest, `tier undecided (${undecided}): passes at ${tiers[row.lastIndexOf(strictest)]}, the strictest it could have`));
      continue;
    }
    const verdicts = row.map((f, i) => `${verdict(f?.status)} at ${tiers[i]}`).join(', ');
    const i = lastIndex(row, (f) => f !== undefined && f.status !== 'pass');
    const decisive = row[i]!;
    const severity = present.reduce(worse).severity;
    out.push(
      note(
        {
          ...decisive,
          status: 'unknown',
          severity,
          messageId: TIER_UNDECIDED_MESSAGE,
          message: `The tier of ${decisive.resource.name} cannot be decided (${undecided}) and the verdict depends on it: ${verdicts}. At ${tiers[i]}: ${decisive.message}`,
        },
        `tier undecided between ${tiers.join(', ')} (${undecided})`,
      ),
    );
  }
  return out;
}

function rank(s: Status): number {
  return s === 'fail' ? 2 : s === 'unknown' ? 1 : 0;
}

function verdict(s: Status | undefined): string {
  return s === 'pass' ? 'passes' : s === 'fail' ? 'fails' : s === 'unknown' ? 'cannot be determined' : 'does not apply';
}

function lastIndex<T>(xs: readonly T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i])) return i;
  return -1;
}

/**
 * One coverage entry per account whose tier could not be decided (its tags
 * were not read), unless a gap already says its tags could not be read.
 */
export function undecidedAccountGaps(graph: ResourceGraph, tiers: ReadonlyMap<string, TierAssignment>, coverage: readonly CoverageGap[]): CoverageGap[] {
  const known = new Set(coverage.filter((g) => g.service === 'organizations:ListTagsForResource').map((g) => g.accountId));
  const byAccount = new Map<string, { name?: string; count: number; possible: string[] }>();
  for (const r of graph.resources()) {
    const t = tiers.get(r.id);
    const id = r.provenance.accountId;
    if (!t?.undecided || t.undecidedScope !== 'account' || !id || known.has(id) || r.kind === 'account') continue;
    const e = byAccount.get(id) ?? { name: r.provenance.accountName, count: 0, possible: t.possible ?? [] };
    e.count++;
    byAccount.set(id, e);
  }
  return [...byAccount].map(([accountId, e]) => ({
    accountId,
    ...(e.name ? { accountName: e.name } : {}),
    service: 'organizations:ListTagsForResource',
    errorCode: 'TierUndecided',
    message: `account tags were not read: the tier of its ${e.count} resource(s) cannot be decided between ${e.possible.join(', ')}; each is judged at every one of them`,
  }));
}
