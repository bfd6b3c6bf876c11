import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import { groupAzs } from '../src/analysis/compute.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import type { SourceLocation } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';
import { computeRequirements } from '../src/policy/compute.js';

interface Options {
  requireInstancePerAz: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requireInstancePerAz: {
      type: 'boolean',
      default: true,
      description:
        'For tiers that require a spread (compute.minAzs ≥ 2), also require the minimum size to be ≥ the number of AZs the group uses: a smaller group leaves an AZ without an instance, and losing the AZ that holds them all stops it until replacements launch elsewhere.',
    },
  },
  required: ['requireInstancePerAz'],
};

const messages = {
  meets:
    '{{name}} keeps ≥ {{minSize}} instance(s) over {{azCount}} AZ(s) ({{azs}}){{healthCheck}}; tier {{tier}} requires ≥ {{minInstances}} instances over ≥ {{minAzs}} AZs',
  insufficient: '{{name}} does not meet tier {{tier}} (≥ {{minInstances}} instances over ≥ {{minAzs}} AZs{{elbRequirement}}): {{problems}}',
  cannotTell: '{{name}}: cannot tell whether it meets tier {{tier}} (≥ {{minInstances}} instances over ≥ {{minAzs}} AZs{{elbRequirement}}): {{reasons}}',
};

export default defineRule({
  id: 'asg-multi-az',
  meta: {
    title: 'Auto Scaling groups keep enough instances over enough AZs, with ELB health checks behind a load balancer',
    // A group in one AZ (or with fewer instances than AZs) stops serving when that AZ fails until it launches
    // replacements elsewhere: an outage against a 15/30-minute RTO for critical/high.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['COMPUTE-ASG', 'SPOF'],
    rationale:
      'COMPUTE-ASG requires critical and high Auto Scaling groups to span ≥ 2 AZs (their subnets, or their availability zones), to keep a minimum size of ≥ 2 and ≥ the number of AZs they use, and to use the ELB health check when they register with a load balancer. ' +
      'EC2 Auto Scaling balances instances over the group\'s AZs and, when an AZ fails, launches replacements in the healthy AZs: the group keeps serving only with instances already running elsewhere. ' +
      'With the default EC2 health check, an instance that runs but fails the load balancer\'s health check is never replaced: the SPOF catalogue lists a single-AZ deployment and a single instance as typical SPOFs.',
    remediation: {
      terraform:
        'aws_autoscaling_group: vpc_zone_identifier = [one private subnet per AZ, ≥ 2 AZs]; min_size = 2 (and ≥ the number of AZs); health_check_type = "ELB" with target_group_arns set. terraform-aws-modules/autoscaling: vpc_zone_identifier, min_size, health_check_type.',
      cloudformation:
        'AWS::AutoScaling::AutoScalingGroup: VPCZoneIdentifier: one subnet in each of ≥ 2 AZs; MinSize: "2"; HealthCheckType: ELB (with TargetGroupARNs); HealthCheckGracePeriod for the application\'s start-up.',
      console: 'EC2 console → Auto Scaling groups → the group → Details: Network (add subnets in other AZs), Group size (Min desired capacity), Health checks (turn on Elastic Load Balancing health checks).',
      cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --vpc-zone-identifier "subnet-a,subnet-c" --min-size 2 --health-check-type ELB --health-check-grace-period 300',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html',
    tags: ['resilience', 'compute', 'spof'],
  },
  options,
  appliesTo: ['compute.autoscaling-group'],
  check(asg, ctx) {
    const req = computeRequirements(ctx.tier.requirements);
    const { minInstances, minAzs } = req;
    const spread = minAzs >= 2;
    const elbRequirement = req.elbHealthCheck ? ', ELB health check behind a load balancer' : '';
    const base = { minInstances, minAzs, elbRequirement };
    const fails: string[] = [];
    const unknowns: string[] = [];
    // What decides the verdict, for its location: the first failing (else unknown) part.
    const culprits: At[] = [];
    const unknownAt: At[] = [];

    const minSize = asg.props.minSize;
    if (isUnknown(minSize)) {
      unknowns.push(`minimum size: ${minSize.reason}`);
      unknownAt.push({ prop: 'minSize' });
    } else if (minSize === undefined) {
      unknowns.push('minimum size is not set');
      unknownAt.push({ prop: 'minSize' });
    } else if (minSize < minInstances) {
      fails.push(`minimum size ${minSize} < ${minInstances} required`);
      culprits.push({ prop: 'minSize' });
    }

    const azs = groupAzs(asg, ctx.graph);
    const bySubnets = ctx.graph.outgoing(asg.id, 'in-subnet').length > 0 || asg.unresolved.some((u) => u.edge === 'in-subnet');
    const subnetsAt = subnetLocation(ctx.graph, asg.id);
    const azsAt: At = bySubnets ? { ...(azs.attribute ? { evidence: { attribute: azs.attribute } } : {}), ...(subnetsAt ?? {}) } : { prop: 'availabilityZones' };
    if (spread) {
      if ('reason' in azs) {
        unknowns.push(`AZs: ${azs.reason}`);
        unknownAt.push(azsAt);
      } else {
        const span = azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
        if (azs.max < minAzs) {
          fails.push(`spans ${span} AZ(s) (${azs.labels.join(', ')}) < ${minAzs} required`);
          culprits.push(azsAt);
        } else if (azs.min < minAzs) {
          unknowns.push(`spans ${span} AZs (${azs.labels.join(', ')}), ${minAzs} required: ${azs.doubts.join('; ')}`);
          unknownAt.push(azsAt);
        }
        if (ctx.options.requireInstancePerAz && typeof minSize === 'number' && minSize >= minInstances) {
          if (minSize < azs.min) {
            fails.push(`minimum size ${minSize} < ${azs.min} AZs used (${azs.labels.join(', ')}): at least one AZ has no instance`);
            culprits.push({ prop: 'minSize' });
          } else if (minSize < azs.max) {
            unknowns.push(`minimum size ${minSize} may be below the number of AZs used (${span}: ${azs.doubts.join('; ')})`);
            unknownAt.push({ prop: 'minSize' });
          }
        }
      }
    }

    let healthCheck = '';
    if (req.elbHealthCheck) {
      const tg = asg.props.targetGroupCount;
      const lb = asg.props.loadBalancerCount;
      const type = asg.props.healthCheckType;
      const behindLb = (typeof tg === 'number' && tg > 0) || (typeof lb === 'number' && lb > 0);
      const lbUnknown = isUnknown(tg) ? tg : isUnknown(lb) ? lb : undefined;
      if (isUnknown(type)) {
        if (behindLb || lbUnknown) {
          unknowns.push(`health check type: ${type.reason}`);
          unknownAt.push({ prop: 'healthCheckType' });
        }
      } else if (type !== 'ELB') {
        const shown = type ?? 'EC2 (the default)';
        if (behindLb) {
          fails.push(`registers with a load balancer but uses the ${shown} health check: an instance failing the load balancer's health check is never replaced`);
          culprits.push(type === undefined ? { prop: 'targetGroupCount' } : { prop: 'healthCheckType' });
        } else if (lbUnknown) {
          unknowns.push(`whether it registers with a load balancer (health check ${shown}): ${lbUnknown.reason}`);
          unknownAt.push({ prop: 'targetGroupCount' });
        }
      } else if (behindLb) {
        healthCheck = ', ELB health check';
      }
    }

    const evidence = {
      expected: { minInstances, minAzs, instancePerAz: spread && ctx.options.requireInstancePerAz, elbHealthCheck: req.elbHealthCheck },
      actual: {
        minSize: typeof minSize === 'number' ? minSize : null,
        azs: 'reason' in azs ? null : azs.labels,
        healthCheckType: typeof asg.props.healthCheckType === 'string' ? asg.props.healthCheckType : null,
        targetGroups: typeof asg.props.targetGroupCount === 'number' ? asg.props.targetGroupCount : null,
      },
      related: 'reason' in azs ? [] : azs.subnets,
    };
    const withEvidence = (at: At | undefined): At => ({ ...at, evidence: { ...evidence, ...at?.evidence } });

    if (fails.length > 0) {
      const problems = fails.join('; ') + (unknowns.length ? `; not checked: ${unknowns.join('; ')}` : '');
      ctx.fail('insufficient', { ...base, problems }, withEvidence(culprits[0]));
    } else if (unknowns.length > 0) {
      ctx.unknown('cannotTell', { ...base, reasons: unknowns.join('; ') }, withEvidence(unknownAt[0]));
    } else if (typeof minSize === 'number') {
      // A tier without a spread requirement does not need the AZs: they are shown when known.
      const azCount = 'reason' in azs ? 'unchecked' : azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
      const azLabels = 'reason' in azs ? azs.reason : azs.labels.join(', ');
      ctx.pass('meets', { ...base, minSize, azCount, azs: azLabels, healthCheck }, withEvidence({ prop: 'minSize' }));
    }
  },
});

/** Where the group's first subnet reference is written. */
function subnetLocation(graph: ResourceGraph, id: string): { location: SourceLocation } | undefined {
  const location = graph.outgoing(id, 'in-subnet')[0]?.location;
  return location ? { location } : undefined;
}
