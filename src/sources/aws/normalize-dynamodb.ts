/**
 * A DescribeTable answer (with ContinuousBackupsDescription and Tags added by
 * collect-dynamodb.ts) → the props of a db.table.
 *
 * Replicas are those of a version 2019.11.21 global table (Table.Replicas),
 * the table's own Region left out; one being deleted or whose creation
 * failed is no copy. A backup status that could not be read is unknown.
 */
import type { TableReplica } from '../../graph/types.js';
import { Unknown, type Maybe } from '../../graph/values.js';
import type { Item, Raw } from './unit.js';

/** Replica states that hold no usable copy. */
const NO_COPY = new Set(['CREATION_FAILED', 'DELETING', 'REGION_DISABLED', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS']);

export interface TableProps {
  name: Maybe<string>;
  pointInTimeRecovery: Maybe<boolean>;
  deletionProtection: Maybe<boolean>;
  replicas: Maybe<TableReplica[]>;
  origins: Record<string, string>;
}

export function tableProps(it: Item, region: string): TableProps {
  const d = it.data;
  const p = it.prefix;
  const name = typeof d.TableName === 'string' ? d.TableName : undefined;
  let pitr: Maybe<boolean>;
  if (typeof d.ContinuousBackupsUnavailable === 'string') pitr = new Unknown(d.ContinuousBackupsUnavailable);
  else {
    const status = ((d.ContinuousBackupsDescription as Raw | undefined)?.PointInTimeRecoveryDescription as Raw | undefined)?.PointInTimeRecoveryStatus;
    pitr = status === 'ENABLED' ? true : status === 'DISABLED' ? false : new Unknown(status === undefined ? 'the table has no point-in-time recovery status' : `point-in-time recovery status ${String(status)}`);
  }
  const dp = d.DeletionProtectionEnabled;
  const list = Array.isArray(d.Replicas) ? (d.Replicas as Raw[]) : [];
  const replicas: TableReplica[] = list
    .filter((r) => typeof r.RegionName === 'string' && r.RegionName !== region && !NO_COPY.has(String(r.ReplicaStatus)))
    .map((r) => ({ region: r.RegionName as string, declaredBy: `replica ${String(r.RegionName)} (${String(r.ReplicaStatus ?? 'status unknown')})` }));
  return {
    name,
    pointInTimeRecovery: pitr,
    // The API omits it when off.
    deletionProtection: typeof dp === 'boolean' ? dp : false,
    replicas,
    origins: {
      name: `${p}TableName`,
      pointInTimeRecovery: `${p}ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus`,
      deletionProtection: `${p}DeletionProtectionEnabled`,
      replicas: `${p}Replicas`,
    },
  };
}
