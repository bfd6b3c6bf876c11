import type { JSONSchemaType } from 'ajv';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { plansFor } from '../src/analysis/backup.js';
import { storageOf } from '../src/analysis/file-system.js';
import type { Resource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';
import { fileSystemRequirements } from '../src/policy/file-system.js';

type Options = Record<string, never>;

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {},
  required: [],
} as unknown as JSONSchemaType<Options>;

const messages = {
  policy: '{{name}} has automatic backups on (backup policy {{attribute}} ENABLED); tier {{tier}} requires backups',
  defaultOn: '{{name}} is One Zone and sets no backup policy: AWS turns automatic backups on by default for One Zone file systems; tier {{tier}} requires backups',
  planned: '{{name}} is selected by AWS Backup plan {{plan}} ({{selection}}); tier {{tier}} requires backups',
  none: '{{name}} has no automatic backups ({{actual}}) and no AWS Backup plan in the scan selects it: deleted or corrupted files cannot be restored; tier {{tier}} requires backups',
  cannotTell: '{{name}}: cannot tell whether it is backed up (tier {{tier}} requires backups): {{reason}}',
};
type Ctx = RuleContext<Options, keyof typeof messages>;

/** An AWS Backup plan known to select the file system, or the doubts about those that may. */
function plan(fs: Resource<'storage.file-system'>, ctx: Ctx): { found?: { plan: string; selection: string }; doubts: string[] } {
  const doubts: string[] = [];
  for (const p of plansFor(fs, ctx.graph)) {
    if (p.selected === 'no') continue;
    const via = p.selection ? `selection ${p.selection.declaredBy}` : 'its selections';
    if (isUnknown(p.selected)) doubts.push(`whether ${p.plan.address} (${via}) selects it: ${p.selected.reason}`);
    else if (isUnknown(p.plan.props.rules) || (p.plan.props.rules ?? []).length > 0) return { found: { plan: p.plan.address, selection: via }, doubts };
    else doubts.push(`${p.plan.address} selects it but has no rule`);
  }
  return { doubts };
}

export default defineRule({
  id: 'efs-backup',
  meta: {
    title: 'File systems of critical and high workloads are backed up automatically',
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['EFS-BACKUP'],
    rationale:
      'EFS-BACKUP (missing backups): neither Regional storage nor replication brings back a file that was deleted or overwritten; only a backup does. ' +
      'A file system passes when its EFS backup policy is ENABLED (daily AWS Backup recovery points kept 35 days), or when an AWS Backup plan in the scan selects it. ' +
      'Without a backup policy AWS\'s default applies: automatic backups are on for One Zone file systems created through the API, CLI, Terraform or CloudFormation, and off for Regional ones.',
    remediation: {
      terraform: 'resource "aws_efs_backup_policy" "<name>" { file_system_id = aws_efs_file_system.<name>.id  backup_policy { status = "ENABLED" } } (terraform-aws-modules/efs: enable_backup_policy = true), or select the file system in an aws_backup_selection.',
      cloudformation: 'AWS::EFS::FileSystem: BackupPolicy: { Status: ENABLED } (or an AWS::Backup::BackupSelection listing !GetAtt FileSystem.Arn).',
      console: 'EFS console → the file system → Edit (General) → select Enable automatic backups → Save changes.',
      cli: 'aws efs put-backup-policy --file-system-id fs-… --backup-policy Status=ENABLED',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/efs/latest/ug/automatic-backups.html',
    references: ['https://docs.aws.amazon.com/efs/latest/ug/awsbackup.html'],
    tierSettings: ['fileSystem.backups'],
    tags: ['resilience', 'storage', 'backup'],
  },
  options,
  appliesTo: ['storage.file-system'],
  check(resource, ctx) {
    if (!fileSystemRequirements(ctx.tier.requirements).backups) return;
    const fs = resource as Resource<'storage.file-system'>;
    const value = fs.props.backupPolicy;
    const attribute = fs.propOrigins.backupPolicy?.attribute ?? 'backup policy';
    const evidence = { expected: { backups: true }, actual: { backupPolicy: isUnknown(value) ? value : (value ?? null) } };
    if (value === true) {
      ctx.pass('policy', { attribute }, { prop: 'backupPolicy', evidence });
      return;
    }
    const p = plan(fs, ctx);
    if (p.found) {
      ctx.pass('planned', p.found, { evidence: { ...evidence, actual: { ...evidence.actual, plan: p.found.plan } } });
      return;
    }
    const at = { prop: 'backupPolicy', evidence };
    if (isUnknown(value)) {
      ctx.unknown('cannotTell', { reason: [`backup policy: ${value.reason}`, ...p.doubts].join('; ') }, at);
      return;
    }
    if (value === undefined) {
      // No backup policy: AWS's default depends on the storage class.
      const s = storageOf(fs);
      if ('unknown' in s) {
        ctx.unknown('cannotTell', { reason: [`no backup policy, and AWS's default (on for One Zone only) cannot be told: ${s.unknown}`, ...p.doubts].join('; ') }, at);
        return;
      }
      if (s.oneZone) {
        ctx.pass('defaultOn', {}, { evidence: { ...evidence, actual: { backupPolicy: null, oneZone: true } } });
        return;
      }
    }
    if (p.doubts.length) {
      ctx.unknown('cannotTell', { reason: [`automatic backups are off (${value === false ? 'backup policy DISABLED' : 'no backup policy: off by default for Regional storage'})`, ...p.doubts].join('; ') }, at);
      return;
    }
    ctx.fail('none', { actual: value === false ? `${attribute} DISABLED` : 'no backup policy: AWS default is off for Regional storage' }, at);
  },
});
