import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { clusterMembership } from '../src/analysis/db-cluster.js';
import type { AnyResource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  absentRetentionDays: number;
  checkReadReplicas: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    absentRetentionDays: {
      type: 'integer',
      minimum: 0,
      maximum: 35,
      default: 1,
      description:
        'Retention assumed when a database does not set backup_retention_period / BackupRetentionPeriod. The RDS API, Terraform and CloudFormation all default to 1 day (only the console proposes 7).',
    },
    checkReadReplicas: {
      type: 'boolean',
      default: false,
      description:
        'Also judge standalone RDS read replicas (replicate_source_db set). By default they are not applicable: the source database holds the automated backups and point-in-time recovery; a replica needs its own only once promoted (or as the source of another replica).',
    },
  },
  required: ['absentRetentionDays', 'checkReadReplicas'],
};

const messages = {
  sufficient: '{{name}} keeps automated backups for {{actual}}; tier {{tier}} requires ≥ {{expected}}',
  tooShort: '{{name}} keeps automated backups for only {{actual}}; tier {{tier}} requires ≥ {{expected}} (an error found later than the window cannot be undone)',
  disabled:
    '{{name}} has automated backups disabled (retention 0 days): no point-in-time recovery, and a deleted or corrupted database cannot be restored; tier {{tier}} requires ≥ {{expected}}',
  cannotTell: '{{name}}: cannot tell its backup retention (tier {{tier}} requires ≥ {{expected}}): {{reason}}',
  memberWithoutCluster:
    "{{name}} is an Aurora cluster member: backup retention is its cluster's setting, never the instance's, and its cluster cannot be judged (tier {{tier}} requires ≥ {{expected}}): {{reason}}",
};

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

export default defineRule({
  id: 'db-backup-retention',
  meta: {
    title: 'Databases keep automated backups long enough for point-in-time recovery',
    // Lost data cannot be brought back by any failover, so even the medium tier is medium severity.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'medium' },
    requirements: ['DB-BACKUP', 'DB-PITR'],
    tierSettings: ['db.backupRetentionDays'],
    rationale:
      'DB-BACKUP sets the automated backup retention per tier (critical ≥ 7 days, high ≥ 5, medium ≥ 1) and DB-PITR requires point-in-time recovery, which exists only while automated backups are on. ' +
      'Retention bounds how far back a logical error (a bad migration, a deleted table) can be undone: found after the window, it is unrecoverable. ' +
      'A retention of 0 disables backups and PITR altogether and is a failure in every tier.',
    remediation: {
      terraform: 'aws_db_instance / aws_rds_cluster: backup_retention_period = 7 (at least the tier\'s days; never 0).',
      cloudformation: 'AWS::RDS::DBInstance / AWS::RDS::DBCluster: BackupRetentionPeriod: 7',
      console: 'RDS console → Databases → select the database → Modify → Backup → Backup retention period.',
      cli: 'aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 7 --apply-immediately (modify-db-cluster --db-cluster-identifier for Aurora)',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html',
    tags: ['resilience', 'database', 'backup'],
  },
  options,
  appliesTo: ['db.instance', 'db.cluster'],
  check(resource, ctx) {
    const r = resource as AnyResource;
    if (r.kind === 'db.instance') {
      // Aurora members have no retention of their own: the cluster's applies, and without it nothing can be told.
      const membership = clusterMembership(r, ctx.graph);
      if (membership.member) {
        if (!membership.cluster) {
          const expected = ctx.tier.requirements.db.backupRetentionDays;
          ctx.unknown('memberWithoutCluster', { expected: days(expected), reason: membership.reason }, { prop: membership.prop, evidence: { expected, actual: { cluster: null } } });
        }
        return;
      }
      if (r.props.replicateSourceDb !== undefined && !ctx.options.checkReadReplicas) return;
    } else if (r.kind !== 'db.cluster') {
      return;
    }
    const expected = ctx.tier.requirements.db.backupRetentionDays;
    const required = days(expected);
    const value = r.props.backupRetentionDays;
    if (isUnknown(value)) {
      ctx.unknown('cannotTell', { expected: required, reason: value.reason }, { prop: 'backupRetentionDays', evidence: { expected, actual: value } });
      return;
    }
    const retention = value ?? ctx.options.absentRetentionDays;
    const actual = value === undefined ? `${days(retention)} (not set: AWS default ${days(ctx.options.absentRetentionDays)})` : days(retention);
    const at = { prop: 'backupRetentionDays', evidence: { expected, actual: value ?? `not set (default ${retention})` } };
    if (retention === 0) ctx.fail('disabled', { expected: required }, at);
    else if (retention < expected) ctx.fail('tooShort', { expected: required, actual }, at);
    else ctx.pass('sufficient', { expected: required, actual }, at);
  },
});
