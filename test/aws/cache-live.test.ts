/**
 * ElastiCache and MemoryDB caches on a live account (moto_server): a VPC with
 * subnets in two AZs, cache subnet groups, a Multi-AZ replication group, a
 * single-node Redis OSS cluster, a Memcached cluster and a MemoryDB cluster,
 * seeded through the real SDK in Tokyo, collected by the organisation scan and
 * judged by the built-in rules.
 *
 * moto notes (5.2): elasticache:DescribeServerlessCaches is not implemented
 * (HTTP 500: one coverage gap, the other caches are still collected); a replication group keeps one member whatever
 * NumCacheClusters says, in a us-east-1a that is not in the Region, and its
 * members are not returned by DescribeCacheClusters (so the group's subnets
 * are unknown, with the reason); a cluster has no node details and no
 * PreferredAvailabilityZone; MemoryDB places a shard's nodes in one AZ.
 * The verdicts below are the right ones for what moto returns; the
 * multi-member shapes of the real API are tested on records
 * (test/aws/cache-normalize.test.ts).
 */
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateCacheClusterCommand, CreateCacheSubnetGroupCommand, CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateClusterCommand, CreateSubnetGroupCommand, MemoryDBClient } from '@aws-sdk/client-memorydb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { CoverageGap } from '../../src/graph/types.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { assumeInto, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'ap-northeast-1';

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let findings: Finding[];
let calls: string[];
let gaps: CoverageGap[];

beforeAll(async () => {
  moto = await startMoto();
  // moto itself, not the harness's front proxy (which answers DescribeServerlessCaches): a call that fails must be a gap.
  restoreEnv = useAwsEnv(moto.motoEndpoint, R1);
  const org = await seedOrganization(moto.motoEndpoint);
  const account = org.byName('technova-sales-prod-db').id;
  const credentials = await assumeInto(moto.motoEndpoint, account);
  const opts = { endpoint: moto.motoEndpoint, region: R1, credentials, maxAttempts: 2 };
  const ec2 = new EC2Client(opts);
  const ec = new ElastiCacheClient(opts);
  const mdb = new MemoryDBClient(opts);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
  const a = await subnet('10.30.1.0/24', 'ap-northeast-1a');
  const c = await subnet('10.30.2.0/24', 'ap-northeast-1c');
  await ec.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'cache-private', CacheSubnetGroupDescription: 'private', SubnetIds: [a, c] }));
  await ec.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'cache-one-az', CacheSubnetGroupDescription: 'one AZ', SubnetIds: [a] }));
  const tier = (t: string) => [{ Key: 'tier', Value: t }];

  // sessions: critical, two nodes, failover and Multi-AZ, 7 days of snapshots.
  await ec.send(
    new CreateReplicationGroupCommand({
      ReplicationGroupId: 'sessions',
      ReplicationGroupDescription: 'sessions',
      Engine: 'redis',
      CacheNodeType: 'cache.t4g.small',
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      CacheSubnetGroupName: 'cache-private',
      SnapshotRetentionLimit: 7,
      Tags: tier('critical'),
    }),
  );
  // rate-limit: critical single Redis OSS node, no snapshots.
  await ec.send(new CreateCacheClusterCommand({ CacheClusterId: 'rate-limit', Engine: 'redis', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 1, CacheSubnetGroupName: 'cache-private', Tags: tier('critical') }));
  // pages: high Memcached, two nodes, single-az.
  await ec.send(new CreateCacheClusterCommand({ CacheClusterId: 'pages', Engine: 'memcached', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 2, AZMode: 'single-az', CacheSubnetGroupName: 'cache-one-az', Tags: tier('high') }));
  // ledger: critical MemoryDB, one shard, one replica.
  await mdb.send(new CreateSubnetGroupCommand({ SubnetGroupName: 'memorydb-private', SubnetIds: [a, c] }));
  await mdb.send(
    new CreateClusterCommand({ ClusterName: 'ledger', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 1, SubnetGroupName: 'memorydb-private', SnapshotRetentionLimit: 7, Tags: tier('critical') }),
  );

  const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false });
  calls = [...out.stats.byAction.keys()];
  gaps = out.output.coverage;
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

function cache(name: string) {
  const r = [...graph.ofKind('cache.replication-group'), ...graph.ofKind('cache.cluster')].find((x) => x.name === name);
  if (!r) throw new Error(`no cache ${name} in the live graph`);
  return r;
}

function verdict(rule: string, name: string): string | undefined {
  const r = cache(name);
  return findings.find((f) => f.ruleId === rule && f.resource.id === r.id)?.status;
}

describe('cache rules on a live account (moto)', () => {
  it('collects replication groups, clusters outside them and MemoryDB clusters with ARNs, tags and subnets', () => {
    expect(graph.ofKind('cache.replication-group').map((r) => r.name).sort()).toEqual(['ledger', 'sessions']);
    // The replication group's member clusters are not caches of their own.
    expect(graph.ofKind('cache.cluster').map((r) => r.name).sort()).toEqual(['pages', 'rate-limit']);
    const sessions = cache('sessions');
    expect(sessions.id).toMatch(/^arn:aws:elasticache:ap-northeast-1:\d{12}:replicationgroup:sessions$/);
    expect(sessions.type).toBe('AWS::ElastiCache::ReplicationGroup');
    expect(sessions.tags).toEqual({ tier: 'critical' });
    // moto: the member is not returned by DescribeCacheClusters, so the group's subnet group is not known.
    expect(graph.outgoing(sessions.id, 'in-subnet')).toHaveLength(0);
    expect(sessions.unresolved).toEqual([{ edge: 'in-subnet', attribute: 'SubnetIds', reason: expect.stringContaining('no member cluster of sessions') }]);
    expect(graph.outgoing(cache('rate-limit').id, 'in-subnet')).toHaveLength(2);
    expect(cache('ledger').props).toMatchObject({ service: 'memorydb', replicasPerShard: 1, multiAz: true });
    expect((cache('ledger').props as { shardAzs: string[][] }).shardAzs).toHaveLength(1);
  });

  it('cache-multi-az: AutomaticFailover and MultiAZ statuses; MemoryDB by its replicas', () => {
    expect(verdict('cache-multi-az', 'sessions')).toBe('pass');
    expect(verdict('cache-multi-az', 'ledger')).toBe('pass');
  });

  it('cache-single-node: the single Redis OSS node is a SPOF, and so is moto\'s one-member replication group', () => {
    expect(verdict('cache-single-node', 'rate-limit')).toBe('fail');
    expect(verdict('cache-single-node', 'sessions')).toBe('fail');
    expect(verdict('cache-single-node', 'pages')).toBe('pass');
    expect(verdict('cache-single-node', 'ledger')).toBe('pass');
  });

  it('cache-node-spread: node AZs as placed (moto picks a MemoryDB node\'s AZ at random), Memcached in a one-AZ subnet group fails', () => {
    const [shard] = (cache('ledger').props as { shardAzs: string[][] }).shardAzs;
    expect(verdict('cache-node-spread', 'ledger')).toBe(new Set(shard).size >= 2 ? 'pass' : 'fail');
    expect(verdict('cache-node-spread', 'pages')).toBe('fail');
    // One node: cache-single-node's finding.
    expect(verdict('cache-node-spread', 'sessions')).toBeUndefined();
  });

  it('cache-snapshot-retention: SnapshotRetentionLimit per cache; Memcached not judged', () => {
    expect(verdict('cache-snapshot-retention', 'sessions')).toBe('pass');
    expect(verdict('cache-snapshot-retention', 'ledger')).toBe('pass');
    expect(verdict('cache-snapshot-retention', 'rate-limit')).toBe('fail');
    expect(verdict('cache-snapshot-retention', 'pages')).toBeUndefined();
  });

  it('sends only the listed ElastiCache and MemoryDB reads; DescribeServerlessCaches (not in moto: HTTP 500) is one coverage gap', () => {
    expect(calls.filter((c) => c.startsWith('elasticache:') || c.startsWith('memorydb:')).sort()).toEqual([
      'elasticache:DescribeCacheClusters',
      'elasticache:DescribeCacheSubnetGroups',
      'elasticache:DescribeReplicationGroups',
      'elasticache:DescribeServerlessCaches',
      'elasticache:ListTagsForResource',
      'memorydb:DescribeClusters',
      'memorydb:DescribeSubnetGroups',
      'memorydb:ListTags',
    ]);
    expect(gaps.filter((g) => g.service?.startsWith('elasticache:') || g.service?.startsWith('memorydb:')).map((g) => g.service)).toEqual(['elasticache:DescribeServerlessCaches']);
  });
});
