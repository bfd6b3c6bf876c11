import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import type { AnyResource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';
import { ecsPractices } from '../src/policy/ecs.js';

interface Options {
  containerDefaultInterval: number;
  targetGroupDefaultInterval: number;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    containerDefaultInterval: {
      type: 'integer',
      minimum: 5,
      default: 30,
      description: 'Interval in seconds of a container health check that does not set one (the ECS default, 30).',
    },
    targetGroupDefaultInterval: {
      type: 'integer',
      minimum: 5,
      default: 30,
      description: 'Interval in seconds of a target group health check that does not set one (the Elastic Load Balancing default for ALB and NLB target groups, 30).',
    },
  },
  required: ['containerDefaultInterval', 'targetGroupDefaultInterval'],
};

const messages = {
  checked: '{{name}} is health checked: {{checks}}{{limitText}}',
  noCheck: '{{name}} has no health check: {{why}}; tier {{tier}} requires a container health check or a load balancer target group health check',
  tooSlow: '{{name}}: every health check is slower than tier {{tier}} allows ({{checks}}; interval ≤ {{limit}} s required)',
  cannotTell: '{{name}}: cannot tell whether it is health checked (tier {{tier}} requires it{{limitText}}): {{reasons}}',
};

interface Check {
  text: string;
  interval: number | undefined;
  at: At;
}

export default defineRule({
  id: 'ecs-health-check',
  meta: {
    title: 'Critical and high ECS services are health checked, often enough for their tier',
    // Without a health check a hung task keeps its place and its traffic: ECS replaces only tasks that exit.
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['ECS-HEALTH'],
    tierSettings: ['ecs.healthCheck', 'ecs.healthCheckMaxIntervalSeconds'],
    rationale:
      'ECS-HEALTH: ECS replaces a task that stops, but a task that hangs or serves errors is replaced only when a health check says so: a container health check (healthCheck in an essential container\'s definition) ' +
      'or the health check of a load balancer target group the service registers with. Tiers with ecs.healthCheck require one; ecs.healthCheckMaxIntervalSeconds bounds how long a failure goes unnoticed ' +
      '(critical: 10 s, against the ECS and ELB default of 30 s). The fastest check decides: one check within the limit is enough.',
    remediation: {
      terraform:
        'aws_ecs_task_definition container_definitions: "healthCheck": { "command": ["CMD-SHELL", "curl -f http://localhost/health || exit 1"], "interval": 10 }; or aws_lb_target_group: health_check { path = "/health" interval = 10 } with aws_ecs_service load_balancer { target_group_arn = … }.',
      cloudformation: 'AWS::ECS::TaskDefinition ContainerDefinitions[].HealthCheck: { Command: [CMD-SHELL, …], Interval: 10 }; or AWS::ElasticLoadBalancingV2::TargetGroup HealthCheckIntervalSeconds: 10 with the service\'s LoadBalancers.',
      console: 'ECS console → Task definitions → Create new revision → Container → HealthCheck (interval 10); or EC2 console → Target groups → Health checks → Edit → Interval.',
      cli: 'aws ecs register-task-definition … (containerDefinitions[].healthCheck); aws elbv2 modify-target-group --target-group-arn <arn> --health-check-interval-seconds 10',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/healthcheck.html',
    references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html'],
    tags: ['resilience', 'containers'],
  },
  options,
  appliesTo: ['ecs.service'],
  check(service, ctx) {
    const practices = ecsPractices(ctx.tier.requirements);
    if (!practices.healthCheck) return;
    const limit = practices.healthCheckMaxIntervalSeconds;
    const limitText = limit !== undefined ? `; tier ${ctx.tier.tier} requires an interval ≤ ${limit} s` : '';
    const { graph } = ctx;
    const checks: Check[] = [];
    const doubts: string[] = [];
    const absent: string[] = [];

    const tds = graph.targets(service, 'uses-task-definition', 'ecs.task-definition');
    if (isUnknown(tds)) doubts.push(`task definition: ${tds.reason}`);
    else if (tds.length === 0) doubts.push('its task definition is not in the scan');
    for (const td of isUnknown(tds) ? [] : tds) {
      const containers = td.props.containers;
      if (isUnknown(containers)) {
        doubts.push(`containers of ${td.address}: ${containers.reason}`);
        continue;
      }
      for (const c of containers ?? []) {
        if (c.essential === false) continue;
        const label = `container ${typeof c.name === 'string' ? c.name : '?'} of ${td.address}`;
        if (isUnknown(c.essential)) doubts.push(`whether ${label} is essential: ${c.essential.reason}`);
        const hc = c.healthCheck;
        if (isUnknown(hc)) doubts.push(`health check of ${label}: ${hc.reason}`);
        else if (hc === undefined) absent.push(`${label} has no healthCheck`);
        else if (isUnknown(hc.command)) doubts.push(`health check command of ${label}: ${hc.command.reason}`);
        else if (!hc.command || hc.command.length === 0 || hc.command[0]?.toUpperCase() === 'NONE') absent.push(`${label}: healthCheck without a command`);
        else if (isUnknown(hc.interval)) doubts.push(`health check interval of ${label}: ${hc.interval.reason}`);
        else {
          const interval = hc.interval ?? ctx.options.containerDefaultInterval;
          checks.push({ text: `${label} every ${interval} s${hc.interval === undefined ? ' (ECS default)' : ''}`, interval, at: { locationOf: { resource: td as AnyResource, prop: 'containers' } } });
        }
      }
    }

    const tgs = graph.targets(service, 'registers-with', 'lb.target-group');
    if (isUnknown(tgs)) doubts.push(`target groups: ${tgs.reason}`);
    for (const tg of isUnknown(tgs) ? [] : tgs) {
      const hc = tg.props.healthCheck;
      if (isUnknown(hc)) { doubts.push(`health check of ${tg.address}: ${hc.reason}`); continue; }
      if (isUnknown(hc?.enabled)) { doubts.push(`whether ${tg.address} health checks: ${hc!.enabled.reason}`); continue; }
      if (hc?.enabled === false) { absent.push(`${tg.address} has its health check disabled`); continue; }
      const i = hc?.intervalSeconds;
      if (isUnknown(i)) { doubts.push(`health check interval of ${tg.address}: ${i.reason}`); continue; }
      const interval = i ?? ctx.options.targetGroupDefaultInterval;
      checks.push({ text: `target group ${tg.address} every ${interval} s${i === undefined ? ' (ELB default)' : ''}`, interval, at: { locationOf: { resource: tg as AnyResource, prop: 'healthCheck' } } });
    }
    if (!isUnknown(tgs) && tgs.length === 0 && service.props.loadBalancerCount !== 0 && service.props.loadBalancerCount !== undefined) {
      if (isUnknown(service.props.loadBalancerCount)) doubts.push(`load balancers: ${service.props.loadBalancerCount.reason}`);
      else doubts.push('its target group is not in the scan');
    }

    const expected = { healthCheck: true, ...(limit !== undefined ? { maxIntervalSeconds: limit } : {}) };
    const evidence = { expected, actual: { checks: checks.map((c) => c.text), ...(absent.length ? { without: absent } : {}) } };
    const good = checks.filter((c) => limit === undefined || (c.interval !== undefined && c.interval <= limit));
    if (good.length) {
      ctx.pass('checked', { checks: good.map((c) => c.text).join('; '), limitText }, { ...good[0].at, evidence });
    } else if (doubts.length) {
      ctx.unknown('cannotTell', { limitText: limit !== undefined ? `, interval ≤ ${limit} s` : '', reasons: [...doubts, ...checks.map((c) => c.text)].join('; ') }, { ...(checks[0]?.at ?? {}), evidence });
    } else if (checks.length) {
      ctx.fail('tooSlow', { checks: checks.map((c) => c.text).join('; '), limit }, { ...checks[0].at, evidence });
    } else {
      ctx.fail('noCheck', { why: absent.length ? absent.join('; ') : 'no health check in its task definition and no target group' }, { evidence });
    }
  },
});
