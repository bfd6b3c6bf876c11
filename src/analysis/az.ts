/**
 * The one place that decides whether two AZs are the same, different, or
 * cannot be told apart. Every rule and analysis that compares AZs calls
 * these functions; none compares AZ values itself.
 *
 * Inputs are what normalized properties hold: an AZ name (`us-east-1a`), an
 * AZ ID (`use1-az1`, only where both sides are IDs), a `SymbolicAz` (element
 * i of an AZ list whose names are not known offline), or any other Unknown —
 * or, for resources that may come from live accounts, what `azIdentityOf`
 * returns: a `ScopedAz`.
 *
 * Why scoped: AWS maps AZ names to physical AZs per account
 * (`ap-northeast-1a` is `apne1-az4` in one account and `apne1-az1` in
 * another); AZ IDs are the same in every account. Live AZs are therefore
 * compared by ID, and by name only within one account; a name of one account
 * against a name of another cannot be decided.
 */
import { SymbolicAz } from '../graph/az.js';
import type { AnyResource } from '../graph/types.js';
import { Unknown } from '../graph/values.js';

export type AzComparison = 'same' | 'different' | 'unknown';

/** What decided a comparison (the failure-domain types' `comparedBy`); undefined when nothing could. */
export type AzComparedBy = 'az-id' | 'az-name' | 'symbolic' | 'region';

/**
 * An AZ of a resource read from a live account (or an IaC AZ written only as
 * an ID): its AZ ID where known, its name as `accountId` names it, its Region.
 */
export class ScopedAz {
  constructor(
    /** Account whose naming `name` is in; undefined for IaC (the deploying account is not known). */
    readonly accountId: string | undefined,
    readonly name: string | undefined,
    /** AZ ID (`apne1-az4`): the same physical AZ in every account. */
    readonly id: string | undefined,
    readonly region?: string,
  ) {}

  /** `ap-northeast-1a (apne1-az4)`, `apne1-az4`, or `ap-northeast-1a (account 111111111111)` when the ID is not known. */
  get label(): string {
    if (this.name && this.id) return `${this.name} (${this.id})`;
    if (this.id) return this.id;
    return this.accountId ? `${this.name} (account ${this.accountId})` : String(this.name);
  }

  toJSON(): { name?: string; id?: string; accountId?: string } {
    return { ...(this.name ? { name: this.name } : {}), ...(this.id ? { id: this.id } : {}), ...(this.accountId ? { accountId: this.accountId } : {}) };
  }
}

/** Compare two AZ values. `undefined` (not set) compares as unknown. */
export function compareAz(a: unknown, b: unknown): AzComparison {
  return compareAzDetailed(a, b).result;
}

/** `compareAz` with what decided it: IDs, names (IaC, or one account), elements of one AZ list, or different Regions. */
export function compareAzDetailed(a: unknown, b: unknown): { result: AzComparison; comparedBy?: AzComparedBy } {
  if (typeof a === 'string' && typeof b === 'string') return { result: a === b ? 'same' : 'different', comparedBy: 'az-name' };
  if (a instanceof SymbolicAz && b instanceof SymbolicAz) {
    const result = compareSymbolic(a, b);
    return result === 'unknown' ? { result } : { result, comparedBy: 'symbolic' };
  }
  if (a instanceof ScopedAz && b instanceof ScopedAz) return compareScoped(a, b);
  // A live AZ against an IaC name (its account unknown) or a symbolic AZ: nothing says which physical AZ either is.
  return { result: 'unknown' };
}

function compareScoped(a: ScopedAz, b: ScopedAz): { result: AzComparison; comparedBy?: AzComparedBy } {
  if (a.region && b.region && a.region !== b.region) return { result: 'different', comparedBy: 'region' };
  if (a.id && b.id) return { result: a.id === b.id ? 'same' : 'different', comparedBy: 'az-id' };
  // Within one account (and Region: names carry it) names and IDs map one to one.
  if (a.accountId !== undefined && a.accountId === b.accountId && a.name && b.name) return { result: a.name === b.name ? 'same' : 'different', comparedBy: 'az-name' };
  return { result: 'unknown' };
}

/**
 * The AZ of `resource` as something `compareAz` / `countDistinctAzs` can
 * compare across accounts. `prop` holds the name; `<prop>Id` the AZ ID
 * (`availabilityZone` / `availabilityZoneId`).
 *
 * - Live resources (an account in their provenance): a `ScopedAz` with the ID
 *   when known, else the name scoped by the account — two names of different
 *   accounts then compare as unknown, never as same or different.
 * - IaC resources: the name (or `SymbolicAz`) unchanged, compared by name as
 *   before; an AZ written only as an ID becomes an unscoped `ScopedAz`.
 * - Nothing usable: the property's value unchanged (an Unknown with its
 *   reason, or undefined), so callers report why.
 */
export function azIdentityOf(resource: AnyResource, prop = 'availabilityZone'): unknown {
  const props = resource.props as Record<string, unknown>;
  return scope(resource, props[prop], props[`${prop}Id`]);
}

/**
 * The AZs of a list property (`availabilityZones`, IDs in `availabilityZoneIds`
 * at the same positions), each as `azIdentityOf` would return it. Not a list:
 * the value unchanged.
 */
export function azIdentitiesOf(resource: AnyResource, prop = 'availabilityZones'): unknown {
  const props = resource.props as Record<string, unknown>;
  const names = props[prop];
  if (!Array.isArray(names)) return names;
  const ids = props[`${prop.replace(/s$/, '')}Ids`];
  return names.map((n, i) => scope(resource, n, Array.isArray(ids) ? ids[i] : undefined));
}

function scope(resource: AnyResource, name: unknown, id: unknown): unknown {
  const p = resource.provenance;
  const azId = typeof id === 'string' && id !== '' ? id : undefined;
  const azName = typeof name === 'string' && name !== '' ? name : undefined;
  const live = p.source === 'aws' && typeof p.accountId === 'string';
  if (!live) {
    if (azName || name instanceof SymbolicAz || !azId) return name;
    return new ScopedAz(undefined, undefined, azId);
  }
  if (!azName && !azId) return name;
  return new ScopedAz(p.accountId, azName, azId, p.region);
}

/** How an AZ identity is matched with others: by ID, by name (IaC, or within one account), as an element of an AZ list; undefined for non-AZs. */
export function azComparedBy(v: unknown): Exclude<AzComparedBy, 'region'> | undefined {
  if (typeof v === 'string') return 'az-name';
  if (v instanceof ScopedAz) return v.id ? 'az-id' : v.name ? 'az-name' : undefined;
  if (v instanceof SymbolicAz) return 'symbolic';
  return undefined;
}

/**
 * A stable key of an AZ identity for grouping (failure domains): `az-id:<id>`,
 * `az-name:<account>:<name>` (live, ID unknown), `az-name:<name>` (IaC),
 * `symbolic:<list key>#<index>`; undefined for values that are not AZs.
 */
export function azKey(v: unknown): string | undefined {
  if (typeof v === 'string') return `az-name:${v}`;
  if (v instanceof ScopedAz) return v.id ? `az-id:${v.id}` : v.name ? `az-name:${v.accountId ?? ''}:${v.name}` : undefined;
  if (v instanceof SymbolicAz) return `symbolic:${v.origin.key}#${v.wrapped ? '~' : ''}${v.index}`;
  return undefined;
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
  if (v instanceof ScopedAz) return v.label;
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

/** True when `v` can be used as an AZ identity (a name/ID, a scoped live AZ or a symbolic AZ); false for other Unknowns and unset. */
export function isAzIdentity(v: unknown): v is string | SymbolicAz | ScopedAz {
  return typeof v === 'string' || v instanceof SymbolicAz || v instanceof ScopedAz;
}
