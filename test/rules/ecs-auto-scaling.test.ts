import rule from '../../rules/ecs-auto-scaling.js';
import type { PropsByKind, Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, type GraphFixture } from '../helpers/rule-tester.js';
import { service } from './ecs-fixtures.js';

/** The service's scalable target at scaling.tf:1 (min_capacity line 5, max_capacity line 6). */
function target(g: GraphFixture, s: Resource<'ecs.service'> | undefined, props: Partial<PropsByKind['autoscaling.target']> = {}, address = 'aws_appautoscaling_target.orders'): Resource<'autoscaling.target'> {
  const t = g.add('autoscaling.target', address, {
    file: 'scaling.tf',
    line: 1,
    props: { serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: 'service/main/orders', minCapacity: 2, maxCapacity: 8, ...props },
    lines: { resourceId: 4, minCapacity: 5, maxCapacity: 6 },
  });
  if (s) g.edge(t, 'scales', s, { attribute: 'resource_id' });
  return t;
}

/** A scaling policy at scaling.tf:10 (policy_type line 12) attached to `to` (the target, or the service itself). */
function policy(g: GraphFixture, to: Resource<'autoscaling.target'> | Resource<'ecs.service'> | undefined, policyType: string | Unknown, address = 'aws_appautoscaling_policy.cpu', line = 10): Resource<'autoscaling.policy'> {
  const p = g.add('autoscaling.policy', address, {
    file: 'scaling.tf',
    line,
    props: { name: address.split('.').pop(), policyType: policyType as string, serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: 'service/main/orders' },
    lines: { policyType: line + 2, resourceId: line + 3 },
  });
  if (to) g.edge(p, 'scales', to, { attribute: 'resource_id' });
  return p;
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'target 2–8 with a CPU target tracking policy',
      graph: () => {
        const g = graph();
        const s = service(g, { desiredCount: 2 });
        policy(g, target(g, s), 'TargetTrackingScaling');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'scales', location: { file: 'scaling.tf', line: 12 }, message: 'between 2 and 8 tasks with TargetTrackingScaling policy aws_appautoscaling_policy.cpu' }],
    },
    {
      name: 'step scaling policy whose resource id names the service directly (target declared elsewhere in the scan)',
      graph: () => {
        const g = graph();
        const s = service(g, {});
        target(g, s);
        policy(g, s, 'StepScaling', 'aws_appautoscaling_policy.step', 30);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'scales', location: { file: 'scaling.tf', line: 32 } }],
    },
    {
      name: 'predictive scaling counts when the option says so',
      options: { predictiveCounts: true },
      graph: () => {
        const g = graph();
        const s = service(g, {});
        policy(g, target(g, s), 'PredictiveScaling');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'scales', location: { file: 'scaling.tf', line: 12 } }],
    },
  ],
  fail: [
    {
      name: 'no scalable target: fixed at the desired count',
      graph: () => {
        const g = graph();
        service(g, { desiredCount: 2 });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noTarget', location: { file: 'ecs.tf', line: 1 }, severity: 'high' }],
    },
    {
      name: 'target with min = max cannot scale',
      graph: () => {
        const g = graph();
        const s = service(g, {});
        policy(g, target(g, s, { minCapacity: 3, maxCapacity: 3 }), 'TargetTrackingScaling');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'fixed', location: { file: 'scaling.tf', line: 6 }, message: 'min 3, max 3' }],
    },
    {
      name: 'target without any policy (scheduled actions do not count)',
      graph: () => {
        const g = graph();
        target(g, service(g, {}));
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noPolicy', location: { file: 'scaling.tf', line: 1 }, message: 'no scaling policy' }],
    },
    {
      name: 'a predictive policy alone does not count by default',
      graph: () => {
        const g = graph();
        const s = service(g, {});
        policy(g, target(g, s), 'PredictiveScaling');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noPolicy', location: { file: 'scaling.tf', line: 1 }, message: 'only PredictiveScaling policy aws_appautoscaling_policy.cpu' }],
    },
  ],
  unknown: [
    {
      name: "a target whose resource id does not resolve may be this service's",
      graph: () => {
        const g = graph();
        service(g, {});
        const t = target(g, undefined, { resourceId: new Unknown('variable resource_id has no value') });
        g.unresolved(t, 'scales', 'resource_id', 'variable resource_id has no value');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'scaling.tf', line: 4 }, message: 'may scale this service (variable resource_id has no value)' }],
    },
    {
      name: 'a policy whose target reference does not resolve may be the one this target lacks',
      graph: () => {
        const g = graph();
        target(g, service(g, {}));
        const p = policy(g, undefined, 'TargetTrackingScaling', 'aws_appautoscaling_policy.loose', 40);
        g.unresolved(p, 'scales', 'resource_id', 'module.shared.target_resource_id is known only after apply');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'scaling.tf', line: 43 }, message: 'scaling policy aws_appautoscaling_policy.loose may apply to it' }],
    },
    {
      name: 'max_capacity from a variable without value',
      graph: () => {
        const g = graph();
        const s = service(g, {});
        policy(g, target(g, s, { maxCapacity: new Unknown('var.max_tasks has no value') as unknown as number }), 'TargetTrackingScaling');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'scaling.tf', line: 6 }, message: 'var.max_tasks has no value' }],
    },
    {
      name: 'policy type unknown',
      graph: () => {
        const g = graph();
        const s = service(g, {});
        policy(g, target(g, s), new Unknown('var.policy_type has no value'));
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'scaling.tf', line: 12 }, message: 'policy type of aws_appautoscaling_policy.cpu' }],
    },
  ],
  notApplicable: [
    {
      name: 'high tier does not require auto scaling (catalogue: critical only)',
      graph: () => {
        const g = graph();
        service(g, {}, 'high');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'daemon service: no desired count to scale',
      graph: () => {
        const g = graph();
        service(g, { schedulingStrategy: 'DAEMON' });
        return g.build();
      },
      findings: [],
    },
  ],
});
