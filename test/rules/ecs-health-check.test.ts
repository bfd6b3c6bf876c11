import rule from '../../rules/ecs-health-check.js';
import type { ContainerDefinition, Resource, TargetGroupHealthCheck } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, type GraphFixture } from '../helpers/rule-tester.js';
import { service } from './ecs-fixtures.js';

function container(name: string, healthCheck?: ContainerDefinition['healthCheck'], essential?: boolean): ContainerDefinition {
  return { name, image: `${name}:1`, essential, environment: undefined, secrets: undefined, healthCheck };
}

/** The task definition at task.tf:1 (container_definitions at line 4), as the service's. */
function taskDef(g: GraphFixture, s: Resource<'ecs.service'>, containers: ContainerDefinition[] | Unknown) {
  const td = g.add('ecs.task-definition', 'aws_ecs_task_definition.orders', { file: 'task.tf', line: 1, props: { family: 'orders', containers }, lines: { containers: 4 } });
  g.edge(s, 'uses-task-definition', td, { attribute: 'task_definition' });
}

/** The target group at lb.tf:1 (health_check at line 6), as the service's load_balancer target. */
function targetGroup(g: GraphFixture, s: Resource<'ecs.service'>, healthCheck: Partial<TargetGroupHealthCheck> | undefined) {
  const tg = g.add('lb.target-group', 'aws_lb_target_group.orders', {
    file: 'lb.tf',
    line: 1,
    props: { name: 'orders', protocol: 'HTTP', targetType: 'ip', healthCheck: healthCheck && { enabled: undefined, protocol: undefined, path: '/health', intervalSeconds: undefined, timeoutSeconds: undefined, healthyThreshold: undefined, unhealthyThreshold: undefined, ...healthCheck } },
    lines: { healthCheck: 6 },
  });
  g.edge(s, 'registers-with', tg, { attribute: 'load_balancer.target_group_arn' });
}

const cmd = ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'];

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical: container health check every 10 s',
      graph: () => {
        const g = graph();
        const s = service(g, { loadBalancerCount: 0 });
        taskDef(g, s, [container('app', { command: cmd, interval: 10, timeout: 5, retries: 3, startPeriod: undefined }), container('log-router', undefined, false)]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'checked', location: { file: 'task.tf', line: 4 }, message: 'container app of aws_ecs_task_definition.orders every 10 s' }],
    },
    {
      name: 'high (no interval limit): the target group health check at the ELB default 30 s',
      graph: () => {
        const g = graph();
        const s = service(g, { loadBalancerCount: 1 }, 'high');
        taskDef(g, s, [container('app')]);
        targetGroup(g, s, undefined);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'checked', location: { file: 'lb.tf', line: 1 }, message: 'target group aws_lb_target_group.orders every 30 s (ELB default)' }],
    },
  ],
  fail: [
    {
      name: 'critical: no container health check and no load balancer',
      graph: () => {
        const g = graph();
        const s = service(g, { loadBalancerCount: 0 });
        taskDef(g, s, [container('app')]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noCheck', location: { file: 'ecs.tf', line: 1 }, message: 'container app of aws_ecs_task_definition.orders has no healthCheck', severity: 'high' }],
    },
    {
      name: 'critical: container check at the ECS default 30 s and target group every 15 s, both slower than 10 s',
      graph: () => {
        const g = graph();
        const s = service(g, { loadBalancerCount: 1 });
        taskDef(g, s, [container('app', { command: cmd, interval: undefined, timeout: undefined, retries: undefined, startPeriod: undefined })]);
        targetGroup(g, s, { intervalSeconds: 15 });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'tooSlow', location: { file: 'task.tf', line: 4 }, message: ['every 30 s (ECS default)', 'aws_lb_target_group.orders every 15 s', 'interval ≤ 10 s required'] }],
    },
  ],
  unknown: [
    {
      name: 'container definitions from a file the scan cannot read, no load balancer',
      graph: () => {
        const g = graph();
        const s = service(g, { loadBalancerCount: 0 });
        taskDef(g, s, new Unknown('templatefile("containers.json.tpl") is not evaluated'));
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 1 }, message: 'templatefile("containers.json.tpl") is not evaluated' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier does not require a health check',
      graph: () => {
        const g = graph();
        const s = service(g, { loadBalancerCount: 0 }, 'medium');
        taskDef(g, s, [container('app')]);
        return g.build();
      },
      findings: [],
    },
  ],
});
