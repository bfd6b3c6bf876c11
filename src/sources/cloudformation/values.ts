/**
 * Values of evaluated CloudFormation expressions: JSON-like data plus
 * Unknown. Two kinds of Unknown keep what the rest of the source needs:
 *
 * - `StackRef`: a `Ref` / `Fn::GetAtt` to a resource of a stack. Unknown for
 *   every computation (ids exist only after deployment) but it names its
 *   target, so the source can turn it into a graph edge. It extends the
 *   Terraform source's `ResourceRef`, so code written for either reads both.
 * - `ComputedUnknown`: a value built from unknown parts (`!Sub`, `!Join`,
 *   `!If` on an unknown condition). It carries the references it was built
 *   from (a scaling target's `service/${Cluster}/${Service.Name}` names its
 *   service), and for `!Join` the parts, so `!Split` / a list parameter can
 *   take the list apart again.
 */
import type { SymbolicAzList } from '../../graph/az.js';
import { Unknown } from '../../graph/values.js';
import { ResourceRef } from '../common/reference.js';

export type Value = string | number | boolean | null | Unknown | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

/** `AWS::NoValue`: removes the property or list item it stands in. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Evaluated = Value | typeof NO_VALUE;

export class StackRef extends ResourceRef {
  constructor(
    /** Graph id of the target (`<root file>#<Stack>/<LogicalId>`). */
    readonly targetId: string,
    /** `Stack/LogicalId`. */
    address: string,
    readonly logicalId: string,
    /** Native type of the target, `AWS::EC2::Subnet`. */
    readonly resourceType: string,
    /** `Ref`, or the GetAtt attribute (`Arn`, `Name`, `Endpoint.Address`). */
    attribute: string,
  ) {
    super(address, attribute);
    Object.defineProperty(this, 'reason', {
      value: attribute === 'Ref' ? `Ref ${address} is known only after the stack is deployed` : `${address}.${attribute} is known only after the stack is deployed`,
      enumerable: true,
    });
  }
}

export class ComputedUnknown extends Unknown {
  constructor(
    reason: string,
    /** Resource references the value was built from. */
    readonly refs: StackRef[],
    /** For `Fn::Join`: the delimiter and the items, when the list itself was known. */
    readonly joined?: { delimiter: string; items: Value[] },
    /**
     * For `Fn::Join` of a whole AZ list whose names are not known (a parent
     * passing `!Join [',', !Ref AvailabilityZones]` to a nested stack): the
     * list, so that a list parameter or `Fn::Split` gets it back.
     */
    readonly joinedList?: { delimiter: string; list: SymbolicAzList },
  ) {
    super(reason);
  }
}

export function isObject(v: unknown): v is ValueObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** Every resource reference inside a value (including those a computed value was built from). */
export function refsIn(v: Value | undefined, out: StackRef[] = [], depth = 0): StackRef[] {
  if (v === undefined || v === null || depth > 32) return out;
  if (v instanceof StackRef) out.push(v);
  else if (v instanceof ComputedUnknown) out.push(...v.refs);
  else if (Array.isArray(v)) for (const x of v) refsIn(x, out, depth + 1);
  else if (isObject(v)) for (const x of Object.values(v)) refsIn(x, out, depth + 1);
  return out;
}

/** First Unknown anywhere in a value. */
export function firstUnknown(v: Value | undefined, depth = 0): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v === null || typeof v !== 'object' || depth > 32) return undefined;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const u = firstUnknown(x, depth + 1);
    if (u) return u;
  }
  return undefined;
}

/** A value that is unknown because of its parts: keeps their references. */
export function unknownFrom(reason: string, parts: Value[]): ComputedUnknown {
  const refs: StackRef[] = [];
  for (const p of parts) refsIn(p, refs);
  return new ComputedUnknown(reason, dedupeRefs(refs));
}

export function dedupeRefs(refs: StackRef[]): StackRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.targetId}\u0000${r.attribute}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** CloudFormation compares and joins scalars as strings. */
export function scalarString(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
