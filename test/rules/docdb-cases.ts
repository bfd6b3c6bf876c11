/**
 * Rule cases for Amazon DocumentDB clusters (db.cluster / db.instance with
 * engine docdb, as src/sources/{terraform,cloudformation}/kinds/docdb.ts and
 * the live RDS-API normalizer build them), spliced into each database rule's
 * own RuleTester run (test/rules/db-*.test.ts): judged like Aurora where
 * DocumentDB works like Aurora (instances over AZs, cluster-level backups
 * and deletion protection, global clusters), not applicable where it has no
 * counterpart (RDS Proxy). DocumentDB clusters carry no Aurora Serverless v2
 * capacity, so db-serverless-capacity never judges one.
 */
import type { PropsByKind } from '../../src/graph/types.js';
import { graph, tier, type GraphFixture, type RuleTestCase, type RuleTests } from '../helpers/rule-tester.js';

const CLUSTER = 'aws_docdb_cluster.profiles';
const AT = { file: 'docdb.tf', line: 5 };
const AZS3 = ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];

/** A DocumentDB cluster with one instance per AZ given. */
function docdbCluster(g: GraphFixture, azs: string[], props: Partial<PropsByKind['db.cluster']> = {}, clusterTier = 'critical', region?: string) {
  const c = g.add('db.cluster', CLUSTER, {
    ...AT,
    type: 'aws_docdb_cluster',
    props: { engine: 'docdb', identifier: 'profiles', ...props },
    tags: tier(clusterTier),
    ...(region ? { provenance: { region } } : {}),
  });
  azs.forEach((az, i) => {
    const m = g.add('db.instance', `aws_docdb_cluster_instance.profiles[${i}]`, {
      file: 'docdb.tf',
      line: 30,
      type: 'aws_docdb_cluster_instance',
      props: { engine: 'docdb', clusterIdentifier: CLUSTER, availabilityZone: az },
    });
    g.edge(m, 'member-of', c, { attribute: 'cluster_identifier' });
  });
  return c;
}

function cluster(azs: string[], props: Partial<PropsByKind['db.cluster']> = {}) {
  return () => {
    const g = graph();
    docdbCluster(g, azs, props);
    return g.build();
  };
}

/** A DocumentDB instance naming a cluster that is not in the scan. */
function orphan(g: GraphFixture): void {
  g.add('db.instance', 'aws_docdb_cluster_instance.orphan', { file: 'orphan.tf', line: 3, type: 'aws_docdb_cluster_instance', props: { engine: 'docdb', clusterIdentifier: 'shared-docdb' }, tags: tier('critical') });
}

const orphanUnknown: RuleTestCase = {
  name: 'DocumentDB: an instance whose cluster is not in the scan is judged through that cluster, so unknown',
  graph: () => {
    const g = graph();
    orphan(g);
    return g.build();
  },
  findings: [{ address: 'aws_docdb_cluster_instance.orphan', status: 'unknown', messageId: 'memberWithoutCluster', location: { file: 'orphan.tf', line: 5 }, message: 'its cluster "shared-docdb" is not in the scan' }],
};

export const DOCDB_CASES: Record<string, Partial<RuleTests>> = {
  'db-multi-az': {
    pass: [{ name: 'DocumentDB: three instances in three AZs', graph: cluster(AZS3), findings: [{ address: CLUSTER, status: 'pass', messageId: 'clusterMultiAz', location: AT, message: '3 instances in 3 AZs' }] }],
    fail: [{ name: 'DocumentDB: a single instance', graph: cluster(['ap-northeast-1a']), findings: [{ address: CLUSTER, status: 'fail', messageId: 'clusterSingleInstance', location: AT, message: 'a single instance is a SPOF' }] }],
    unknown: [orphanUnknown],
  },
  'db-read-replicas': {
    pass: [{ name: 'DocumentDB: critical cluster with two replicas', graph: cluster(AZS3), findings: [{ address: CLUSTER, status: 'pass', messageId: 'enough', location: AT, message: '2 reader(s)' }] }],
    fail: [{ name: 'DocumentDB: critical cluster with one replica', graph: cluster(AZS3.slice(0, 2)), findings: [{ address: CLUSTER, status: 'fail', messageId: 'tooFew', location: AT, message: '1 reader(s)' }] }],
    unknown: [
      {
        name: 'DocumentDB: one replica, and an instance whose cluster could not be resolved may be another',
        graph: () => {
          const g = graph();
          docdbCluster(g, AZS3.slice(0, 2));
          const m = g.add('db.instance', 'aws_docdb_cluster_instance.extra', { file: 'docdb.tf', line: 60, type: 'aws_docdb_cluster_instance', props: { engine: 'docdb' } });
          g.unresolved(m, 'member-of', 'cluster_identifier', 'var.cluster_id has no value');
          return g.build();
        },
        findings: [{ address: CLUSTER, status: 'unknown', messageId: 'cannotTell', location: AT, message: 'aws_docdb_cluster_instance.extra' }],
      },
    ],
  },
  'db-backup-retention': {
    pass: [{ name: 'DocumentDB: cluster keeping a week of backups', graph: cluster(AZS3, { backupRetentionDays: 7 }), findings: [{ address: CLUSTER, status: 'pass', messageId: 'sufficient', location: { file: 'docdb.tf', line: 8 }, message: '7 days' }] }],
    fail: [{ name: 'DocumentDB: cluster on the 1-day default', graph: cluster(AZS3), findings: [{ address: CLUSTER, status: 'fail', messageId: 'tooShort', location: AT, message: 'AWS default 1 day' }] }],
    unknown: [orphanUnknown],
  },
  'db-deletion-protection': {
    pass: [{ name: 'DocumentDB: protected cluster', graph: cluster(AZS3, { deletionProtection: true }), findings: [{ address: CLUSTER, status: 'pass', messageId: 'protected', location: { file: 'docdb.tf', line: 8 } }] }],
    fail: [{ name: 'DocumentDB: unprotected cluster', graph: cluster(AZS3, { deletionProtection: false }), findings: [{ address: CLUSTER, status: 'fail', messageId: 'unprotected', location: { file: 'docdb.tf', line: 8 } }] }],
    unknown: [orphanUnknown],
  },
  'db-proxy': {
    fail: [
      {
        name: 'DocumentDB next to Aurora: only the Aurora cluster needs a proxy',
        graph: () => {
          const g = graph();
          docdbCluster(g, AZS3);
          g.add('db.cluster', 'aws_rds_cluster.orders', { file: 'db.tf', line: 1, props: { engine: 'aurora-postgresql', identifier: 'orders' }, tags: tier('critical') });
          return g.build();
        },
        findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'noProxy', location: { file: 'db.tf', line: 1 } }],
      },
    ],
    notApplicable: [
      { name: 'DocumentDB: critical cluster (RDS Proxy does not support DocumentDB)', graph: cluster(AZS3), findings: [] },
      {
        name: 'DocumentDB: critical instance whose cluster is not in the scan',
        graph: () => {
          const g = graph();
          orphan(g);
          return g.build();
        },
        findings: [],
      },
    ],
  },
  'db-global-secondary': {
    pass: [
      {
        name: 'DocumentDB: critical cluster with a secondary in the DR Region through a DocumentDB global cluster',
        graph: () => {
          const g = graph();
          const primary = docdbCluster(g, AZS3, {}, 'critical', 'ap-northeast-1');
          const global = g.add('db.global-cluster', 'aws_docdb_global_cluster.profiles', { file: 'global.tf', line: 1, type: 'aws_docdb_global_cluster', props: { engine: 'docdb', identifier: 'profiles' } });
          const secondary = g.add('db.cluster', 'aws_docdb_cluster.profiles_dr', {
            file: 'global.tf',
            line: 10,
            type: 'aws_docdb_cluster',
            props: { engine: 'docdb', identifier: 'profiles-dr' },
            tags: tier('medium'),
            provenance: { region: 'ap-northeast-3' },
          });
          g.edge(primary, 'member-of', global, { attribute: 'global_cluster_identifier' });
          g.edge(secondary, 'member-of', global, { attribute: 'global_cluster_identifier' });
          return g.build();
        },
        findings: [{ address: CLUSTER, status: 'pass', messageId: 'secondary', location: AT }],
      },
    ],
    fail: [{ name: 'DocumentDB: critical cluster with no global cluster', graph: () => { const g = graph(); docdbCluster(g, AZS3, {}, 'critical', 'ap-northeast-1'); return g.build(); }, findings: [{ address: CLUSTER, status: 'fail', messageId: 'noSecondary', location: AT }] }],
    unknown: [orphanUnknown],
  },
};
