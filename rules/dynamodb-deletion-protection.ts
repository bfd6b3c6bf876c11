import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  requireWithReplicas: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requireWithReplicas: {
      type: 'boolean',
      default: true,
      description:
        'Judge tables that have global table replicas like any other. A replica survives the loss of one Region, not a deleted table: deleting a replica is one more API call away.',
    },
  },
  required: ['requireWithReplicas'],
};

const messages = {
  protected: '{{name}} has deletion protection on ({{attribute}} = true); tier {{tier}} requires it',
  unprotected: '{{name}} can be deleted by one DeleteTable call or a replacing apply ({{actual}}); tier {{tier}} requires deletion protection',
  cannotTell: '{{name}}: cannot tell whether deletion protection is on (tier {{tier}} requires it): {{reason}}',
};

function attributeOf(r: Resource<'db.table'>): string {
  return r.propOrigins.deletionProtection?.attribute ?? (r.provenance.source === 'cloudformation' || r.provenance.source === 'aws' ? 'DeletionProtectionEnabled' : 'deletion_protection_enabled');
}

export default defineRule({
  id: 'dynamodb-deletion-protection',
  meta: {
    title: 'DynamoDB tables of production workloads cannot be deleted by accident',
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['DDB-DELETE'],
    rationale:
      'DDB-DELETE requires deletion protection on the DynamoDB tables of critical and high workloads (policy tiers.<tier>.table.deletionProtection). ' +
      'Without it one DeleteTable call, a console slip, or an IaC change that replaces the table (a new key schema, a new name) removes the table and its data; what PITR or a backup holds must then be restored into a new table, which takes far longer than any tier\'s RTO.',
    remediation: {
      terraform: 'aws_dynamodb_table: deletion_protection_enabled = true (terraform-aws-modules/dynamodb-table: deletion_protection_enabled = true).',
      cloudformation: 'AWS::DynamoDB::Table: DeletionProtectionEnabled: true (AWS::DynamoDB::GlobalTable: in every item of Replicas).',
      console: 'DynamoDB console → Tables → select the table → Additional settings → Deletion protection → Turn on.',
      cli: 'aws dynamodb update-table --table-name <table> --deletion-protection-enabled',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection',
    tags: ['resilience', 'database'],
  },
  options,
  appliesTo: ['db.table'],
  check(resource, ctx) {
    if (!ctx.tier.requirements.table?.deletionProtection) return;
    const r = resource as Resource<'db.table'>;
    if (!ctx.options.requireWithReplicas && Array.isArray(r.props.replicas) && r.props.replicas.length > 0) return;
    const value = r.props.deletionProtection;
    const attribute = attributeOf(r);
    const at = { prop: 'deletionProtection', evidence: { expected: true, actual: isUnknown(value) ? value : (value ?? null) } };
    if (isUnknown(value)) ctx.unknown('cannotTell', { reason: value.reason }, at);
    else if (value === true) ctx.pass('protected', { attribute }, at);
    else ctx.fail('unprotected', { actual: value === undefined ? 'not set: AWS default is off' : `${attribute} = false` }, at);
  },
});
