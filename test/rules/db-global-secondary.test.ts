import rule from '../../rules/db-global-secondary.js';
import type { Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { graph, ruleTester, tier, type GraphFixture } from '../helpers/rule-tester.js';
import { auroraCluster, orphanMember } from './db-fixtures.js';
import { DOCDB_CASES } from './docdb-cases.js';

const TOKYO = 'ap-northeast-1';
const OSAKA = 'ap-northeast-3';
const SEOUL = 'ap-northeast-2';

/** The catalogue's DR Region (Osaka) for every tier, as `drRegion: ap-northeast-3` in a policy file does. */
function osakaPolicy() {
  const p = defaultPolicy();
  p.drRegion = OSAKA;
  for (const t of Object.values(p.tiers)) t.region = { rtoMinutes: 240, rpoMinutes: 60, drRegion: OSAKA };
  return p;
}

/** A global cluster (global.tf:1) with the primary in Tokyo and a secondary (dr.tf) in `secondaryRegion`. */
function globalDb(g: GraphFixture, secondaryRegion: string | undefined, secondaryTier = 'critical'): Resource<'db.cluster'> {
  const global = g.add('db.global-cluster', 'aws_rds_global_cluster.orders', { file: 'global.tf', line: 1, props: { identifier: 'orders' } });
  const primary = auroraCluster(g, 2, { globalClusterIdentifier: 'orders' }, 'critical', { region: TOKYO, lines: { globalClusterIdentifier: 7 } });
  const secondary = auroraCluster(g, 1, { globalClusterIdentifier: 'orders' }, secondaryTier, { region: secondaryRegion, address: 'aws_rds_cluster.orders_dr', file: 'dr.tf', lines: { globalClusterIdentifier: 5 } });
  g.edge(primary, 'member-of', global, { attribute: 'global_cluster_identifier' }).edge(secondary, 'member-of', global, { attribute: 'global_cluster_identifier' });
  return primary;
}

ruleTester.run(rule, {
  pass: [
    ...(DOCDB_CASES['db-global-secondary'].pass ?? []),
    {
      name: 'Aurora Global Database: primary in Tokyo, secondary in the DR Region Osaka (the secondary is the DR copy itself)',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        globalDb(g, OSAKA);
        return g.build();
      },
      findings: [
        { address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'secondary', location: { file: 'db.tf', line: 1 }, message: `(${TOKYO}) has a secondary in ${OSAKA}: aws_rds_cluster.orders_dr (Aurora Global Database aws_rds_global_cluster.orders)` },
        { address: 'aws_rds_cluster.orders_dr', status: 'pass', messageId: 'isSecondary', location: { file: 'dr.tf', line: 1 }, message: `secondary in the DR Region ${OSAKA} of aws_rds_cluster.orders` },
      ],
    },
    {
      name: 'no DR Region in the policy: a cross-Region read replica anywhere else counts',
      graph: () => {
        const g = graph();
        const src = g.add('db.instance', 'aws_db_instance.billing', { file: 'rds.tf', line: 1, props: { engine: 'postgres' }, tags: tier('critical'), provenance: { region: TOKYO } });
        const rep = g.add('db.instance', 'aws_db_instance.billing_dr', { file: 'rds.tf', line: 30, props: { engine: 'postgres', replicateSourceDb: 'arn:aws:rds:ap-northeast-1:111122223333:db:billing' }, tags: tier('critical'), provenance: { region: SEOUL } });
        g.edge(rep, 'replica-of', src, { attribute: 'replicate_source_db' });
        return g.build();
      },
      findings: [{ address: 'aws_db_instance.billing', status: 'pass', messageId: 'secondary', location: { file: 'rds.tf', line: 1 }, message: `has a secondary in ${SEOUL}: aws_db_instance.billing_dr (read replicas); tier critical requires one in another Region` }],
    },
  ],
  fail: [
    ...(DOCDB_CASES['db-global-secondary'].fail ?? []),
    {
      name: 'critical cluster in no global database',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'noSecondary', location: { file: 'db.tf', line: 1 }, message: `has no secondary in ${OSAKA}: it is not a member of an Aurora Global Database`, severity: 'high' }],
    },
    {
      name: 'the secondary is in Seoul, not the DR Region Osaka (the Seoul secondary is high: not required)',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        globalDb(g, SEOUL, 'high');
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'noSecondary', location: { file: 'db.tf', line: 7 }, message: `its copies (Aurora Global Database aws_rds_global_cluster.orders) are in ${SEOUL}` }],
    },
  ],
  unknown: [
    ...(DOCDB_CASES['db-global-secondary'].unknown ?? []),
    {
      name: "the secondary's Region is not known offline",
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        globalDb(g, undefined, 'high');
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'aws_rds_cluster.orders_dr: its Region is not known offline' }],
    },
    {
      name: 'global_cluster_identifier from a variable without value',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, { globalClusterIdentifier: new Unknown('var.global_cluster_id has no value') }, 'critical', { region: TOKYO, lines: { globalClusterIdentifier: 6 } });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 6 }, message: 'var.global_cluster_id has no value' }],
    },
    {
      name: 'another cluster is an Aurora read replica cluster (replication_source_identifier) that may copy this one',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        const replica = auroraCluster(g, 1, {}, 'medium', { region: OSAKA, address: 'aws_rds_cluster.orders_replica', file: 'replica.tf' });
        replica.attributes.replication_source_identifier = 'arn:aws:rds:ap-northeast-1:111122223333:cluster:orders';
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'aws_rds_cluster.orders_replica replicate(s) from a cluster' }],
    },
    {
      name: 'an Aurora member whose cluster is not in the scan',
      graph: () => {
        const g = graph();
        orphanMember(g);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster_instance.orphan', status: 'unknown', messageId: 'memberWithoutCluster', location: { file: 'orphan.tf', line: 3 } }],
    },
  ],
  notApplicable: [
    {
      name: 'high tier needs no secondary',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'high', { region: TOKYO });
        return g.build();
      },
      findings: [],
    },
  ],
});
