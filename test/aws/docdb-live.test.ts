/**
 * Amazon DocumentDB seen live. DocumentDB shares the RDS management API:
 * rds:DescribeDBClusters / DescribeDBInstances return its clusters and
 * instances (Engine "docdb") with RDS and Aurora ones, and the RDS
 * collector already calls them. They must come out as db.cluster /
 * db.instance with engine docdb and the DocumentDB native types, be judged
 * as Aurora-like clusters, and never be asked for an RDS Proxy.
 *
 * moto cannot seed them: its RDS backend (also behind the DocumentDB API)
 * rejects Engine "docdb" ("Member must satisfy enum value set: aurora-mysql,
 * aurora-postgresql, mysql, neptune, postgres"). So the collected unit is
 * filled with items shaped as the API returns them, and the live
 * normalizer and the rules run on it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { AnyResource } from '../../src/graph/types.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push } from '../../src/sources/aws/unit.js';

const R = 'ap-northeast-1';
const A = '111111111111';
const TAGS = (tier: string) => [{ Key: 'tier', Value: tier }];

let graph: ResourceGraph;
let findings: Finding[];

beforeAll(() => {
  const u = emptyUnit({ id: A, name: 'sales-prod-db' }, R);
  const cluster = (id: string, tier: string, members: string[], extra: Record<string, unknown>) =>
    push(u, 'dbClusters', {
      DBClusterIdentifier: id,
      DBClusterArn: `arn:aws:rds:${R}:${A}:cluster:${id}`,
      Engine: 'docdb',
      EngineVersion: '5.0.0',
      AvailabilityZones: [`${R}a`, `${R}c`, `${R}d`],
      DBClusterMembers: members.map((m, i) => ({ DBInstanceIdentifier: m, IsClusterWriter: i === 0, PromotionTier: 1 })),
      TagList: TAGS(tier),
      ...extra,
    });
  const instance = (id: string, cluster: string, az: string) =>
    push(u, 'dbInstances', {
      DBInstanceIdentifier: id,
      DBInstanceArn: `arn:aws:rds:${R}:${A}:db:${id}`,
      DBClusterIdentifier: cluster,
      Engine: 'docdb',
      DBInstanceClass: 'db.r6g.large',
      AvailabilityZone: az,
      PromotionTier: 1,
      BackupRetentionPeriod: 1,
      TagList: TAGS('critical'),
    });
  // profiles: critical, three instances over three AZs, a week of backups, protected.
  cluster('profiles', 'critical', ['profiles-0', 'profiles-1', 'profiles-2'], { BackupRetentionPeriod: 7, DeletionProtection: true });
  for (const [i, az] of [`${R}a`, `${R}c`, `${R}d`].entries()) instance(`profiles-${i}`, 'profiles', az);
  // events: high, a single instance, one day of backups, unprotected.
  cluster('events', 'high', ['events-0'], { BackupRetentionPeriod: 1, DeletionProtection: false });
  instance('events-0', 'events', `${R}a`);
  const { resources, edges } = normalizeUnits([u]);
  const b = new GraphBuilder();
  for (const r of resources) b.addResource(r);
  for (const e of edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings;
});

function find(kind: 'db.cluster' | 'db.instance', identifier: string): AnyResource {
  const r = (graph.ofKind(kind) as AnyResource[]).find((x) => (x.props as { identifier?: unknown }).identifier === identifier);
  if (!r) throw new Error(`no ${kind} ${identifier} in the live graph`);
  return r;
}

function verdict(rule: string, identifier: string, kind: 'db.cluster' | 'db.instance' = 'db.cluster'): string | undefined {
  const r = find(kind, identifier);
  return findings.find((f) => f.ruleId === rule && f.resource.id === r.id)?.status;
}

describe('DocumentDB from the RDS API (live normalizer)', () => {
  it('clusters and instances come out with engine docdb, the DocumentDB types and cluster membership', () => {
    const cluster = find('db.cluster', 'profiles');
    expect(cluster.type).toBe('AWS::DocDB::DBCluster');
    expect(cluster.props).toMatchObject({ engine: 'docdb', backupRetentionDays: 7, deletionProtection: true });
    const instance = find('db.instance', 'profiles-0');
    expect(instance.type).toBe('AWS::DocDB::DBInstance');
    expect(instance.props).toMatchObject({ engine: 'docdb', availabilityZone: `${R}a`, backupRetentionDays: undefined });
    expect(graph.targets(instance, 'member-of', 'db.cluster')).toEqual([cluster]);
  });

  it('db-multi-az and db-read-replicas judge them as clusters of instances', () => {
    expect(verdict('db-multi-az', 'profiles')).toBe('pass');
    expect(verdict('db-read-replicas', 'profiles')).toBe('pass');
    expect(verdict('db-multi-az', 'events')).toBe('fail');
    expect(verdict('db-read-replicas', 'events')).toBe('fail');
  });

  it('backup retention and deletion protection are the cluster settings; members are judged through it', () => {
    expect(verdict('db-backup-retention', 'profiles')).toBe('pass');
    expect(verdict('db-deletion-protection', 'profiles')).toBe('pass');
    expect(verdict('db-backup-retention', 'events')).toBe('fail');
    expect(verdict('db-deletion-protection', 'events')).toBe('fail');
    expect(verdict('db-backup-retention', 'events-0', 'db.instance')).toBeUndefined();
  });

  it('db-proxy is not applicable: RDS Proxy does not support DocumentDB, even for a critical cluster', () => {
    expect(verdict('db-proxy', 'profiles')).toBeUndefined();
    expect(verdict('db-proxy', 'profiles-0', 'db.instance')).toBeUndefined();
    expect(findings.some((f) => f.ruleId === 'db-proxy')).toBe(false);
  });
});
