import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  skipGlobalReplicas: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    skipGlobalReplicas: {
      type: 'boolean',
      default: false,
      description:
        'Do not judge a table that has global table replicas when its own PITR is off. Off by default: a replica copies every write, a bad write or delete included, so it never replaces point-in-time recovery.',
    },
  },
  required: ['skipGlobalReplicas'],
};

const messages = {
  enabled: '{{name}} has point-in-time recovery on ({{attribute}} = true); tier {{tier}} requires it',
  disabled:
    '{{name}} has no point-in-time recovery ({{actual}}): a bad write, a deleted item or a dropped table can only be restored from an on-demand backup, if any; tier {{tier}} requires PITR',
  cannotTell: '{{name}}: cannot tell whether point-in-time recovery is on (tier {{tier}} requires it): {{reason}}',
};

function attributeOf(r: Resource<'db.table'>): string {
  return r.propOrigins.pointInTimeRecovery?.attribute ?? (r.provenance.source === 'cloudformation' ? 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled' : r.provenance.source === 'aws' ? 'PointInTimeRecoveryStatus' : 'point_in_time_recovery.enabled');
}

export default defineRule({
  id: 'dynamodb-pitr',
  meta: {
    title: 'DynamoDB tables of production workloads have point-in-time recovery',
    // Lost data cannot be brought back by any failover or replica.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'medium' },
    requirements: ['DDB-PITR'],
    rationale:
      'DDB-PITR requires point-in-time recovery on the DynamoDB tables of critical and high workloads (policy tiers.<tier>.table.pointInTimeRecovery). ' +
      'PITR keeps continuous backups for up to 35 days and restores the table to any second in that window; without it, a bad deployment or a stray delete is undone only from an on-demand backup, if one exists. ' +
      'A global table replica does not replace it: replication copies the bad write to every Region.',
    remediation: {
      terraform: 'aws_dynamodb_table: point_in_time_recovery { enabled = true } (terraform-aws-modules/dynamodb-table: point_in_time_recovery_enabled = true).',
      cloudformation: 'AWS::DynamoDB::Table: PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } (AWS::DynamoDB::GlobalTable: in every item of Replicas).',
      console: 'DynamoDB console → Tables → select the table → Backups → Point-in-time recovery → Edit → Turn on.',
      cli: 'aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html',
    tags: ['resilience', 'database', 'backup'],
  },
  options,
  appliesTo: ['db.table'],
  check(resource, ctx) {
    if (!ctx.tier.requirements.table?.pointInTimeRecovery) return;
    const r = resource as Resource<'db.table'>;
    const value = r.props.pointInTimeRecovery;
    if (ctx.options.skipGlobalReplicas && value !== true && Array.isArray(r.props.replicas) && r.props.replicas.length > 0) return;
    const attribute = attributeOf(r);
    const evidence = { expected: true, actual: isUnknown(value) ? value : (value ?? null) };
    const at = { prop: 'pointInTimeRecovery', evidence };
    if (isUnknown(value)) ctx.unknown('cannotTell', { reason: value.reason }, at);
    else if (value === true) ctx.pass('enabled', { attribute }, at);
    else ctx.fail('disabled', { actual: value === undefined ? 'not set: AWS default is off' : `${attribute} = false` }, at);
  },
});
