import rule from '../../rules/ecs-cluster-capacity-multi-az.js';
import type { PropsByKind, Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier, type GraphFixture } from '../helpers/rule-tester.js';
import { AZ_A, AZ_C, service } from './ecs-fixtures.js';

/** The cluster at cluster.tf:1 (capacity_providers line 7). */
function cluster(g: GraphFixture, props: Partial<PropsByKind['ecs.cluster']>, tierName = 'critical'): Resource<'ecs.cluster'> {
  return g.add('ecs.cluster', 'aws_ecs_cluster.main', { file: 'cluster.tf', line: 1, props: { name: 'main', ...props }, lines: { capacityProviders: 7 }, tags: tier(tierName) });
}

/** An Auto Scaling group at asg.tf:<line> in subnets of the given AZs, behind the cluster's capacity provider. */
function group(g: GraphFixture, c: Resource<'ecs.cluster'>, azs: unknown[], name = 'ecs', line = 1): Resource<'compute.autoscaling-group'> {
  const asg = g.add('compute.autoscaling-group', `aws_autoscaling_group.${name}`, { file: 'asg.tf', line, props: { name, minSize: 2, maxSize: 4 } });
  azs.forEach((az, i) => {
    const subnet = g.add('network.subnet', `aws_subnet.${name}[${i}]`, { file: 'network.tf', props: { availabilityZone: az as string } });
    g.edge(asg, 'in-subnet', subnet, { attribute: 'vpc_zone_identifier' });
  });
  g.edge(c, 'uses-capacity', asg, { attribute: 'auto_scaling_group_provider.auto_scaling_group_arn', data: { provider: name } });
  return asg;
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'one group over two AZs',
      graph: () => {
        const g = graph();
        group(g, cluster(g, { capacityProviders: ['ecs'] }), [AZ_A, AZ_C]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_cluster.main', status: 'pass', messageId: 'spans', location: { file: 'cluster.tf', line: 1 }, message: 'spans 2 AZs (ap-northeast-1a, ap-northeast-1c)' }],
    },
    {
      name: 'two groups, one AZ each, together two AZs',
      graph: () => {
        const g = graph();
        const c = cluster(g, { capacityProviders: ['a', 'c'] }, 'high');
        group(g, c, [AZ_A], 'a', 1);
        group(g, c, [AZ_C], 'c', 30);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_cluster.main', status: 'pass', messageId: 'spans', location: { file: 'cluster.tf', line: 1 }, message: 'aws_autoscaling_group.a, aws_autoscaling_group.c' }],
    },
    {
      name: 'known groups already span enough AZs: an unresolved extra provider cannot lower that',
      graph: () => {
        const g = graph();
        const c = cluster(g, { capacityProviders: ['ecs', 'shared'] });
        group(g, c, [AZ_A, AZ_C]);
        g.unresolved(c, 'uses-capacity', 'capacity_providers', 'capacity provider "shared" is not in the scanned configuration');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_cluster.main', status: 'pass', messageId: 'spans', location: { file: 'cluster.tf', line: 1 } }],
    },
  ],
  fail: [
    {
      name: 'the only group is in one AZ',
      graph: () => {
        const g = graph();
        group(g, cluster(g, { capacityProviders: ['ecs'] }), [AZ_A, AZ_A]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_cluster.main', status: 'fail', messageId: 'tooFew', location: { file: 'asg.tf', line: 1 }, message: 'spans 1 AZ(s) (ap-northeast-1a)', severity: 'high' }],
    },
  ],
  unknown: [
    {
      name: 'capacity provider not in the scan',
      graph: () => {
        const g = graph();
        const c = cluster(g, { capacityProviders: ['platform-ec2'] });
        g.unresolved(c, 'uses-capacity', 'capacity_providers', 'capacity provider "platform-ec2" is not in the scanned configuration');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_cluster.main', status: 'unknown', messageId: 'cannotTell', location: { file: 'cluster.tf', line: 7 }, message: 'capacity provider "platform-ec2" is not in the scanned configuration' }],
    },
    {
      name: "a group's subnet AZ is not known",
      graph: () => {
        const g = graph();
        group(g, cluster(g, { capacityProviders: ['ecs'] }), [AZ_A, new Unknown('availability_zone is known only after apply')]);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_cluster.main', status: 'unknown', messageId: 'cannotTell', location: { file: 'asg.tf', line: 1 }, message: 'availability_zone is known only after apply' }],
    },
    {
      name: 'EC2 launch type services without any capacity provider: instances registered by user data',
      graph: () => {
        const g = graph();
        const c = cluster(g, { capacityProviders: [] });
        const s = service(g, { launchType: 'EC2' });
        g.edge(s, 'in-cluster', c, { attribute: 'cluster' });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_cluster.main', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 3 }, message: 'uses the EC2 launch type' }],
    },
  ],
  notApplicable: [
    {
      name: 'Fargate-only cluster',
      graph: () => {
        const g = graph();
        const c = cluster(g, { capacityProviders: ['FARGATE', 'FARGATE_SPOT'] });
        const s = service(g, { launchType: 'FARGATE' });
        g.edge(s, 'in-cluster', c, { attribute: 'cluster' });
        return g.build();
      },
      findings: [],
    },
    {
      name: 'medium tier asks for one AZ only',
      graph: () => {
        const g = graph();
        group(g, cluster(g, { capacityProviders: ['ecs'] }, 'medium'), [AZ_A]);
        return g.build();
      },
      findings: [],
    },
  ],
});
