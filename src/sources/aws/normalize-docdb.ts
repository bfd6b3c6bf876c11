/**
 * Amazon DocumentDB seen live. DocumentDB shares the RDS management API:
 * rds:DescribeDBClusters / DescribeDBInstances / DescribeGlobalClusters
 * return its clusters and instances (Engine "docdb") alongside RDS and
 * Aurora ones, so the RDS collector already reads them and the RDS
 * normalizer builds them as db.cluster / db.instance / db.global-cluster.
 * Only their native type differs, which reports show.
 */
import type { ResourceKind } from '../../graph/types.js';

const DOCDB_TYPE: Partial<Record<ResourceKind, string>> = {
  'db.cluster': 'AWS::DocDB::DBCluster',
  'db.instance': 'AWS::DocDB::DBInstance',
  'db.global-cluster': 'AWS::DocDB::GlobalCluster',
};

/** The CloudFormation-style type of a live RDS-API database of `engine`, when it is DocumentDB; else undefined (the RDS type stands). */
export function docDbType(kind: ResourceKind, engine: unknown): string | undefined {
  return typeof engine === 'string' && engine.toLowerCase() === 'docdb' ? DOCDB_TYPE[kind] : undefined;
}
