import rule from '../../rules/ecs-min-tasks-per-az.js';
import type { PropsByKind, Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier, type GraphFixture } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const AZ_D = 'ap-northeast-1d';
const SERVICE = 'aws_ecs_service.orders';
const TARGET = 'aws_appautoscaling_target.orders';

interface Setup {
  tier?: string;
  service?: Partial<PropsByKind['ecs.service']>;
  /** min_capacity of each scaling target (none: no auto scaling). */
  minCapacities?: (number | Unknown | undefined)[];
  /** AZ of each subnet of the service. */
  subnetAzs?: (string | Unknown)[];
}

/**
 * The service at ecs.tf:1 (desired_count at line 5, scheduling_strategy at line 6), scaling targets at
 * autoscaling.tf:1, 21, … (min_capacity at header + 3; a result decided by a scaling target points there), subnets in network.tf.
 */
function build({ tier: tierName = 'critical', service = {}, minCapacities = [], subnetAzs = [] }: Setup, extra?: (g: GraphFixture, s: Resource<'ecs.service'>) => void) {
  const g = graph();
  const s = g.add('ecs.service', SERVICE, {
    file: 'ecs.tf',
    line: 1,
    props: { name: 'orders', launchType: 'FARGATE', ...service },
    lines: { desiredCount: 5, schedulingStrategy: 6 },
    tags: tier(tierName),
  });
  minCapacities.forEach((min, i) => {
    const t = g.add('autoscaling.target', i === 0 ? TARGET : `${TARGET}_${i}`, {
      file: 'autoscaling.tf',
      line: 1 + 20 * i,
      props: { serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', ...(min === undefined ? {} : { minCapacity: min }), maxCapacity: 20 },
      lines: { minCapacity: 4 + 20 * i },
    });
    g.edge(t, 'scales', s, { attribute: 'resource_id' });
  });
  subnetAzs.forEach((az, i) => {
    const subnet = g.add('network.subnet', `aws_subnet.private[${i}]`, { file: 'network.tf', props: { availabilityZone: az } });
    g.edge(s, 'in-subnet', subnet, { attribute: 'network_configuration.subnets' });
  });
  extra?.(g, s);
  return g.build();
}

const authPolicy = policyWith({
  assignments: [{ match: { name: 'orders' }, tier: 'critical', requirements: { ecs: { minTasks: 3, minAzs: 3 } }, reason: 'auth service: 3 tasks over 3 AZs' }],
});

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical service: scaling target min 2 over two AZs',
      graph: () => build({ minCapacities: [2], service: { desiredCount: 6 }, subnetAzs: [AZ_A, AZ_C] }),
      findings: [
        {
          address: SERVICE,
          status: 'pass',
          messageId: 'meets',
          // The scaling target decides the minimum; reported on the service (header), the target named in evidence.
          location: { file: 'autoscaling.tf', line: 4 },
          message: [`orders keeps ≥ 2 task(s) (min_capacity = 2 on ${TARGET}) over 2 AZs (${AZ_A}, ${AZ_C})`, 'tier critical requires ≥ 2 tasks over ≥ 2 AZs'],
          evidence: {
            attribute: `${TARGET}.min_capacity`,
            expected: { minTasks: 2, minAzs: 2, taskPerAz: true },
            actual: { minimum: 2, azs: [AZ_A, AZ_C] },
            related: [TARGET, 'aws_subnet.private[0]', 'aws_subnet.private[1]'],
          },
        },
      ],
    },
    {
      name: 'high service without auto scaling: desired count 3 over three AZs',
      graph: () => build({ tier: 'high', service: { desiredCount: 3 }, subnetAzs: [AZ_A, AZ_C, AZ_D] }),
      findings: [{ address: SERVICE, status: 'pass', messageId: 'meets', location: { file: 'ecs.tf', line: 5 }, message: `(desired_count = 3, no scaling target) over 3 AZs`, evidence: { attribute: 'desired_count' } }],
    },
    {
      name: 'tier variation: medium needs one task and no spread (subnets unknown do not matter)',
      graph: () =>
        build({ tier: 'medium', service: { desiredCount: 1 } }, (g, s) => g.unresolved(s, 'in-subnet', 'network_configuration.subnets', 'var.subnet_ids has no value')),
      findings: [{ address: SERVICE, status: 'pass', messageId: 'meetsNoSpread', location: { file: 'ecs.tf', line: 5 }, message: 'tier medium requires ≥ 1 and no AZ spread' }],
    },
    {
      name: 'policy override (auth service): 3 tasks over 3 AZs',
      policy: authPolicy,
      graph: () => build({ minCapacities: [3], subnetAzs: [AZ_A, AZ_C, AZ_D] }),
      findings: [{ address: SERVICE, status: 'pass', messageId: 'meets', location: { file: 'autoscaling.tf', line: 4 }, message: 'requires ≥ 3 tasks over ≥ 3 AZs' }],
    },
    {
      name: 'two scaling targets that both meet the tier',
      graph: () => build({ minCapacities: [2, 4], subnetAzs: [AZ_A, AZ_C] }),
      findings: [{ address: SERVICE, status: 'pass', messageId: 'meets', location: { file: 'autoscaling.tf', line: 4 }, message: '2 scaling targets declare min_capacity 2' }],
    },
    {
      name: 'option requireTaskPerAz = false: 2 tasks over 3 AZs pass',
      options: { requireTaskPerAz: false },
      graph: () => build({ service: { desiredCount: 2 }, subnetAzs: [AZ_A, AZ_C, AZ_D] }),
      findings: [{ address: SERVICE, status: 'pass', messageId: 'meets', location: { file: 'ecs.tf', line: 5 }, evidence: { expected: { taskPerAz: false } } }],
    },
  ],

  fail: [
    {
      name: 'critical service: scaling target min 1 is too low and leaves an AZ empty',
      graph: () => build({ minCapacities: [1], service: { desiredCount: 2 }, subnetAzs: [AZ_A, AZ_C] }),
      findings: [
        {
          address: SERVICE,
          status: 'fail',
          messageId: 'insufficient',
          severity: 'high',
          location: { file: 'autoscaling.tf', line: 4 },
          message: [
            'orders does not meet tier critical (≥ 2 tasks over ≥ 2 AZs)',
            `minimum 1 task(s) (min_capacity = 1 on ${TARGET}) < 2 required`,
            `minimum 1 task(s) < 2 AZs used (${AZ_A}, ${AZ_C}): at least one AZ runs no task`,
          ],
          evidence: { attribute: `${TARGET}.min_capacity`, actual: { minimum: 1 } },
        },
      ],
    },
    {
      name: 'critical service in a single AZ: located at the service (subnets are an edge attribute)',
      graph: () => build({ service: { desiredCount: 2 }, subnetAzs: [AZ_A, AZ_A] }),
      findings: [
        {
          address: SERVICE,
          status: 'fail',
          messageId: 'insufficient',
          location: { file: 'ecs.tf', line: 1 },
          message: `subnets span 1 AZ(s) (${AZ_A}) < 2 required`,
          evidence: { attribute: 'network_configuration.subnets', actual: { minimum: 2, azs: [AZ_A] } },
        },
      ],
    },
    {
      name: 'desired count below the number of AZs',
      graph: () => build({ service: { desiredCount: 2 }, subnetAzs: [AZ_A, AZ_C, AZ_D] }),
      findings: [
        {
          address: SERVICE,
          status: 'fail',
          messageId: 'insufficient',
          location: { file: 'ecs.tf', line: 5 },
          message: `minimum 2 task(s) < 3 AZs used (${AZ_A}, ${AZ_C}, ${AZ_D}): at least one AZ runs no task`,
          evidence: { attribute: 'desired_count' },
        },
      ],
    },
    {
      name: 'desired_count not set and no scaling target: treated as 0 even for medium',
      graph: () => build({ tier: 'medium', subnetAzs: [AZ_A] }),
      findings: [
        {
          address: SERVICE,
          status: 'fail',
          messageId: 'insufficient',
          severity: 'low',
          location: { file: 'ecs.tf', line: 1 },
          message: 'minimum 0 task(s) (desired count not set: treated as 0, no scaling target) < 1 required',
        },
      ],
    },
    {
      name: 'tier variation: one task in one AZ fails high',
      graph: () => build({ tier: 'high', service: { desiredCount: 1 }, subnetAzs: [AZ_A] }),
      findings: [
        {
          address: SERVICE,
          status: 'fail',
          messageId: 'insufficient',
          location: { file: 'ecs.tf', line: 5 },
          message: ['tier high', 'minimum 1 task(s) (desired_count = 1, no scaling target) < 2 required', `subnets span 1 AZ(s) (${AZ_A}) < 2 required`],
        },
      ],
    },
    {
      name: 'policy override (auth service): min 2 over 2 AZs is not enough',
      policy: authPolicy,
      graph: () => build({ minCapacities: [2], subnetAzs: [AZ_A, AZ_C] }),
      findings: [
        {
          address: SERVICE,
          status: 'fail',
          messageId: 'insufficient',
          location: { file: 'autoscaling.tf', line: 4 },
          message: ['(≥ 3 tasks over ≥ 3 AZs)', 'minimum 2 task(s)', '< 3 required', `subnets span 2 AZ(s) (${AZ_A}, ${AZ_C}) < 3 required`],
          evidence: { expected: { minTasks: 3, minAzs: 3 } },
        },
      ],
    },
    {
      name: 'a failed check wins over an unknown one, and the message says what was not checked',
      graph: () => build({ service: { desiredCount: 1 } }, (g, s) => g.unresolved(s, 'in-subnet', 'network_configuration.subnets', 'var.subnet_ids has no value')),
      findings: [
        {
          address: SERVICE,
          status: 'fail',
          messageId: 'insufficient',
          location: { file: 'ecs.tf', line: 5 },
          message: ['minimum 1 task(s)', 'not checked: AZs: its subnets: var.subnet_ids has no value'],
        },
      ],
    },
  ],

  unknown: [
    {
      name: 'min_capacity from an unresolved variable',
      graph: () => build({ minCapacities: [new Unknown('var.min_tasks has no value')], subnetAzs: [AZ_A, AZ_C] }),
      findings: [
        {
          address: SERVICE,
          status: 'unknown',
          messageId: 'cannotTell',
          location: { file: 'autoscaling.tf', line: 4 },
          message: `minimum task count: min_capacity of ${TARGET}: var.min_tasks has no value`,
          evidence: { attribute: `${TARGET}.min_capacity` },
        },
      ],
    },
    {
      name: 'desired_count from an unresolved variable',
      graph: () => build({ service: { desiredCount: new Unknown('var.desired has no value') }, subnetAzs: [AZ_A, AZ_C] }),
      findings: [{ address: SERVICE, status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 5 }, message: 'desired_count: var.desired has no value' }],
    },
    {
      name: 'subnets from an unresolved variable',
      graph: () => build({ minCapacities: [2] }, (g, s) => g.unresolved(s, 'in-subnet', 'network_configuration.subnets', 'var.subnet_ids has no value')),
      findings: [
        {
          address: SERVICE,
          status: 'unknown',
          messageId: 'cannotTell',
          location: { file: 'ecs.tf', line: 1 },
          message: 'AZs: its subnets: var.subnet_ids has no value',
          evidence: { attribute: 'network_configuration.subnets' },
        },
      ],
    },
    {
      name: "a subnet's AZ is unknown",
      graph: () => build({ minCapacities: [2], subnetAzs: [AZ_A, new Unknown('data.aws_availability_zones.all is not read')] }),
      findings: [{ address: SERVICE, status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 1 }, message: 'AZ of subnet aws_subnet.private[1]: data.aws_availability_zones.all is not read' }],
    },
    {
      name: 'EC2 launch type without awsvpc subnets',
      graph: () => build({ service: { desiredCount: 2, launchType: 'EC2' } }),
      findings: [{ address: SERVICE, status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 1 }, message: "AZs: no subnets: placement decided by the cluster's instances" }],
    },
    {
      name: 'two scaling targets that disagree across the requirement',
      graph: () => build({ minCapacities: [1, 3], subnetAzs: [AZ_A, AZ_C] }),
      findings: [
        {
          address: SERVICE,
          status: 'unknown',
          messageId: 'cannotTell',
          location: { file: 'autoscaling.tf', line: 4 },
          message: new RegExp(`: minimum is between 1 and 3 \\(2 scaling targets declare min_capacity 1 \\(${TARGET}\\), 3 \\(${TARGET}_1\\); AWS keeps one\\); 2 required$`),
        },
      ],
    },
    {
      name: 'a scaling target whose service is unresolved may set the minimum',
      graph: () =>
        build({ service: { desiredCount: 3 }, subnetAzs: [AZ_A, AZ_C] }, (g) => {
          const t = g.add('autoscaling.target', 'aws_appautoscaling_target.other', { file: 'autoscaling.tf', line: 30, props: { serviceNamespace: 'ecs', minCapacity: 1 } });
          g.unresolved(t, 'scales', 'resource_id', 'var.service_name has no value');
        }),
      findings: [
        {
          address: SERVICE,
          status: 'unknown',
          messageId: 'cannotTell',
          location: { file: 'ecs.tf', line: 1 },
          message: 'scaling target aws_appautoscaling_target.other may scale this service (var.service_name has no value)',
          evidence: { attribute: 'aws_appautoscaling_target.other.resource_id' },
        },
      ],
    },
    {
      name: 'scheduling strategy from an unresolved variable',
      graph: () => build({ service: { desiredCount: 2, schedulingStrategy: new Unknown('var.strategy has no value') }, subnetAzs: [AZ_A, AZ_C] }),
      findings: [{ address: SERVICE, status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 6 }, message: 'scheduling strategy (a DAEMON service is not judged): var.strategy has no value' }],
    },
  ],

  notApplicable: [
    {
      name: 'DAEMON services follow the cluster, not a task count',
      graph: () => build({ service: { schedulingStrategy: 'DAEMON', launchType: 'EC2' } }),
      findings: [],
    },
  ],
});
