/**
 * Live AWS Backup plans and DB snapshots → graph props: a plan record
 * (GetBackupPlan with its `Selections`) → `backup.plan` props; snapshot
 * records → the newest manual / AWS Backup snapshot of a database.
 */
import type { BackupCopyAction, BackupPlanRule, BackupSelection, BackupTagCondition, DbSnapshotSeen, PropsByKind } from '../../graph/types.js';
import { Unknown, type Maybe } from '../../graph/values.js';
import { arnRegion } from '../../analysis/backup.js';
import { emptySelection, tagOp } from '../common/backup.js';
import type { Collection, Raw, UnitData } from './unit.js';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function arr(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter((x): x is Raw => typeof x === 'object' && x !== null) : [];
}

export function backupPlanProps(plan: Raw): PropsByKind['backup.plan'] {
  const doc = (plan.BackupPlan ?? {}) as Raw;
  const rules = arr(doc.Rules).map((r): BackupPlanRule => {
    const lc = r.Lifecycle as Raw | undefined;
    return {
      name: str(r.RuleName),
      schedule: str(r.ScheduleExpression),
      deleteAfterDays: typeof lc?.DeleteAfterDays === 'number' ? lc.DeleteAfterDays : undefined,
      copyActions: arr(r.CopyActions).map((c): BackupCopyAction => {
        const arn = str(c.DestinationBackupVaultArn);
        const clc = c.Lifecycle as Raw | undefined;
        return { destinationVaultArn: arn, region: arn === undefined ? new Unknown('the copy action names no destination vault') : arnRegion(arn), deleteAfterDays: typeof clc?.DeleteAfterDays === 'number' ? clc.DeleteAfterDays : undefined };
      }),
    };
  });
  const selections = arr(plan.Selections).map((s): BackupSelection => {
    const sel = (s.BackupSelection ?? {}) as Raw;
    const out = emptySelection(str(sel.SelectionName), str(s.SelectionId) ?? str(sel.SelectionName) ?? 'selection');
    out.resourcePatterns = (Array.isArray(sel.Resources) ? sel.Resources : []).filter((x): x is string => typeof x === 'string');
    out.notResourcePatterns = (Array.isArray(sel.NotResources) ? sel.NotResources : []).filter((x): x is string => typeof x === 'string');
    out.anyOfTags = arr(sel.ListOfTags).map((t) => condition(t.ConditionType, t.ConditionKey, t.ConditionValue));
    const cond = (sel.Conditions ?? {}) as Raw;
    const all: BackupTagCondition[] = [];
    for (const op of ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike']) for (const c of arr(cond[op])) all.push(condition(op, c.ConditionKey, c.ConditionValue));
    out.allOfTags = all;
    return out;
  });
  const missing = str(plan.SelectionsMissing);
  return { name: str(doc.BackupPlanName), rules, selections, ...(missing ? { selectionGaps: [missing] } : {}) };
}

function condition(type: unknown, key: unknown, value: unknown): BackupTagCondition {
  const op = tagOp(str(type));
  if (op instanceof Unknown) return { op: 'equals', key: op, value: str(value) };
  return { op, key: str(key), value: str(value) };
}

/** The newest available manual or AWS Backup snapshot of a database (null: none), or why it is not known. */
export function latestSnapshot(u: UnitData, collection: Extract<Collection, 'dbSnapshots' | 'dbClusterSnapshots'>, identifierKey: string, identifier: string): Maybe<DbSnapshotSeen | null> {
  const missing = u.missing.get(collection);
  if (missing) return new Unknown(missing);
  const items = u.items[collection];
  if (items === undefined) return new Unknown('snapshots were not collected (only the API collector lists them)');
  let best: DbSnapshotSeen | null = null;
  for (const it of items) {
    const d = it.data;
    if (str(d[identifierKey])?.toLowerCase() !== identifier.toLowerCase()) continue;
    const type = str(d.SnapshotType);
    if (type !== 'manual' && type !== 'awsbackup') continue;
    if (str(d.Status) !== undefined && d.Status !== 'available') continue;
    const createdAt = str(d.SnapshotCreateTime);
    const observedAt = str(d.ObservedAt);
    if (!createdAt || !observedAt) continue;
    if (!best || Date.parse(createdAt) > Date.parse(best.createdAt)) best = { createdAt, type, id: str(d.DBSnapshotIdentifier) ?? str(d.DBClusterSnapshotIdentifier) ?? 'snapshot', observedAt };
  }
  return best;
}
