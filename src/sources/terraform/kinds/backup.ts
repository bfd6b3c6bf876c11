/**
 * AWS Backup in Terraform (HCL and plan): `aws_backup_plan` →
 * `backup.plan` (rules: schedule, lifecycle, copy actions with the
 * destination vault's Region), and `aws_backup_selection` folded into the
 * plan its `plan_id` names. `aws_backup_vault` is not a node: a copy
 * action that references one takes its Region (the vault's provider's).
 */
import type { BackupCopyAction, BackupPlanRule, BackupSelection, BackupTagCondition } from '../../../graph/types.js';
import { Unknown } from '../../../graph/values.js';
import { coercions, items, TERRAFORM_RULES } from '../../common/coerce.js';
import { addEntries, copyRegion, emptySelection, tagOp, type SelectionEntry } from '../../common/backup.js';
import type { NormalizeInput } from '../input.js';
import { ResourceRef, type Value } from '../expr/values.js';
import type { TfNode } from './lb.js';

const { toStr, toNum, objectList } = coercions(TERRAFORM_RULES);

export const BACKUP_CONTRIBUTORS = ['aws_backup_selection', 'aws_backup_vault'] as const;
/** The resource types a selection can name that are graph nodes AWS Backup protects. */
const SELECTABLE = ['aws_db_instance', 'aws_rds_cluster', 'aws_efs_file_system', 'aws_docdb_cluster'];

export interface BackupLinks<B extends TfNode> {
  /** The input a reference written in `from` names, if it is in the scan. */
  input(from: B, ref: ResourceRef): NormalizeInput | undefined;
  /** The plan node a selection's plan_id names. */
  plan(from: B, value: Value | undefined): B | undefined;
}

export function buildBackupPlan<B extends TfNode>(b: B, links: BackupLinks<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.name), 'name');
  const rules = objectList(v.rule);
  if (rules instanceof Unknown || rules === undefined) b.prop('rules', rules, 'rule');
  else {
    const out = rules.map((r): BackupPlanRule => {
      const lc = objectList(r.lifecycle);
      const copies = objectList(r.copy_action);
      return {
        name: toStr(r.rule_name),
        schedule: toStr(r.schedule),
        deleteAfterDays: lc instanceof Unknown ? lc : toNum(lc?.[0]?.delete_after),
        copyActions: copies instanceof Unknown ? copies : (copies ?? []).map((c) => copyAction(b, c.destination_vault_arn, c.lifecycle, links)),
      };
    });
    b.prop('rules', out, 'rule');
  }
  b.prop('selections', []);
}

function copyAction<B extends TfNode>(b: B, arn: Value | undefined, lifecycle: Value | undefined, links: BackupLinks<B>): BackupCopyAction {
  const lc = objectList(lifecycle);
  const deleteAfterDays = lc instanceof Unknown ? lc : toNum(lc?.[0]?.delete_after);
  if (arn instanceof ResourceRef) {
    const vault = links.input(b, arn);
    if (vault?.type === 'aws_backup_vault') return { destinationVaultArn: arn, region: copyRegion(undefined, vault.region, vault.address), deleteAfterDays };
    return { destinationVaultArn: arn, region: new Unknown(vault ? `${arn.address} is a ${vault.type}, not a backup vault` : `${arn.address} is not in the scanned configuration`), deleteAfterDays };
  }
  const s = toStr(arn);
  return { destinationVaultArn: s, region: copyRegion(s, undefined, undefined), deleteAfterDays };
}

/** An aws_backup_selection: added to the selections of the plan it names. */
export function contributeBackup<B extends TfNode>(self: B, links: BackupLinks<B>): void {
  if (self.ri.type !== 'aws_backup_selection') return;
  const v = self.v;
  const plan = links.plan(self, v.plan_id);
  if (!plan) return;
  const sel: BackupSelection = { ...emptySelection(toStr(v.name), self.ri.address), location: self.loc() };
  addEntries(sel, entries(self, v.resources, links));
  addEntries(sel, entries(self, v.not_resources, links), true);
  const tags = objectList(v.selection_tag);
  sel.anyOfTags = tags instanceof Unknown ? tags : tags?.map((t) => condition(t.type, t.key, t.value));
  const cond = objectList(v.condition);
  if (cond instanceof Unknown) sel.allOfTags = cond;
  else if (cond?.length) {
    const all: BackupTagCondition[] = [];
    for (const c of cond) {
      for (const [block, op] of [['string_equals', 'STRINGEQUALS'], ['string_like', 'STRINGLIKE'], ['string_not_equals', 'STRINGNOTEQUALS'], ['string_not_like', 'STRINGNOTLIKE']] as const) {
        const list = objectList(c[block]);
        if (list instanceof Unknown) {
          sel.allOfTags = list;
          break;
        }
        for (const x of list ?? []) all.push(condition(op, x.key, x.value));
      }
      if (sel.allOfTags instanceof Unknown) break;
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

function entries<B extends TfNode>(b: B, value: Value | undefined, links: BackupLinks<B>): SelectionEntry[] {
  if (value === undefined || value === null) return [];
  if (value instanceof Unknown && !(value instanceof ResourceRef)) return [{ unknown: value.reason }];
  return items(value).map((item): SelectionEntry => {
    if (item instanceof ResourceRef) {
      const target = links.input(b, item);
      if (!target) return { unknown: `${item.address} is not in the scanned configuration` };
      // A reference to another kind of resource (a DynamoDB table, an EFS file system) cannot pick a database.
      return SELECTABLE.includes(target.type) ? { id: target.id } : { ignore: true };
    }
    if (item instanceof Unknown) return { unknown: item.reason };
    const s = toStr(item);
    return typeof s === 'string' ? { pattern: s } : { unknown: s instanceof Unknown ? s.reason : 'an entry that is not a string' };
  });
}
