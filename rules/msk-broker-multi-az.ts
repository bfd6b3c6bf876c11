import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import { brokerAzs } from '../src/analysis/search.js';
import { isUnknown } from '../src/graph/values.js';
import { streamRequirements } from '../src/policy/search.js';

type Options = Record<string, never>;

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {},
  required: [],
} as unknown as JSONSchemaType<Options>;

const messages = {
  meets: '{{name}} spreads {{brokers}} brokers over {{azCount}} AZs ({{azs}}); tier {{tier}} requires ≥ {{minAzs}}',
  serverless: '{{name}} is MSK Serverless: AWS runs it over the Region\'s AZs (tier {{tier}} requires ≥ {{minAzs}})',
  tooFew: '{{name}} has its client subnets in only {{azCount}} AZ(s) ({{azs}}){{impact}}; tier {{tier}} requires brokers in ≥ {{minAzs}} AZs',
  notMultiple: '{{name}} has {{brokers}} brokers for {{subnets}} client subnets: MSK needs a multiple of the subnet count to place them evenly (tier {{tier}})',
  cannotTell: '{{name}}: cannot tell whether its brokers span ≥ {{minAzs}} AZs (tier {{tier}}): {{reason}}',
};

export default defineRule({
  id: 'msk-broker-multi-az',
  meta: {
    title: 'MSK clusters spread their brokers over enough AZs',
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['STREAM-AZ', 'SPOF'],
    rationale:
      'STREAM-AZ: Amazon MSK places a provisioned cluster\'s brokers evenly in its client subnets, one subnet per AZ (two or three AZs; AWS recommends three). ' +
      'The broker count must be a multiple of the subnet count. With the subnets in fewer AZs than the tier asks, losing one AZ takes away a larger share of the brokers, or every replica of a partition. ' +
      'MSK Serverless is Regional: AWS spreads it over the Region\'s AZs.',
    remediation: {
      terraform: 'aws_msk_cluster: broker_node_group_info { client_subnets = [one private subnet in each of 3 AZs] } and number_of_broker_nodes = a multiple of 3 (terraform-aws-modules/msk-kafka-cluster: broker_node_client_subnets, number_of_broker_nodes).',
      cloudformation: 'AWS::MSK::Cluster: BrokerNodeGroupInfo.ClientSubnets: three subnets in distinct AZs; NumberOfBrokerNodes: a multiple of 3.',
      console: 'MSK console: client subnets cannot be changed on an existing cluster; create a cluster over three AZs and migrate (MSK Replicator), or add brokers in multiples of the AZ count (Actions → Edit number of brokers).',
      cli: 'aws kafka create-cluster-v2 … (BrokerNodeGroupInfo ClientSubnets in 3 AZs); aws kafka update-broker-count --cluster-arn <arn> --current-version <v> --target-number-of-broker-nodes <multiple of AZs>',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html',
    tags: ['resilience', 'streaming', 'spof'],
  },
  options,
  appliesTo: ['stream.cluster'],
  check(c, ctx) {
    const { minAzs } = streamRequirements(ctx.tier.requirements);
    if (minAzs < 2) return;
    if (c.props.serverless === true) {
      ctx.pass('serverless', { minAzs }, { evidence: { expected: { minAzs }, actual: { serverless: true } } });
      return;
    }
    const azs = brokerAzs(c, ctx.graph);
    const location = ctx.graph.outgoing(c.id, 'in-subnet')[0]?.location;
    const brokers = c.props.brokerCount;
    const at = (actual: unknown, prop?: string): At => ({
      ...(prop ? { prop } : location ? { location } : { prop: 'brokerCount' }),
      evidence: { ...(azs.attribute ? { attribute: azs.attribute } : {}), expected: { minAzs }, actual, related: 'reason' in azs ? [] : azs.subnets },
    });
    if ('reason' in azs) {
      ctx.unknown('cannotTell', { minAzs, reason: azs.reason }, at(null));
      return;
    }
    const span = azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
    const actual = { azs: azs.labels, brokers: isUnknown(brokers) ? brokers : (brokers ?? null) };
    if (azs.max < minAzs) {
      ctx.fail('tooFew', { minAzs, azCount: span, azs: azs.labels.join(', '), impact: azs.max === 1 ? ': losing that AZ takes every broker' : '' }, at(actual));
      return;
    }
    if (azs.min < minAzs) {
      ctx.unknown('cannotTell', { minAzs, reason: `client subnets span ${span} AZs (${azs.labels.join(', ')}): ${azs.doubts.join('; ')}` }, at(actual));
      return;
    }
    if (isUnknown(brokers) || brokers === undefined) {
      ctx.unknown('cannotTell', { minAzs, reason: isUnknown(brokers) ? `the broker count: ${brokers.reason}` : 'number_of_broker_nodes is not set' }, at(actual, 'brokerCount'));
      return;
    }
    const subnets = azs.subnets.length;
    if (subnets > 0 && brokers % subnets !== 0) ctx.fail('notMultiple', { brokers, subnets }, at(actual, 'brokerCount'));
    else ctx.pass('meets', { minAzs, brokers, azCount: span, azs: azs.labels.join(', ') }, at(actual));
  },
});
