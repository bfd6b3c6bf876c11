import { describe, expect, it } from 'vitest';
import { clusterMembership, isAuroraEngine, readerScaling } from '../../src/analysis/db-cluster.js';
import type { Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph } from '../helpers/rule-tester.js';

describe('isAuroraEngine', () => {
  it('is true for Aurora engines in any case, false for others and for unknown engines', () => {
    expect(['aurora', 'aurora-mysql', 'aurora-postgresql', 'Aurora-PostgreSQL'].map(isAuroraEngine)).toEqual([true, true, true, true]);
    expect(['postgres', 'mysql', 'sqlserver-ee', undefined, new Unknown('var.engine has no value')].map(isAuroraEngine)).toEqual([false, false, false, false, false]);
  });
});

describe('clusterMembership', () => {
  it('finds the cluster by member-of edge or by literal identifier, and says why when there is none', () => {
    const g = graph();
    const c = g.add('db.cluster', 'aws_rds_cluster.orders', { props: { identifier: 'orders' } });
    const byEdge = g.add('db.instance', 'aws_rds_cluster_instance.a', { props: { clusterIdentifier: 'aws_rds_cluster.orders' } });
    g.edge(byEdge, 'member-of', c);
    const byName = g.add('db.instance', 'aws_rds_cluster_instance.b', { props: { clusterIdentifier: 'orders' } });
    const elsewhere = g.add('db.instance', 'aws_rds_cluster_instance.c', { props: { clusterIdentifier: 'billing' } });
    const unresolved = g.add('db.instance', 'aws_rds_cluster_instance.d', { props: { clusterIdentifier: new Unknown('var.cluster has no value') } });
    const auroraEngine = g.add('db.instance', 'aws_db_instance.e', { props: { engine: 'aurora-mysql', multiAz: true } });
    const standalone = g.add('db.instance', 'aws_db_instance.f', { props: { engine: 'postgres', multiAz: true } });
    const built = g.build();
    const m = (r: Resource<'db.instance'>) => clusterMembership(built.get(r.id) as Resource<'db.instance'>, built);
    expect(m(byEdge)).toMatchObject({ member: true, cluster: { id: c.id } });
    expect(m(byName)).toMatchObject({ member: true, cluster: { id: c.id } });
    expect(m(elsewhere)).toEqual({ member: true, reason: 'its cluster "billing" is not in the scan', prop: 'clusterIdentifier' });
    expect(m(unresolved)).toEqual({ member: true, reason: 'cluster_identifier: var.cluster has no value', prop: 'clusterIdentifier' });
    expect(m(auroraEngine)).toMatchObject({ member: true, prop: 'engine' });
    expect(m(standalone)).toEqual({ member: false });
  });
});

describe('readerScaling', () => {
  it('keeps the lowest minimum of the ReadReplicaCount targets on the cluster, and ignores other dimensions', () => {
    const g = graph();
    const c = g.add('db.cluster', 'aws_rds_cluster.orders', { props: { identifier: 'orders' } });
    const dims = [
      ['aws_appautoscaling_target.a', 'rds:cluster:ReadReplicaCount', 3],
      ['aws_appautoscaling_target.b', 'rds:cluster:ReadReplicaCount', 2],
      ['aws_appautoscaling_target.other', 'ecs:service:DesiredCount', 0],
    ] as const;
    for (const [address, dim, min] of dims) {
      const t = g.add('autoscaling.target', address, { props: { serviceNamespace: dim.split(':')[0], scalableDimension: dim, minCapacity: min } });
      g.edge(t, 'scales', c);
    }
    const built = g.build();
    const s = readerScaling(built.get(c.id) as Resource<'db.cluster'>, built);
    expect(s.targets.map((t) => t.address)).toEqual(['aws_appautoscaling_target.a', 'aws_appautoscaling_target.b']);
    expect(s.min).toBe(2);
    expect(s.target?.address).toBe('aws_appautoscaling_target.b');
    expect(s.doubt).toBeUndefined();
  });

  it('a target without min_capacity is a doubt, not zero', () => {
    const g = graph();
    const c = g.add('db.cluster', 'aws_rds_cluster.orders', {});
    const t = g.add('autoscaling.target', 'aws_appautoscaling_target.a', { props: { serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount' } });
    g.edge(t, 'scales', c);
    const built = g.build();
    const s = readerScaling(built.get(c.id) as Resource<'db.cluster'>, built);
    expect(s.min).toBeUndefined();
    expect(s.doubt?.reason).toBe('scaling target aws_appautoscaling_target.a does not set min_capacity');
  });
});
