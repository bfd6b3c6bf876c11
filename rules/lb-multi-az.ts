import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import { subnetAzs, type AzReading } from '../src/analysis/compute.js';
import { countDistinctAzs, isAzIdentity } from '../src/analysis/az.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import type { AnyResource, Resource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  crossZoneTypes: string[];
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    crossZoneTypes: {
      type: 'array',
      items: { type: 'string', enum: ['application', 'network', 'gateway'] },
      default: ['application', 'network', 'gateway'],
      description:
        "Load balancer types whose cross-zone load balancing the tier's `network.lbCrossZone` requires. Drop 'gateway' when appliances behind a Gateway Load Balancer must keep flows in their own AZ.",
    },
  },
  required: ['crossZoneTypes'],
};

const messages = {
  meets: '{{name}} ({{type}}) is enabled in {{azCount}} AZs ({{azs}}){{crossZone}}; tier {{tier}} requires ≥ {{minAzs}} AZs{{crossZoneRequired}}',
  insufficient: '{{name}} ({{type}}) does not meet tier {{tier}} (≥ {{minAzs}} AZs{{crossZoneRequired}}): {{problems}}',
  cannotTell: '{{name}} ({{type}}): cannot tell whether it meets tier {{tier}} (≥ {{minAzs}} AZs{{crossZoneRequired}}): {{reasons}}',
};

/**
 * The zones the load balancer is enabled in: its subnets' AZs (IaC and live
 * both record one subnet per zone), else — live, when its subnets are not in
 * the scan — the zones the API reports.
 */
function loadBalancerAzs(lb: Resource<'lb.load-balancer'>, graph: ResourceGraph): AzReading {
  const bySubnets = subnetAzs(lb as AnyResource, graph, 'no subnets or subnet mappings are set');
  if (!('reason' in bySubnets)) return bySubnets;
  const zones = lb.props.availabilityZones;
  if (Array.isArray(zones) && zones.length > 0) {
    const d = countDistinctAzs(zones);
    return { min: d.min, max: d.max, labels: d.labels, identities: zones, doubts: [...zones.filter((z) => !isAzIdentity(z)).map(String), ...d.reasons], subnets: [], attribute: lb.propOrigins.availabilityZones?.attribute };
  }
  return bySubnets;
}

export default defineRule({
  id: 'lb-multi-az',
  meta: {
    title: 'Load balancers are enabled in enough AZs, with cross-zone load balancing on',
    // A load balancer in one AZ takes down every service behind it with that AZ; with cross-zone off, an AZ
    // whose targets are lost still receives its share of traffic (DNS keeps its node) and fails those requests.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['NET-LB', 'SPOF'],
    tierSettings: ['network.lbMinAzs', 'network.lbCrossZone'],
    rationale:
      'NET-LB requires load balancers to span ≥ 2 AZs with cross-zone load balancing on. ' +
      'A load balancer has a node only in the zones it is enabled in (one subnet per zone): a Network or Gateway Load Balancer in a single subnet is a single point of failure for everything behind it. ' +
      'Without cross-zone load balancing each node sends traffic only to targets in its own zone: when a zone has few or no healthy targets, its node keeps receiving its share of client traffic (DNS keeps answering with it while the node itself is healthy), and capacity is uneven. ' +
      'Cross-zone load balancing is always on for Application Load Balancers; for Network and Gateway Load Balancers it is off unless turned on (a target group\'s own cross-zone override is not read yet).',
    remediation: {
      terraform:
        'aws_lb: subnets = [one subnet in each of ≥ 2 AZs] (or one subnet_mapping per AZ); enable_cross_zone_load_balancing = true for load_balancer_type = "network" / "gateway". terraform-aws-modules/alb: subnets, enable_cross_zone_load_balancing.',
      cloudformation:
        'AWS::ElasticLoadBalancingV2::LoadBalancer: Subnets (or SubnetMappings) in ≥ 2 AZs; LoadBalancerAttributes: [{ Key: load_balancing.cross_zone.enabled, Value: "true" }] for Type: network / gateway.',
      console: 'EC2 console → Load balancers → the load balancer → Network mapping → Edit subnets (add a subnet in another AZ); Attributes → Edit → Cross-zone load balancing: on.',
      cli: 'aws elbv2 set-subnets --load-balancer-arn <arn> --subnets subnet-a subnet-c; aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes Key=load_balancing.cross_zone.enabled,Value=true',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing',
    tags: ['resilience', 'network', 'spof'],
  },
  options,
  appliesTo: ['lb.load-balancer'],
  check(lb, ctx) {
    const net = ctx.tier.requirements.network;
    // A tier that does not say keeps the catalogue's bar.
    const minAzs = net.lbMinAzs ?? 2;
    const type = typeof lb.props.type === 'string' ? lb.props.type : 'type unknown';
    // An unknown type keeps the requirement: it cannot lower the bar.
    const requireCrossZone = (net.lbCrossZone ?? true) && (typeof lb.props.type !== 'string' || ctx.options.crossZoneTypes.includes(lb.props.type));
    const base = { type, minAzs, crossZoneRequired: requireCrossZone ? ', cross-zone load balancing on' : '' };
    const fails: string[] = [];
    const unknowns: string[] = [];
    const failAt: At[] = [];
    const unknownAt: At[] = [];

    const azs = loadBalancerAzs(lb, ctx.graph);
    const firstSubnet = ctx.graph.outgoing(lb.id, 'in-subnet')[0]?.location;
    const azsAt: At = { ...(firstSubnet ? { location: firstSubnet } : {}), ...(azs.attribute ? { evidence: { attribute: azs.attribute } } : {}) };
    if ('reason' in azs) {
      if (minAzs > 1) {
        unknowns.push(`AZs: ${azs.reason}`);
        unknownAt.push(azsAt);
      }
    } else {
      const span = azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
      if (azs.max < minAzs) {
        fails.push(`enabled in ${span} AZ(s) (${azs.labels.join(', ')}) < ${minAzs} required: losing that AZ stops every service behind it`);
        failAt.push(azsAt);
      } else if (azs.min < minAzs) {
        unknowns.push(`enabled in ${span} AZs (${azs.labels.join(', ')}), ${minAzs} required: ${azs.doubts.join('; ')}`);
        unknownAt.push(azsAt);
      }
    }

    const crossZone = lb.props.crossZone;
    if (requireCrossZone) {
      if (isUnknown(crossZone)) {
        unknowns.push(`cross-zone load balancing: ${crossZone.reason}`);
        unknownAt.push({ prop: 'crossZone' });
      } else if (crossZone === undefined) {
        unknowns.push('cross-zone load balancing is not known');
        unknownAt.push({ prop: 'crossZone' });
      } else if (!crossZone) {
        fails.push(`cross-zone load balancing is off (the default for network and gateway load balancers unless turned on): each node serves only its own AZ's targets`);
        failAt.push({ prop: 'crossZone' });
      }
    }

    const evidence = {
      expected: { minAzs, crossZone: requireCrossZone },
      actual: { azs: 'reason' in azs ? null : azs.labels, crossZone: typeof crossZone === 'boolean' ? crossZone : null },
      related: 'reason' in azs ? [] : azs.subnets,
    };
    const withEvidence = (at: At | undefined): At => ({ ...at, evidence: { ...evidence, ...at?.evidence } });
    if (fails.length > 0) {
      const problems = fails.join('; ') + (unknowns.length ? `; not checked: ${unknowns.join('; ')}` : '');
      ctx.fail('insufficient', { ...base, problems }, withEvidence(failAt[0]));
    } else if (unknowns.length > 0) {
      ctx.unknown('cannotTell', { ...base, reasons: unknowns.join('; ') }, withEvidence(unknownAt[0]));
    } else {
      const azCount = 'reason' in azs ? 'unchecked' : azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
      const azLabels = 'reason' in azs ? azs.reason : azs.labels.join(', ');
      ctx.pass('meets', { ...base, azCount, azs: azLabels, crossZone: crossZone === true ? ', cross-zone load balancing on' : '' }, withEvidence(azsAt));
    }
  },
});
