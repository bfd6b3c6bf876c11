/** AWS Backup plans for the backup rule tests (backup.tf as a Terraform module would have it). */
import type { BackupPlanRule, BackupSelection, Resource } from '../../src/graph/types.js';
import type { GraphFixture } from '../helpers/rule-tester.js';

export function selection(over: Partial<BackupSelection> = {}): BackupSelection {
  return {
    name: 'databases',
    declaredBy: 'aws_backup_selection.databases',
    resourceIds: [],
    resourcePatterns: [],
    unknownResources: [],
    notResourceIds: [],
    notResourcePatterns: [],
    unknownNotResources: [],
    anyOfTags: undefined,
    allOfTags: undefined,
    ...over,
  };
}

export function planRule(over: Partial<BackupPlanRule> = {}): BackupPlanRule {
  return { name: 'daily', schedule: 'cron(0 5 ? * * *)', deleteAfterDays: 35, copyActions: [], ...over };
}

/** A plan at backup.tf:1 in `region`. */
export function backupPlan(g: GraphFixture, rules: BackupPlanRule[], selections: BackupSelection[], region?: string, address = 'aws_backup_plan.main'): Resource<'backup.plan'> {
  return g.add('backup.plan', address, { file: 'backup.tf', line: 1, props: { name: address.split('.').pop(), rules, selections }, ...(region ? { provenance: { region } } : {}) });
}
