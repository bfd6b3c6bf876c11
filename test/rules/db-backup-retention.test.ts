import rule from '../../rules/db-backup-retention.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier } from '../helpers/rule-tester.js';
import { DOCDB_CASES } from './docdb-cases.js';

/** An RDS instance at rds.tf:10 with backup_retention_period (when given) at rds.tf:14. */
function instance(props: Partial<PropsByKind['db.instance']>, tierName = 'critical') {
  const g = graph();
  g.add('db.instance', 'aws_db_instance.billing', { file: 'rds.tf', line: 10, props, lines: { backupRetentionDays: 14 }, tags: tier(tierName) });
  return g.build();
}

/** An Aurora cluster at aurora.tf:1 (retention at line 6) with one member instance. */
function cluster(props: Partial<PropsByKind['db.cluster']>, tierName = 'critical') {
  const g = graph();
  const c = g.add('db.cluster', 'aws_rds_cluster.orders', { file: 'aurora.tf', line: 1, props: { engine: 'aurora-mysql', ...props }, lines: { backupRetentionDays: 6 }, tags: tier(tierName) });
  const m = g.add('db.instance', 'aws_rds_cluster_instance.orders[0]', { type: 'aws_rds_cluster_instance', props: { clusterIdentifier: 'aws_rds_cluster.orders' }, tags: tier(tierName) });
  g.edge(m, 'member-of', c, { attribute: 'cluster_identifier' });
  return g.build();
}

ruleTester.run(rule, {
  pass: [
    ...(DOCDB_CASES['db-backup-retention'].pass ?? []),
    {
      name: 'critical instance keeping 7 days',
      graph: () => instance({ backupRetentionDays: 7 }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'pass',
          messageId: 'sufficient',
          location: { file: 'rds.tf', line: 14 },
          message: 'billing keeps automated backups for 7 days; tier critical requires ≥ 7 days',
          evidence: { attribute: 'backup_retention_period', expected: 7, actual: 7 },
        },
      ],
    },
    {
      name: 'an Aurora-engine member setting its own retention 0 is judged through its cluster only',
      graph: () => {
        const g = graph();
        const c = g.add('db.cluster', 'AuroraCluster', { file: 'aurora.yaml', line: 3, props: { engine: 'aurora-mysql', backupRetentionDays: 7 }, lines: { backupRetentionDays: 8 }, tags: tier('critical') });
        const m = g.add('db.instance', 'AuroraWriter', { file: 'aurora.yaml', line: 20, type: 'AWS::RDS::DBInstance', props: { engine: 'aurora-mysql', backupRetentionDays: 0 }, tags: tier('critical') });
        g.edge(m, 'member-of', c, { attribute: 'DBClusterIdentifier' });
        return g.build();
      },
      findings: [{ address: 'AuroraCluster', status: 'pass', messageId: 'sufficient', location: { file: 'aurora.yaml', line: 8 } }],
    },
    {
      name: 'Aurora cluster: judged on the cluster, members get no result',
      graph: () => cluster({ backupRetentionDays: 14 }),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'sufficient', location: { file: 'aurora.tf', line: 6 }, message: '14 days; tier critical requires ≥ 7 days' }],
    },
    {
      name: 'medium instance without retention: the AWS default of 1 day is enough',
      graph: () => instance({}, 'medium'),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'pass',
          messageId: 'sufficient',
          location: { file: 'rds.tf', line: 10 },
          message: '1 day (not set: AWS default 1 day); tier medium requires ≥ 1 day',
        },
      ],
    },
    {
      name: 'tier variation: 5 days meet high',
      graph: () => instance({ backupRetentionDays: 5 }, 'high'),
      findings: [{ address: 'aws_db_instance.billing', status: 'pass', messageId: 'sufficient', location: { file: 'rds.tf', line: 14 }, message: 'tier high requires ≥ 5 days' }],
    },
    {
      name: 'option absentRetentionDays for estates created with the console default',
      options: { absentRetentionDays: 7 },
      graph: () => instance({}),
      findings: [{ address: 'aws_db_instance.billing', status: 'pass', messageId: 'sufficient', location: { file: 'rds.tf', line: 10 }, message: '7 days (not set: AWS default 7 days)' }],
    },
  ],

  fail: [
    ...(DOCDB_CASES['db-backup-retention'].fail ?? []),
    {
      name: 'tier variation: 5 days are too few for critical',
      graph: () => instance({ backupRetentionDays: 5 }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'fail',
          messageId: 'tooShort',
          severity: 'high',
          location: { file: 'rds.tf', line: 14 },
          message: 'billing keeps automated backups for only 5 days; tier critical requires ≥ 7 days',
          evidence: { attribute: 'backup_retention_period', expected: 7, actual: 5 },
        },
      ],
    },
    {
      name: 'critical instance without retention: AWS default 1 day, located at the header',
      graph: () => instance({}),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'fail',
          messageId: 'tooShort',
          location: { file: 'rds.tf', line: 10 },
          message: 'for only 1 day (not set: AWS default 1 day); tier critical requires ≥ 7 days',
        },
      ],
    },
    {
      name: 'retention 0 fails even for medium',
      graph: () => instance({ backupRetentionDays: 0 }, 'medium'),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'fail',
          messageId: 'disabled',
          severity: 'medium',
          location: { file: 'rds.tf', line: 14 },
          message: ['automated backups disabled (retention 0 days)', 'no point-in-time recovery', 'tier medium requires ≥ 1 day'],
        },
      ],
    },
    {
      name: 'Aurora cluster below the high tier',
      graph: () => cluster({ backupRetentionDays: 3 }, 'high'),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'tooShort', location: { file: 'aurora.tf', line: 6 }, message: 'only 3 days; tier high requires ≥ 5 days' }],
    },
    {
      name: 'policy override raises the retention for one database',
      graph: () => instance({ backupRetentionDays: 7 }),
      policy: policyWith({ assignments: [{ match: { address: 'aws_db_instance.billing' }, tier: 'critical', requirements: { db: { backupRetentionDays: 14 } } }] }),
      findings: [{ address: 'aws_db_instance.billing', status: 'fail', messageId: 'tooShort', location: { file: 'rds.tf', line: 14 }, message: 'only 7 days; tier critical requires ≥ 14 days' }],
    },
    {
      name: 'read replicas judged with checkReadReplicas',
      options: { checkReadReplicas: true },
      graph: () => instance({ replicateSourceDb: 'aws_db_instance.primary', backupRetentionDays: 0 }),
      findings: [{ address: 'aws_db_instance.billing', status: 'fail', messageId: 'disabled', location: { file: 'rds.tf', line: 14 } }],
    },
  ],

  unknown: [
    ...(DOCDB_CASES['db-backup-retention'].unknown ?? []),
    {
      name: 'retention from an unresolved variable',
      graph: () => instance({ backupRetentionDays: new Unknown('var.backup_days has no value') }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'unknown',
          messageId: 'cannotTell',
          location: { file: 'rds.tf', line: 14 },
          message: 'cannot tell its backup retention (tier critical requires ≥ 7 days): var.backup_days has no value',
        },
      ],
    },
    {
      name: 'a member whose cluster reference is unresolved: unknown on the member, never judged on its own retention',
      graph: () => instance({ clusterIdentifier: new Unknown('var.cluster has no value'), backupRetentionDays: 0 }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'unknown',
          messageId: 'memberWithoutCluster',
          location: { file: 'rds.tf', line: 11 },
          message: ["billing is an Aurora cluster member: backup retention is its cluster's setting", 'cluster_identifier: var.cluster has no value'],
        },
      ],
    },
    {
      name: 'a member naming a cluster that is not in the scan',
      graph: () => instance({ clusterIdentifier: 'orders-prod', backupRetentionDays: 1 }),
      findings: [{ address: 'aws_db_instance.billing', status: 'unknown', messageId: 'memberWithoutCluster', location: { file: 'rds.tf', line: 11 }, message: 'its cluster "orders-prod" is not in the scan' }],
    },
    {
      name: 'aws_db_instance with an Aurora engine is a member whatever retention it sets; its cluster is not in the scan',
      graph: () => instance({ engine: 'aurora-postgresql', backupRetentionDays: 35 }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'unknown',
          messageId: 'memberWithoutCluster',
          location: { file: 'rds.tf', line: 11 },
          message: ['engine aurora-postgresql runs only as a member of an Aurora cluster', 'names no cluster'],
          evidence: { expected: 7, actual: { cluster: null } },
        },
      ],
    },
    {
      name: 'cluster retention from a module output',
      graph: () => cluster({ backupRetentionDays: new Unknown('module.settings is not available') }),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'aurora.tf', line: 6 }, message: 'module.settings is not available' }],
    },
  ],

  notApplicable: [
    {
      name: 'read replicas are not applicable by default',
      graph: () => instance({ replicateSourceDb: 'aws_db_instance.primary', backupRetentionDays: 0 }),
      findings: [],
    },
  ],
});
