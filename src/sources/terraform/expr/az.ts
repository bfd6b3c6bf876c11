/**
 * Symbolic AZ lists in the expression language: what indexing, element(),
 * slice(), length(), toset() and friends give for an AZ list whose names
 * are not known offline (`data.aws_availability_zones.x.names` without a
 * known Region, a variable without value). The values themselves are the
 * graph's `SymbolicAzList` / `SymbolicAz` (src/graph/az.ts); comparing them
 * is left to `compareAz` (src/analysis/az.ts).
 */
import { compareAz } from '../../../analysis/az.js';
import { REGION_AZS } from '../../../analysis/az-regions.js';
import { SymbolicAz, SymbolicAzList, type AzListOrigin } from '../../../graph/az.js';
import { Unknown } from '../../../graph/values.js';
import { isUnordered, markUnordered, type Value } from './values.js';

/** An AZ list origin as the Terraform source makes them. */
export interface TfAzListOrigin extends AzListOrigin {
  /**
   * The list's names are in Terraform's set order (sorted), so a set of its
   * elements keeps their order: true for a data source's `names` (AWS
   * returns them sorted), false for a variable.
   */
  readonly sorted?: boolean;
  /**
   * What an element reads like where it is not used as an AZ (a variable
   * without value may hold subnet ids just as well): "variable azs has no value".
   */
  readonly otherwise?: string;
  /** The list holds AZ IDs (`use1-az1`), not names: `zone_ids`. */
  readonly ids?: boolean;
}

/** Key prefixes of the origins this source makes. */
export const DATA_AZ_KEY = 'tf-data:';
export const VAR_AZ_KEY = 'var:';

function tfOrigin(o: AzListOrigin): TfAzListOrigin {
  return o;
}

/** The plain Unknown a computation over a symbolic AZ (or list) gives: the identity stays behind. */
export function plainAz(u: SymbolicAz | SymbolicAzList): Unknown {
  return new Unknown(tfOrigin(u.origin).otherwise ?? u.reason);
}

/** The elements of a symbolic list whose length is known, else undefined. */
export function materialize(list: SymbolicAzList): SymbolicAz[] | undefined {
  const n = list.origin.length;
  if (n === undefined) return undefined;
  return Array.from({ length: n }, (_, i) => list.at(i));
}

/** Element `index` of a symbolic list; an error message when the known length rules it out. */
export function symbolicIndex(list: SymbolicAzList, index: number, wrap: boolean): SymbolicAz | string {
  const n = list.origin.length;
  if (index < 0) return wrap ? 'cannot use element() with a negative index' : `index ${index} is out of range for ${list.origin.label}`;
  if (n !== undefined && n === 0) return `${list.origin.label} is empty`;
  if (!wrap && n !== undefined && index >= n) return `index ${index} is out of range for ${list.origin.label}, which has ${n} elements`;
  // 0 mod n is 0 for every length element() accepts.
  return list.at(index, wrap && index !== 0);
}

/** slice(L, start, end) of a symbolic list: a tuple of its elements (its length is then known). */
export function symbolicSlice(list: SymbolicAzList, start: number, end: number): SymbolicAz[] | string {
  const n = list.origin.length;
  if (start < 0 || start > end || (n !== undefined && end > n)) return `cannot slice [${start}:${end}] of ${list.origin.label}${n === undefined ? '' : `, which has ${n} elements`}`;
  return Array.from({ length: end - start }, (_, k) => list.at(start + k));
}

/**
 * toset() of a whole symbolic list. A distinct, sorted list (a data
 * source's names) is its own set. A variable's set has the same elements in
 * an order nobody knows, and its length is unknown anyway: Unknown.
 */
export function symbolicToSet(list: SymbolicAzList): Value {
  const o = tfOrigin(list.origin);
  if (o.distinct && o.sorted) return list;
  const items = materialize(list);
  if (items && o.distinct) return markUnordered(items);
  return plainAz(list);
}

/**
 * Set semantics for symbolic AZs among other values: an element that is the
 * same AZ as an earlier one is dropped. The order of the result is known
 * only when every symbolic element comes from a sorted list and the
 * elements are in that list's order; otherwise it is marked unordered.
 */
export function dedupeAzs(values: Value[]): Value[] {
  const out: Value[] = [];
  let ordered = true;
  let last: SymbolicAz | undefined;
  // Known strings sort among names nobody knows: their relative order is unknown too.
  if (values.some((v) => typeof v === 'string') && hasSymbolicAz(values)) ordered = false;
  for (const v of values) {
    if (v instanceof SymbolicAz) {
      if (out.some((o) => o instanceof SymbolicAz && compareAz(o, v) === 'same')) continue;
      if (!tfOrigin(v.origin).sorted || v.wrapped || (last && (last.origin.key !== v.origin.key || last.index > v.index))) ordered = false;
      last = v;
    }
    out.push(v);
  }
  return ordered ? out : markUnordered(out);
}

export function hasSymbolicAz(values: readonly Value[]): boolean {
  return values.some((v) => v instanceof SymbolicAz);
}

/** Why a position in this list cannot be read, when its order is unknown. */
export function unorderedReason(list: Value[]): Unknown | undefined {
  if (!isUnordered(list) || list.length < 2) return undefined;
  return new Unknown('the order of a set of availability zones whose names are not known is not known');
}

let allNames: readonly string[] | undefined;
let allIds: readonly string[] | undefined | null;

/** Region words and their letters in AZ IDs: eu-west-1 → euw1, ap-northeast-1 → apne1, us-gov-west-1 → usgw1. */
const ID_WORDS: Readonly<Record<string, string>> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  gov: 'g',
};

/**
 * The AZ IDs a Region's zones can have, in AWS's documented form (the
 * Region's letters and number, `-az`, a number: `euw1-az1`); az1 to az9, a
 * superset of every Region's. Undefined when the Region's letters cannot be
 * derived (then nothing is decided over its IDs).
 */
export function regionAzIdCandidates(region: string): string[] | undefined {
  const parts = region.split('-');
  const num = parts.pop();
  if (parts.length < 2 || !/^[a-z]{2}$/.test(parts[0]) || num === undefined || !/^[0-9]+$/.test(num)) return undefined;
  const letters = parts.slice(1).map((w) => ID_WORDS[w]);
  if (letters.some((l) => l === undefined)) return undefined;
  const code = `${parts[0]}${letters.join('')}${num}`;
  return Array.from({ length: 9 }, (_, i) => `${code}-az${i + 1}`);
}

/**
 * Every value an element of `origin` can have, as far as the built-in table
 * knows: its Region's names (or AZ IDs, for `zone_ids`), else every
 * Region's. A condition over a symbolic AZ that comes out the same for
 * every one of them is decided (the evaluator's conditional uses this for
 * `length(regexall("^[a-z]{2}-", az)) > 0`, how terraform-aws-modules tells
 * a name from an ID). Undefined when they cannot be listed.
 */
export function nameCandidates(origin: AzListOrigin): readonly string[] | undefined {
  if (tfOrigin(origin).ids) {
    if (origin.region !== undefined) return regionAzIdCandidates(origin.region);
    if (allIds === undefined) {
      const perRegion = Object.keys(REGION_AZS).map(regionAzIdCandidates);
      allIds = perRegion.every((ids) => ids !== undefined) ? perRegion.flat() as string[] : null;
    }
    return allIds ?? undefined;
  }
  const own = origin.region !== undefined ? REGION_AZS[origin.region] : undefined;
  if (own) return own;
  allNames ??= Object.values(REGION_AZS).flat();
  return allNames;
}

/**
 * Why a set (or distinct()) of these values has a size nobody knows: two
 * of them may or may not be the same AZ (i mod n and j mod n, elements of
 * different lists, a name and a symbolic AZ). Undefined when every pair
 * involving a symbolic AZ is decided.
 */
export function undecidedAzPair(values: readonly Value[]): Unknown | undefined {
  const azs = values.filter((v): v is SymbolicAz | string => v instanceof SymbolicAz || typeof v === 'string');
  for (let i = 0; i < azs.length; i++) {
    for (let j = i + 1; j < azs.length; j++) {
      const a = azs[i];
      const b = azs[j];
      if (!(a instanceof SymbolicAz) && !(b instanceof SymbolicAz)) continue;
      if (compareAz(a, b) === 'unknown') {
        const label = (x: SymbolicAz | string) => (typeof x === 'string' ? x : x.label);
        return new Unknown(`cannot tell whether ${label(a)} and ${label(b)} are the same AZ, so how many distinct elements there are is not known`);
      }
    }
  }
  return undefined;
}

/**
 * Why an object keyed (partly) by symbolic AZs has keys nobody can list:
 * another key next to them (it may be one of their names), or two of them
 * that may be the same AZ. Undefined when every key is an AZ and every pair
 * is a different AZ for sure.
 */
export function azKeysConflict(keys: readonly string[], azKeys: ReadonlyMap<string, Value>): Unknown | undefined {
  const other = keys.find((k) => !azKeys.has(k));
  if (other !== undefined) return new Unknown(`the keys mix ${JSON.stringify(other)} with availability zones whose names are not known`);
  const azs = [...azKeys.values()];
  for (let i = 0; i < azs.length; i++) {
    for (let j = i + 1; j < azs.length; j++) {
      if (compareAz(azs[i], azs[j]) !== 'different') {
        const label = (v: Value) => (v instanceof SymbolicAz ? v.label : String(v));
        return new Unknown(`the keys ${label(azs[i])} and ${label(azs[j])} may be the same availability zone`);
      }
    }
  }
  return undefined;
}
