import { beforeAll, describe, expect, it } from 'vitest';
import type { Edge } from '../../src/graph/types.js';
import { scanCloudFormation, type CloudFormationSourceOutput } from '../../src/sources/cloudformation/index.js';
import { FIXTURES, fixture, posOf } from './helpers.js';

const T = 'aurora-scaling/aurora.yaml';
// Addresses carry the template's path relative to the root, without extension.
const id = (logicalId: string) => `${T}#aurora-scaling/aurora/${logicalId}`;

describe('CloudFormation source: Aurora reader scaling targets', () => {
  let out: CloudFormationSourceOutput;
  beforeAll(async () => {
    out = await scanCloudFormation({ root: FIXTURES, files: [fixture(T)] });
  });
  const scales = (from: string): Edge[] => out.edges.filter((e) => e.from === id(from) && e.kind === 'scales');

  it('ResourceId !Sub cluster:${Cluster}, !Join and a literal cluster:<identifier> each scale the cluster', () => {
    expect(out.errors).toEqual([]);
    expect(scales('ReaderTarget')).toEqual([{ from: id('ReaderTarget'), to: id('Cluster'), kind: 'scales', attribute: 'ResourceId', location: { file: T, ...posOf(T, 'ResourceId: !Sub') } }]);
    expect(scales('JoinedTarget').map((e) => e.to)).toEqual([id('Cluster')]);
    expect(scales('LiteralTarget').map((e) => e.to)).toEqual([id('Cluster')]);
    const t = out.resources.find((r) => r.id === id('ReaderTarget'))!;
    expect(t.kind).toBe('autoscaling.target');
    expect(t.props).toMatchObject({ serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount', minCapacity: 2, maxCapacity: 6 });
    expect(t.unresolved).toEqual([]);
  });

  it('a ResourceId from a parameter without value: unresolved with the reason', () => {
    expect(scales('ElsewhereTarget')).toEqual([]);
    const t = out.resources.find((r) => r.id === id('ElsewhereTarget'))!;
    expect(t.unresolved).toHaveLength(1);
    expect(t.unresolved[0]).toMatchObject({ edge: 'scales', attribute: 'ResourceId' });
    expect(t.unresolved[0].reason).toContain('ClusterName');
  });
});
