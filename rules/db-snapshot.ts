import type { JSONSchemaType } from 'ajv';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { judgedItself } from '../src/analysis/db-cluster.js';
import { plansFor, scheduleGapHours } from '../src/analysis/backup.js';
import type { AnyResource, Resource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  checkReadReplicas: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    checkReadReplicas: {
      type: 'boolean',
      default: false,
      description: 'Also require snapshots of standalone RDS read replicas (replicate_source_db set). By default they are not applicable: the source database is the one to snapshot.',
    },
  },
  required: ['checkReadReplicas'],
};

const messages = {
  recent: '{{name}} has a {{type}} snapshot {{snapshot}} taken {{age}} ago; tier {{tier}} requires one within {{expected}}',
  stale: '{{name}}: its newest manual or AWS Backup snapshot ({{snapshot}}) is {{age}} old; tier {{tier}} requires one within {{expected}}',
  none: '{{name}} has no manual or AWS Backup snapshot; tier {{tier}} requires one within {{expected}} (automated backups are deleted with the database and expire with the retention window)',
  planned: '{{name}} is selected by AWS Backup plan {{plan}} ({{selection}}), whose rule {{rule}} runs at least every {{gap}}; tier {{tier}} requires a snapshot within {{expected}}',
  cannotTell: '{{name}}: cannot tell whether it has a snapshot within {{expected}} (tier {{tier}}): {{reason}}',
  memberWithoutCluster: "{{name}} is an Aurora cluster member: snapshots are its cluster's, which cannot be judged (tier {{tier}} requires one within {{expected}}): {{reason}}",
};
type Ctx = RuleContext<Options, keyof typeof messages>;

const DAY_MS = 86_400_000;

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

function duration(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return days(hours / 24);
  if (hours >= 1) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round(hours * 60)} min`;
}

/** Live: the collected newest snapshot against the tier's age. */
function judgeLive(r: Resource<'db.instance'> | Resource<'db.cluster'>, maxDays: number, ctx: Ctx): void {
  const expected = days(maxDays);
  const seen = r.props.latestSnapshot;
  if (seen === undefined || isUnknown(seen)) {
    ctx.unknown('cannotTell', { expected, reason: seen ? seen.reason : 'snapshots were not collected' }, { evidence: { expected: { maxAgeDays: maxDays }, actual: null } });
    return;
  }
  if (seen === null) {
    ctx.fail('none', { expected }, { evidence: { expected: { maxAgeDays: maxDays }, actual: { snapshot: null } } });
    return;
  }
  const ageMs = Date.parse(seen.observedAt) - Date.parse(seen.createdAt);
  if (!Number.isFinite(ageMs)) {
    ctx.unknown('cannotTell', { expected, reason: `snapshot ${seen.id} has an unreadable creation time "${seen.createdAt}"` });
    return;
  }
  const ageDays = ageMs / DAY_MS;
  const age = ageDays < 1 ? duration(ageMs / 3_600_000) : days(Math.floor(ageDays));
  const evidence = { expected: { maxAgeDays: maxDays }, actual: { snapshot: seen.id, type: seen.type, createdAt: seen.createdAt, observedAt: seen.observedAt } };
  if (ageDays <= maxDays) ctx.pass('recent', { expected, type: seen.type === 'awsbackup' ? 'AWS Backup' : 'manual', snapshot: seen.id, age }, { evidence });
  else ctx.fail('stale', { expected, snapshot: `${seen.id}, ${seen.createdAt}`, age }, { evidence });
}

/** IaC: a plan rule at least as frequent as the tier's age, selecting the database; else unknown (hand-made snapshots are not in configuration). */
function judgeIac(r: AnyResource, maxDays: number, ctx: Ctx): void {
  const expected = days(maxDays);
  const doubts: string[] = [];
  const notes: string[] = [];
  for (const p of plansFor(r, ctx.graph)) {
    if (p.selected === 'no') continue;
    const via = p.selection ? `selection ${p.selection.declaredBy}` : 'its selections';
    if (isUnknown(p.selected)) {
      doubts.push(`whether ${p.plan.address} (${via}) selects it: ${p.selected.reason}`);
      continue;
    }
    const rules = p.plan.props.rules;
    if (isUnknown(rules)) {
      doubts.push(`${p.plan.address} selects it, but its rules: ${rules.reason}`);
      continue;
    }
    for (const rule of rules ?? []) {
      const gap = scheduleGapHours(rule.schedule);
      const ruleName = typeof rule.name === 'string' ? rule.name : '(unnamed)';
      if (isUnknown(gap)) {
        doubts.push(`${p.plan.address} rule ${ruleName}: ${gap.reason}`);
        continue;
      }
      if (gap <= maxDays * 24) {
        ctx.pass('planned', { expected, plan: p.plan.address, selection: via, rule: ruleName, gap: duration(gap) }, { evidence: { expected: { maxAgeDays: maxDays }, actual: { plan: p.plan.address, rule: ruleName, schedule: rule.schedule ?? null, gapHours: gap } } });
        return;
      }
      notes.push(`${p.plan.address} rule ${ruleName} runs only every ${duration(gap)}`);
    }
    if ((rules ?? []).length === 0) notes.push(`${p.plan.address} selects it but has no rule`);
  }
  const reason = [...doubts, ...notes, `no AWS Backup plan with a rule at least every ${expected} is known to select it, and configuration cannot show snapshots taken by hand or by tools outside the scan`].join('; ');
  ctx.unknown('cannotTell', { expected, reason }, { evidence: { expected: { maxAgeDays: maxDays }, actual: { plans: notes.length + doubts.length } } });
}

export default defineRule({
  id: 'db-snapshot',
  meta: {
    title: 'Critical and high databases have a recent manual or AWS Backup snapshot',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['DB-SNAPSHOT'],
    rationale:
      'DB-SNAPSHOT requires a manual or AWS Backup snapshot of each critical and high database within the last 31 days. ' +
      'Automated backups live only as long as the retention window and are removed with the database; a snapshot is kept until deleted, so it survives a deleted database, a bad change found late, and it is what is copied to another Region or account. ' +
      'Live, the newest manual or AWS Backup snapshot is compared with the tier\'s age (db.snapshotMaxAgeDays). In configuration, an AWS Backup plan whose rule runs at least that often and selects the database passes; anything else is unknown, because snapshots taken by hand are not in configuration.',
    remediation: {
      terraform:
        'aws_backup_plan { rule { rule_name = "monthly", target_vault_name = aws_backup_vault.main.name, schedule = "cron(0 5 1 * ? *)", lifecycle { delete_after = 90 } } } + aws_backup_selection { plan_id = aws_backup_plan.<name>.id, resources = [aws_rds_cluster.<db>.arn] } (or selection_tag on the tier tag).',
      cloudformation: 'AWS::Backup::BackupPlan { BackupPlan: { BackupPlanRule: [{ RuleName: monthly, TargetBackupVault: !Ref Vault, ScheduleExpression: "cron(0 5 1 * ? *)" }] } } + AWS::Backup::BackupSelection { BackupPlanId: !Ref Plan, BackupSelection: { Resources: [!GetAtt Db.DBClusterArn] } }',
      console: 'AWS Backup console → Backup plans → Create backup plan (a rule with a monthly or more frequent schedule) → Assign resources (the database); or RDS console → Databases → Actions → Take snapshot.',
      cli: 'aws rds create-db-cluster-snapshot --db-cluster-identifier <id> --db-cluster-snapshot-identifier <id>-$(date +%Y%m%d) (create-db-snapshot for RDS instances), or aws backup create-backup-plan / create-backup-selection.',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html',
    tags: ['resilience', 'database', 'backup'],
  },
  options,
  appliesTo: ['db.cluster', 'db.instance'],
  check(resource, ctx) {
    const maxDays = ctx.tier.requirements.db.snapshotMaxAgeDays;
    if (maxDays === undefined) return;
    const r = resource as AnyResource;
    const { db, orphan } = judgedItself(r, ctx.graph, ctx.options.checkReadReplicas);
    if (orphan) ctx.unknown('memberWithoutCluster', { expected: days(maxDays), reason: orphan.reason }, { prop: orphan.prop });
    if (!db) return;
    if (db.provenance.source === 'aws') judgeLive(db, maxDays, ctx);
    else judgeIac(db, maxDays, ctx);
  },
});
