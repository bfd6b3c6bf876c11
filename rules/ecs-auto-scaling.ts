import type { JSONSchemaType } from 'ajv';
import type { ResourceGraph } from '../src/graph/graph.js';
import type { AnyResource, Resource } from '../src/graph/types.js';
import { defineRule, type At } from '../src/engine/rule.js';
import { isUnknown } from '../src/graph/values.js';
import { ecsPractices } from '../src/policy/ecs.js';

interface Options {
  predictiveCounts: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    predictiveCounts: {
      type: 'boolean',
      default: false,
      description:
        'Whether a predictive scaling policy alone counts as the scaling policy ECS-SCALE asks for. The catalogue asks for target tracking (CPU 50 %, memory 70 %) or step scaling, which react to load; predictive scaling follows a forecast of it.',
    },
  },
  required: ['predictiveCounts'],
};

const messages = {
  scales: '{{name}} scales between {{min}} and {{max}} tasks with {{policies}}; tier {{tier}} requires auto scaling',
  noTarget: '{{name}} has no Application Auto Scaling target: its task count is fixed at the desired count; tier {{tier}} requires auto scaling (a scalable target with max > min and a target tracking or step scaling policy)',
  fixed: '{{name}}: its scalable target {{target}} cannot scale (min {{min}}, max {{max}}); tier {{tier}} requires max > min',
  noPolicy: '{{name}}: its scalable target {{target}} has {{found}}: the task count does not follow load; tier {{tier}} requires a target tracking or step scaling policy',
  cannotTell: '{{name}}: cannot tell whether it scales automatically (tier {{tier}} requires auto scaling): {{reason}}',
};

type MessageId = keyof typeof messages;

const COUNTED = new Set(['TargetTrackingScaling', 'StepScaling']);

type Verdict = { status: 'pass' | 'fail' | 'unknown'; id: MessageId; data: Record<string, unknown>; at: At };

export default defineRule({
  id: 'ecs-auto-scaling',
  meta: {
    title: 'Critical ECS services scale automatically (scalable target with max > min and a target tracking or step scaling policy)',
    // A fixed task count absorbs neither a load spike nor the loss of an AZ's tasks beyond what it was sized for.
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['ECS-SCALE'],
    tierSettings: ['ecs.autoScaling'],
    rationale:
      'ECS-SCALE: a service of a tier that requires auto scaling has an Application Auto Scaling scalable target (ecs:service:DesiredCount) whose maximum is above its minimum, and at least one target tracking or step scaling policy attached to it ' +
      '(the reference design tracks 50 % CPU and 70 % memory). A target without a policy, or with scheduled actions only, changes the task count on a clock, not with load. ' +
      'Daemon services (one task per container instance) are not applicable. A target or policy whose resource id cannot be tied to a service in the scan is reported as unknown for the services of its module, never as a pass.',
    remediation: {
      terraform:
        'aws_appautoscaling_target { service_namespace = "ecs", scalable_dimension = "ecs:service:DesiredCount", resource_id = "service/${aws_ecs_cluster.x.name}/${aws_ecs_service.x.name}", min_capacity = 2, max_capacity = 10 } and aws_appautoscaling_policy { policy_type = "TargetTrackingScaling", resource_id = aws_appautoscaling_target.x.resource_id, … target_tracking_scaling_policy_configuration { predefined_metric_specification { predefined_metric_type = "ECSServiceAverageCPUUtilization" } target_value = 50 } } (terraform-aws-modules/ecs service: enable_autoscaling = true).',
      cloudformation:
        'AWS::ApplicationAutoScaling::ScalableTarget (ServiceNamespace: ecs, ScalableDimension: ecs:service:DesiredCount, ResourceId: !Sub service/${Cluster}/${Service.Name}, MinCapacity: 2, MaxCapacity: 10) and AWS::ApplicationAutoScaling::ScalingPolicy (PolicyType: TargetTrackingScaling, ScalingTargetId: !Ref ScalableTarget, TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: ECSServiceAverageCPUUtilization }, TargetValue: 50 }).',
      console: 'ECS console → Cluster → Service → Update → Service auto scaling: "Use service auto scaling", minimum and maximum number of tasks, and a target tracking policy (ECSServiceAverageCPUUtilization 50, ECSServiceAverageMemoryUtilization 70).',
      cli:
        'aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/<cluster>/<service> --min-capacity 2 --max-capacity 10 && aws application-autoscaling put-scaling-policy --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/<cluster>/<service> --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration \'{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"}}\'',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-auto-scaling.html',
    tags: ['resilience', 'containers', 'scaling'],
  },
  options,
  appliesTo: ['ecs.service'],
  check(service, ctx) {
    if (!ecsPractices(ctx.tier.requirements).autoScaling) return;
    // A daemon service runs one task per container instance: there is no desired count to scale.
    if (service.props.schedulingStrategy === 'DAEMON') return;
    const graph = ctx.graph;
    const targets = graph.sources(service, 'scales', 'autoscaling.target').sort((a, b) => a.address.localeCompare(b.address));
    if (targets.length === 0) {
      const loose = floating(service, graph, 'autoscaling.target');
      if (loose) {
        ctx.unknown('cannotTell', { reason: `scaling target ${loose.address} may scale this service (${scalesGap(loose)})` }, { locationOf: { resource: loose as AnyResource, prop: 'resourceId' } });
        return;
      }
      ctx.fail('noTarget', {}, { evidence: { expected: { scalableTarget: true }, actual: { scalableTarget: null } } });
      return;
    }
    // AWS keeps one target per service and dimension: judge each one declared, the best verdict decides.
    const verdicts = targets.map((t) => judgeTarget(service, t, graph, ctx.options));
    const best = verdicts.find((v) => v.status === 'pass') ?? verdicts.find((v) => v.status === 'unknown') ?? verdicts[0];
    ctx[best.status](best.id, best.data, best.at);
  },
});

function judgeTarget(service: Resource<'ecs.service'>, target: Resource<'autoscaling.target'>, graph: ResourceGraph, options: Options): Verdict {
  const at = (prop?: string): At => ({ locationOf: { resource: target as AnyResource, ...(prop ? { prop } : {}) } });
  const { minCapacity: min, maxCapacity: max } = target.props;
  for (const [value, prop] of [
    [min, 'minCapacity'],
    [max, 'maxCapacity'],
  ] as const) {
    if (isUnknown(value)) return { status: 'unknown', id: 'cannotTell', data: { reason: `${prop} of ${target.address}: ${value.reason}` }, at: at(prop) };
    if (value === undefined) return { status: 'unknown', id: 'cannotTell', data: { reason: `${target.address} does not set ${prop}` }, at: at(prop) };
  }
  const lo = min as number;
  const hi = max as number;
  const evidence = { expected: { maxAboveMin: true, policy: 'TargetTrackingScaling or StepScaling' }, actual: { min: lo, max: hi, policies: [] as string[] } };
  if (hi <= lo) return { status: 'fail', id: 'fixed', data: { target: target.address, min: lo, max: hi }, at: { ...at('maxCapacity'), evidence } };

  const policies = [...graph.sources(target, 'scales', 'autoscaling.policy'), ...graph.sources(service, 'scales', 'autoscaling.policy')].sort((a, b) => a.address.localeCompare(b.address));
  evidence.actual.policies = policies.map((p) => `${p.address} (${typeof p.props.policyType === 'string' ? p.props.policyType : 'type unknown'})`);
  const counts = (p: Resource<'autoscaling.policy'>) => typeof p.props.policyType === 'string' && (COUNTED.has(p.props.policyType) || (options.predictiveCounts && p.props.policyType === 'PredictiveScaling'));
  const counted = policies.filter(counts);
  if (counted.length > 0) {
    const names = counted.map((p) => `${p.props.policyType} policy ${p.address}`).join(', ');
    return { status: 'pass', id: 'scales', data: { min: lo, max: hi, policies: names }, at: { locationOf: { resource: counted[0] as AnyResource, prop: 'policyType' }, evidence } };
  }
  const unknownType = policies.find((p) => isUnknown(p.props.policyType));
  if (unknownType && isUnknown(unknownType.props.policyType)) {
    return { status: 'unknown', id: 'cannotTell', data: { reason: `policy type of ${unknownType.address}: ${unknownType.props.policyType.reason}` }, at: { locationOf: { resource: unknownType as AnyResource, prop: 'policyType' }, evidence } };
  }
  if (target.props.policyGap !== undefined) {
    return { status: 'unknown', id: 'cannotTell', data: { reason: `the scaling policies of ${target.address} could not be read: ${target.props.policyGap}` }, at: { ...at(), evidence } };
  }
  const floatingPolicy = floating(service, graph, 'autoscaling.policy');
  if (floatingPolicy) {
    return { status: 'unknown', id: 'cannotTell', data: { reason: `scaling policy ${floatingPolicy.address} may apply to it (${scalesGap(floatingPolicy)})` }, at: { locationOf: { resource: floatingPolicy as AnyResource, prop: 'resourceId' }, evidence } };
  }
  const found = policies.length ? `only ${policies.map((p) => `${String(p.props.policyType)} policy ${p.address}`).join(', ')}` : 'no scaling policy (scheduled actions, if any, do not count)';
  return { status: 'fail', id: 'noPolicy', data: { target: target.address, found }, at: { ...at(), evidence } };
}

/** Why a node's `scales` reference did not resolve. */
function scalesGap(r: AnyResource): string {
  return r.unresolved.find((u) => u.edge === 'scales')?.reason ?? 'its resource id does not name a resource in the scan';
}

/**
 * An ECS scaling target or policy of the service's module and source whose
 * `scales` reference did not resolve: it may be this service's.
 */
function floating<K extends 'autoscaling.target' | 'autoscaling.policy'>(service: Resource<'ecs.service'>, graph: ResourceGraph, kind: K): Resource<K> | undefined {
  const module = (service.provenance.modulePath ?? []).join('.');
  return graph
    .ofKind(kind)
    .filter((t) => t.unresolved.some((u) => u.edge === 'scales') && graph.outgoing(t.id, 'scales').length === 0)
    .filter((t) => t.props.serviceNamespace === 'ecs' || isUnknown(t.props.serviceNamespace) || (t.props.serviceNamespace === undefined && isEcsDimension(t.props.scalableDimension)))
    .filter((t) => t.provenance.source === service.provenance.source && (t.provenance.modulePath ?? []).join('.') === module)
    .filter((t) => t.provenance.accountId === service.provenance.accountId && t.provenance.region === service.provenance.region)
    .sort((a, b) => a.address.localeCompare(b.address))[0] as Resource<K> | undefined;
}

function isEcsDimension(d: unknown): boolean {
  return typeof d === 'string' ? d.startsWith('ecs:') : isUnknown(d);
}
