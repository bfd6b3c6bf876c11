import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  allowLambdaWithout: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allowLambdaWithout: {
      type: 'boolean',
      default: false,
      description:
        'Accept Lambda target groups without a health check (their default): the load balancer then always treats the function as healthy, which is usually what a single-function target group wants.',
    },
  },
  required: ['allowLambdaWithout'],
};

const messages = {
  checked: '{{name}} ({{targetType}} targets) health-checks its targets{{how}}',
  unchecked: '{{name}} ({{targetType}} targets) does not health-check its targets{{why}}: the load balancer keeps sending traffic to failed targets; tier {{tier}} requires health checks',
  cannotTell: '{{name}}: cannot tell whether it health-checks its targets: {{reason}}',
};

export default defineRule({
  id: 'lb-target-group-health-check',
  meta: {
    title: 'Target groups health-check their targets',
    // Without a health check a failed target keeps its share of requests: a partial outage that no
    // failover notices, and Auto Scaling / ECS never replace it on the load balancer's word.
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['NET-LB'],
    tierSettings: ['network.lbHealthCheck'],
    rationale:
      'NET-LB requires target groups to have health checks. A load balancer routes only to targets that pass its health check; with the check disabled every registered target counts as healthy, so a failed instance, task or AZ keeps receiving traffic. ' +
      'Health checks are on by default for instance, IP and ALB targets and off by default for Lambda targets; they are off only when `enabled = false` / `HealthCheckEnabled: false` is written (or, for Lambda, not turned on).',
    remediation: {
      terraform: 'aws_lb_target_group: health_check { enabled = true, path = "/healthz", matcher = "200" } (remove enabled = false). terraform-aws-modules/alb: target_groups.<key>.health_check.',
      cloudformation: 'AWS::ElasticLoadBalancingV2::TargetGroup: HealthCheckEnabled: true, HealthCheckPath: /healthz (remove HealthCheckEnabled: false).',
      console: 'EC2 console → Target groups → the group → Health checks → Edit → turn health checks on and set the path.',
      cli: 'aws elbv2 modify-target-group --target-group-arn <arn> --health-check-enabled --health-check-path /healthz',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
    tags: ['resilience', 'network'],
  },
  options,
  appliesTo: ['lb.target-group'],
  check(tg, ctx) {
    if (!(ctx.tier.requirements.network.lbHealthCheck ?? true)) return;
    const tt = tg.props.targetType;
    const targetType = typeof tt === 'string' ? tt : 'unknown';
    const hc = tg.props.healthCheck;
    if (isUnknown(hc)) return ctx.unknown('cannotTell', { reason: `health check: ${hc.reason}` }, { prop: 'healthCheck' });
    const enabled = hc?.enabled;
    if (isUnknown(enabled)) return ctx.unknown('cannotTell', { reason: `health check enabled: ${enabled.reason}` }, { prop: 'healthCheck' });
    if (enabled === false) return ctx.fail('unchecked', { targetType, why: ' (health checks turned off)' }, { prop: 'healthCheck' });
    if (enabled === true) return ctx.pass('checked', { targetType, how: describe(hc) }, { prop: 'healthCheck' });
    // Not written: AWS's default, which depends on the target type.
    if (isUnknown(tt)) return ctx.unknown('cannotTell', { reason: `health checks default on except for Lambda targets; target type: ${tt.reason}` }, { prop: 'targetType' });
    if (tt === 'lambda') {
      if (ctx.options.allowLambdaWithout) return;
      return ctx.fail('unchecked', { targetType, why: ' (off by default for Lambda targets)' }, { prop: hc ? 'healthCheck' : 'targetType' });
    }
    return ctx.pass('checked', { targetType, how: hc ? describe(hc) : ' (on by default)' }, { prop: hc ? 'healthCheck' : 'targetType' });
  },
});

function describe(hc: { path?: unknown; intervalSeconds?: unknown; unhealthyThreshold?: unknown } | undefined): string {
  if (!hc) return '';
  const parts = [
    typeof hc.path === 'string' ? `path ${hc.path}` : '',
    typeof hc.intervalSeconds === 'number' ? `every ${hc.intervalSeconds} s` : '',
    typeof hc.unhealthyThreshold === 'number' ? `unhealthy after ${hc.unhealthyThreshold}` : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
