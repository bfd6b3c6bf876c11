import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import type { AnyResource, Resource } from '../src/graph/types.js';
import { isUnknown, type Unknown } from '../src/graph/values.js';
import { azIdentityOf, countDistinctAzs, isAzIdentity } from '../src/analysis/az.js';
import { minimumOf } from '../src/analysis/ecs-minimum.js';
import { runningTasksOf } from '../src/analysis/running-tasks.js';

interface Options {
  absentDesiredCount: number;
  requireTaskPerAz: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    absentDesiredCount: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description:
        "Desired count assumed when a service without a scaling target does not set it. Terraform's aws_ecs_service defaults desired_count to 0 (CloudFormation uses 1 for new services); 0 is the safe assumption: it never passes a service that may run nothing.",
    },
    requireTaskPerAz: {
      type: 'boolean',
      default: true,
      description:
        'ECS-AZ "at least 1 task in every AZ": for tiers that require a spread (minAzs ≥ 2), also require the minimum task count to be ≥ the number of AZs of the service\'s subnets.',
    },
  },
  required: ['absentDesiredCount', 'requireTaskPerAz'],
};

const messages = {
  meets: '{{name}} keeps ≥ {{minimum}} task(s) ({{minimumSource}}) over {{azCount}} AZs ({{azs}}); tier {{tier}} requires ≥ {{minTasks}} tasks over ≥ {{minAzs}} AZs with ≥ 1 task per AZ',
  meetsNoSpread: '{{name}} keeps ≥ {{minimum}} task(s) ({{minimumSource}}); tier {{tier}} requires ≥ {{minTasks}} and no AZ spread',
  insufficient: '{{name}} does not meet tier {{tier}} (≥ {{minTasks}} tasks over ≥ {{minAzs}} AZs): {{problems}}',
  cannotTell: '{{name}}: cannot tell whether it meets tier {{tier}} (≥ {{minTasks}} tasks over ≥ {{minAzs}} AZs): {{reasons}}',
};

/**
 * ECS-AZ: distinct AZs of the service's subnets, as bounds: AZs written as
 * names or as elements of one AZ list (`data.aws_availability_zones`,
 * `Fn::GetAZs`) are counted exactly; others widen the bounds.
 */
type AzSpread = { min: number; max: number; azs: string[]; doubts: string[]; subnets: string[] };
function azsOf(service: Resource<'ecs.service'>, graph: ResourceGraph): AzSpread | { reason: string; subnets: string[] } {
  const subnets = graph.targets(service, 'in-subnet', 'network.subnet');
  if (isUnknown(subnets)) return { reason: `its subnets: ${subnets.reason}`, subnets: [] };
  const addresses = subnets.map((s) => s.address).sort();
  if (subnets.length === 0) return { reason: "no subnets: placement decided by the cluster's instances", subnets: [] };
  const doubts: string[] = [];
  // Through the one identity function: live subnets (possibly shared from other accounts) by AZ ID, IaC by name.
  const azs = subnets.map((s) => azIdentityOf(s as AnyResource));
  subnets.forEach((s, i) => {
    const az = azs[i];
    if (az === undefined) doubts.push(`subnet ${s.address} does not set its availability zone`);
    else if (!isAzIdentity(az)) doubts.push(`AZ of subnet ${s.address}: ${(az as Unknown).reason}`);
  });
  const d = countDistinctAzs(azs);
  return { min: d.min, max: d.max, azs: d.labels, doubts: [...doubts, ...d.reasons], subnets: addresses };
}

function subnetsAttribute(service: Resource<'ecs.service'>, graph: ResourceGraph): string | undefined {
  return graph.outgoing(service.id, 'in-subnet')[0]?.attribute ?? service.unresolved.find((u) => u.edge === 'in-subnet')?.attribute;
}

export default defineRule({
  id: 'ecs-min-tasks-per-az',
  meta: {
    title: 'ECS services keep enough tasks, spread over enough AZs, with a task in every AZ',
    // One task (or one AZ) means any task failure, deployment or AZ outage stops the service: an outage for
    // critical/high (15/30-minute RTO). Medium needs only one task, so a failure there is low.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['ECS-MIN', 'ECS-AZ'],
    tierSettings: ['ecs.minTasks', 'ecs.minAzs'],
    rationale:
      'ECS-MIN sets the minimum running tasks per tier (critical and high ≥ 2, medium ≥ 1), taken from the Application Auto Scaling min_capacity where a scaling target exists, else from the desired count. ' +
      'ECS-AZ requires critical and high services to spread over ≥ 2 AZs with at least one task in every AZ they use, so that the loss of one AZ leaves running tasks behind the load balancer. ' +
      'Fargate spreads tasks over the subnets given, so the subnets\' AZs bound the spread; a minimum below the number of AZs leaves an AZ without a task.',
    remediation: {
      terraform:
        'aws_appautoscaling_target: min_capacity = 2 (or more, and ≥ the number of AZs); without auto scaling, aws_ecs_service: desired_count = 2. network_configuration { subnets = [one private subnet per AZ, ≥ 2 AZs] }.',
      cloudformation:
        'AWS::ApplicationAutoScaling::ScalableTarget: MinCapacity: 2; AWS::ECS::Service: DesiredCount: 2, NetworkConfiguration.AwsvpcConfiguration.Subnets: one subnet in each of ≥ 2 AZs.',
      console: 'ECS console → Cluster → Service → Update: Desired tasks; Service auto scaling: Minimum number of tasks; Networking: subnets in ≥ 2 AZs.',
      cli: 'aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/<cluster>/<service> --min-capacity 2; aws ecs update-service --cluster <cluster> --service <service> --network-configuration "awsvpcConfiguration={subnets=[subnet-a,subnet-c]}"',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-auto-scaling.html',
    tags: ['resilience', 'containers', 'spof'],
  },
  options,
  appliesTo: ['ecs.service'],
  check(service, ctx) {
    const { graph } = ctx;
    const { minTasks, minAzs } = ctx.tier.requirements.ecs;
    const base = { minTasks, minAzs };
    const strategy = service.props.schedulingStrategy;
    if (isUnknown(strategy)) {
      ctx.unknown(
        'cannotTell',
        { ...base, reasons: `scheduling strategy (a DAEMON service is not judged): ${strategy.reason}` },
        { prop: 'schedulingStrategy', evidence: { expected: { schedulingStrategy: 'REPLICA', minTasks, minAzs }, actual: strategy } },
      );
      return;
    }
    // A DAEMON service runs one task per container instance: its count follows the cluster, not the service.
    if (strategy === 'DAEMON') return;

    const spread = minAzs >= 2;
    const minimum = minimumOf(service, graph, ctx.options.absentDesiredCount);
    const azs = azsOf(service, graph);
    const fails: string[] = [];
    const unknowns: string[] = [];
    let minimumWrong = false;
    let minimumInDoubt = false;

    if ('reason' in minimum) {
      unknowns.push(`minimum task count: ${minimum.reason}`);
      minimumInDoubt = true;
    } else if (minimum.hi < minTasks) {
      fails.push(`minimum ${minimum.hi === minimum.lo ? minimum.lo : `${minimum.lo}–${minimum.hi}`} task(s) (${minimum.text}) < ${minTasks} required`);
      minimumWrong = true;
    } else if (minimum.lo < minTasks) {
      unknowns.push(`minimum is between ${minimum.lo} and ${minimum.hi} (${minimum.text}); ${minTasks} required`);
      minimumInDoubt = true;
    }

    if (spread) {
      if ('reason' in azs) {
        unknowns.push(`AZs: ${azs.reason}`);
      } else {
        const span = azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
        if (azs.max < minAzs) {
          fails.push(`subnets span ${span} AZ(s) (${azs.azs.join(', ')}) < ${minAzs} required`);
        } else if (azs.min < minAzs) {
          unknowns.push(`AZs: subnets span ${span} AZs (${azs.azs.join(', ')}), ${minAzs} required: ${azs.doubts.join('; ')}`);
        }
        if (ctx.options.requireTaskPerAz && !('reason' in minimum)) {
          if (minimum.hi < azs.min) {
            fails.push(`minimum ${minimum.lo} task(s) < ${azs.min} AZs used (${azs.azs.join(', ')}): at least one AZ runs no task`);
            minimumWrong = true;
          } else if (minimum.lo < azs.max) {
            // Without repeating the doubt already reported about the minimum or the AZs.
            if (!minimumInDoubt && azs.min === azs.max) unknowns.push(`minimum is between ${minimum.lo} and ${minimum.hi} (${minimum.text}) for ${azs.max} AZs`);
            else if (!minimumInDoubt && azs.min >= minAzs) unknowns.push(`subnets span ${span} AZs (${azs.doubts.join('; ')}); minimum ${minimum.lo === minimum.hi ? minimum.lo : `${minimum.lo}–${minimum.hi}`} task(s) may leave an AZ without a task`);
            minimumInDoubt = true;
          }
        }
      }
    }

    // Live: what runs tonight, not only what is asked for (two tasks both in 1a, or none, fail whatever the configuration says).
    const live = runningTasksOf(service, graph);
    if (live && 'reason' in live) unknowns.push(live.reason);
    else if (live) {
      if (live.running < minTasks) fails.push(`${live.running} task(s) running < ${minTasks} required`);
      if (spread && live.running > 0) {
        if (live.max < minAzs) fails.push(`its running tasks are in ${live.max} AZ(s) (${live.azs.join(', ')}) < ${minAzs} required`);
        else if (live.min < minAzs) unknowns.push(`its running tasks are in ${live.min}–${live.max} AZs (${live.doubts.join('; ')}), ${minAzs} required`);
      }
    }

    const related = [
      ...graph.sources(service, 'scales', 'autoscaling.target').map((t) => t.address).sort(),
      ...azs.subnets,
    ];
    const evidence = {
      expected: { minTasks, minAzs, taskPerAz: spread && ctx.options.requireTaskPerAz },
      actual: {
        minimum: 'reason' in minimum ? null : minimum.lo === minimum.hi ? minimum.lo : [minimum.lo, minimum.hi],
        minimumFrom: 'reason' in minimum ? minimum.reason : minimum.text,
        azs: 'reason' in azs ? null : azs.azs,
        ...('reason' in azs || azs.min === azs.max ? {} : { azCount: [azs.min, azs.max] }),
        ...(live && !('reason' in live) ? { running: live.running, runningAzs: live.azs } : {}),
      },
      related,
    };
    // Point at what decides the verdict: the minimum (the service's desired count, or the scaling
    // target's min_capacity line while the result stays on the service) unless only the AZ spread is
    // wrong or unknown (then the service's subnets reference).
    const minimumAt = (): At => {
      if (minimum.prop) return { prop: minimum.prop, evidence };
      const ev = minimum.attribute ? { attribute: minimum.attribute, ...evidence } : evidence;
      return minimum.target ? { locationOf: { resource: minimum.target as AnyResource, prop: 'minCapacity' }, evidence: ev } : { evidence: ev };
    };
    const subnetsAt = (): At => {
      const attribute = subnetsAttribute(service, graph);
      const location = graph.outgoing(service.id, 'in-subnet')[0]?.location;
      return { evidence: attribute ? { attribute, ...evidence } : evidence, ...(location ? { location } : {}) };
    };
    const at = fails.length > 0 ? (minimumWrong ? minimumAt() : subnetsAt()) : unknowns.length > 0 && !minimumInDoubt ? subnetsAt() : minimumAt();

    if (fails.length > 0) {
      const problems = fails.join('; ') + (unknowns.length ? `; not checked: ${unknowns.join('; ')}` : '');
      ctx.fail('insufficient', { ...base, problems }, at);
    } else if (unknowns.length > 0) {
      ctx.unknown('cannotTell', { ...base, reasons: unknowns.join('; ') }, at);
    } else if (!('reason' in minimum)) {
      if (spread && !('reason' in azs)) {
        ctx.pass('meets', { ...base, minimum: minimum.lo, minimumSource: minimum.text, azCount: azs.min, azs: azs.azs }, at);
      } else {
        ctx.pass('meetsNoSpread', { ...base, minimum: minimum.lo, minimumSource: minimum.text }, at);
      }
    }
  },
});
