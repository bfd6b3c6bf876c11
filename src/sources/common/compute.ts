/**
 * What the Terraform (HCL and plan) and CloudFormation normalizers share for
 * the compute kinds (EC2 instances, Auto Scaling groups, Lambda functions):
 * the link operations they need from their `Linker`, and the target group
 * edges of an Auto Scaling group.
 */
import type { EdgeKind } from '../../graph/types.js';
import { Unknown, type Maybe } from '../../graph/values.js';
import { ResourceRef } from './reference.js';
import { items, type SourceValue } from './coerce.js';
import type { NodeBuilder, RefTarget } from './normalize.js';

/** The Linker operations the compute kinds use (the normalizers' protected methods, bound). */
export interface ComputeLink<B extends NodeBuilder> {
  /** References in `value` → `kind` edges to nodes of `types`; the rest unresolved. Returns the target ids. */
  refs(b: B, value: SourceValue | undefined, attribute: string, kind: EdgeKind, types: readonly string[]): string[];
  /** What a reference names, if it is in the scan (a graph node or not). */
  target(b: B, ref: ResourceRef): RefTarget | undefined;
  /** Whether a graph id is a node of this scan. */
  isNode(id: string): boolean;
  edge(from: string, to: string, kind: EdgeKind, at: B, attribute: string): void;
  /** "… is not in the scanned configuration / templates". */
  scanned: string;
}

/**
 * An Auto Scaling group's target groups (`target_group_arns`,
 * `TargetGroupARNs`): `target-group --fronts--> group` edges (the target
 * group serves through the group's instances) for target groups that are graph
 * nodes; every other reference (literal ARN, a target group this scan does
 * not model as a node, an unknown value) is recorded as unresolved. Returns
 * how many target groups the group registers with, or Unknown.
 */
export function targetGroupEdges<B extends NodeBuilder>(
  b: B,
  value: SourceValue | undefined,
  attribute: string,
  types: readonly string[],
  link: ComputeLink<B>,
  /** Where the references are written when not in `b` (an attachment resource), and the prefix naming it in unresolved entries. */
  writtenIn?: { at: B; prefix: string },
): Maybe<number> {
  const at = writtenIn?.at ?? b;
  const unresolve = (reason: string): void => b.unresolve('fronts', (writtenIn ? writtenIn.prefix : '') + attribute, reason);
  if (value === undefined || value === null) return 0;
  if (value instanceof Unknown && !(value instanceof ResourceRef)) {
    unresolve(value.reason);
    return value;
  }
  const list = items(value);
  for (const item of list) {
    if (item instanceof ResourceRef) {
      const t = link.target(at, item);
      if (t && types.includes(t.type) && link.isNode(t.id)) link.edge(t.id, b.id, 'fronts', at, attribute);
      else if (t && types.includes(t.type)) unresolve(`${item.address} is a target group, not a node of the graph (target groups are not modelled by this scan)`);
      else unresolve(t ? `${item.address} is a ${t.type}, not a target group` : `${item.address} is not in the scanned ${link.scanned}`);
    } else if (item instanceof Unknown) {
      unresolve(item.reason);
    } else if (typeof item === 'string') {
      unresolve(`"${item}" is a literal ARN, not a target group in the scanned ${link.scanned}`);
    }
  }
  // An unknown item is still one target group: the count is known even when the group is not.
  return list.length;
}

/** A list's length, Unknown when the list is, 0 when absent. */
export function countOf(v: SourceValue | undefined): Maybe<number> {
  if (v === undefined || v === null) return 0;
  if (v instanceof Unknown && !(v instanceof ResourceRef)) return v;
  return items(v).length;
}
