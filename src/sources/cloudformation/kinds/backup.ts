/**
 * AWS Backup in CloudFormation: `AWS::Backup::BackupPlan` → `backup.plan`
 * (BackupPlanRule: ScheduleExpression, Lifecycle, CopyActions with the
 * destination vault's Region), `AWS::Backup::BackupSelection` folded into
 * the plan its BackupPlanId names (`!Ref Plan` / `!GetAtt Plan.BackupPlanId`).
 * `AWS::Backup::BackupVault` is not a node: a copy action that references
 * one (`!GetAtt Vault.BackupVaultArn`) takes its stack's Region.
 */
import type { BackupCopyAction, BackupPlanRule, BackupSelection, BackupTagCondition } from '../../../graph/types.js';
import { Unknown } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions, items } from '../../common/coerce.js';
import { addEntries, copyRegion, emptySelection, tagOp, type SelectionEntry } from '../../common/backup.js';
import type { EvaluatedResource } from '../normalize.js';
import { StackRef } from '../values.js';
import { isObject, type Value } from '../values.js';
import type { CfnNode } from './lb.js';

const { toStr, toNum, objectList } = coercions(CLOUDFORMATION_RULES);

export const BACKUP_PLAN_TYPE = 'AWS::Backup::BackupPlan';
export const BACKUP_CONTRIBUTORS = ['AWS::Backup::BackupSelection', 'AWS::Backup::BackupVault'] as const;
const SELECTABLE = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EFS::FileSystem', 'AWS::DocDB::DBCluster'];

export interface CfnBackupLinks<B extends CfnNode> {
  /** The evaluated resource a reference names. */
  resource(ref: StackRef): EvaluatedResource | undefined;
  /** The plan node a BackupPlanId names. */
  plan(from: B, value: Value | undefined): B | undefined;
}

export function buildBackupPlan<B extends CfnNode>(b: B, links: CfnBackupLinks<B>): void {
  b.prop('name', toStr(b.get('BackupPlan.BackupPlanName')), 'BackupPlan.BackupPlanName');
  const rules = objectList(b.get('BackupPlan.BackupPlanRule'));
  if (rules instanceof Unknown || rules === undefined) b.prop('rules', rules, 'BackupPlan.BackupPlanRule');
  else {
    const out = rules.map((r): BackupPlanRule => {
      const copies = objectList(r.CopyActions);
      return {
        name: toStr(r.RuleName),
        schedule: toStr(r.ScheduleExpression),
        deleteAfterDays: lifecycleDays(r.Lifecycle),
        copyActions: copies instanceof Unknown ? copies : (copies ?? []).map((c) => copyAction(c.DestinationBackupVaultArn, c.Lifecycle, links)),
      };
    });
    b.prop('rules', out, 'BackupPlan.BackupPlanRule');
  }
  b.prop('selections', []);
}

function lifecycleDays(lc: Value | undefined): BackupCopyAction['deleteAfterDays'] {
  if (lc instanceof Unknown) return lc;
  return isObject(lc) ? toNum(lc.DeleteAfterDays) : undefined;
}

function copyAction<B extends CfnNode>(arn: Value | undefined, lifecycle: Value | undefined, links: CfnBackupLinks<B>): BackupCopyAction {
  const deleteAfterDays = lifecycleDays(lifecycle);
  if (arn instanceof StackRef) {
    const vault = links.resource(arn);
    if (vault?.type === 'AWS::Backup::BackupVault') return { destinationVaultArn: arn, region: copyRegion(undefined, vault.stack.env.region, vault.address), deleteAfterDays };
    return { destinationVaultArn: arn, region: new Unknown(`${arn.address} is not a backup vault in the scanned templates`), deleteAfterDays };
  }
  const s = toStr(arn);
  return { destinationVaultArn: s, region: copyRegion(s, undefined, undefined), deleteAfterDays };
}

/** An AWS::Backup::BackupSelection: added to the selections of the plan it names. */
export function contributeBackup<B extends CfnNode>(self: B, links: CfnBackupLinks<B>): void {
  if (self.r.type !== 'AWS::Backup::BackupSelection') return;
  const plan = links.plan(self, self.get('BackupPlanId'));
  if (!plan) return;
  const sel: BackupSelection = { ...emptySelection(toStr(self.get('BackupSelection.SelectionName')), self.r.address), location: self.loc() };
  addEntries(sel, entries(self.get('BackupSelection.Resources'), links));
  addEntries(sel, entries(self.get('BackupSelection.NotResources'), links), true);
  const tags = objectList(self.get('BackupSelection.ListOfTags'));
  sel.anyOfTags = tags instanceof Unknown ? tags : tags?.map((t) => condition(t.ConditionType, t.ConditionKey, t.ConditionValue));
  const cond = self.get('BackupSelection.Conditions');
  if (cond instanceof Unknown) sel.allOfTags = cond;
  else if (isObject(cond)) {
    const all: BackupTagCondition[] = [];
    for (const op of ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike']) {
      const list = objectList(cond[op]);
      if (list instanceof Unknown) {
        sel.allOfTags = list;
        break;
      }
      for (const x of list ?? []) all.push(condition(op, x.ConditionKey, x.ConditionValue));
    }
    if (!(sel.allOfTags instanceof Unknown)) sel.allOfTags = all;
  }
  (plan.props.selections as BackupSelection[]).push(sel);
}

function condition(type: Value | undefined, key: Value | undefined, value: Value | undefined): BackupTagCondition {
  const op = tagOp(toStr(type));
  if (op instanceof Unknown) return { op: 'equals', key: op, value: toStr(value) };
  return { op, key: toStr(key), value: toStr(value) };
}

function entries<B extends CfnNode>(value: Value | undefined, links: CfnBackupLinks<B>): SelectionEntry[] {
  if (value === undefined || value === null) return [];
  if (value instanceof Unknown && !(value instanceof StackRef)) return [{ unknown: value.reason }];
  return items(value).map((item): SelectionEntry => {
    if (item instanceof StackRef) {
      const target = links.resource(item);
      if (!target) return { unknown: `${item.address} is not in the scanned templates` };
      return SELECTABLE.includes(target.type) ? { id: target.id } : { ignore: true };
    }
    if (item instanceof Unknown) return { unknown: item.reason };
    const s = toStr(item);
    return typeof s === 'string' ? { pattern: s } : { unknown: s instanceof Unknown ? s.reason : 'an entry that is not a string' };
  });
}
