/**
 * Evaluated source values → normalized props, shared by the Terraform (HCL
 * and plan) and CloudFormation normalizers.
 *
 * A prop is a value of the expected type, an `Unknown` (with the reason), or
 * `undefined` when the attribute is absent or null (the API default applies).
 * The sources differ only where their languages do; those differences are
 * the `CoerceRules` below, one preset per source.
 */
import { SymbolicAz } from '../../graph/az.js';
import { Unknown, type Maybe } from '../../graph/values.js';

/** What both sources evaluate to: JSON-like data plus Unknown (and its reference subclasses). */
export type SourceValue = string | number | boolean | null | Unknown | SourceValue[] | SourceObject;
export interface SourceObject {
  [key: string]: SourceValue;
}

export function isObject(v: unknown): v is SourceObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

export interface CoerceRules {
  /** How messages call a key/value value: HCL has objects, YAML / JSON templates have mappings. */
  mapping: string;
  /** How messages call a boolean: Terraform's type is `bool`. */
  bool: string;
  /**
   * Strings that are booleans: Terraform converts exactly "true" / "false";
   * CloudFormation accepts them in any case ("True", "FALSE").
   */
  boolAnyCase: boolean;
  /**
   * `{{resolve:ssm:…}}` / `{{resolve:secretsmanager:…}}` in a string is a
   * CloudFormation dynamic reference, read at deploy time: the prop is
   * Unknown. In Terraform the same text is just a string.
   */
  dynamicReferences: boolean;
  /**
   * A single object where a list of objects is expected: a Terraform nested
   * block written once (or a plan's object) is a list of one; a
   * CloudFormation list property that is not a list is reported.
   */
  singleObjectAsList: boolean;
}

export const TERRAFORM_RULES: CoerceRules = { mapping: 'an object', bool: 'a bool', boolAnyCase: false, dynamicReferences: false, singleObjectAsList: true };
export const CLOUDFORMATION_RULES: CoerceRules = { mapping: 'a mapping', bool: 'a boolean', boolAnyCase: true, dynamicReferences: true, singleObjectAsList: false };

export interface Coercions {
  toStr(v: SourceValue | undefined): Maybe<string>;
  toNum(v: SourceValue | undefined): Maybe<number>;
  toBool(v: SourceValue | undefined): Maybe<boolean>;
  /** A list of strings; the first item that is not a string makes the whole list Unknown. */
  toStrList(v: SourceValue | undefined): Maybe<string[]>;
  /**
   * A list of AZs: names, and symbolic AZs kept as they are (element i of a
   * list whose names are not known offline); any other Unknown item makes the
   * whole list Unknown.
   */
  toAzList(v: SourceValue | undefined): Maybe<(string | SymbolicAz)[]>;
  /** The objects of a list (other items dropped); an Unknown item makes the whole list Unknown. */
  objectList(v: SourceValue | undefined): SourceObject[] | Unknown | undefined;
}

export function coercions(rules: CoerceRules): Coercions {
  const dynamicReference = (v: SourceValue): Unknown | undefined =>
    rules.dynamicReferences && typeof v === 'string' && v.includes('{{resolve:') ? new Unknown(`dynamic reference ${v} is resolved at deploy time`) : undefined;

  const toStr = (v: SourceValue | undefined): Maybe<string> => {
    if (v === undefined || v === null) return undefined;
    const dyn = dynamicReference(v);
    if (dyn) return dyn;
    if (v instanceof Unknown || typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return new Unknown(`expected a string, got ${Array.isArray(v) ? 'a list' : rules.mapping}`);
  };

  const toNum = (v: SourceValue | undefined): Maybe<number> => {
    if (v === undefined || v === null) return undefined;
    const dyn = dynamicReference(v);
    if (dyn) return dyn;
    if (v instanceof Unknown || typeof v === 'number') return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return new Unknown(`expected a number, got ${JSON.stringify(v)}`);
  };

  const toBool = (v: SourceValue | undefined): Maybe<boolean> => {
    if (v === undefined || v === null) return undefined;
    const dyn = dynamicReference(v);
    if (dyn) return dyn;
    if (v instanceof Unknown || typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const s = rules.boolAnyCase ? v.toLowerCase() : v;
      if (s === 'true') return true;
      if (s === 'false') return false;
    }
    return new Unknown(`expected ${rules.bool}, got ${JSON.stringify(v)}`);
  };

  const toStrList = (v: SourceValue | undefined): Maybe<string[]> => {
    if (v === undefined || v === null) return undefined;
    if (v instanceof Unknown) return v;
    if (!Array.isArray(v)) return new Unknown('expected a list of strings');
    const out: string[] = [];
    for (const item of v) {
      const s = toStr(item);
      if (s instanceof Unknown) return s;
      if (s !== undefined) out.push(s);
    }
    return out;
  };

  const toAzList = (v: SourceValue | undefined): Maybe<(string | SymbolicAz)[]> => {
    if (v === undefined || v === null) return undefined;
    if (v instanceof Unknown) return v;
    if (!Array.isArray(v)) return new Unknown('expected a list of availability zones');
    const out: (string | SymbolicAz)[] = [];
    for (const item of v) {
      if (item instanceof SymbolicAz) {
        out.push(item);
        continue;
      }
      const s = toStr(item);
      if (s instanceof Unknown) return s;
      if (s !== undefined) out.push(s);
    }
    return out;
  };

  const objectList = (v: SourceValue | undefined): SourceObject[] | Unknown | undefined => {
    if (v === undefined || v === null) return undefined;
    if (v instanceof Unknown) return v;
    if (!Array.isArray(v) && !rules.singleObjectAsList) return new Unknown('expected a list');
    const out: SourceObject[] = [];
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item instanceof Unknown) return item;
      if (isObject(item)) out.push(item);
    }
    return out;
  };

  return { toStr, toNum, toBool, toStrList, toAzList, objectList };
}

/** A value's items for reference resolution: lists are flattened one level, null dropped. */
export function items(v: SourceValue | undefined): SourceValue[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((x) => (Array.isArray(x) ? x : [x])).filter((x) => x !== null);
  return [v];
}

/** `arn:…:cluster/name` → `name` (a name written as an ARN or a path). */
export function lastSegment(s: string): string {
  const k = s.lastIndexOf('/');
  return k >= 0 ? s.slice(k + 1) : s;
}

/** The first of `keys` set to something other than null or an empty string. */
export function firstSet(r: SourceObject, keys: readonly string[]): SourceValue | undefined {
  for (const k of keys) {
    const v = r[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}
