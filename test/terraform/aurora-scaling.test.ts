import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { edgesOf, props, reasonOf, resource, scanFixture } from './helpers.js';

describe('Aurora reader auto scaling (Terraform)', () => {
  let out: TerraformSourceOutput;
  beforeAll(async () => {
    out = await scanFixture('aurora-scaling');
  });

  it('a target on rds:cluster:ReadReplicaCount scales the cluster its resource_id names (by identifier or by the referenced cluster)', () => {
    expect(edgesOf(out, 'scales')).toEqual([
      'aws_appautoscaling_target.by_id -scales-> aws_rds_cluster.generated',
      'aws_appautoscaling_target.by_identifier -scales-> aws_rds_cluster.main',
    ]);
    const e = out.edges.find((x) => x.from === 'aws_appautoscaling_target.by_identifier')!;
    expect(e).toMatchObject({ attribute: 'resource_id', location: { file: 'main.tf', line: 19 } });
    expect(resource(out, 'aws_appautoscaling_target.by_identifier')).toMatchObject({
      kind: 'autoscaling.target',
      props: { serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount', resourceId: 'cluster:orders', minCapacity: 1, maxCapacity: 3 },
    });
  });

  it('a cluster that is not in the configuration, or a resource_id from a variable without value, is unresolved with the reason', () => {
    expect(resource(out, 'aws_appautoscaling_target.literal_elsewhere').unresolved).toEqual([
      { edge: 'scales', attribute: 'resource_id', reason: 'no aws_rds_cluster "billing" in the scanned configuration' },
    ]);
    const fromVar = resource(out, 'aws_appautoscaling_target.from_variable').unresolved;
    expect(fromVar).toHaveLength(1);
    expect(fromVar[0]).toMatchObject({ edge: 'scales', attribute: 'resource_id' });
    expect(fromVar[0].reason).toContain('cluster_id');
  });

  it('an aws_rds_cluster_instance without cluster_identifier is a member of an unknown cluster, never a standalone instance', () => {
    expect(reasonOf(props(out, 'aws_rds_cluster_instance.no_cluster').clusterIdentifier)).toBe('cluster_identifier is not set');
  });
});
