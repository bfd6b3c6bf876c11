import rule from '../../rules/db-read-replicas.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';
import { auroraCluster, readerTarget } from './db-fixtures.js';
import { DOCDB_CASES } from './docdb-cases.js';

ruleTester.run(rule, {
  pass: [
    ...(DOCDB_CASES['db-read-replicas'].pass ?? []),
    {
      name: 'critical cluster with a writer and two readers',
      graph: () => {
        const g = graph();
        auroraCluster(g, 3);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'enough', location: { file: 'db.tf', line: 1 }, message: ['has 2 reader(s) (3 instance(s) declared', 'tier critical requires ≥ 2'], evidence: { expected: 2, actual: { instances: 3, readers: 2 } } }],
    },
    {
      name: 'one declared instance; reader auto scaling keeps min_capacity = 2 (located at the target)',
      graph: () => {
        const g = graph();
        readerTarget(g, auroraCluster(g, 1), 2);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'enough', location: { file: 'scaling.tf', line: 4 }, message: 'Aurora Auto Scaling keeps ≥ 2 reader(s): min_capacity = 2 on aws_appautoscaling_target.read_replica' }],
    },
    {
      name: 'non-Aurora Multi-AZ DB cluster has two readable standbys',
      graph: () => {
        const g = graph();
        g.add('db.cluster', 'aws_rds_cluster.ledger', { file: 'ledger.tf', line: 1, props: { engine: 'postgres', dbClusterInstanceClass: 'db.m6gd.large' }, lines: { dbClusterInstanceClass: 5 }, tags: tier('critical') });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.ledger', status: 'pass', messageId: 'multiAzDbCluster', location: { file: 'ledger.tf', line: 5 }, message: 'db.m6gd.large' }],
    },
  ],
  fail: [
    ...(DOCDB_CASES['db-read-replicas'].fail ?? []),
    {
      name: 'critical cluster with a writer and one reader',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'tooFew', location: { file: 'db.tf', line: 1 }, message: ['has 1 reader(s)', 'requires ≥ 2'], severity: 'high' }],
    },
    {
      name: 'countAutoScaledReaders false: the auto scaling minimum does not count',
      options: { countAutoScaledReaders: false },
      graph: () => {
        const g = graph();
        readerTarget(g, auroraCluster(g, 1, {}, 'high'), 2);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'tooFew', location: { file: 'db.tf', line: 1 }, message: 'has 0 reader(s) (1 instance(s) declared, one of them the writer)', severity: 'medium' }],
    },
    {
      name: 'Aurora Serverless v1 has no readers',
      graph: () => {
        const g = graph();
        auroraCluster(g, 0, { engineMode: 'serverless' }, 'high', { lines: { engineMode: 6 } });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'serverlessV1', location: { file: 'db.tf', line: 6 } }],
    },
  ],
  unknown: [
    ...(DOCDB_CASES['db-read-replicas'].unknown ?? []),
    {
      name: 'reader auto scaling minimum from a variable without value',
      graph: () => {
        const g = graph();
        readerTarget(g, auroraCluster(g, 2), new Unknown('var.min_readers has no value'));
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'scaling.tf', line: 4 }, message: ['1 known reader(s)', 'var.min_readers has no value'] }],
    },
    {
      name: 'an instance whose cluster could not be resolved may be one more reader',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2);
        g.add('db.instance', 'aws_rds_cluster_instance.extra', { file: 'extra.tf', line: 1, type: 'aws_rds_cluster_instance', props: { engine: 'aurora-postgresql', clusterIdentifier: new Unknown('var.cluster_id has no value') }, tags: tier('medium') });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'may belong to it (aws_rds_cluster_instance.extra)' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier requires no readers (minReplicas 0); instances are never judged',
      graph: () => {
        const g = graph();
        auroraCluster(g, 1, {}, 'medium');
        return g.build();
      },
      findings: [],
    },
  ],
});
