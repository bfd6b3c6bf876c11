/**
 * The failure-domain rules over every workload kind the simulation
 * evaluates: load balancers, EC2 instances, Auto Scaling groups and Lambda
 * functions, next to ECS services and databases; a target group reached
 * through several load balancers; a service whose database reference the
 * scan cannot resolve.
 */
import azRule from '../../rules/az-failure-tolerance.js';
import regionRule from '../../rules/region-failure-recovery.js';
import spofRule from '../../rules/single-point-of-failure.js';
import type { AnyResource, Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';
import { ingress } from './failure-fixtures-lb.js';
import { network, type Net } from './failure-fixtures.js';

const A = 'ap-northeast-1a';
const C = 'ap-northeast-1c';
const D = 'ap-northeast-1d';
const REGION = 'ap-northeast-1';

/** Private subnets (one NAT gateway per AZ) with the resources every case below places in them. */
function place(net: Net, r: AnyResource | Resource<never>, azs: number[]): void {
  for (const i of azs) net.g.edge(r as AnyResource, 'in-subnet', net.subnets[i], { attribute: 'subnet_ids' });
}

function instance(net: Net, address: string, az: number, tierName = 'critical') {
  const i = net.g.add('compute.instance', address, { file: 'ec2.tf', line: 1, props: { instanceType: 't3.small' }, tags: tier(tierName), provenance: { region: REGION } });
  place(net, i, [az]);
  return i;
}

function group(net: Net, azs: number[], minSize: number, tierName = 'critical') {
  const g = net.g.add('compute.autoscaling-group', 'aws_autoscaling_group.web', { file: 'asg.tf', line: 3, props: { minSize }, tags: tier(tierName), provenance: { region: REGION } });
  place(net, g, azs);
  return g;
}

function lambda(net: Net, azs: number[], tierName = 'critical') {
  const f = net.g.add('function', 'aws_lambda_function.orders', { file: 'lambda.tf', line: 5, props: { inVpc: azs.length > 0 }, tags: tier(tierName), provenance: { region: REGION } });
  place(net, f, azs);
  return f;
}

/** A second load balancer (lb.tf:60) forwarding to the same target group, enabled in `azs`. */
function secondLb(net: ReturnType<typeof ingress>, azs: string[]) {
  const lb = net.g.add('lb.load-balancer', 'aws_lb.internal', { file: 'lb.tf', line: 60, props: { type: 'application', scheme: 'internal', crossZone: true } });
  net.g.edge(lb, 'forwards-to', net.targetGroup, { attribute: 'default_action[0].target_group_arn' });
  azs.forEach((az, i) => net.g.edge(lb, 'in-subnet', net.g.add('network.subnet', `aws_subnet.internal[${i}]`, { props: { availabilityZone: az }, file: 'network.tf' }), { attribute: 'subnets' }));
  return lb;
}

ruleTester.run(azRule, {
  pass: [
    {
      name: 'a load balancer enabled in three AZs keeps its nodes in the two left',
      graph: () => ingress([A, C, D], [A, C, D]).g.build(),
      findings: [
        { address: 'aws_ecs_service.web', status: 'pass', messageId: 'tolerates', location: { file: 'ecs.tf', line: 1 } },
        { address: 'aws_lb.web', status: 'pass', messageId: 'tolerates', location: { file: 'lb.tf', line: 1 }, message: ['survives the loss of any of its 3 AZ(s)', 'RTO 0 s (elb-zone-removal)'] },
      ],
    },
    {
      name: 'a VPC Lambda function in two AZs keeps running in the subnets left',
      graph: () => {
        const net = network([A, C]);
        lambda(net, [0, 1]);
        return net.g.build();
      },
      findings: [{ address: 'aws_lambda_function.orders', status: 'pass', messageId: 'tolerates', location: { file: 'lambda.tf', line: 5 }, message: 'RTO 0 s (lambda-multi-az)' }],
    },
  ],
  fail: [
    {
      name: 'a target group with a second load balancer in another AZ: the service keeps a way in when the one-AZ load balancer is lost',
      graph: () => {
        const net = ingress([A, C, D], [A]);
        secondLb(net, [C]);
        return net.g.build();
      },
      findings: [
        { address: 'aws_ecs_service.web', status: 'pass', messageId: 'tolerates', location: { file: 'ecs.tf', line: 1 } },
        { address: 'aws_lb.web', status: 'fail', messageId: 'breaches', location: { file: 'lb.tf', line: 1 } },
        { address: 'aws_lb.internal', status: 'fail', messageId: 'breaches', location: { file: 'lb.tf', line: 60 } },
      ],
    },
    {
      name: 'a standalone EC2 instance is lost with its AZ and nothing replaces it',
      graph: () => {
        const net = network([A, C]);
        instance(net, 'aws_instance.api', 0);
        return net.g.build();
      },
      findings: [
        {
          address: 'aws_instance.api',
          status: 'fail',
          messageId: 'breaches',
          location: { file: 'ec2.tf', line: 1 },
          message: [`losing ${A} leaves it down`, 'RTO none (no-recovery)'],
          evidence: { related: [`aws_subnet.private["${A}"]`] },
        },
      ],
    },
    {
      name: 'an Auto Scaling group whose only subnet is in one AZ',
      graph: () => {
        const net = network([A, C]);
        group(net, [0], 2);
        return net.g.build();
      },
      findings: [{ address: 'aws_autoscaling_group.web', status: 'fail', messageId: 'breaches', location: { file: 'asg.tf', line: 3 }, message: 'every AZ it launches in is lost' }],
    },
    {
      name: 'a Lambda function in one subnet is down with its AZ',
      graph: () => {
        const net = network([A, C]);
        lambda(net, [1], 'high');
        return net.g.build();
      },
      findings: [{ address: 'aws_lambda_function.orders', status: 'fail', messageId: 'breaches', location: { file: 'lambda.tf', line: 5 }, message: [`losing ${C} leaves it down`, 'tier high'] }],
    },
    {
      name: 'a one-AZ load balancer and the service behind it are down with that AZ',
      graph: () => ingress([A, C, D], [A]).g.build(),
      findings: [
        { address: 'aws_ecs_service.web', status: 'fail', messageId: 'breaches', location: { file: 'ecs.tf', line: 1 }, evidence: { related: ['aws_lb_target_group.web', 'aws_lb.web', 'aws_subnet.lb[0]'] } },
        { address: 'aws_lb.web', status: 'fail', messageId: 'breaches', location: { file: 'lb.tf', line: 1 }, message: 'no zone left for its nodes' },
      ],
    },
    {
      name: 'two load balancers forward to the target group, both in the same AZ: losing it cuts every way in',
      graph: () => {
        const net = ingress([A, C, D], [A]);
        secondLb(net, [A]);
        return net.g.build();
      },
      findings: [
        { address: 'aws_ecs_service.web', status: 'fail', messageId: 'breaches', location: { file: 'ecs.tf', line: 1 }, message: `losing ${A} leaves it down` },
        { address: 'aws_lb.web', status: 'fail', messageId: 'breaches', location: { file: 'lb.tf', line: 1 } },
        { address: 'aws_lb.internal', status: 'fail', messageId: 'breaches', location: { file: 'lb.tf', line: 60 } },
      ],
    },
  ],
  unknown: [
    {
      name: 'an Auto Scaling group in two AZs keeps serving, but what its instances kept on their disks has no RPO figure',
      graph: () => {
        const net = network([A, C]);
        group(net, [0, 1], 4);
        return net.g.build();
      },
      findings: [{ address: 'aws_autoscaling_group.web', status: 'unknown', messageId: 'cannotTell', location: { file: 'asg.tf', line: 3 }, message: 'RPO none (ec2-asg-replace)' }],
    },
    {
      name: 'a load balancer whose subnets come from a data source cannot be placed',
      graph: () => {
        const net = network([A]);
        const lb = net.g.add('lb.load-balancer', 'aws_lb.web', { file: 'lb.tf', line: 1, props: { type: 'application' }, tags: tier('critical') });
        net.g.unresolved(lb, 'in-subnet', 'subnets', 'data.aws_subnets.public is not in the scanned configuration');
        return net.g.build();
      },
      findings: [{ address: 'aws_lb.web', status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 1 }, message: 'data.aws_subnets.public is not in the scanned configuration' }],
    },
    {
      name: 'an EC2 instance whose only subnet has an AZ the scan cannot tell: no AZ failure to simulate',
      graph: () => {
        const g = graph();
        const s = g.add('network.subnet', 'aws_subnet.app', { file: 'network.tf', props: { availabilityZone: new Unknown('var.az has no value') as unknown as string } });
        const i = g.add('compute.instance', 'aws_instance.api', { file: 'ec2.tf', line: 1, props: { instanceType: 't3.small' }, tags: tier('critical') });
        g.edge(i, 'in-subnet', s, { attribute: 'subnet_id' });
        return g.build();
      },
      findings: [{ address: 'aws_instance.api', status: 'unknown', messageId: 'notPlaced', location: { file: 'ec2.tf', line: 1 }, message: 'no AZ of it or its dependencies could be placed' }],
    },
    {
      name: 'a service whose task definition names a database the scan cannot resolve is never met: the database may be in the AZ lost',
      graph: () => {
        const net = network([A, C]);
        const svc = net.g.add('ecs.service', 'aws_ecs_service.api', { file: 'ecs.tf', line: 1, props: { desiredCount: 4 }, tags: tier('critical') });
        for (const s of net.subnets) net.g.edge(svc, 'in-subnet', s, { attribute: 'network_configuration.subnets' });
        const td = net.g.add('ecs.task-definition', 'aws_ecs_task_definition.api', { file: 'ecs.tf', line: 20 });
        net.g.edge(svc, 'uses-task-definition', td, { attribute: 'task_definition' });
        net.g.unresolved(td, 'connects-to', 'container_definitions[0].environment[0].value', 'var.db_host has no value');
        return net.g.build();
      },
      findings: [
        {
          address: 'aws_ecs_service.api',
          status: 'unknown',
          messageId: 'cannotTell',
          location: { file: 'ecs.tf', line: 1 },
          message: ['a database it connects to cannot be resolved (aws_ecs_task_definition.api.container_definitions[0].environment[0].value: var.db_host has no value)', 'may be lost with'],
        },
      ],
    },
  ],
  notApplicable: [
    {
      name: 'an instance launched by an Auto Scaling group is judged with its group',
      graph: () => {
        const net = network([A]);
        const i = net.g.add('compute.instance', 'i-0abc', { props: { autoScalingGroup: 'web', availabilityZone: A }, tags: tier('critical'), live: true });
        place(net, i, [0]);
        return net.g.build();
      },
      findings: [],
    },
    {
      name: 'a workload of a tier outside the option is not judged',
      graph: () => {
        const net = network([A]);
        instance(net, 'aws_instance.sandbox', 0, 'medium');
        return net.g.build();
      },
      options: { tiers: ['critical', 'high'] },
      findings: [],
    },
  ],
});

ruleTester.run(regionRule, {
  pass: [
    {
      // No DR approach is found for the compute and ingress kinds yet (only Aurora Global Database and cross-Region replicas): their pass comes with a deployment elsewhere, which the scan cannot see. The rule's pass, next to them:
      name: 'an Aurora Global Database with a secondary in another Region recovers',
      graph: () => {
        const net = network([A]);
        const primary = net.g.add('db.cluster', 'aws_rds_cluster.primary', { file: 'db.tf', line: 1, props: { engine: 'aurora-postgresql' }, tags: tier('critical'), provenance: { region: REGION } });
        const secondary = net.g.add('db.cluster', 'aws_rds_cluster.secondary', { file: 'db.tf', line: 30, props: { engine: 'aurora-postgresql' }, tags: tier('critical'), provenance: { region: 'ap-southeast-1' } });
        const global = net.g.add('db.global-cluster', 'aws_rds_global_cluster.orders', { file: 'db.tf', line: 60, provenance: { region: REGION } });
        net.g.edge(primary, 'member-of', global).edge(secondary, 'member-of', global);
        for (const [c, az, line] of [[primary, A, 10], [secondary, 'ap-southeast-1a', 40]] as const) {
          net.g.edge(net.g.add('db.instance', `${c.address}-instance`, { file: 'db.tf', line, props: { engine: 'aurora-postgresql', availabilityZone: az }, provenance: { region: c.provenance.region } }), 'member-of', c);
        }
        return net.g.build();
      },
      findings: [
        { address: 'aws_rds_cluster.primary', status: 'pass', messageId: 'recovers', location: { file: 'db.tf', line: 1 } },
        { address: 'aws_rds_cluster.secondary', status: 'pass', messageId: 'recovers', location: { file: 'db.tf', line: 30 } },
      ],
    },
  ],
  fail: [
    {
      name: 'a standalone instance keeps its data on its own volumes: nothing outside the Region',
      graph: () => {
        const net = network([A]);
        instance(net, 'aws_instance.api', 0);
        return net.g.build();
      },
      findings: [{ address: 'aws_instance.api', status: 'fail', messageId: 'breaches', location: { file: 'ec2.tf', line: 1 }, message: [`if ${REGION} is lost`, 'RPO none (no-recovery)'] }],
    },
    {
      name: 'an Auto Scaling group with no deployment in another Region',
      graph: () => {
        const net = network([A, C]);
        group(net, [0, 1], 2, 'high');
        return net.g.build();
      },
      findings: [{ address: 'aws_autoscaling_group.web', status: 'fail', messageId: 'breaches', location: { file: 'asg.tf', line: 3 }, message: 'tier high Region targets' }],
    },
  ],
  unknown: [
    {
      name: 'a load balancer with no deployment in another Region: stateless, but nothing says how long a new one takes',
      graph: () => {
        const net = network([A]);
        const lb = net.g.add('lb.load-balancer', 'aws_lb.web', { file: 'lb.tf', line: 1, props: { type: 'application' }, tags: tier('critical'), provenance: { region: REGION } });
        place(net, lb, [0]);
        return net.g.build();
      },
      findings: [{ address: 'aws_lb.web', status: 'unknown', messageId: 'cannotTell', location: { file: 'lb.tf', line: 1 }, message: ['DR approach none', 'RPO 0 s (stateless)'] }],
    },
    {
      name: 'a stateless Lambda function with no deployment elsewhere: redeploying it has no documented time',
      graph: () => {
        const net = network([A]);
        lambda(net, []);
        return net.g.build();
      },
      findings: [{ address: 'aws_lambda_function.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'lambda.tf', line: 5 }, message: ['DR approach none', 'RPO 0 s (stateless)'] }],
    },
  ],
  notApplicable: [
    {
      name: 'a medium function when only critical workloads are judged',
      graph: () => {
        const net = network([A]);
        lambda(net, [0], 'medium');
        return net.g.build();
      },
      options: { tiers: ['critical'] },
      findings: [],
    },
  ],
});

const NAT = (az: string, line: number, status: 'pass' | 'fail' = 'pass') => ({ address: `aws_nat_gateway.this["${az}"]`, status, messageId: status === 'pass' ? 'redundant' : 'single', location: { file: 'nat.tf', line } });

ruleTester.run(spofRule, {
  pass: [
    {
      name: 'a one-AZ load balancer is not single when another load balancer forwards to the same target group (any of them, not all)',
      graph: () => {
        const net = ingress([A, C, D], [A]);
        secondLb(net, [C, D]);
        return net.g.build();
      },
      findings: [
        { address: 'aws_lb.web', status: 'pass', messageId: 'redundant', location: { file: 'lb.tf', line: 1 }, message: 'needed by aws_ecs_service.web' },
        { address: 'aws_lb.internal', status: 'pass', messageId: 'redundant', location: { file: 'lb.tf', line: 60 } },
        NAT(A, 1),
        NAT(C, 11),
        NAT(D, 21),
      ],
    },
  ],
  fail: [
    {
      name: 'an Auto Scaling group behind a one-AZ load balancer: the load balancer is its single point of failure',
      graph: () => {
        const net = ingress([A, C], [A], { tier: 'medium' });
        const asg = group(net, [0, 1], 4);
        net.g.edge(asg, 'registers-with', net.targetGroup, { attribute: 'target_group_arns' });
        return net.g.build();
      },
      findings: [
        { address: 'aws_lb.web', status: 'fail', messageId: 'single', location: { file: 'lb.tf', line: 1 }, message: ['takes down aws_autoscaling_group.web (critical)', 'path: aws_autoscaling_group.web → aws_lb_target_group.web → aws_lb.web'] },
        NAT(A, 1),
        NAT(C, 11),
      ],
    },
    {
      name: 'a standalone EC2 instance a critical function needs (a declared reference) is single',
      graph: () => {
        const net = network([A, C]);
        const f = lambda(net, [0, 1]);
        const i = instance(net, 'aws_instance.license', 0, 'medium');
        net.g.edge(f, 'depends-on', i, { attribute: 'depends_on' });
        return net.g.build();
      },
      findings: [
        { address: 'aws_instance.license', status: 'fail', messageId: 'single', location: { file: 'ec2.tf', line: 1 }, message: 'path: aws_lambda_function.orders → aws_instance.license' },
        NAT(A, 1, 'fail'),
        NAT(C, 11),
      ],
    },
  ],
  unknown: [
    {
      name: 'a function whose subnets are unresolved: the NAT gateways may be its only path',
      graph: () => {
        const net = network([A]);
        const f = lambda(net, [0]);
        net.g.unresolved(f, 'in-subnet', 'vpc_config.subnet_ids', 'var.subnet_ids has no value');
        return net.g.build();
      },
      findings: [{ ...NAT(A, 1), status: 'unknown', messageId: 'cannotTell', message: 'var.subnet_ids has no value' }],
    },
  ],
});
