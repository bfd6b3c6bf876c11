import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import type { AnyResource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  requireMaxCapacity: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requireMaxCapacity: {
      type: 'boolean',
      default: true,
      description: "Judge the maximum capacity against the tier's serverlessMaxAcu. Set false to judge only the minimum and auto-pause (e.g. when the catalogue's ceiling is a cost limit you do not want reported).",
    },
  },
  required: ['requireMaxCapacity'],
};

const messages = {
  withinRange: '{{name}} scales Aurora Serverless v2 between {{min}} and {{max}} ACU; tier {{tier}} allows {{range}}',
  autoPause:
    '{{name}} has a minimum capacity of 0 ACU: it auto-pauses when idle, and the first connection after a pause waits for it to resume; tier {{tier}} does not allow auto-pause (minimum ≥ {{tierMin}} ACU){{also}}',
  minTooLow: '{{name}} has a minimum capacity of {{min}} ACU; tier {{tier}} requires ≥ {{tierMin}} ACU{{also}}',
  maxTooHigh: '{{name}} may scale to {{max}} ACU; tier {{tier}} allows at most {{tierMax}} ACU',
  cannotTell: '{{name}}: cannot tell its Aurora Serverless v2 capacity (tier {{tier}} allows {{range}}): {{reason}}',
};

function acu(n: number | undefined): string {
  return n === undefined ? '?' : String(n);
}

export default defineRule({
  id: 'db-serverless-capacity',
  meta: {
    title: 'Aurora Serverless v2 capacity stays within the tier\'s range',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['DB-SERVERLESS'],
    rationale:
      'DB-SERVERLESS sets the Aurora Serverless v2 capacity range per tier (critical 0.5–64 ACU, high 0.5–32, medium 0.5–16) and allows auto-pause only below critical. ' +
      'A minimum of 0 ACU lets the cluster pause when idle; the first connection after a pause waits for it to resume (seconds, longer after a long pause), which a critical service cannot absorb. ' +
      'The minimum also bounds the capacity a reader has when it is promoted by a failover. The ranges are policy numbers (tiers.<tier>.db.serverlessMinAcu / serverlessMaxAcu / serverlessAutoPause).',
    remediation: {
      terraform: 'aws_rds_cluster: serverlessv2_scaling_configuration { min_capacity = 0.5, max_capacity = 64 } (within the tier\'s range; min_capacity 0 only where auto-pause is allowed).',
      cloudformation: 'AWS::RDS::DBCluster: ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 64 }',
      console: 'RDS console → Databases → select the cluster → Modify → Capacity range: set minimum and maximum ACUs.',
      cli: 'aws rds modify-db-cluster --db-cluster-identifier <id> --serverless-v2-scaling-configuration MinCapacity=0.5,MaxCapacity=64 --apply-immediately',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html',
    tags: ['resilience', 'database', 'capacity'],
  },
  options,
  appliesTo: ['db.cluster'],
  check(resource, ctx) {
    const cluster = resource as AnyResource;
    if (cluster.kind !== 'db.cluster') return;
    const config = cluster.props.serverlessV2;
    if (config === undefined) return;
    const db = ctx.tier.requirements.db;
    const tierMin = db.serverlessMinAcu;
    const tierMax = ctx.options.requireMaxCapacity ? db.serverlessMaxAcu : undefined;
    const pauseAllowed = db.serverlessAutoPause !== false;
    if (tierMin === undefined && tierMax === undefined && pauseAllowed) return;
    const range = `${tierMin ?? 0}–${tierMax ?? 'any'} ACU${pauseAllowed ? ' (0 ACU auto-pause allowed)' : ', no auto-pause'}`;
    const expected = { minAcu: tierMin ?? null, maxAcu: tierMax ?? null, autoPause: pauseAllowed };
    if (isUnknown(config)) {
      ctx.unknown('cannotTell', { reason: config.reason, range }, { prop: 'serverlessV2', evidence: { expected, actual: config } });
      return;
    }
    const min = config.minCapacity;
    const max = config.maxCapacity;
    const actual = { minAcu: isUnknown(min) ? min : (min ?? null), maxAcu: isUnknown(max) ? max : (max ?? null) };
    const at = { prop: 'serverlessV2', evidence: { expected, actual } };
    // One result per cluster: the first breach is the message, the others are appended.
    const problems: { id: 'autoPause' | 'minTooLow' | 'maxTooHigh'; data: Record<string, unknown>; text: string }[] = [];
    const doubts: string[] = [];
    // Terraform and CloudFormation both require min and max in the block; an absent one is not knowable.
    if (isUnknown(min)) doubts.push(`minimum capacity: ${min.reason}`);
    else if (min === undefined) doubts.push('the minimum capacity is not set');
    else if (min === 0 && !pauseAllowed) problems.push({ id: 'autoPause', data: { tierMin: tierMin ?? 0.5 }, text: 'minimum 0 ACU (auto-pause) not allowed' });
    else if (min !== 0 && tierMin !== undefined && min < tierMin) problems.push({ id: 'minTooLow', data: { min, tierMin }, text: `minimum ${min} ACU below ${tierMin}` });
    if (tierMax !== undefined) {
      if (isUnknown(max)) doubts.push(`maximum capacity: ${max.reason}`);
      else if (max === undefined) doubts.push('the maximum capacity is not set');
      else if (max > tierMax) problems.push({ id: 'maxTooHigh', data: { max, tierMax }, text: `maximum ${max} ACU above ${tierMax}` });
    }
    if (problems.length > 0) {
      const also = problems.length > 1 ? `; also ${problems.slice(1).map((x) => x.text).join('; ')}` : '';
      ctx.fail(problems[0].id, { ...problems[0].data, also }, at);
    }
    else if (doubts.length > 0) ctx.unknown('cannotTell', { reason: doubts.join('; '), range }, at);
    else ctx.pass('withinRange', { min: acu(min as number), max: acu(typeof max === 'number' ? max : undefined), range }, at);
  },
});
