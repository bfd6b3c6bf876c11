import rule from '../../rules/ecs-no-fargate-spot.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { cluster, service } from './ecs-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'FARGATE launch type',
      graph: () => {
        const g = graph();
        service(g, { launchType: 'FARGATE' });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'onDemand', location: { file: 'ecs.tf', line: 3 }, message: 'the FARGATE launch type' }],
    },
    {
      name: 'FARGATE_SPOT written with weight 0 and no base places nothing',
      graph: () => {
        const g = graph();
        service(g, { capacityProviderStrategy: [{ provider: 'FARGATE', weight: 1, base: 2 }, { provider: 'FARGATE_SPOT', weight: 0, base: undefined }] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'onDemand', location: { file: 'ecs.tf', line: 4 }, message: 'its capacity provider strategy' }],
    },
  ],
  fail: [
    {
      name: "the service's strategy gives FARGATE_SPOT a weight",
      graph: () => {
        const g = graph();
        service(g, { capacityProviderStrategy: [{ provider: 'FARGATE', weight: 1, base: 1 }, { provider: 'FARGATE_SPOT', weight: 4, base: undefined }] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'spot', location: { file: 'ecs.tf', line: 4 }, message: 'FARGATE_SPOT weight 4, base 0', severity: 'high' }],
    },
    {
      name: "no strategy of its own: the cluster's default strategy (aws_ecs_cluster_capacity_providers) uses FARGATE_SPOT",
      graph: () => {
        const g = graph();
        const s = service(g, {});
        cluster(g, s, { capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [{ provider: 'FARGATE_SPOT', weight: 1, base: undefined }] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'spot', location: { file: 'cluster.tf', line: 9 }, message: 'the default capacity provider strategy of aws_ecs_cluster.main' }],
    },
  ],
  unknown: [
    {
      name: 'FARGATE_SPOT weight from a variable without value',
      graph: () => {
        const g = graph();
        service(g, { capacityProviderStrategy: [{ provider: 'FARGATE_SPOT', weight: new Unknown('var.spot_weight has no value'), base: undefined }] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 4 }, message: 'var.spot_weight has no value' }],
    },
    {
      name: "no strategy and the cluster is not in the scan: its default strategy may be Spot",
      graph: () => {
        const g = graph();
        g.add('ecs.service', 'aws_ecs_service.orders', { file: 'ecs.tf', line: 1, props: { name: 'orders' }, tags: { tier: 'critical' }, unresolved: [{ edge: 'in-cluster', attribute: 'cluster', reason: 'var.cluster_arn has no value' }] });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 1 }, message: 'var.cluster_arn has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'high and medium tiers allow Spot',
      graph: () => {
        const g = graph();
        service(g, { capacityProviderStrategy: [{ provider: 'FARGATE_SPOT', weight: 1, base: undefined }] }, 'high');
        service(g, { capacityProviderStrategy: [{ provider: 'FARGATE_SPOT', weight: 1, base: undefined }] }, 'medium', 'aws_ecs_service.batch');
        return g.build();
      },
      findings: [],
    },
  ],
});
