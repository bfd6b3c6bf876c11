import rule from '../../rules/az-failure-tolerance.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier } from '../helpers/rule-tester.js';
import { network } from './failure-fixtures.js';

const A = 'ap-northeast-1a';
const C = 'ap-northeast-1c';

/** A critical service at ecs.tf:1 with `tasks` tasks in the private subnets of `azs`. */
function service(azs: string[], tasks: number, natOf?: (az: string) => string, tierName = 'critical') {
  const net = network(azs, natOf);
  const svc = net.g.add('ecs.service', 'aws_ecs_service.api', { file: 'ecs.tf', line: 1, props: { desiredCount: tasks }, tags: tier(tierName) });
  for (const s of net.subnets) net.g.edge(svc, 'in-subnet', s, { attribute: 'network_configuration.subnets' });
  return net.g;
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'a service with tasks in two AZs, each with its own NAT gateway, keeps serving when either AZ fails',
      graph: () => service([A, C], 4).build(),
      findings: [
        {
          address: 'aws_ecs_service.api',
          status: 'pass',
          messageId: 'tolerates',
          location: { file: 'ecs.tf', line: 1 },
          message: ['survives the loss of any of its 2 AZ(s)', 'RTO 0 s (ecs-reschedule)', 'tier critical targets (RTO 15 min, RPO 5 min)'],
          evidence: { expected: { rtoSeconds: 900, rpoSeconds: 300 } },
        },
      ],
    },
    {
      name: 'an Aurora cluster with instances in two AZs fails over to the replica left',
      graph: () => {
        const g = graph();
        const c = g.add('db.cluster', 'aws_rds_cluster.auth', { file: 'aurora.tf', line: 1, props: { engine: 'aurora-mysql' }, tags: tier('critical') });
        for (const az of [A, C]) g.edge(g.add('db.instance', `aws_rds_cluster_instance.auth["${az}"]`, { file: 'aurora.tf', line: 20, props: { engine: 'aurora-mysql', availabilityZone: az } }), 'member-of', c);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.auth', status: 'pass', messageId: 'tolerates', location: { file: 'aurora.tf', line: 1 }, message: 'RTO 60 s (aurora-replica-failover) / RPO 0 s (aurora-storage)' }],
    },
  ],
  fail: [
    {
      name: 'one NAT gateway for both AZs: losing its AZ takes the whole service down',
      graph: () => service([A, C], 4, () => A).build(),
      findings: [
        {
          address: 'aws_ecs_service.api',
          status: 'fail',
          messageId: 'breaches',
          location: { file: 'ecs.tf', line: 1 },
          message: [`losing ${A} leaves it down`, 'RTO none (no-recovery)'],
          evidence: { related: [`aws_subnet.private["${C}"]`, `aws_route_table.private["${C}"]`, `aws_nat_gateway.this["${A}"]`, `aws_subnet.public["${A}"]`] },
        },
      ],
    },
    {
      name: 'a single-AZ instance with backups off loses its data with its AZ',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_db_instance.legacy', { file: 'rds.tf', line: 5, props: { engine: 'postgres', multiAz: false, availabilityZone: A, backupRetentionDays: 0 }, tags: tier('high') });
        return g.build();
      },
      findings: [{ address: 'aws_db_instance.legacy', status: 'fail', messageId: 'breaches', location: { file: 'rds.tf', line: 5 }, message: 'RPO none (no-backups)' }],
    },
  ],
  unknown: [
    {
      name: 'a single-AZ instance restores from backups in an unknown time',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_db_instance.reporting', { file: 'rds.tf', line: 1, props: { engine: 'postgres', multiAz: false, availabilityZone: A, backupRetentionDays: 7 } });
        return g.build();
      },
      findings: [{ address: 'aws_db_instance.reporting', status: 'unknown', messageId: 'cannotTell', location: { file: 'rds.tf', line: 1 }, message: ['RTO none (pitr-restore)', 'RPO 5 min (pitr-restore)'] }],
    },
    {
      name: 'a service whose subnets cannot be placed in any AZ',
      graph: () => {
        const g = graph();
        const s = g.add('network.subnet', 'aws_subnet.x', { file: 'network.tf', props: { availabilityZone: new Unknown('var.az has no value') } });
        const svc = g.add('ecs.service', 'aws_ecs_service.api', { file: 'ecs.tf', line: 1, props: { desiredCount: 2 }, tags: tier('critical') });
        g.edge(svc, 'in-subnet', s);
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.api', status: 'unknown', messageId: 'notPlaced', location: { file: 'ecs.tf', line: 1 }, message: 'AZ that cannot be told' }],
    },
  ],
  notApplicable: [
    {
      name: 'an Aurora member is judged with its cluster, not on its own',
      graph: () => {
        const g = graph();
        const c = g.add('db.cluster', 'aws_rds_cluster.c', { props: { engine: 'aurora-mysql' } });
        g.edge(g.add('db.instance', 'aws_rds_cluster_instance.c', { props: { engine: 'aurora-mysql', availabilityZone: A } }), 'member-of', c);
        return g.build();
      },
      policy: policyWith({ rules: { 'az-failure-tolerance': { options: { tiers: ['critical'] } } } }),
      findings: [],
    },
  ],
});
