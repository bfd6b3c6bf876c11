/**
 * The one place that decides whether two AZs are the same, different, or
 * cannot be told apart. Every rule and analysis that compares AZs calls
 * these functions; none compares AZ values itself.
 *
 * Inputs are what normalized properties hold: an AZ name (`us-east-1a`), an
 * AZ ID (`use1-az1`, only where both sides are IDs), a `SymbolicAz` (element
 * i of an AZ list whose names are not known offline), or any other Unknown.
 */
import { SymbolicAz } from '../graph/az.js';
import { Unknown } from '../graph/values.js';

export type AzComparison = 'same' | 'different' | 'unknown';

/** Compare two AZ values. `undefined` (not set) compares as unknown. */
export function compareAz(a: unknown, b: unknown): AzComparison {
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 'same' : 'different';
  if (a instanceof SymbolicAz && b instanceof SymbolicAz) return compareSymbolic(a, b);
  return 'unknown';
}

function compareSymbolic(a: SymbolicAz, b: SymbolicAz): AzComparison {
  if (a.origin.key !== b.origin.key) return 'unknown';
  // The same index is the same element, also modulo any length.
  if (a.index === b.index && a.wrapped === b.wrapped) return 'same';
  if (a.wrapped || b.wrapped) {
    // i mod n vs j (mod n) with n unknown: equal for some lengths, not for others.
    return 'unknown';
  }
  return a.origin.distinct ? 'different' : 'unknown';
}

/** Readable form of an AZ value for messages and evidence. */
export function azLabel(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof SymbolicAz) return v.label;
  if (v instanceof Unknown) return `unknown AZ (${v.reason})`;
  return 'AZ not set';
}

/** How many distinct AZs a set of AZ values covers, as far as it can be told. */
export interface DistinctAzs {
  /** At least this many distinct AZs (a set of values that are pairwise different for sure). */
  min: number;
  /** At most this many (values merged only where they are the same for sure). */
  max: number;
  /** One representative per group of values that are the same for sure, in input order. */
  groups: unknown[];
  /** Labels of the groups, sorted: what a report prints. */
  labels: string[];
  /** Why `min` and `max` differ (empty when the count is exact). */
  reasons: string[];
}

/**
 * Count the distinct AZs among `values`. Values that are the same for sure
 * form one group; `max` is the number of groups. `min` is the size of a set
 * of groups that are pairwise different for sure, chosen greedily (a valid
 * lower bound; exact whenever every pair can be decided). A value that is
 * not an AZ at all (plain Unknown, not set) is its own group and can only
 * raise `max`.
 */
export function countDistinctAzs(values: readonly unknown[]): DistinctAzs {
  const groups: unknown[] = [];
  for (const v of values) {
    if (!groups.some((g) => compareAz(g, v) === 'same')) groups.push(v);
  }
  // Greedy independent set over the "different for sure" relation; try each start
  // point so that a single undecidable value does not hide an obvious pair.
  let best: unknown[] = [];
  for (let start = 0; start < groups.length && best.length < groups.length; start++) {
    const chosen: unknown[] = [groups[start]];
    for (let i = 0; i < groups.length; i++) {
      if (i === start) continue;
      if (chosen.every((c) => compareAz(c, groups[i]) === 'different')) chosen.push(groups[i]);
    }
    if (chosen.length > best.length) best = chosen;
  }
  const reasons: string[] = [];
  if (best.length !== groups.length) {
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        if (compareAz(groups[i], groups[j]) === 'unknown') reasons.push(`cannot tell whether ${azLabel(groups[i])} and ${azLabel(groups[j])} are the same AZ`);
      }
    }
  }
  return { min: best.length, max: groups.length, groups, labels: groups.map(azLabel).sort(), reasons: [...new Set(reasons)] };
}

/** True when `v` can be used as an AZ identity (a name/ID or a symbolic AZ); false for other Unknowns and unset. */
export function isAzIdentity(v: unknown): v is string | SymbolicAz {
  return typeof v === 'string' || v instanceof SymbolicAz;
}
