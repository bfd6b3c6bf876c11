/**
 * AWS Backup and DB snapshots for one account × Region.
 *
 * - Plans: backup:ListBackupPlans (paginated), GetBackupPlan per plan (its
 *   rules and copy actions), ListBackupSelections (paginated) and
 *   GetBackupSelection per selection; a plan record carries `Selections`.
 *   A selection that cannot be read leaves `SelectionsMissing` on its plan:
 *   whether the plan selects a resource is then unknown, never no.
 * - Snapshots: rds:DescribeDBSnapshots and DescribeDBClusterSnapshots
 *   (paginated), once for `manual` and once for `awsbackup`; each record
 *   carries `ObservedAt`, the collector's clock, so the rule computes the
 *   snapshot's age without a clock of its own.
 */
import { GetBackupPlanCommand, GetBackupSelectionCommand, paginateListBackupPlans, paginateListBackupSelections } from '@aws-sdk/client-backup';
import { paginateDescribeDBClusterSnapshots, paginateDescribeDBSnapshots } from '@aws-sdk/client-rds';
import { all, plain, type Scope, type Step, type UnitContext } from './collect.js';
import { push, type Raw, type UnitData } from './unit.js';

const SNAPSHOT_TYPES = ['manual', 'awsbackup'] as const;

export async function collectBackup(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  await collectSnapshots(ctx, unit, step, scope);
  await collectPlans(unit, step, ctx, scope);
}

async function collectSnapshots(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const rds = ctx.factory.client('rds', scope);
  const observedAt = new Date((ctx.now ?? Date.now)()).toISOString();
  for (const type of SNAPSHOT_TYPES) {
    await step(`rds:DescribeDBSnapshots (SnapshotType=${type})`, ['dbSnapshots'], async () => {
      for (const s of await all(paginateDescribeDBSnapshots({ client: rds, pageSize: 100 }, { SnapshotType: type }), (p) => p.DBSnapshots)) push(unit, 'dbSnapshots', { ...plain(s), ObservedAt: observedAt });
      // Listed, even if empty: "no snapshot" is then a fact, not a gap.
      unit.items.dbSnapshots ??= [];
    });
    await step(`rds:DescribeDBClusterSnapshots (SnapshotType=${type})`, ['dbClusterSnapshots'], async () => {
      for (const s of await all(paginateDescribeDBClusterSnapshots({ client: rds, pageSize: 100 }, { SnapshotType: type }), (p) => p.DBClusterSnapshots)) push(unit, 'dbClusterSnapshots', { ...plain(s), ObservedAt: observedAt });
      unit.items.dbClusterSnapshots ??= [];
    });
  }
}

async function collectPlans(unit: UnitData, step: Step, ctx: UnitContext, scope: Scope): Promise<void> {
  const backup = ctx.factory.client('backup', scope);
  const plans = await step('backup:ListBackupPlans', ['backupPlans'], () => all(paginateListBackupPlans({ client: backup, pageSize: 100 }, {}), (p) => p.BackupPlansList));
  if (!plans) return;
  for (const listed of plans) {
    const id = listed.BackupPlanId;
    if (!id) continue;
    const plan = await step('backup:GetBackupPlan', ['backupPlans'], async () => plain(await backup.send(new GetBackupPlanCommand({ BackupPlanId: id }))));
    if (!plan) continue;
    const record: Raw = { ...plan, BackupPlanArn: plan.BackupPlanArn ?? listed.BackupPlanArn };
    const selections: Raw[] = [];
    const listedSelections = await step('backup:ListBackupSelections', [], () => all(paginateListBackupSelections({ client: backup, pageSize: 100 }, { BackupPlanId: id }), (p) => p.BackupSelectionsList));
    if (!listedSelections) record.SelectionsMissing = `backup:ListBackupSelections failed for plan ${id} in ${ctx.account.id}/${ctx.region}`;
    for (const s of listedSelections ?? []) {
      if (!s.SelectionId) continue;
      const got = await step('backup:GetBackupSelection', [], async () => plain(await backup.send(new GetBackupSelectionCommand({ BackupPlanId: id, SelectionId: s.SelectionId }))));
      if (got) selections.push(got);
      else record.SelectionsMissing = `backup:GetBackupSelection failed for selection ${s.SelectionId} of plan ${id}`;
    }
    record.Selections = selections;
    push(unit, 'backupPlans', record);
  }
}
