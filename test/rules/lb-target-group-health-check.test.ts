import rule from '../../rules/lb-target-group-health-check.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier } from '../helpers/rule-tester.js';

const TG = 'aws_lb_target_group.app';

/** A target group at lb.tf:10, its target type at line 12, its health_check block at line 13. */
function tg(targetType: string | Unknown, healthCheck: unknown, tierName = 'critical') {
  const g = graph();
  const props: Record<string, unknown> = { name: 'app', protocol: 'HTTP', targetType };
  if (healthCheck !== undefined) props.healthCheck = healthCheck;
  g.add('lb.target-group', TG, { file: 'lb.tf', line: 10, name: 'app', props: props as never, lines: { targetType: 12, healthCheck: 13 } as never, tags: tier(tierName) });
  return g.build();
}

const check = (enabled: unknown) => ({ enabled, protocol: 'HTTP', path: '/healthz', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 3 });

ruleTester.run(rule, {
  pass: [
    {
      name: 'instance targets, no health_check block: on by default',
      graph: () => tg('instance', undefined),
      findings: [{ address: TG, status: 'pass', messageId: 'checked', location: { file: 'lb.tf', line: 12 }, message: 'app (instance targets) health-checks its targets (on by default)' }],
    },
    {
      name: 'a health check written with its path and interval',
      graph: () => tg('ip', check(true)),
      findings: [{ address: TG, status: 'pass', messageId: 'checked', location: { file: 'lb.tf', line: 13 }, message: 'app (ip targets) health-checks its targets (path /healthz, every 30 s, unhealthy after 3)' }],
    },
    {
      name: 'a block that leaves enabled unwritten keeps the default',
      graph: () => tg('instance', check(undefined)),
      findings: [{ address: TG, status: 'pass', messageId: 'checked', location: { file: 'lb.tf', line: 13 } }],
    },
    {
      name: 'a Lambda target group turned on',
      graph: () => tg('lambda', check(true)),
      findings: [{ address: TG, status: 'pass', messageId: 'checked', location: { file: 'lb.tf', line: 13 } }],
    },
  ],
  fail: [
    {
      name: 'health checks turned off',
      graph: () => tg('instance', check(false)),
      findings: [{ address: TG, status: 'fail', messageId: 'unchecked', severity: 'high', location: { file: 'lb.tf', line: 13 }, message: 'app (instance targets) does not health-check its targets (health checks turned off)' }],
    },
    {
      name: 'Lambda targets: off by default',
      graph: () => tg('lambda', undefined, 'high'),
      findings: [{ address: TG, status: 'fail', messageId: 'unchecked', severity: 'medium', location: { file: 'lb.tf', line: 12 }, message: '(off by default for Lambda targets)' }],
    },
    {
      name: 'medium tier too (the catalogue asks every tier)',
      graph: () => tg('ip', check(false), 'medium'),
      findings: [{ address: TG, status: 'fail', messageId: 'unchecked', severity: 'low', location: { file: 'lb.tf', line: 13 }, message: 'tier medium requires health checks' }],
    },
  ],
  unknown: [
    {
      name: 'enabled from a variable without a value',
      graph: () => tg('instance', check(new Unknown('var.health_check_enabled has no value'))),
      findings: [{ address: TG, status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 13 }, message: 'health check enabled: var.health_check_enabled has no value' }],
    },
    {
      name: 'no block and an unknown target type',
      graph: () => tg(new Unknown('var.target_type has no value'), undefined),
      findings: [{ address: TG, status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 12 }, message: 'target type: var.target_type has no value' }],
    },
    {
      name: 'the whole block is unknown (a dynamic block over an unknown list)',
      graph: () => tg('instance', new Unknown('var.health_checks has no value')),
      findings: [{ address: TG, status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 13 } }],
    },
  ],
  notApplicable: [
    {
      name: 'a tier that does not require health checks',
      graph: () => tg('ip', check(false), 'medium'),
      policy: policyWith({ assignments: [{ match: { kind: 'lb.target-group' }, tier: 'medium', requirements: { network: { natPerAz: false, lbHealthCheck: false } } }] }),
      findings: [],
    },
    {
      name: 'Lambda without a health check, accepted by option',
      options: { allowLambdaWithout: true },
      graph: () => tg('lambda', undefined),
      findings: [],
    },
  ],
});
