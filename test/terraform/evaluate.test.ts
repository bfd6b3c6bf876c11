import { describe, expect, it } from 'vitest';
import { Unknown } from '../../src/graph/values.js';
import { edgesOf, props, reasonOf, resource, scanFixture } from './helpers.js';

describe('evaluation', () => {
  it('an unknown count / for_each gives one resource at the block address and a coverage gap', async () => {
    const out = await scanFixture('unknown_count');
    expect(out.resources.map((r) => r.id).sort()).toEqual(['aws_db_instance.x', 'aws_subnet.s']);
    const db = props(out, 'aws_db_instance.x');
    expect(db.engine).toBe('postgres');
    expect(db.identifier).toBeInstanceOf(Unknown);
    expect(props(out, 'aws_subnet.s')).toMatchObject({ cidr: '10.0.0.0/24', availabilityZone: expect.any(Unknown) });
    expect(out.coverage).toEqual([
      { scope: 'aws_db_instance.x', errorCode: 'unknown-count', message: expect.stringContaining('count of aws_db_instance.x is unknown') },
      { scope: 'aws_subnet.s', errorCode: 'unknown-count', message: expect.stringContaining('for_each of aws_subnet.s is unknown') },
    ]);
    expect(out.errors).toEqual([]);
  });

  it('expands dynamic blocks with a known for_each; an unknown for_each makes the blocks Unknown', async () => {
    const out = await scanFixture('dynamic');
    const p = props(out, 'aws_ecs_service.svc');
    expect(p.capacityProviderStrategy).toEqual([
      { provider: 'FARGATE', weight: 1, base: undefined },
      { provider: 'FARGATE_SPOT', weight: 3, base: undefined },
    ]);
    expect(reasonOf(p.placementStrategies)).toContain('ordered_placement_strategy');
    expect(p.circuitBreaker).toEqual({ enable: true, rollback: true });
    expect((resource(out, 'aws_ecs_service.svc').propOrigins as Record<string, unknown>).capacityProviderStrategy).toEqual({
      attribute: 'capacity_provider_strategy',
      location: { file: 'main.tf', line: 13, column: 3 },
    });
    expect(edgesOf(out)).toEqual([]);
  });
});

describe('path.*', () => {
  it('path.cwd is the absolute root directory (examples name resources basename(path.cwd)); path.module and path.root stay relative', async () => {
    const out = await scanFixture('path_cwd');
    const p = props(out, 'module.db.aws_db_instance.this');
    expect(p.identifier).toBe('ex-path_cwd');
    expect(resource(out, 'module.db.aws_db_instance.this').tags).toEqual({ where: 'db-path_cwd-.' });
  });
});

describe('"" as not set', () => {
  it('an optional string argument set to "" is not set, as the AWS provider reads it (older modules default to "")', async () => {
    const out = await scanFixture('empty_string_unset');
    expect(out.errors).toEqual([]);
    const primary = props(out, 'module.primary.aws_db_instance.this');
    expect(primary.replicateSourceDb).toBeUndefined();
    expect(reasonOf(primary.availabilityZone)).toContain('availability_zone is not set');
    expect(props(out, 'module.replica.aws_db_instance.this').replicateSourceDb).toBe('module.primary.aws_db_instance.this');
    expect(props(out, 'aws_rds_cluster.reports').globalClusterIdentifier).toBeUndefined();
    expect(props(out, 'aws_rds_cluster_instance.reports[1]').availabilityZone).toBeUndefined();
    // Nothing is left unresolved by the empty strings.
    const unresolved = out.resources.flatMap((r) => (r.unresolved ?? []).map((u) => `${r.id} ${u.attribute}`));
    expect(unresolved).toEqual([]);
  });
});
