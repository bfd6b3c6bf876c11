/** Small Aurora / RDS graphs shared by the database rule tests (files and lines as a Terraform module would have them). */
import type { PropsByKind, Resource } from '../../src/graph/types.js';
import type { Unknown } from '../../src/graph/values.js';
import { tier, type GraphFixture } from '../helpers/rule-tester.js';

/** An Aurora cluster at db.tf:1 with `members` instances at db.tf:40, 60, … (members tagged medium: judged through the cluster). */
export function auroraCluster(
  g: GraphFixture,
  members: number,
  props: Partial<PropsByKind['db.cluster']> = {},
  clusterTier = 'critical',
  spec: { lines?: Partial<Record<keyof PropsByKind['db.cluster'], number>>; region?: string; address?: string; file?: string } = {},
): Resource<'db.cluster'> {
  const address = spec.address ?? 'aws_rds_cluster.orders';
  const file = spec.file ?? 'db.tf';
  const c = g.add('db.cluster', address, {
    file,
    line: 1,
    props: { engine: 'aurora-postgresql', identifier: address.split('.').pop(), ...props },
    lines: spec.lines ?? {},
    tags: tier(clusterTier),
    ...(spec.region ? { provenance: { region: spec.region } } : {}),
  });
  for (let i = 0; i < members; i++) {
    const m = g.add('db.instance', `${address.replace('aws_rds_cluster', 'aws_rds_cluster_instance')}[${i}]`, {
      file,
      line: 40 + 20 * i,
      type: 'aws_rds_cluster_instance',
      props: { engine: 'aurora-postgresql', clusterIdentifier: address },
      tags: tier('medium'),
      ...(spec.region ? { provenance: { region: spec.region } } : {}),
    });
    g.edge(m, 'member-of', c, { attribute: 'cluster_identifier' });
  }
  return c;
}

/** An Application Auto Scaling target on the cluster's reader count at scaling.tf:1 (min_capacity at line 4). */
export function readerTarget(g: GraphFixture, cluster: Resource<'db.cluster'>, minCapacity: number | Unknown) {
  const t = g.add('autoscaling.target', 'aws_appautoscaling_target.read_replica', {
    file: 'scaling.tf',
    line: 1,
    props: { serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount', resourceId: 'cluster:orders', minCapacity },
    lines: { minCapacity: 4 },
  });
  g.edge(t, 'scales', cluster, { attribute: 'resource_id' });
  return t;
}

/** An Aurora instance that names no cluster in the scan (a module's member whose cluster lives elsewhere). */
export function orphanMember(g: GraphFixture, tierName = 'critical') {
  return g.add('db.instance', 'aws_rds_cluster_instance.orphan', {
    file: 'orphan.tf',
    line: 1,
    type: 'aws_rds_cluster_instance',
    props: { engine: 'aurora-mysql', clusterIdentifier: 'legacy-orders' },
    lines: { clusterIdentifier: 3 },
    tags: tier(tierName),
  });
}
