import rule from '../../rules/ecs-az-spread.js';
import { SymbolicAzList } from '../../src/graph/az.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { AZ_A, AZ_C, cluster, service, subnets } from './ecs-fixtures.js';

const azList = new SymbolicAzList({ key: 'data.aws_availability_zones.available.names', label: 'data.aws_availability_zones.available.names', distinct: true, minLength: 2 });

ruleTester.run(rule, {
  pass: [
    {
      name: 'EC2 launch type with spread on attribute:ecs.availability-zone (then binpack)',
      graph: () => {
        const g = graph();
        service(g, { launchType: 'EC2', placementStrategies: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'spreads', location: { file: 'ecs.tf', line: 8 }, message: 'EC2 capacity: spread on attribute:ecs.availability-zone' }],
    },
    {
      name: 'Fargate with subnets in two AZs',
      graph: () => {
        const g = graph();
        const s = service(g, { launchType: 'FARGATE' }, 'high');
        subnets(g, s, [AZ_A, AZ_C]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'spreads', location: { file: 'ecs.tf', line: 1 }, message: `Fargate subnets in 2 AZs (${AZ_A}, ${AZ_C})` }],
    },
    {
      name: 'Fargate subnets on two elements of one AZ list (data.aws_availability_zones) are two AZs',
      graph: () => {
        const g = graph();
        const s = service(g, { launchType: 'FARGATE' });
        subnets(g, s, [azList.at(0), azList.at(1)]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'spreads', location: { file: 'ecs.tf', line: 1 }, message: 'Fargate subnets in 2 AZs' }],
    },
  ],
  fail: [
    {
      name: 'EC2 launch type with binpack only',
      graph: () => {
        const g = graph();
        service(g, { launchType: 'EC2', placementStrategies: [{ type: 'binpack', field: 'cpu' }] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noSpread', location: { file: 'ecs.tf', line: 8 }, message: 'placement: binpack(cpu)', severity: 'high' }],
    },
    {
      name: 'no launch type, no strategy, cluster without default strategy: EC2 by default, no placement strategy',
      graph: () => {
        const g = graph();
        const s = service(g, {});
        cluster(g, s, { capacityProviders: [], defaultCapacityProviderStrategy: [] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noSpread', location: { file: 'ecs.tf', line: 1 }, message: ['ECS default', 'no placement strategy'] }],
    },
    {
      name: 'Fargate subnets all in one AZ',
      graph: () => {
        const g = graph();
        const s = service(g, { launchType: 'FARGATE' });
        subnets(g, s, [AZ_A, AZ_A]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noSpread', location: { file: 'ecs.tf', line: 1 }, message: `Fargate subnets span 1 AZ(s) (${AZ_A}) < 2` }],
    },
    {
      name: "the cluster's default strategy puts the service on an EC2 capacity provider without spread",
      graph: () => {
        const g = graph();
        const s = service(g, {});
        cluster(g, s, { capacityProviders: ['ec2-asg'], defaultCapacityProviderStrategy: [{ provider: 'ec2-asg', weight: 1, base: 0 }] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noSpread', location: { file: 'ecs.tf', line: 1 }, message: 'the default of aws_ecs_cluster.main' }],
    },
  ],
  unknown: [
    {
      name: 'launch type from a variable without value',
      graph: () => {
        const g = graph();
        service(g, { launchType: new Unknown('var.launch_type has no value') });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 3 }, message: 'var.launch_type has no value' }],
    },
    {
      name: 'Fargate subnets whose AZs are not known: never a pass',
      graph: () => {
        const g = graph();
        const s = service(g, { launchType: 'FARGATE' });
        subnets(g, s, [new Unknown('availability_zone is not set'), new Unknown('availability_zone is not set')]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 1 }, message: 'availability_zone is not set' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier (minAzs 1), DAEMON and EXTERNAL services',
      graph: () => {
        const g = graph();
        service(g, { launchType: 'EC2' }, 'medium');
        service(g, { launchType: 'EC2', schedulingStrategy: 'DAEMON' }, 'critical', 'aws_ecs_service.agent');
        service(g, { launchType: 'EXTERNAL' }, 'critical', 'aws_ecs_service.edge');
        return g.build();
      },
      findings: [],
    },
  ],
});
