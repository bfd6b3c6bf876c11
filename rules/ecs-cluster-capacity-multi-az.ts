import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import type { AnyResource, Resource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';
import { countDistinctAzs } from '../src/analysis/az.js';
import { groupAzs } from '../src/analysis/compute.js';
import { capacityOf } from '../src/analysis/ecs-capacity.js';
import { ecsPractices } from '../src/policy/ecs.js';

interface Options {
  ec2LaunchTypeWithoutProvider: 'unknown' | 'skip';
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ec2LaunchTypeWithoutProvider: {
      type: 'string',
      enum: ['unknown', 'skip'],
      default: 'unknown',
      description:
        "A cluster without EC2 capacity providers whose services use the EC2 launch type runs on container instances that join it by their user data (ECS_CLUSTER), which no capacity provider ties to an Auto Scaling group. 'unknown' reports such a cluster as not verifiable; 'skip' leaves it out.",
    },
  },
  required: ['ec2LaunchTypeWithoutProvider'],
};

const messages = {
  spans: '{{name}}: its EC2 capacity ({{groups}}) spans {{count}} AZs ({{azs}}); tier {{tier}} requires {{minAzs}}',
  tooFew: '{{name}}: its EC2 capacity ({{groups}}) spans {{count}} AZ(s) ({{azs}}): losing that AZ stops every EC2 task of the cluster; tier {{tier}} requires {{minAzs}} AZs',
  cannotTell: '{{name}}: cannot tell how many AZs its EC2 capacity spans (tier {{tier}} requires {{minAzs}}): {{reason}}',
};

export default defineRule({
  id: 'ecs-cluster-capacity-multi-az',
  meta: {
    title: 'Production ECS clusters have EC2 capacity in at least two AZs',
    // Services spread over AZs only as far as the container instances they can be placed on.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['ECS-CLUSTER'],
    tierSettings: ['ecs.clusterMinAzs'],
    rationale:
      "ECS-CLUSTER: a cluster's EC2 capacity is the Auto Scaling groups behind its capacity providers; tasks can only be placed in the AZs those groups launch instances in, whatever the service's own subnets or placement strategy. " +
      "The AZs of all the cluster's groups together (their subnets, else their availability zones, compared through the AZ helper) must number at least the tier's `ecs.clusterMinAzs`. " +
      'A Fargate-only cluster has no such capacity and is not applicable: Fargate spreads each service over its subnets (ECS-SPREAD, rule ecs-az-spread). ' +
      "The cluster's tier is its own tag, else the highest tier of the services running in it; the Auto Scaling groups behind it inherit that tier in turn.",
    remediation: {
      terraform:
        'aws_autoscaling_group behind the aws_ecs_capacity_provider (auto_scaling_group_provider.auto_scaling_group_arn): vpc_zone_identifier = one private subnet in each of ≥ 2 AZs (terraform-aws-modules/autoscaling: vpc_zone_identifier = module.vpc.private_subnets).',
      cloudformation: 'AWS::AutoScaling::AutoScalingGroup named by the AWS::ECS::CapacityProvider (AutoScalingGroupProvider.AutoScalingGroupArn): VPCZoneIdentifier with one subnet in each of ≥ 2 AZs.',
      console: 'EC2 console → Auto Scaling groups → the group behind the capacity provider → Details → Network → Edit: add subnets in other AZs.',
      cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group of the capacity provider> --vpc-zone-identifier "subnet-in-az-a,subnet-in-az-c"',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html',
    tags: ['resilience', 'containers', 'az'],
  },
  options,
  appliesTo: ['ecs.cluster'],
  check(cluster, ctx) {
    const minAzs = ecsPractices(ctx.tier.requirements).clusterMinAzs;
    if (minAzs < 2) return;
    const graph = ctx.graph;
    const base = { minAzs };
    const groups = graph
      .outgoing(cluster.id, 'uses-capacity')
      .map((e) => ({ edge: e, group: graph.get(e.to) }))
      .filter((g): g is { edge: typeof g.edge; group: Resource<'compute.autoscaling-group'> } => g.group?.kind === 'compute.autoscaling-group')
      .sort((a, b) => a.group.address.localeCompare(b.group.address));
    const gap = cluster.unresolved.find((u) => u.edge === 'uses-capacity');
    const providers = cluster.props.capacityProviders;
    const providersAt: At = { prop: 'capacityProviders' };

    if (groups.length === 0) {
      if (gap) {
        ctx.unknown('cannotTell', { ...base, reason: `capacity provider: ${gap.reason}` }, { ...providersAt, evidence: { attribute: gap.attribute } });
        return;
      }
      if (isUnknown(providers)) {
        ctx.unknown('cannotTell', { ...base, reason: `capacity providers: ${providers.reason}` }, providersAt);
        return;
      }
      // No EC2 capacity provider: Fargate only, unless services use the EC2 launch type on instances registered by hand.
      if (ctx.options.ec2LaunchTypeWithoutProvider === 'skip') return;
      for (const service of graph.sources(cluster, 'in-cluster', 'ecs.service').sort((a, b) => a.address.localeCompare(b.address))) {
        const capacity = capacityOf(service, graph);
        if ('launchType' in capacity && capacity.launchType === 'EC2') {
          ctx.unknown(
            'cannotTell',
            { ...base, reason: `service ${service.address} uses the EC2 launch type, and no capacity provider ties the cluster to an Auto Scaling group: its container instances join by their user data, which this check does not read` },
            { locationOf: { resource: service as AnyResource, prop: capacity.from === 'service' ? 'launchType' : undefined } },
          );
          return;
        }
      }
      return;
    }

    const identities: unknown[] = [];
    const doubts: string[] = [];
    for (const { group } of groups) {
      const azs = groupAzs(group, graph);
      if ('reason' in azs) doubts.push(`AZs of ${group.address}: ${azs.reason}`);
      else {
        identities.push(...azs.identities);
        doubts.push(...azs.doubts);
      }
    }
    const d = countDistinctAzs(identities);
    const names = groups.map((g) => g.group.address).join(', ');
    const data = { ...base, groups: names, count: d.min === d.max ? `${d.min}` : `${d.min}–${d.max}`, azs: d.labels.join(', ') || 'none known' };
    const evidence = { expected: { minAzs }, actual: { azs: d.labels, groups: groups.map((g) => g.group.address) }, related: groups.map((g) => g.group.address) };
    const first = groups[0];
    // More capacity (an unresolved provider, an unread group) can only add AZs: enough known AZs pass regardless.
    if (d.min >= minAzs) {
      ctx.pass('spans', data, { location: first.edge.location, evidence });
      return;
    }
    const groupAt = (g: Resource<'compute.autoscaling-group'>): At => {
      const subnet = graph.outgoing(g.id, 'in-subnet')[0]?.location;
      return subnet ? { location: subnet, evidence } : { locationOf: { resource: g as AnyResource, prop: 'availabilityZones' }, evidence };
    };
    const unsure = [...(gap ? [`capacity provider: ${gap.reason}`] : []), ...doubts, ...d.reasons];
    if (unsure.length > 0 || d.max >= minAzs) {
      ctx.unknown('cannotTell', { ...base, reason: `${data.count} AZ(s) known (${data.azs}); ${unsure.join('; ')}` }, gap ? { ...providersAt, evidence } : groupAt(first.group));
      return;
    }
    ctx.fail('tooFew', data, groupAt(first.group));
  },
});
