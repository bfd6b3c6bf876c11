import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { judgedItself } from '../src/analysis/db-cluster.js';
import { plansFor } from '../src/analysis/backup.js';
import type { AnyResource } from '../src/graph/types.js';
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
      description: 'Also require a cross-Region backup copy of standalone RDS read replicas (replicate_source_db set). By default they are not applicable: the source database is the one to back up.',
    },
  },
  required: ['checkReadReplicas'],
};

const messages = {
  copied: '{{name}} is selected by AWS Backup plan {{plan}} ({{selection}}), whose rule {{rule}} copies to {{vault}} in {{region}}; tier {{tier}} requires a copy in {{wanted}}',
  notSelected: '{{name}} is selected by no AWS Backup plan: no backup of it leaves its Region (tier {{tier}} requires a copy in {{wanted}}){{detail}}',
  noCopy: '{{name}} is backed up by {{plans}}, but no rule copies to {{wanted}}{{detail}}; losing the Region loses the backups with it (tier {{tier}})',
  cannotTell: '{{name}}: cannot tell whether its backups are copied to {{wanted}} (tier {{tier}}): {{reason}}',
  memberWithoutCluster: "{{name}} is an Aurora cluster member: AWS Backup protects its cluster, which cannot be judged (tier {{tier}} requires a copy in {{wanted}}): {{reason}}",
};

export default defineRule({
  id: 'backup-cross-region-copy',
  meta: {
    title: 'Critical resources are backed up by an AWS Backup plan that copies to the DR Region',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['T-DR'],
    rationale:
      'T-DR asks for recovery when a whole Region is lost, and the backups kept in that Region are lost or unreachable with it. An AWS Backup plan whose rule has a copy action to a vault in the DR Region keeps a restorable copy there: the "backup and restore" DR approach, with an RPO of the copy schedule and an RTO of a restore from snapshot. ' +
      'The rule checks that every resource of a tier that requires it (db.crossRegionBackupCopy, catalogue: critical) is selected by such a plan — by ARN, wildcard or tag — and that the copy\'s destination vault is in the policy\'s drRegion (unset: any other Region). Databases are judged today; other kinds join as they join the graph.',
    remediation: {
      terraform:
        'resource "aws_backup_vault" "dr" { provider = aws.dr, name = "dr" }; in aws_backup_plan.rule: copy_action { destination_vault_arn = aws_backup_vault.dr.arn, lifecycle { delete_after = 35 } }; and an aws_backup_selection that selects the resource (resources = [aws_rds_cluster.<db>.arn] or selection_tag).',
      cloudformation:
        'AWS::Backup::BackupPlan BackupPlanRule[].CopyActions: [{ DestinationBackupVaultArn: arn:aws:backup:<dr-region>:<account>:backup-vault:<name>, Lifecycle: { DeleteAfterDays: 35 } }] (the vault created by a stack in the DR Region), and an AWS::Backup::BackupSelection with Resources or ListOfTags that select the resource.',
      console: 'AWS Backup console → Backup plans → the plan → edit the rule → Copy to destination: the DR Region and its vault; then Assign resources.',
      cli: 'aws backup update-backup-plan --backup-plan-id <id> --backup-plan file://plan.json (Rules[].CopyActions[].DestinationBackupVaultArn = the DR vault ARN); aws backup create-backup-selection --backup-plan-id <id> --backup-selection file://selection.json',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html',
    tags: ['resilience', 'backup', 'disaster-recovery'],
  },
  options,
  appliesTo: ['db.cluster', 'db.instance'],
  check(resource, ctx) {
    if (!ctx.tier.requirements.db.crossRegionBackupCopy) return;
    const r = resource as AnyResource;
    const drRegion = ctx.tier.requirements.region?.drRegion;
    const wanted = drRegion ?? 'another Region';
    const { db, orphan } = judgedItself(r, ctx.graph, ctx.options.checkReadReplicas);
    if (orphan) ctx.unknown('memberWithoutCluster', { reason: orphan.reason, wanted }, { prop: orphan.prop });
    if (!db) return;
    const region = r.provenance.region;
    const expected = { copyRegion: drRegion ?? 'other' };
    const doubts: string[] = [];
    const selecting: string[] = [];
    const elsewhere: string[] = [];
    for (const p of plansFor(r, ctx.graph)) {
      if (p.selected === 'no') continue;
      const via = p.selection ? `selection ${p.selection.declaredBy}` : 'its selections';
      if (isUnknown(p.selected)) {
        doubts.push(`whether ${p.plan.address} (${via}) selects it: ${p.selected.reason}`);
        continue;
      }
      selecting.push(p.plan.address);
      const rules = p.plan.props.rules;
      if (isUnknown(rules)) {
        doubts.push(`${p.plan.address}'s rules: ${rules.reason}`);
        continue;
      }
      for (const rule of rules ?? []) {
        const ruleName = typeof rule.name === 'string' ? rule.name : '(unnamed)';
        if (isUnknown(rule.copyActions)) {
          doubts.push(`${p.plan.address} rule ${ruleName}'s copy actions: ${rule.copyActions.reason}`);
          continue;
        }
        for (const c of rule.copyActions ?? []) {
          const to = c.region;
          if (isUnknown(to) || to === undefined) {
            doubts.push(`${p.plan.address} rule ${ruleName} copies to a vault whose Region is unknown: ${to ? to.reason : 'not given'}`);
            continue;
          }
          const planRegion = p.plan.provenance.region ?? region;
          const inDr = drRegion ? to === drRegion : planRegion !== undefined ? to !== planRegion : undefined;
          if (inDr === undefined) {
            doubts.push(`${p.plan.address} copies to ${to}, and its own Region is not known offline`);
            continue;
          }
          if (inDr) {
            const vault = isUnknown(c.destinationVaultArn) && 'address' in c.destinationVaultArn ? String((c.destinationVaultArn as { address: string }).address) : String(c.destinationVaultArn ?? 'a vault');
            ctx.pass('copied', { plan: p.plan.address, selection: via, rule: ruleName, vault, region: to, wanted }, { evidence: { expected, actual: { plan: p.plan.address, rule: ruleName, copyRegion: to } } });
            return;
          }
          elsewhere.push(`${p.plan.address} rule ${ruleName} copies to ${to}`);
        }
      }
    }
    const actual = { selectedBy: selecting, copies: elsewhere };
    if (doubts.length) {
      ctx.unknown('cannotTell', { wanted, reason: doubts.join('; ') }, { evidence: { expected, actual } });
      return;
    }
    const detail = elsewhere.length ? ` (${elsewhere.join('; ')})` : '';
    if (selecting.length === 0) ctx.fail('notSelected', { wanted, detail: '' }, { evidence: { expected, actual } });
    else ctx.fail('noCopy', { wanted, plans: selecting.join(', '), detail }, { evidence: { expected, actual } });
  },
});
