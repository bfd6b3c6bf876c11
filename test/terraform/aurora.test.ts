import { beforeAll, describe, expect, it } from 'vitest';
import { MASK } from '../../src/graph/values.js';
import type { TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { edgesOf, props, resource, scanFixture } from './helpers.js';

describe('Aurora / RDS fixture', () => {
  let out: TerraformSourceOutput;
  beforeAll(async () => {
    out = await scanFixture('aurora');
  });

  it('scans without errors', () => {
    expect(out.errors).toEqual([]);
    expect(out.coverage).toEqual([]);
  });

  it('normalizes the cluster, with global cluster and subnets', () => {
    expect(resource(out, 'aws_rds_cluster.main')).toMatchObject({
      kind: 'db.cluster',
      name: 'orders',
      props: {
        identifier: 'orders',
        engine: 'aurora-mysql',
        engineMode: undefined,
        availabilityZones: undefined,
        backupRetentionDays: 7,
        deletionProtection: true,
        globalClusterIdentifier: 'aws_rds_global_cluster.g',
        serverlessV2: { minCapacity: 0.5, maxCapacity: 16 },
        dbClusterInstanceClass: undefined,
      },
      propOrigins: {
        backupRetentionDays: { attribute: 'backup_retention_period', location: { file: 'main.tf', line: 37, column: 3 } },
        // Absent attribute: the resource header.
        engineMode: { attribute: 'engine_mode', location: { file: 'main.tf', line: 30, column: 1 } },
      },
    });
    expect(edgesOf(out, 'member-of', 'aws_rds_cluster.main')).toEqual(['aws_rds_cluster.main -member-of-> aws_rds_global_cluster.g']);
    expect(edgesOf(out, 'in-subnet', 'aws_rds_cluster.main')).toEqual([
      'aws_rds_cluster.main -in-subnet-> aws_subnet.a',
      'aws_rds_cluster.main -in-subnet-> aws_subnet.c',
    ]);
    expect(props(out, 'aws_rds_global_cluster.g')).toEqual({ identifier: 'orders-global', engine: 'aurora-mysql' });
  });

  it('makes member instances (by reference and by literal identifier) with member-of edges', () => {
    expect(edgesOf(out, 'member-of').filter((e) => e.includes('cluster_instance'))).toEqual([
      'aws_rds_cluster_instance.by_name -member-of-> aws_rds_cluster.main',
      'aws_rds_cluster_instance.by_ref[0] -member-of-> aws_rds_cluster.main',
      'aws_rds_cluster_instance.by_ref[1] -member-of-> aws_rds_cluster.main',
    ]);
    expect(resource(out, 'aws_rds_cluster_instance.by_ref[1]')).toMatchObject({
      kind: 'db.instance',
      name: 'orders-1',
      props: { identifier: 'orders-1', availabilityZone: 'ap-northeast-1c', clusterIdentifier: 'aws_rds_cluster.main', promotionTier: 1, instanceClass: 'db.r6g.large', multiAz: undefined },
    });
    expect(props(out, 'aws_rds_cluster_instance.by_name').clusterIdentifier).toBe('aws_rds_cluster.main');
  });

  it('links replicas and subnet groups', () => {
    expect(edgesOf(out, 'replica-of')).toEqual(['aws_db_instance.replica -replica-of-> aws_db_instance.primary']);
    expect(props(out, 'aws_db_instance.replica').replicateSourceDb).toBe('aws_db_instance.primary');
    expect(edgesOf(out, 'in-subnet', 'aws_db_subnet_group.db')).toEqual([
      'aws_db_subnet_group.db -in-subnet-> aws_subnet.a',
      'aws_db_subnet_group.db -in-subnet-> aws_subnet.c',
    ]);
    expect(edgesOf(out, 'in-subnet', 'aws_db_instance.replica')).toHaveLength(2);
    expect(resource(out, 'aws_db_proxy.p')).toMatchObject({ kind: 'db.proxy', props: { name: 'orders-proxy', engineFamily: 'MYSQL' } });
    expect(edgesOf(out, 'in-subnet', 'aws_db_proxy.p')).toHaveLength(2);
  });

  it('merges provider default_tags under resource tags', () => {
    expect(resource(out, 'aws_rds_cluster.main').tags).toEqual({ owner: 'platform', tier: 'critical' });
    expect(resource(out, 'aws_subnet.a').tags).toEqual({ owner: 'platform', tier: 'high' });
  });

  it('masks secrets in attributes', () => {
    const cluster = resource(out, 'aws_rds_cluster.main');
    expect(cluster.attributes.master_password).toBe(MASK);
    expect(cluster.attributes.master_username).toBe('admin');
    expect(JSON.stringify(out.resources)).not.toContain('hunter2');
    expect(JSON.stringify(out.resources)).not.toContain('s3cret');
  });
});
