/**
 * Hand-made live scan units (what the collectors would have read) for the
 * tests of the live normalizer: the graph they give, and the databases the
 * task-definition and Lambda environment tests name.
 */
import { GraphBuilder, type ResourceGraph } from '../../../src/graph/graph.js';
import { normalizeUnits } from '../../../src/sources/aws/normalize.js';
import { emptyUnit, push, type UnitData } from '../../../src/sources/aws/unit.js';

/** The graph of normalized units, as the scan builds it. */
export function graphOfUnits(units: UnitData[]): ResourceGraph {
  const { resources, edges } = normalizeUnits(units);
  const b = new GraphBuilder();
  for (const r of resources) b.addResource(r);
  for (const e of edges) b.addEdge(e);
  return b.build();
}

export const R = 'ap-northeast-1';
export const ACCT = '111111111111';
export const OTHER = '222222222222';
export const DB = `arn:aws:rds:${R}:${ACCT}:db:orders-db`;
export const CLUSTER = `arn:aws:rds:${R}:${ACCT}:cluster:auth`;
export const SECRET = `arn:aws:secretsmanager:${R}:${ACCT}:secret:rds!cluster-1234-AbCdEf`;
export const OTHER_DB = `arn:aws:rds:${R}:${OTHER}:db:reports`;

/**
 * The databases workloads of `u` (account ACCT, Region R) name: a single-AZ
 * instance `orders-db` by its endpoint host, the Aurora cluster `auth` by its
 * master secret — or, with `listed: false`, a DescribeDBInstances failure —
 * and another account's unit whose `reports` instance has the host a
 * workload names (never matched across accounts). Returns both units.
 */
export function withDatabases(u: UnitData, listed = true): UnitData[] {
  if (listed) {
    push(u, 'dbInstances', {
      DBInstanceIdentifier: 'orders-db',
      DBInstanceArn: DB,
      Engine: 'postgres',
      MultiAZ: false,
      AvailabilityZone: `${R}a`,
      BackupRetentionPeriod: 7,
      Endpoint: { Address: 'orders-db.abcdefghijkl.ap-northeast-1.rds.amazonaws.com', Port: 5432 },
    });
    push(u, 'dbClusters', { DBClusterIdentifier: 'auth', DBClusterArn: CLUSTER, Engine: 'aurora-postgresql', Endpoint: 'auth.cluster-abcdefghijkl.ap-northeast-1.rds.amazonaws.com', MasterUserSecret: { SecretArn: SECRET, SecretStatus: 'active' } });
  } else {
    u.missing.set('dbInstances', `rds:DescribeDBInstances failed in ${ACCT}/${R}: Throttling`);
  }
  const other = emptyUnit({ id: OTHER, name: 'reports' }, R);
  push(other, 'dbInstances', { DBInstanceIdentifier: 'reports', DBInstanceArn: OTHER_DB, Engine: 'postgres', AvailabilityZone: `${R}a`, Endpoint: { Address: 'reports.abcdefghijkl.ap-northeast-1.rds.amazonaws.com' } });
  return [u, other];
}
