import type { JSONSchemaType } from 'ajv';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { clusterMembership } from '../src/analysis/db-cluster.js';
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
      default: true,
      description:
        'Judge standalone RDS read replicas (replicate_source_db set) like any database of their tier. A replica that serves reads, or is the DR copy, is lost just as surely by a stray delete.',
    },
  },
  required: ['checkReadReplicas'],
};

const messages = {
  protected: '{{name}} has deletion protection on ({{attribute}} = true); tier {{tier}} requires it',
  unprotected: '{{name}} can be deleted by one API call or a replacing apply ({{actual}}); tier {{tier}} requires deletion protection ({{attribute}} = true)',
  cannotTell: '{{name}}: cannot tell whether deletion protection is on (tier {{tier}} requires it): {{reason}}',
  memberWithoutCluster:
    "{{name}} is an Aurora cluster member: deletion protection is its cluster's setting, and its cluster cannot be judged (tier {{tier}} requires it): {{reason}}",
};
type MessageId = keyof typeof messages;
type Ctx = RuleContext<Options, MessageId>;

function attributeOf(r: AnyResource): string {
  return (r.propOrigins as Record<string, { attribute: string } | undefined>).deletionProtection?.attribute ?? (r.provenance.source === 'cloudformation' || r.provenance.source === 'aws' ? 'DeletionProtection' : 'deletion_protection');
}

function judge(r: Resource<'db.instance'> | Resource<'db.cluster'> | Resource<'db.global-cluster'>, ctx: Ctx): void {
  const attribute = attributeOf(r as AnyResource);
  const value = r.props.deletionProtection;
  const evidence = { expected: true, actual: isUnknown(value) ? value : (value ?? null) };
  if (isUnknown(value)) ctx.unknown('cannotTell', { reason: value.reason }, { prop: 'deletionProtection', evidence });
  else if (value === true) ctx.pass('protected', { attribute }, { prop: 'deletionProtection', evidence });
  else {
    // Every source (API, Terraform, CloudFormation) defaults to off.
    const actual = value === undefined ? 'not set: AWS default is off' : `${attribute} = false`;
    ctx.fail('unprotected', { attribute, actual }, { prop: 'deletionProtection', evidence });
  }
}

export default defineRule({
  id: 'db-deletion-protection',
  meta: {
    title: 'Production databases cannot be deleted by accident',
    // A deleted database loses what its final snapshot does not hold, and restoring takes hours: beyond every tier's RTO.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['DB-DELETE'],
    rationale:
      'DB-DELETE requires deletion protection on production databases (tiers with deletionProtection: critical and high by default). ' +
      'Without it, one DeleteDBCluster call, a console slip, or a Terraform/CloudFormation change that replaces the resource removes the database; ' +
      'a restore from a snapshot takes far longer than any tier\'s RTO and loses what was written since. ' +
      'Aurora clusters, standalone RDS instances and Aurora global clusters each carry their own flag; Aurora instances are protected through their cluster and are judged there.',
    remediation: {
      terraform: 'aws_rds_cluster / aws_db_instance / aws_rds_global_cluster: deletion_protection = true (terraform-aws-modules/rds-aurora: deletion_protection = true).',
      cloudformation: 'AWS::RDS::DBCluster / AWS::RDS::DBInstance / AWS::RDS::GlobalCluster: DeletionProtection: true',
      console: 'RDS console → Databases → select the cluster or instance → Modify → Deletion protection: Enable deletion protection → Apply immediately.',
      cli: 'aws rds modify-db-cluster --db-cluster-identifier <id> --deletion-protection --apply-immediately (modify-db-instance --db-instance-identifier for RDS instances; modify-global-cluster --global-cluster-identifier for global clusters)',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection',
    tags: ['resilience', 'database'],
  },
  options,
  appliesTo: ['db.instance', 'db.cluster', 'db.global-cluster'],
  check(resource, ctx) {
    if (!ctx.tier.requirements.db.deletionProtection) return;
    const r = resource as AnyResource;
    if (r.kind === 'db.instance') {
      const membership = clusterMembership(r, ctx.graph);
      if (membership.member) {
        if (!membership.cluster) ctx.unknown('memberWithoutCluster', { reason: membership.reason }, { prop: membership.prop, evidence: { expected: true, actual: { cluster: null } } });
        return;
      }
      if (r.props.replicateSourceDb !== undefined && !ctx.options.checkReadReplicas) return;
      judge(r, ctx);
    } else if (r.kind === 'db.cluster' || r.kind === 'db.global-cluster') {
      judge(r, ctx);
    }
  },
});
