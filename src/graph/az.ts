/**
 * Availability zones that configuration names without writing their names.
 *
 * Real code writes `data.aws_availability_zones.available.names[count.index]`,
 * `element(var.azs, count.index)`, `!Select [0, !GetAZs '']` or takes a
 * `List<AWS::EC2::AvailabilityZone::Name>` parameter. A reviewer still knows
 * that element 0 and element 1 of the same list are two different AZs and
 * that the same element is the same AZ. A `SymbolicAz` keeps exactly that:
 * *element i of AZ list L*.
 *
 * Both classes extend `Unknown`, so code that does not know about them treats
 * them as "cannot tell" (never a pass). Code that compares AZs goes through
 * `compareAz` / `countDistinctAzs` in `src/analysis/az.ts`, the one place that
 * decides "same AZ / different AZ / cannot tell".
 */
import { Unknown } from './values.js';

/** Where a list of AZ names comes from. */
export interface AzListOrigin {
  /**
   * Identity of the list: two origins with the same key hold the same AZs in
   * the same order (same data source arguments and provider Region, same
   * variable of the same module instance, same parameter of the same stack).
   */
  readonly key: string;
  /** As a reader knows it: `data.aws_availability_zones.available`, `var.azs`, `Fn::GetAZs ''`, `parameter AZs`. */
  readonly label: string;
  /** Number of elements when known. */
  readonly length?: number;
  /** A lower bound on the number of elements, e.g. because an index below it was taken without error. */
  readonly minLength?: number;
  /**
   * True when the elements are pairwise different AZs: always for a Region's
   * list (names are unique); for a variable or parameter of AZ names by the
   * convention every AZ list follows (documented in the README).
   */
  readonly distinct: boolean;
  /** Region of the list, when known (a Region's list; a provider with a known `region`). */
  readonly region?: string;
}

/** A whole AZ list whose names are not known offline. */
export class SymbolicAzList extends Unknown {
  /**
   * `reason` defaults to "the availability zones of L are not known offline";
   * a source passes its own where the list may hold something else too (a
   * variable without value keeps "variable azs has no value").
   */
  constructor(
    readonly origin: AzListOrigin,
    reason?: string,
  ) {
    super(reason ?? `the availability zones of ${origin.label} are not known offline`);
  }

  /**
   * Element `index` of the list. `wrap` is for Terraform's `element()`, whose
   * index is taken modulo the length: resolved at once when the length is
   * known or the index is below the known minimum length, otherwise kept.
   */
  at(index: number, wrap = false): SymbolicAz {
    return azAt(this.origin, index, wrap);
  }
}

/** Element `index` of an AZ list whose names are not known offline. */
export class SymbolicAz extends Unknown {
  constructor(
    readonly origin: AzListOrigin,
    /** 0-based. With `wrapped`, the index before it is taken modulo the (unknown) length. */
    readonly index: number,
    /** The index still has to be taken modulo the list's length, which is not known. */
    readonly wrapped = false,
  ) {
    super(wrapped ? `AZ #(${index} mod length + 1) of ${origin.label}` : `AZ #${index + 1} of ${origin.label}`);
  }

  /** Readable form for reports: `AZ #1 of data.aws_availability_zones.available`. */
  get label(): string {
    return this.reason;
  }

  override toJSON(): { unknown: true; reason: string } & { az: { list: string; index: number; wrapped?: true } } {
    return { unknown: true, reason: this.reason, az: { list: this.origin.label, index: this.index, ...(this.wrapped ? { wrapped: true as const } : {}) } };
  }
}

/** Element `index` of `origin`, applying `element()`'s modulo where the length allows. */
export function azAt(origin: AzListOrigin, index: number, wrap = false): SymbolicAz {
  if (wrap) {
    if (origin.length !== undefined && origin.length > 0) return new SymbolicAz(origin, index % origin.length);
    if (origin.minLength !== undefined && index < origin.minLength) return new SymbolicAz(origin, index);
    return new SymbolicAz(origin, index, true);
  }
  return new SymbolicAz(origin, index);
}

export function isSymbolicAz(v: unknown): v is SymbolicAz {
  return v instanceof SymbolicAz;
}

export function isSymbolicAzList(v: unknown): v is SymbolicAzList {
  return v instanceof SymbolicAzList;
}

/** An AZ as a property holds it: a name, a symbolic AZ, or another Unknown. */
export type AzValue = string | SymbolicAz | Unknown;
