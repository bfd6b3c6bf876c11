/**
 * The other side of rules whose moto-seeded live test asserts only one
 * verdict (issue 16's audit): one account on moto_server, seeded through the
 * real SDK in Tokyo, collected by the organisation scan and judged with the
 * dependency and failure analysis, as `resilint scan --aws` does.
 *
 * - payments (critical ECS service, tasks 2 + 2 in 1a and 1c, a NAT gateway
 *   per AZ) whose task definition names payments-db, a Multi-AZ instance
 *   with 14 days of backups: single-point-of-failure passes for the database
 *   and both NAT gateways, az-failure-tolerance for the database and the
 *   service (elsewhere only fail / unknown); db-backup-retention passes
 *   (elsewhere only fail).
 * - scratch-db: backups off (retention 0) → db-backup-retention fails as disabled.
 * - ledger-api-1 / ledger-api-2: standalone critical instances of one
 *   workload (tag app) in 1a and 1c → ec2-standalone-instance passes
 *   (elsewhere only the lone bastion fails).
 * - wallet: a critical Aurora cluster whose global cluster has a secondary in
 *   Osaka (the scan covers both Regions) → region-failure-recovery passes
 *   (elsewhere only fail / unknown).
 * - carts (critical Redis OSS replication group, automatic failover and
 *   Multi-AZ off) and counters (critical MemoryDB, no replica) →
 *   cache-multi-az fails (elsewhere only pass).
 * - catalog: high Aurora Serverless v2 at 0.5–16 ACU → db-serverless-capacity
 *   passes (elsewhere only fail).
 * - audit-search (critical, dedicated masters off) and events-search
 *   (critical, 2 dedicated masters) → search-domain-dedicated-masters fails,
 *   as disabled and as too few (elsewhere only pass).
 *
 * moto notes: CreateCluster (MemoryDB) turns NumReplicasPerShard 0 into 1,
 * so counters is set back to 0 replicas with UpdateCluster, which moto keeps.
 *
 * Where moto cannot show a side, the existing test says so and its records
 * or RuleTester cases cover it: dynamodb-global-replica pass (moto keeps no
 * replicas), msk-replication pass / fail (no DescribeConfigurationRevision),
 * ecs-no-fargate-spot fail and ecs-deployment-rollback pass (moto drops a
 * service's capacity provider strategy and circuit breaker).
 */
import { CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateCacheSubnetGroupCommand, CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateClusterCommand as CreateMemoryDbClusterCommand, CreateSubnetGroupCommand, MemoryDBClient, UpdateClusterCommand } from '@aws-sdk/client-memorydb';
import { CreateDomainCommand, OpenSearchClient, type CreateDomainCommandInput } from '@aws-sdk/client-opensearch';
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateGlobalClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { analyzeGraph } from '../../src/analysis/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { assumeInto, seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type SeededWorkload } from './moto.js';

const R1 = 'ap-northeast-1';
const R3 = 'ap-northeast-3';
const AMI = 'ami-12c6146b'; // in moto's default image list

let moto: MotoServer;
let restoreEnv: () => void;
let account: string;
let graph: ResourceGraph;
let findings: Finding[];
let workload: SeededWorkload;
const instances: Record<string, string> = {};

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  account = org.byName('technova-sales-prod-app').id;
  workload = await seedWorkload(moto.endpoint, account, R1, {
    azs: [`${R1}a`, `${R1}c`],
    nat: 'per-az',
    clusterName: 'payments',
    services: [{ name: 'payments', desired: 4, taskAzs: [0, 1, 0, 1], tags: { tier: 'critical' }, connectsTo: 'payments-db' }],
    databases: [
      { kind: 'instance', id: 'payments-db', multiAz: true, az: `${R1}a`, backup: 14, deletionProtection: true },
      { kind: 'instance', id: 'scratch-db', multiAz: false, az: `${R1}c`, backup: 0, deletionProtection: false },
    ],
  });

  const credentials = await assumeInto(moto.endpoint, account);
  const cfg = { endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 };
  const ec2 = new EC2Client(cfg);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
  const a = await subnet('10.50.0.0/24', `${R1}a`);
  const c = await subnet('10.50.1.0/24', `${R1}c`);
  const run = async (name: string, subnetId: string) =>
    (await ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }, { Key: 'app', Value: 'ledger-api' }, { Key: 'tier', Value: 'critical' }] }] }))).Instances![0].InstanceId!;
  instances['ledger-api-1'] = await run('ledger-api-1', a);
  instances['ledger-api-2'] = await run('ledger-api-2', c);

  const es = new OpenSearchClient(cfg);
  const domain = (name: string, cluster: CreateDomainCommandInput['ClusterConfig']) =>
    es.send(new CreateDomainCommand({ DomainName: name, EngineVersion: 'OpenSearch_2.13', ClusterConfig: cluster, TagList: [{ Key: 'tier', Value: 'critical' }] }));
  await domain('audit-search', { InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, DedicatedMasterEnabled: false });
  await domain('events-search', { InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, DedicatedMasterEnabled: true, DedicatedMasterCount: 2 });

  const critical = [{ Key: 'tier', Value: 'critical' }];
  const ec = new ElastiCacheClient(cfg);
  await ec.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'carts-cache', CacheSubnetGroupDescription: 'carts', SubnetIds: [a, c] }));
  await ec.send(
    new CreateReplicationGroupCommand({
      ReplicationGroupId: 'carts',
      ReplicationGroupDescription: 'carts',
      Engine: 'redis',
      CacheNodeType: 'cache.t4g.small',
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: false,
      MultiAZEnabled: false,
      CacheSubnetGroupName: 'carts-cache',
      SnapshotRetentionLimit: 7,
      Tags: critical,
    }),
  );
  const mdb = new MemoryDBClient(cfg);
  await mdb.send(new CreateSubnetGroupCommand({ SubnetGroupName: 'counters', SubnetIds: [a, c] }));
  await mdb.send(new CreateMemoryDbClusterCommand({ ClusterName: 'counters', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, SubnetGroupName: 'counters', SnapshotRetentionLimit: 7, Tags: critical }));
  // moto creates a MemoryDB cluster asked for 0 replicas per shard with 1; UpdateCluster sets 0 as asked.
  await mdb.send(new UpdateClusterCommand({ ClusterName: 'counters', ReplicaConfiguration: { ReplicaCount: 0 } }));

  // wallet: critical Aurora cluster in Tokyo with an Aurora Global Database secondary in Osaka. As moto needs it, the
  // global cluster comes first and both Regional clusters join it.
  const rds = (region: string) => new RDSClient({ ...cfg, region });
  const cluster = async (client: RDSClient, id: string, azs: string[], extra: object) => {
    await client.send(new CreateDBClusterCommand({ DBClusterIdentifier: id, Engine: 'aurora-postgresql', BackupRetentionPeriod: 7, DeletionProtection: true, GlobalClusterIdentifier: 'wallet-global', ...extra }));
    for (const [i, az] of azs.entries()) await client.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `${id}-${i}`, DBClusterIdentifier: id, Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', AvailabilityZone: az }));
  };
  await rds(R1).send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: 'wallet-global', Engine: 'aurora-postgresql', DeletionProtection: true }));
  await cluster(rds(R1), 'wallet', [`${R1}a`, `${R1}c`], { MasterUsername: 'app', MasterUserPassword: 'not-a-secret-123', Tags: [{ Key: 'tier', Value: 'critical' }] });
  await cluster(rds(R3), 'wallet-dr', [`${R3}a`, `${R3}b`], { Tags: [{ Key: 'tier', Value: 'critical' }] });

  // catalog: high Aurora Serverless v2, 0.5–16 ACU (the high tier allows 0.5–32).
  await rds(R1).send(
    new CreateDBClusterCommand({ DBClusterIdentifier: 'catalog', Engine: 'aurora-mysql', MasterUsername: 'app', MasterUserPassword: 'not-a-secret-123', BackupRetentionPeriod: 5, DeletionProtection: true, ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 }, Tags: [{ Key: 'tier', Value: 'high' }] }),
  );
  for (const [i, az] of [`${R1}a`, `${R1}c`].entries()) await rds(R1).send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `catalog-${i}`, DBClusterIdentifier: 'catalog', Engine: 'aurora-mysql', DBInstanceClass: 'db.serverless', AvailabilityZone: az }));

  const out = await scanOrganizationDetailed({ regions: [R1, R3], accounts: [account], concurrency: 4, fetchAccountTags: false });
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  const analysis = analyzeGraph(graph, policy);
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: analysis.tiers, failures: analysis.failures }).findings;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

const dbArn = (id: string) => `arn:aws:rds:${R1}:${account}:db:${id}`;
const instanceArn = (name: string) => `arn:aws:ec2:${R1}:${account}:instance/${instances[name]}`;
const domainArn = (name: string) => `arn:aws:es:${R1}:${account}:domain/${name}`;
const finding = (rule: string, id: string) => findings.find((f) => f.ruleId === rule && f.resource.id === id);
const verdictsOf = (rule: string) => Object.fromEntries(findings.filter((f) => f.ruleId === rule).map((f) => [f.resource.id, f.status]));

describe('the side of each rule the other live tests do not show (moto)', () => {
  it('collects what was seeded', () => {
    for (const id of [dbArn('payments-db'), dbArn('scratch-db'), instanceArn('ledger-api-1'), instanceArn('ledger-api-2'), domainArn('audit-search'), domainArn('events-search')]) expect(graph.get(id), id).toBeDefined();
    expect(graph.get(workload.services.payments.arn)?.kind).toBe('ecs.service');
  });

  it('db-backup-retention: 14 days pass at critical; retention 0 is disabled backups', () => {
    expect(finding('db-backup-retention', dbArn('payments-db'))).toMatchObject({ status: 'pass', messageId: 'sufficient', resource: { tier: 'critical' } });
    expect(finding('db-backup-retention', dbArn('scratch-db'))).toMatchObject({ status: 'fail', messageId: 'disabled' });
  });

  it('single-point-of-failure and az-failure-tolerance: a Multi-AZ database behind a critical two-AZ service', () => {
    expect(finding('single-point-of-failure', dbArn('payments-db'))).toMatchObject({ status: 'pass', messageId: 'redundant' });
    // A NAT gateway per AZ: each serves one AZ's tasks, and the other AZ's remain.
    const nats = workload.natGateways.map((n) => `arn:aws:ec2:${R1}:${account}:natgateway/${n.id}`);
    expect(nats).toHaveLength(2);
    for (const nat of nats) expect(finding('single-point-of-failure', nat)?.status).toBe('pass');
    expect(finding('az-failure-tolerance', dbArn('payments-db'))?.status).toBe('pass');
    expect(finding('az-failure-tolerance', workload.services.payments.arn)?.status).toBe('pass');
  });

  it('region-failure-recovery: an Aurora cluster with a Global Database secondary in Osaka', () => {
    expect(finding('region-failure-recovery', `arn:aws:rds:${R1}:${account}:cluster:wallet`)).toMatchObject({ status: 'pass', resource: { tier: 'critical' } });
    // The Multi-AZ instance has no copy outside Tokyo: the same rule fails it.
    expect(finding('region-failure-recovery', dbArn('payments-db'))?.status).toBe('fail');
  });

  it('cache-multi-az: a replication group without automatic failover, a MemoryDB cluster without replicas', () => {
    expect(finding('cache-multi-az', `arn:aws:elasticache:${R1}:${account}:replicationgroup:carts`)).toMatchObject({ status: 'fail', messageId: 'disabled' });
    expect(finding('cache-multi-az', `arn:aws:memorydb:${R1}:${account}:cluster/counters`)).toMatchObject({ status: 'fail', messageId: 'disabled' });
  });

  it('db-serverless-capacity: Serverless v2 capacity within the tier range', () => {
    expect(finding('db-serverless-capacity', `arn:aws:rds:${R1}:${account}:cluster:catalog`)).toMatchObject({ status: 'pass', resource: { tier: 'high' } });
  });

  it('ec2-standalone-instance: two standalone instances of one workload in two AZs', () => {
    expect(verdictsOf('ec2-standalone-instance')).toEqual({ [instanceArn('ledger-api-1')]: 'pass', [instanceArn('ledger-api-2')]: 'pass' });
  });

  it('search-domain-dedicated-masters: off, and fewer than the tier requires', () => {
    expect(finding('search-domain-dedicated-masters', domainArn('audit-search'))).toMatchObject({ status: 'fail', messageId: 'disabled' });
    expect(finding('search-domain-dedicated-masters', domainArn('events-search'))).toMatchObject({ status: 'fail', messageId: 'tooFew' });
  });
});
