import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { isUnknown } from '../src/graph/values.js';
import { searchRequirements } from '../src/policy/search.js';

type Options = Record<string, never>;

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {},
  required: [],
} as unknown as JSONSchemaType<Options>;

const messages = {
  meets: '{{name}} has {{count}} dedicated master nodes; tier {{tier}} requires ≥ {{required}}',
  disabled:
    '{{name}} has no dedicated master nodes ({{actual}}): the data nodes also elect and run the cluster manager, and a busy or lost node can stall the whole domain; tier {{tier}} requires ≥ {{required}}',
  tooFew: '{{name}} has only {{count}} dedicated master node(s): an election needs a majority of them (one or two masters cannot keep one through the loss of a node); tier {{tier}} requires ≥ {{required}}',
  cannotTell: '{{name}}: cannot tell whether it has ≥ {{required}} dedicated master nodes (tier {{tier}}): {{reason}}',
};

export default defineRule({
  id: 'search-domain-dedicated-masters',
  meta: {
    title: 'OpenSearch domains of critical workloads use three dedicated master nodes',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['SEARCH-MASTER'],
    rationale:
      'SEARCH-MASTER: dedicated master (cluster manager) nodes keep the cluster state apart from the data nodes. AWS recommends three for production domains: an election needs a majority, three survive the loss of one (and of one AZ on a three-AZ domain), while one or two cannot. ' +
      'The number required comes from the policy (tiers.<tier>.search.dedicatedMasters; catalogue: critical 3).',
    remediation: {
      terraform: 'aws_opensearch_domain: cluster_config { dedicated_master_enabled = true, dedicated_master_count = 3, dedicated_master_type = "m6g.large.search" }.',
      cloudformation: 'AWS::OpenSearchService::Domain: ClusterConfig: { DedicatedMasterEnabled: true, DedicatedMasterCount: 3, DedicatedMasterType: m6g.large.search }.',
      console: 'OpenSearch Service console → the domain → Actions → Edit cluster configuration → Dedicated master nodes: enable, 3 nodes.',
      cli: 'aws opensearch update-domain-config --domain-name <name> --cluster-config DedicatedMasterEnabled=true,DedicatedMasterCount=3,DedicatedMasterType=m6g.large.search',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-dedicatedmasternodes.html',
    tags: ['resilience', 'search'],
  },
  options,
  appliesTo: ['search.domain'],
  check(d, ctx) {
    const { dedicatedMasters: required } = searchRequirements(ctx.tier.requirements);
    if (required < 1) return;
    const enabled = d.props.dedicatedMasterEnabled;
    const count = d.props.dedicatedMasterCount;
    const expected = { dedicatedMasters: required };
    if (isUnknown(enabled)) {
      ctx.unknown('cannotTell', { required, reason: `whether dedicated masters are on: ${enabled.reason}` }, { prop: 'dedicatedMasterEnabled', evidence: { expected, actual: enabled } });
      return;
    }
    if (enabled !== true) {
      const attribute = d.propOrigins.dedicatedMasterEnabled?.attribute;
      ctx.fail('disabled', { required, actual: enabled === false ? `${attribute ?? 'dedicated_master_enabled'} = false` : 'not set: AWS default is off' }, { prop: 'dedicatedMasterEnabled', evidence: { expected, actual: { enabled: enabled ?? null } } });
      return;
    }
    const at = { prop: count === undefined ? 'dedicatedMasterEnabled' : 'dedicatedMasterCount', evidence: { expected, actual: { count: isUnknown(count) ? count : (count ?? null) } } };
    if (isUnknown(count)) ctx.unknown('cannotTell', { required, reason: `the dedicated master count: ${count.reason}` }, at);
    // Not set: the count is whatever the service or tool creating the domain chose; configuration does not say.
    else if (count === undefined) ctx.unknown('cannotTell', { required, reason: 'dedicated masters are on but their count is not set in configuration' }, at);
    else if (count < required) ctx.fail('tooFew', { required, count }, at);
    else ctx.pass('meets', { required, count }, at);
  },
});
