/**
 * Terraform Amazon DocumentDB → the RDS database kinds, engine `docdb`:
 * aws_docdb_cluster (db.cluster), aws_docdb_cluster_instance (db.instance,
 * member of its cluster), aws_docdb_subnet_group (db.subnet-group),
 * aws_docdb_global_cluster (db.global-cluster). DocumentDB is built like
 * Aurora (cluster storage over 3 AZs, failover to a replica instance), so
 * the database rules and the failure simulation judge it as they judge an
 * Aurora cluster; rules that have no DocumentDB counterpart (RDS Proxy,
 * Aurora Serverless v2 capacity) skip it by engine.
 *
 * DocumentDB elastic clusters (aws_docdb_elastic_cluster) are a different
 * service shape (shards, no instances) and are not covered.
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { coercions, TERRAFORM_RULES } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { ResourceKind } from '../../../graph/types.js';
import type { Value, ValueObject } from '../expr/values.js';

const { toStr, toNum, toBool } = coercions(TERRAFORM_RULES);

/** The one engine DocumentDB accepts, which the provider defaults. */
export const DOCDB_ENGINE = 'docdb';

export const DOCDB_KINDS: Record<string, ResourceKind> = {
  aws_docdb_cluster: 'db.cluster',
  aws_docdb_cluster_instance: 'db.instance',
  aws_docdb_subnet_group: 'db.subnet-group',
  aws_docdb_global_cluster: 'db.global-cluster',
};

/** Attribute naming each type's identifier (for literal references and names). */
export const DOCDB_NAME_ATTRIBUTES: Record<string, string> = {
  aws_docdb_cluster: 'cluster_identifier',
  aws_docdb_cluster_instance: 'identifier',
  aws_docdb_subnet_group: 'name',
  aws_docdb_global_cluster: 'global_cluster_identifier',
};

interface TfBuilder extends NodeBuilder {
  readonly v: ValueObject;
}

/** What the DocumentDB builders need of the normalizer. */
export interface DocDbLink<B extends TfBuilder> {
  /** A reference (or literal identifier) to a resource of `type` as an edge: its graph id, else the value as written. */
  ref(b: B, value: Value | undefined, attribute: string, kind: 'member-of', type: string): Maybe<string>;
  /** `db_subnet_group_name` → the group's subnets as in-subnet edges (or unresolved entries). */
  subnetGroup(b: B, value: Value | undefined, attribute: string, groupType: string): void;
  /** The subnet_ids of a subnet group as in-subnet edges. */
  subnets(b: B, value: Value | undefined, attribute: string): void;
  /** A global cluster made from an existing cluster names it (source_db_cluster_identifier): a member-of edge from that cluster. */
  sourceMember(b: B, value: Value | undefined, attribute: string, type: string): void;
  /** A list of AZ names (symbolic AZs kept). */
  azList(v: Value | undefined): Maybe<string[]>;
}

/** The provider treats "" as not set (SDK v2 GetOk). */
function unsetIfEmpty(v: Value | undefined): Value | undefined {
  return v === '' ? undefined : v;
}

function provider<T>(v: T | Unknown | undefined, attribute: string): T | Unknown {
  return v === undefined ? new Unknown(`${attribute} is not set: chosen by the provider at apply`) : v;
}

export function buildDocDb<B extends TfBuilder>(b: B, type: string, link: DocDbLink<B>): void {
  const v = b.v;
  switch (type) {
    case 'aws_docdb_cluster':
      b.prop('identifier', provider(toStr(v.cluster_identifier), 'cluster_identifier'), 'cluster_identifier');
      b.prop('engine', toStr(v.engine) ?? DOCDB_ENGINE, 'engine');
      // DocumentDB has no engine modes; instance-based clusters are the Aurora-like shape.
      b.prop('engineMode', undefined);
      b.prop('availabilityZones', link.azList(v.availability_zones), 'availability_zones');
      // Absent: AWS (and the provider) default to 1 day, which the retention rule assumes.
      b.prop('backupRetentionDays', toNum(v.backup_retention_period), 'backup_retention_period');
      b.prop('deletionProtection', toBool(v.deletion_protection), 'deletion_protection');
      b.prop('globalClusterIdentifier', link.ref(b, unsetIfEmpty(v.global_cluster_identifier), 'global_cluster_identifier', 'member-of', 'aws_docdb_global_cluster'), 'global_cluster_identifier');
      b.prop('serverlessV2', undefined);
      {
        const g = unsetIfEmpty(v.db_subnet_group_name);
        if (g !== undefined && g !== null) link.subnetGroup(b, g, 'db_subnet_group_name', 'aws_docdb_subnet_group');
      }
      break;
    case 'aws_docdb_cluster_instance':
      b.prop('identifier', provider(toStr(v.identifier), 'identifier'), 'identifier');
      b.prop('engine', toStr(v.engine) ?? DOCDB_ENGINE, 'engine');
      b.prop('instanceClass', toStr(v.instance_class), 'instance_class');
      b.prop('multiAz', undefined);
      b.prop('availabilityZone', toStr(unsetIfEmpty(v.availability_zone)), 'availability_zone');
      b.prop('backupRetentionDays', undefined);
      b.prop('deletionProtection', undefined);
      // cluster_identifier is required: not set, the cluster is unknown, never absent.
      b.prop('clusterIdentifier', link.ref(b, v.cluster_identifier, 'cluster_identifier', 'member-of', 'aws_docdb_cluster') ?? new Unknown('cluster_identifier is not set'), 'cluster_identifier');
      b.prop('replicateSourceDb', undefined);
      b.prop('promotionTier', toNum(v.promotion_tier), 'promotion_tier');
      break;
    case 'aws_docdb_subnet_group':
      b.prop('name', toStr(v.name), 'name');
      link.subnets(b, v.subnet_ids, 'subnet_ids');
      break;
    case 'aws_docdb_global_cluster':
      b.prop('identifier', toStr(v.global_cluster_identifier), 'global_cluster_identifier');
      b.prop('engine', toStr(v.engine) ?? DOCDB_ENGINE, 'engine');
      b.prop('deletionProtection', toBool(v.deletion_protection), 'deletion_protection');
      link.sourceMember(b, v.source_db_cluster_identifier, 'source_db_cluster_identifier', 'aws_docdb_cluster');
      break;
  }
}
