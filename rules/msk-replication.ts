import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { brokerAzs, mskDefaults } from '../src/analysis/search.js';
import { isUnknown, type Maybe } from '../src/graph/values.js';
import { streamRequirements } from '../src/policy/search.js';

type Options = Record<string, never>;

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {},
  required: [],
} as unknown as JSONSchemaType<Options>;

const messages = {
  meets: '{{name}}: default.replication.factor {{rf}} and min.insync.replicas {{isr}} ({{source}}); tier {{tier}} requires ≥ {{minRf}} and ≥ {{minIsr}}',
  lowRf: '{{name}}: default.replication.factor is {{rf}} ({{source}}): a partition keeps fewer copies than tier {{tier}} requires (≥ {{minRf}})',
  lowIsr: '{{name}}: min.insync.replicas is {{isr}} ({{source}}): an acknowledged write may sit on fewer replicas than tier {{tier}} requires (≥ {{minIsr}})',
  isrNotBelowRf:
    '{{name}}: min.insync.replicas {{isr}} is not below default.replication.factor {{rf}} ({{source}}): producers with acks=all stop as soon as one replica is down (a broker update, an AZ outage) (tier {{tier}})',
  cannotTell: '{{name}}: cannot tell its default replication factor and min.insync.replicas (tier {{tier}} requires ≥ {{minRf}} and ≥ {{minIsr}}): {{reason}}',
};

export default defineRule({
  id: 'msk-replication',
  meta: {
    title: 'MSK cluster configurations replicate topics enough to survive an AZ',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['STREAM-RF'],
    rationale:
      'STREAM-RF: Kafka keeps a partition available and durable through the loss of a broker or an AZ only if it has enough replicas (replication factor) and an acknowledged write waits for enough of them (min.insync.replicas). ' +
      'AWS recommends a replication factor of 3 on three-AZ clusters and min.insync.replicas of at most RF − 1, so that acks=all producers keep writing while one replica is down. ' +
      'The rule reads the cluster-wide defaults of its MSK configuration (aws_msk_configuration server_properties / AWS::MSK::Configuration ServerProperties); without one, MSK\'s default configuration applies (RF 3 and min ISR 2 in three AZs, 2 and 1 in two). ' +
      'A topic created with its own replication factor or min.insync.replicas is not configuration and is not checked; MSK Serverless manages replication itself (not applicable).',
    remediation: {
      terraform:
        'aws_msk_configuration: server_properties = "default.replication.factor=3\\nmin.insync.replicas=2", referenced from aws_msk_cluster configuration_info { arn = aws_msk_configuration.this.arn, revision = aws_msk_configuration.this.latest_revision }.',
      cloudformation: 'AWS::MSK::Configuration: ServerProperties: "default.replication.factor=3\\nmin.insync.replicas=2"; AWS::MSK::Cluster ConfigurationInfo: { Arn: !GetAtt Config.Arn, Revision: 1 }.',
      console: 'MSK console → Cluster configurations → Create revision with default.replication.factor=3 and min.insync.replicas=2 → the cluster → Actions → Edit cluster configuration.',
      cli: 'aws kafka update-configuration --arn <configuration-arn> --server-properties fileb://server.properties; aws kafka update-cluster-configuration --cluster-arn <arn> --configuration-info Arn=<configuration-arn>,Revision=<n> --current-version <v>',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html',
    tags: ['resilience', 'streaming', 'data'],
  },
  options,
  appliesTo: ['stream.cluster'],
  check(c, ctx) {
    const { replicationFactor: minRf, minInsyncReplicas: minIsr } = streamRequirements(ctx.tier.requirements);
    if (minRf < 1 && minIsr < 1) return;
    if (c.props.serverless === true) return;
    const expected = { replicationFactor: minRf, minInsyncReplicas: minIsr };
    const attribute = c.propOrigins.replicationFactor?.attribute;
    const prop = attribute ? 'replicationFactor' : undefined;
    const unknown = (reason: string, actual: unknown): void =>
      ctx.unknown('cannotTell', { minRf, minIsr, reason }, { ...(prop ? { prop } : {}), evidence: { ...(attribute ? { attribute } : {}), expected, actual } });

    let rf: Maybe<number> = c.props.replicationFactor;
    let isr: Maybe<number> = c.props.minInsyncReplicas;
    if (isUnknown(rf)) return unknown(rf.reason, rf);
    if (isUnknown(isr)) return unknown(isr.reason, isr);
    const sources: string[] = [];
    let defaultAzs = 0;
    if (rf === undefined || isr === undefined) {
      // Not set: MSK's default configuration, which depends on the AZs the brokers are in.
      const azs = brokerAzs(c, ctx.graph);
      if ('reason' in azs) return unknown(`the MSK default configuration depends on the cluster's AZs: ${azs.reason}`, null);
      if (azs.min !== azs.max) return unknown(`the MSK default configuration depends on the cluster's AZs, which span ${azs.min}–${azs.max}: ${azs.doubts.join('; ')}`, null);
      const d = mskDefaults(azs.max);
      if (!d) return unknown(`MSK documents its defaults for clusters in 2 or 3 AZs; this one spans ${azs.max}`, null);
      defaultAzs = azs.max;
      if (rf === undefined) {
        rf = d.replicationFactor;
        sources.push(`default.replication.factor: MSK default for ${azs.max} AZs`);
      }
      if (isr === undefined) {
        isr = d.minInsyncReplicas;
        sources.push(`min.insync.replicas: MSK default for ${azs.max} AZs`);
      }
    }
    const source = sources.length === 0 ? 'set in the cluster configuration' : sources.length === 2 ? `MSK default configuration for ${defaultAzs} AZs` : `${sources[0]}, the other set in the cluster configuration`;
    const at = { ...(prop ? { prop } : {}), evidence: { ...(attribute ? { attribute } : {}), expected, actual: { replicationFactor: rf, minInsyncReplicas: isr } } };
    const data = { rf, isr, minRf, minIsr, source };
    if (rf < minRf) ctx.fail('lowRf', data, at);
    else if (isr < minIsr) ctx.fail('lowIsr', data, at);
    else if (rf > 1 && isr >= rf) ctx.fail('isrNotBelowRf', data, at);
    else ctx.pass('meets', data, at);
  },
});
