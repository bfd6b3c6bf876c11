/**
 * aws_dynamodb_table → db.table, and aws_dynamodb_table_replica (a
 * contributor: one more Region's replica of the table its
 * global_table_arn names).
 *
 * Omitted point_in_time_recovery / deletion_protection_enabled stay absent:
 * AWS reads both as off, which the rules say in their messages.
 */
import type { TableReplica } from '../../../graph/types.js';
import { Unknown, type Maybe } from '../../../graph/values.js';
import { coercions, isObject, TERRAFORM_RULES } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { Value, ValueObject } from '../expr/values.js';

const { toStr, toBool, objectList } = coercions(TERRAFORM_RULES);

/** `enabled` of a single nested block (`point_in_time_recovery { enabled = true }`), absent when the block is. */
function blockFlag(v: Value | undefined, flag: string): Maybe<boolean> {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return undefined;
  if (first instanceof Unknown) return first;
  return isObject(first) ? toBool((first as ValueObject)[flag]) : new Unknown('expected a block');
}

export function buildDynamoTable(b: NodeBuilder, v: ValueObject, address: string): void {
  b.prop('name', toStr(v.name), 'name');
  b.prop('pointInTimeRecovery', blockFlag(v.point_in_time_recovery, 'enabled'), 'point_in_time_recovery.enabled');
  b.prop('deletionProtection', toBool(v.deletion_protection_enabled), 'deletion_protection_enabled');
  const blocks = objectList(v.replica);
  let replicas: Maybe<TableReplica[]>;
  if (blocks instanceof Unknown) replicas = blocks;
  else replicas = (blocks ?? []).map((r, i) => ({ region: toStr(r.region_name), declaredBy: `${address}.replica[${i}]` }));
  b.prop('replicas', replicas, 'replica');
}

/** An aws_dynamodb_table_replica adds its provider's Region to the table's replicas. */
export function addTableReplica(table: NodeBuilder, region: string | undefined, address: string): void {
  const replicas = table.props.replicas;
  const replica: TableReplica = {
    region: region ?? new Unknown(`the Region of ${address} is not known offline (no provider region)`),
    declaredBy: address,
  };
  if (Array.isArray(replicas)) replicas.push(replica);
  else if (replicas === undefined) table.props.replicas = [replica];
}

/**
 * A legacy (version 2017.11.29) aws_dynamodb_global_table joins the
 * same-named tables of its Regions: each gets the others as replicas. A
 * table whose own Region is not known keeps every Region, marked
 * `replicasIncludeOwn`.
 */
export function addLegacyGlobalTable(tables: readonly { b: NodeBuilder; region: string | undefined }[], v: ValueObject, address: string): void {
  const blocks = objectList(v.replica);
  for (const { b, region } of tables) {
    if (blocks instanceof Unknown) {
      b.props.replicas = blocks;
      continue;
    }
    const regions = (blocks ?? []).map((r, i) => ({ region: toStr(r.region_name), declaredBy: `${address}.replica[${i}]` }));
    const others: TableReplica[] = region === undefined ? regions : regions.filter((r) => r.region !== region);
    const replicas = b.props.replicas;
    if (Array.isArray(replicas)) replicas.push(...others);
    else if (replicas === undefined) b.props.replicas = others;
    if (region === undefined && others.length > 0) b.props.replicasIncludeOwn = true;
  }
}
