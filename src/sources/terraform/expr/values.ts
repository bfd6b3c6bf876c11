import { Unknown } from '../../../graph/values.js';

// Shared with the plan and CloudFormation sources; re-exported for the evaluator's modules.
export { ResourceRef } from '../../common/reference.js';

/**
 * `jsonencode(x)` where `x` holds values known only after apply: the text is
 * unknown, as in Terraform, but the structure before encoding is kept
 * (with its references) for normalizers that read JSON attributes
 * (`container_definitions`), so a container's environment still names the
 * database it connects to.
 */
export class EncodedJson extends Unknown {
  constructor(
    readonly structure: Value,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Marks an evaluated resource instance object: reading an attribute it does
 * not define yields a ResourceRef instead of an error.
 */
export const RESOURCE_ADDRESS: unique symbol = Symbol('resilint.resourceAddress');

/**
 * Values of the expression language: JSON-like data plus Unknown (and its
 * subclass ResourceRef). Objects may carry RESOURCE_ADDRESS.
 */
export type Value = string | number | boolean | null | Unknown | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
  [RESOURCE_ADDRESS]?: string;
  [UNKNOWN_REST]?: string;
}

/**
 * Marks an object that stands for something only partly known (a data
 * source resilint reads some attributes of): reading an attribute it does
 * not define yields an Unknown with this reason instead of an error.
 */
export const UNKNOWN_REST: unique symbol = Symbol('resilint.unknownRest');

/**
 * Sets whose element order is not known: a set of symbolic AZs of a list
 * whose names are not known sorts by those names, so the elements keep
 * their identity (for_each, contains, length) but not their positions.
 * Indexing such a set (after tolist) gives an Unknown.
 */
const unordered = new WeakSet<Value[]>();

export function markUnordered<T extends Value[]>(list: T): T {
  unordered.add(list);
  return list;
}

export function isUnordered(list: Value[]): boolean {
  return unordered.has(list);
}

/**
 * Objects whose keys stand for symbolic AZs: the instances of a for_each
 * over symbolic AZs are keyed by each AZ's label, but a key read back
 * (each.key of a for_each over those instances, a for expression's key,
 * keys()) is the AZ, not its label text.
 */
const symbolicKeys = new WeakMap<ValueObject, ReadonlyMap<string, Value>>();

export function withSymbolicKeys<T extends ValueObject>(obj: T, keys: ReadonlyMap<string, Value>): T {
  symbolicKeys.set(obj, keys);
  return obj;
}

/** The value a key of `obj` stands for: the symbolic AZ behind a label key, else the key itself. */
export function keyValue(obj: ValueObject, key: string): Value {
  return symbolicKeys.get(obj)?.get(key) ?? key;
}

/** The AZs behind an object's label keys, if it has any. */
export function symbolicKeyMap(obj: ValueObject): ReadonlyMap<string, Value> | undefined {
  return symbolicKeys.get(obj);
}
