import rule from '../../rules/db-deletion-protection.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';
import { auroraCluster, orphanMember } from './db-fixtures.js';
import { DOCDB_CASES } from './docdb-cases.js';

ruleTester.run(rule, {
  pass: [
    ...(DOCDB_CASES['db-deletion-protection'].pass ?? []),
    {
      name: 'critical Aurora cluster with deletion_protection = true (members judged through it)',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, { deletionProtection: true }, 'critical', { lines: { deletionProtection: 9 } });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'protected', location: { file: 'db.tf', line: 9 }, message: 'deletion_protection = true', evidence: { expected: true, actual: true } }],
    },
    {
      name: 'live global cluster with DeletionProtection',
      graph: () => {
        const g = graph();
        g.add('db.global-cluster', 'arn:aws:rds::111122223333:global-cluster:orders', { live: true, props: { identifier: 'orders', deletionProtection: true }, attributes: { deletionProtection: 'DeletionProtection' }, tags: tier('high') });
        return g.build();
      },
      findings: [{ address: 'arn:aws:rds::111122223333:global-cluster:orders', status: 'pass', messageId: 'protected', location: null, message: 'DeletionProtection = true' }],
    },
  ],
  fail: [
    ...(DOCDB_CASES['db-deletion-protection'].fail ?? []),
    {
      name: 'high RDS instance without deletion_protection: AWS default off',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_db_instance.billing', { file: 'rds.tf', line: 3, props: { engine: 'postgres', multiAz: true }, tags: tier('high') });
        return g.build();
      },
      // Not written: the resource header.
      findings: [{ address: 'aws_db_instance.billing', status: 'fail', messageId: 'unprotected', location: { file: 'rds.tf', line: 3 }, message: ['not set: AWS default is off', 'tier high requires deletion protection'], severity: 'high' }],
    },
    {
      name: 'critical cluster with deletion_protection = false, and a read replica judged like any database',
      graph: () => {
        const g = graph();
        auroraCluster(g, 1, { deletionProtection: false }, 'critical', { lines: { deletionProtection: 12 } });
        g.add('db.instance', 'aws_db_instance.replica', { file: 'rds.tf', line: 1, props: { engine: 'postgres', replicateSourceDb: 'billing', deletionProtection: true }, lines: { deletionProtection: 4 }, tags: tier('high') });
        return g.build();
      },
      findings: [
        { address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'unprotected', location: { file: 'db.tf', line: 12 }, message: 'deletion_protection = false' },
        { address: 'aws_db_instance.replica', status: 'pass', messageId: 'protected', location: { file: 'rds.tf', line: 4 } },
      ],
    },
  ],
  unknown: [
    ...(DOCDB_CASES['db-deletion-protection'].unknown ?? []),
    {
      name: 'deletion_protection from a variable without value',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, { deletionProtection: new Unknown('var.deletion_protection has no value') }, 'critical', { lines: { deletionProtection: 8 } });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 8 }, message: 'var.deletion_protection has no value' }],
    },
    {
      name: "an Aurora instance whose cluster is not in the scan is never judged by its own flag",
      graph: () => {
        const g = graph();
        orphanMember(g);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster_instance.orphan', status: 'unknown', messageId: 'memberWithoutCluster', location: { file: 'orphan.tf', line: 3 }, message: 'its cluster "legacy-orders" is not in the scan' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier does not require deletion protection',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_db_instance.reporting', { props: { engine: 'mysql' }, tags: tier('medium') });
        return g.build();
      },
      findings: [],
    },
    {
      name: 'read replicas skipped with checkReadReplicas false',
      options: { checkReadReplicas: false },
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_db_instance.replica', { props: { engine: 'postgres', replicateSourceDb: 'billing' }, tags: tier('critical') });
        return g.build();
      },
      findings: [],
    },
  ],
});
