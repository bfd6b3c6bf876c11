import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { domainDataNodes, domainZones } from '../src/analysis/search.js';
import { searchRequirements } from '../src/policy/search.js';

interface Options {
  /** Also require the data node count to be a multiple of the AZ count (even spread). */
  requireEvenSpread: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requireEvenSpread: {
      type: 'boolean',
      default: true,
      description:
        'Require the data node count to be a multiple of the AZ count. On by default: with an uneven spread, losing the AZ with the most nodes takes more than its share of the shards away (AWS requires an even count for two AZs).',
    },
  },
  required: ['requireEvenSpread'],
};

const messages = {
  meets: '{{name}} spreads {{nodes}} data node(s) over {{azs}} AZs with zone awareness; tier {{tier}} requires ≥ {{minAzs}}',
  zoneAwarenessOff:
    '{{name}} has zone awareness off ({{actual}}): all {{nodes}} data node(s) are in one AZ, and losing it takes the domain down; tier {{tier}} requires zone awareness over ≥ {{minAzs}} AZs',
  tooFewAzs: '{{name}} spreads its data nodes over only {{azs}} AZs; tier {{tier}} requires ≥ {{minAzs}}',
  tooFewNodes: '{{name}} has {{nodes}} data node(s) for {{azs}} AZs: at least one AZ holds no data node; tier {{tier}} requires ≥ 1 per AZ over ≥ {{minAzs}} AZs',
  uneven: '{{name}} has {{nodes}} data nodes over {{azs}} AZs: not a multiple of the AZ count, so the AZs hold unequal shares of the shards (tier {{tier}})',
  cannotTell: '{{name}}: cannot tell whether its data nodes span ≥ {{minAzs}} AZs (tier {{tier}}): {{reason}}',
};

export default defineRule({
  id: 'search-domain-multi-az',
  meta: {
    title: 'OpenSearch domains spread their data nodes over enough AZs',
    // Without zone awareness the domain is a single-AZ deployment: down for the AZ's outage.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['SEARCH-AZ', 'SPOF'],
    rationale:
      'SEARCH-AZ: an OpenSearch Service (or Elasticsearch) domain keeps its data nodes in one AZ unless zone awareness is on; then AWS spreads nodes and replica shards over 2 or 3 AZs, and the domain keeps serving when one AZ is lost (AWS recommends three AZs for production). ' +
      'The data node count must be a multiple of the AZ count and at least as large, or an AZ holds no (or a larger share of the) data. ' +
      'Replicas per index are index settings, not configuration: this rule does not see them (an index with 0 replicas loses shards with its AZ even on a zone-aware domain).',
    remediation: {
      terraform:
        'aws_opensearch_domain: cluster_config { instance_count = 3 (a multiple of the AZ count), zone_awareness_enabled = true, zone_awareness_config { availability_zone_count = 3 } } and vpc_options.subnet_ids with one subnet per AZ.',
      cloudformation:
        'AWS::OpenSearchService::Domain: ClusterConfig: { InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 } } and VPCOptions.SubnetIds with one subnet per AZ (AWS::Elasticsearch::Domain: ElasticsearchClusterConfig).',
      console: 'OpenSearch Service console → the domain → Actions → Edit cluster configuration → Deployment: Domain with or without standby, 3-AZ; data nodes a multiple of 3.',
      cli: 'aws opensearch update-domain-config --domain-name <name> --cluster-config InstanceCount=3,ZoneAwarenessEnabled=true,ZoneAwarenessConfig={AvailabilityZoneCount=3}',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html',
    tags: ['resilience', 'search', 'spof'],
  },
  options,
  appliesTo: ['search.domain'],
  check(d, ctx) {
    const { minAzs } = searchRequirements(ctx.tier.requirements);
    if (minAzs < 2) return;
    const zones = domainZones(d);
    const nodes = domainDataNodes(d);
    const expected = { minAzs };
    if ('reason' in zones) {
      ctx.unknown('cannotTell', { minAzs, reason: zones.reason }, { prop: zones.attribute.endsWith('availability_zone_count') || zones.attribute.endsWith('AvailabilityZoneCount') ? 'availabilityZoneCount' : 'zoneAwareness', evidence: { expected, actual: null } });
      return;
    }
    if (!zones.zoneAwareness) {
      const za = d.props.zoneAwareness;
      ctx.fail(
        'zoneAwarenessOff',
        { minAzs, nodes: typeof nodes === 'number' ? nodes : 'its', actual: za === false ? `${zones.attribute} = false` : 'not set: AWS default is off' },
        { prop: 'zoneAwareness', evidence: { attribute: zones.attribute, expected, actual: { zoneAwareness: za ?? null } } },
      );
      return;
    }
    const at = { prop: d.props.availabilityZoneCount === undefined ? 'zoneAwareness' : 'availabilityZoneCount', evidence: { attribute: zones.attribute, expected, actual: { azs: zones.azs, dataNodes: typeof nodes === 'number' ? nodes : null } } };
    if (zones.azs < minAzs) {
      ctx.fail('tooFewAzs', { minAzs, azs: zones.azs }, at);
      return;
    }
    if (typeof nodes !== 'number') {
      ctx.unknown('cannotTell', { minAzs, reason: nodes.reason }, { ...at, prop: 'instanceCount' });
      return;
    }
    const atNodes = { ...at, prop: d.props.instanceCount === undefined ? at.prop : 'instanceCount' };
    if (nodes < zones.azs) ctx.fail('tooFewNodes', { minAzs, nodes, azs: zones.azs }, atNodes);
    else if (ctx.options.requireEvenSpread && nodes % zones.azs !== 0) ctx.fail('uneven', { nodes, azs: zones.azs }, atNodes);
    else ctx.pass('meets', { minAzs, nodes, azs: zones.azs }, at);
  },
});
