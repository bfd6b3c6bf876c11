/**
 * Value helpers shared by the evaluator and the functions: type tests,
 * Terraform's string/number/bool conversions, equality, sets.
 */
import { compareAz } from '../../../analysis/az.js';
import { SymbolicAz, SymbolicAzList } from '../../../graph/az.js';
import { Unknown } from '../../../graph/values.js';
import { dedupeAzs, hasSymbolicAz, plainAz } from './az.js';
import { EncodedJson, ResourceRef, type Value, type ValueObject } from './values.js';

export function isObject(v: Value | undefined): v is ValueObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown);
}

/** The Unknown to return from an operation over `u`: identity (ResourceRef, symbolic AZ) is not carried through computations. */
export function plain(u: Unknown): Unknown {
  if (u instanceof SymbolicAz || u instanceof SymbolicAzList) return plainAz(u);
  return u instanceof ResourceRef || u instanceof EncodedJson ? new Unknown(u.reason) : u;
}

/** Terraform's type names, for messages. */
export function typeName(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
  }
  if (v instanceof Unknown) return 'unknown value';
  return Array.isArray(v) ? 'list' : 'object';
}

/** Own property read: never returns inherited members such as `constructor`. */
export function getOwn(obj: ValueObject, key: string): Value | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function hasOwn(obj: ValueObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Own property write that is safe for keys such as `__proto__`. */
export function setOwn(obj: ValueObject, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Keys in Terraform's iteration order (lexical). */
export function sortedKeys(obj: ValueObject): string[] {
  return Object.keys(obj).sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Decimal rendering like Terraform's (no exponent notation: 1e21 → "1000000000000000000000"). */
export function numToString(n: number): string {
  if (Number.isInteger(n)) {
    if (Math.abs(n) < 1e21) return Object.is(n, -0) ? '0' : String(n);
    return BigInt(n).toString();
  }
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  // Small magnitudes: expand 1.5e-7 → 0.00000015.
  const neg = s.startsWith('-');
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const intLen = (dot < 0 ? mant.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = `0.${'0'.repeat(-intLen)}${digits}`;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return (neg ? '-' : '') + out;
}

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Terraform's string → number conversion; undefined when the string is not a number. */
export function parseNumber(s: string): number | undefined {
  if (!NUMERIC.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Primitive → string as Terraform converts it (templates, string parameters); undefined for other values. */
export function primitiveToString(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numToString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** number, or numeric string → number; undefined otherwise. */
export function toNumberValue(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseNumber(v);
  return undefined;
}

/** bool, or "true"/"false" → bool; undefined otherwise. */
export function toBoolValue(v: Value): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/**
 * Terraform equality: same type and same value, compared deeply ("1" == 1 is
 * false). Unknown when the answer depends on an unknown part; two lists of
 * different lengths are unequal even if they contain unknowns.
 */
export function equals(a: Value, b: Value): boolean | Unknown {
  if (a instanceof SymbolicAz && b instanceof SymbolicAz) {
    // Two elements of AZ lists: the one place that compares AZs decides.
    const c = compareAz(a, b);
    if (c !== 'unknown') return c === 'same';
  }
  if (a instanceof Unknown) return plain(a);
  if (b instanceof Unknown) return plain(b);
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aList = Array.isArray(a);
  if (aList !== Array.isArray(b)) return false;
  let unknown: Unknown | undefined;
  if (aList) {
    const bl = b as Value[];
    if (a.length !== bl.length) return false;
    for (let i = 0; i < a.length; i++) {
      const r = equals(a[i], bl[i]);
      if (r === false) return false;
      if (r !== true) unknown ??= r;
    }
  } else {
    const ao = a as ValueObject;
    const bo = b as ValueObject;
    const ak = Object.keys(ao);
    if (ak.length !== Object.keys(bo).length) return false;
    for (const k of ak) if (!hasOwn(bo, k)) return false;
    for (const k of ak) {
      const r = equals(ao[k], bo[k]);
      if (r === false) return false;
      if (r !== true) unknown ??= r;
    }
  }
  return unknown ?? true;
}

/**
 * Structural identity, used where both branches of an unknown conditional
 * could be the same value: Unknowns match only themselves, or the same
 * resource attribute.
 */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof Unknown || b instanceof Unknown) {
    if (a instanceof SymbolicAz && b instanceof SymbolicAz) return compareAz(a, b) === 'same';
    return a instanceof ResourceRef && b instanceof ResourceRef && a.address === b.address && a.attribute === b.attribute;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) if (!hasOwn(b, k) || !sameValue(a[k], b[k])) return false;
  return true;
}

/** First Unknown anywhere inside a value. */
export function deepUnknown(v: Value): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = deepUnknown(x);
      if (u) return u;
    }
    return undefined;
  }
  for (const k in v) {
    if (!hasOwn(v, k)) continue;
    const u = deepUnknown(v[k]);
    if (u) return u;
  }
  return undefined;
}

/**
 * Terraform converts a tuple/object with mixed primitive element types to a
 * collection of strings (["a", 1] → ["a", "1"]). Other mixes are left as they are.
 */
export function unifyPrimitives(values: Value[]): Value[] {
  let hasString = false;
  let hasOther = false;
  for (const v of values) {
    if (typeof v === 'string') hasString = true;
    else if (typeof v === 'number' || typeof v === 'boolean') hasOther = true;
  }
  if (!hasString || !hasOther) return values;
  return values.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? primitiveToString(v)! : v));
}

/**
 * A set as resilint represents it: a list without duplicates. When every
 * element is a known string (or every one a known number) it is sorted the
 * way Terraform orders such sets (lexically / numerically); otherwise the
 * first-occurrence order is kept. Unknown elements are kept: they might or
 * might not equal another element.
 */
export function toSetList(values: Value[]): Value[] {
  const unified = unifyPrimitives(values);
  if (hasSymbolicAz(unified)) return dedupeAzs(toSetList(unified.filter((v) => !(v instanceof SymbolicAz))).concat(unified.filter((v) => v instanceof SymbolicAz)));
  const out: Value[] = [];
  let prims: Set<string | number | boolean | null> | undefined;
  for (const v of unified) {
    if (v instanceof Unknown) {
      out.push(v);
    } else if (v === null || typeof v !== 'object') {
      prims ??= new Set();
      if (prims.has(v)) continue;
      prims.add(v);
      out.push(v);
    } else {
      let dup = false;
      for (const o of out) if (!(o instanceof Unknown) && sameValue(o, v)) dup = true;
      if (!dup) out.push(v);
    }
  }
  let allStrings = out.length > 0;
  let allNumbers = out.length > 0;
  for (const v of out) {
    if (typeof v !== 'string') allStrings = false;
    if (typeof v !== 'number') allNumbers = false;
  }
  if (allStrings) (out as string[]).sort(compareStrings);
  else if (allNumbers) (out as number[]).sort((a, b) => a - b);
  return out;
}
