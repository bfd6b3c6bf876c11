/**
 * CloudFormation Amazon DocumentDB → the RDS database kinds, engine `docdb`
 * (see src/sources/terraform/kinds/docdb.ts for why): AWS::DocDB::DBCluster
 * (db.cluster), AWS::DocDB::DBInstance (db.instance, always a member of the
 * cluster its DBClusterIdentifier names), AWS::DocDB::DBSubnetGroup
 * (db.subnet-group), AWS::DocDB::GlobalCluster (db.global-cluster; its
 * members are the clusters whose GlobalClusterIdentifier names it — a
 * SourceDBClusterIdentifier is not followed). The resource types carry no Engine property: the
 * engine is always docdb. AWS::DocDB::EventSubscription and
 * AWS::DocDBElastic::Cluster are not covered.
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { ResourceKind } from '../../../graph/types.js';
import type { Value } from '../values.js';

const { toStr, toNum, toBool, toAzList } = coercions(CLOUDFORMATION_RULES);

export const DOCDB_ENGINE = 'docdb';

export const DOCDB_KINDS: Record<string, ResourceKind> = {
  'AWS::DocDB::DBCluster': 'db.cluster',
  'AWS::DocDB::DBInstance': 'db.instance',
  'AWS::DocDB::DBSubnetGroup': 'db.subnet-group',
  'AWS::DocDB::GlobalCluster': 'db.global-cluster',
};

/** Property naming each type (literal references match it, case-insensitively as for RDS). */
export const DOCDB_NAME_PROPERTIES: Record<string, string> = {
  'AWS::DocDB::DBCluster': 'DBClusterIdentifier',
  'AWS::DocDB::DBInstance': 'DBInstanceIdentifier',
  'AWS::DocDB::DBSubnetGroup': 'DBSubnetGroupName',
  'AWS::DocDB::GlobalCluster': 'GlobalClusterIdentifier',
};

interface CfnBuilder extends NodeBuilder {
  get(path: string): Value | undefined;
}

/** What the DocumentDB builders need of the normalizer. */
export interface DocDbLink<B extends CfnBuilder> {
  /** The reference at `path` as an edge of `kind` to a resource of `type`: its graph id, else the value as written. */
  refAt(b: B, path: string, kind: 'member-of', type: string): Maybe<string>;
  /** The subnet ids at `path` as in-subnet edges. */
  subnetsAt(b: B, path: string): void;
  /** DBSubnetGroupName → the group's subnets as in-subnet edges (or unresolved entries). */
  subnetGroup(b: B, groupType: string): void;
}

export function buildDocDb<B extends CfnBuilder>(b: B, type: string, link: DocDbLink<B>): void {
  switch (type) {
    case 'AWS::DocDB::DBCluster':
      b.prop('identifier', toStr(b.get('DBClusterIdentifier')), 'DBClusterIdentifier');
      b.prop('engine', DOCDB_ENGINE);
      b.prop('engineMode', undefined);
      b.prop('availabilityZones', toAzList(b.get('AvailabilityZones')), 'AvailabilityZones');
      // Absent: AWS defaults to 1 day, which the retention rule assumes.
      b.prop('backupRetentionDays', toNum(b.get('BackupRetentionPeriod')), 'BackupRetentionPeriod');
      b.prop('deletionProtection', toBool(b.get('DeletionProtection')), 'DeletionProtection');
      b.prop(
        'globalClusterIdentifier',
        b.get('GlobalClusterIdentifier') === undefined ? undefined : link.refAt(b, 'GlobalClusterIdentifier', 'member-of', 'AWS::DocDB::GlobalCluster'),
        'GlobalClusterIdentifier',
      );
      b.prop('serverlessV2', undefined);
      if (b.get('DBSubnetGroupName') !== undefined && b.get('DBSubnetGroupName') !== null) link.subnetGroup(b, 'AWS::DocDB::DBSubnetGroup');
      break;
    case 'AWS::DocDB::DBInstance':
      b.prop('identifier', toStr(b.get('DBInstanceIdentifier')), 'DBInstanceIdentifier');
      b.prop('engine', DOCDB_ENGINE);
      b.prop('instanceClass', toStr(b.get('DBInstanceClass')), 'DBInstanceClass');
      b.prop('multiAz', undefined);
      b.prop('availabilityZone', toStr(b.get('AvailabilityZone')), 'AvailabilityZone');
      b.prop('backupRetentionDays', undefined);
      b.prop('deletionProtection', undefined);
      // DBClusterIdentifier is required: missing, the cluster is unknown, never absent.
      b.prop(
        'clusterIdentifier',
        b.get('DBClusterIdentifier') === undefined ? new Unknown('DBClusterIdentifier is not set') : link.refAt(b, 'DBClusterIdentifier', 'member-of', 'AWS::DocDB::DBCluster'),
        'DBClusterIdentifier',
      );
      b.prop('replicateSourceDb', undefined);
      b.prop('promotionTier', toNum(b.get('PromotionTier')), 'PromotionTier');
      break;
    case 'AWS::DocDB::DBSubnetGroup':
      b.prop('name', toStr(b.get('DBSubnetGroupName')), 'DBSubnetGroupName');
      link.subnetsAt(b, 'SubnetIds');
      break;
    case 'AWS::DocDB::GlobalCluster':
      b.prop('identifier', toStr(b.get('GlobalClusterIdentifier')), 'GlobalClusterIdentifier');
      b.prop('engine', DOCDB_ENGINE);
      b.prop('deletionProtection', toBool(b.get('DeletionProtection')), 'DeletionProtection');
      break;
  }
}
