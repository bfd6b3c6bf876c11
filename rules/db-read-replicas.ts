import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { clusterMembers, readerScaling, type ReaderScaling } from '../src/analysis/db-cluster.js';
import type { AnyResource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  countAutoScaledReaders: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    countAutoScaledReaders: {
      type: 'boolean',
      default: true,
      description:
        "Count the readers Aurora Auto Scaling keeps (the min_capacity of a scaling target on rds:cluster:ReadReplicaCount). Application Auto Scaling holds that minimum, so they exist; set false to count declared instances only (e.g. when readers must be pinned to AZs).",
    },
  },
  required: ['countAutoScaledReaders'],
};

const messages = {
  enough: '{{name}} has {{readers}} reader(s){{detail}}; tier {{tier}} requires ≥ {{expected}}',
  tooFew: '{{name}} has {{readers}} reader(s){{detail}}: a failover has {{readers}} target(s) to promote and reads fall on the writer; tier {{tier}} requires ≥ {{expected}}',
  multiAzDbCluster: '{{name}} is a Multi-AZ DB cluster ({{instanceClass}}): 2 readable standbys; tier {{tier}} requires ≥ {{expected}}',
  serverlessV1: '{{name}} is Aurora Serverless v1 (engine mode serverless), which has no readers; tier {{tier}} requires ≥ {{expected}}',
  cannotTell: '{{name}}: cannot tell how many readers it has (tier {{tier}} requires ≥ {{expected}}): {{reason}}',
};

export default defineRule({
  id: 'db-read-replicas',
  meta: {
    title: 'Aurora clusters keep enough readers to fail over to',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['DB-REPLICAS'],
    rationale:
      'DB-REPLICAS sets the Aurora readers per tier (critical ≥ 2, high ≥ 1; the policy\'s minReplicas). ' +
      'Aurora fails over by promoting a reader, in about a minute; with no reader it must create a new writer, which takes far longer, and with one reader a second failure (or maintenance) leaves none. ' +
      'Readers are the cluster\'s instances but its writer; readers that Aurora Auto Scaling keeps (aws_appautoscaling_target on rds:cluster:ReadReplicaCount, its min_capacity) count, since the target\'s minimum is held.',
    remediation: {
      terraform:
        'aws_rds_cluster_instance: count = minReplicas + 1 (terraform-aws-modules/rds-aurora: instances = { one = {}, two = {}, three = {} }), or aws_appautoscaling_target { service_namespace = "rds", scalable_dimension = "rds:cluster:ReadReplicaCount", min_capacity = 2 }.',
      cloudformation: 'Add AWS::RDS::DBInstance resources with DBClusterIdentifier: !Ref <cluster> (one per reader), or an AWS::ApplicationAutoScaling::ScalableTarget on rds:cluster:ReadReplicaCount with MinCapacity ≥ the tier\'s readers.',
      console: 'RDS console → Databases → select the cluster → Actions → Add reader (repeat per reader, in other AZs).',
      cli: 'aws rds create-db-instance --db-cluster-identifier <cluster> --db-instance-identifier <reader> --engine <aurora-engine> --db-instance-class <class>',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html',
    tags: ['resilience', 'database'],
  },
  options,
  appliesTo: ['db.cluster'],
  check(resource, ctx) {
    const cluster = resource as AnyResource;
    if (cluster.kind !== 'db.cluster') return;
    const expected = ctx.tier.requirements.db.minReplicas;
    if (!(expected > 0)) return;
    const p = cluster.props;
    // Non-Aurora Multi-AZ DB cluster: a writer and two readable standbys, always.
    if (p.dbClusterInstanceClass !== undefined) {
      const instanceClass = isUnknown(p.dbClusterInstanceClass) ? 'instance class unknown' : p.dbClusterInstanceClass;
      const evidence = { expected, actual: { readers: 2 } };
      if (2 >= expected) ctx.pass('multiAzDbCluster', { instanceClass, expected }, { prop: 'dbClusterInstanceClass', evidence });
      else ctx.fail('tooFew', { readers: 2, detail: ' (Multi-AZ DB cluster)', expected }, { prop: 'dbClusterInstanceClass', evidence });
      return;
    }
    if (isUnknown(p.engineMode)) {
      ctx.unknown('cannotTell', { reason: `engine mode: ${p.engineMode.reason}`, expected }, { prop: 'engineMode', evidence: { expected, actual: p.engineMode } });
      return;
    }
    if (p.engineMode === 'serverless') {
      ctx.fail('serverlessV1', { expected }, { prop: 'engineMode', evidence: { expected, actual: { engineMode: 'serverless', readers: 0 } } });
      return;
    }
    const { members, maybe } = clusterMembers(cluster, ctx.graph);
    const scaling: ReaderScaling = ctx.options.countAutoScaledReaders ? readerScaling(cluster, ctx.graph) : { targets: [] };
    const declared = Math.max(0, members.length - 1);
    // Auto scaling adds readers only once a writer exists; its minimum counts every reader, declared ones included.
    const scaled = members.length > 0 && scaling.min !== undefined ? Math.max(declared, scaling.min) : declared;
    const related = [...members.map((m) => m.address).sort(), ...maybe.map((m) => m.address).sort(), ...scaling.targets.map((t) => t.address)];
    const actual = { instances: members.length, readers: scaled, ...(scaling.min !== undefined ? { minReaders: scaling.min } : {}) };
    const evidence = { expected, actual, related };
    const detail =
      scaling.min !== undefined && scaling.target
        ? ` (${members.length} instance(s) declared; Aurora Auto Scaling keeps ≥ ${scaling.min} reader(s): ${scaling.target.propOrigins.minCapacity?.attribute ?? 'min_capacity'} = ${scaling.min} on ${scaling.target.address})`
        : ` (${members.length} instance(s) declared, one of them the writer)`;
    const scalingAt = scaling.target ? { locationOf: { resource: scaling.target as AnyResource, prop: 'minCapacity' } } : {};
    if (scaled >= expected) {
      ctx.pass('enough', { readers: scaled, detail, expected }, { ...scalingAt, evidence });
      return;
    }
    // Doubts that may add readers turn a failure into unknown, never a pass.
    const doubts: string[] = [];
    if (maybe.length > 0) doubts.push(`${maybe.length} instance(s) whose cluster could not be resolved may belong to it (${maybe.map((m) => m.address).sort().join(', ')})`);
    if (scaling.doubt) doubts.push(scaling.doubt.reason);
    if (members.length === 0 && scaling.min !== undefined && scaling.min >= expected && scaling.target) {
      doubts.push(`no instance is declared, yet Aurora Auto Scaling keeps ≥ ${scaling.min} reader(s) (${scaling.target.address}) once a writer exists: the writer may be managed outside the scan`);
    }
    if (doubts.length > 0) {
      const doubtAt = scaling.doubt?.target ? { locationOf: { resource: scaling.doubt.target as AnyResource, prop: 'minCapacity' } } : scalingAt;
      ctx.unknown('cannotTell', { reason: `${scaled} known reader(s); ${doubts.join('; ')}`, expected }, { ...doubtAt, evidence });
    } else {
      ctx.fail('tooFew', { readers: scaled, detail, expected }, { ...scalingAt, evidence });
    }
  },
});
