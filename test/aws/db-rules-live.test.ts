/**
 * The database rules on a live account (moto_server): Aurora clusters,
 * instances, a global cluster across ap-northeast-1 and ap-northeast-3,
 * reader auto scaling and Serverless v2 capacity seeded through the real SDK,
 * collected by the organisation scan (one account, both Regions), judged by
 * the built-in rules under a policy with drRegion ap-northeast-3.
 *
 * moto notes: CreateGlobalCluster with SourceDBClusterIdentifier does not
 * find the source by ARN, so the global cluster is created first and both
 * Regional clusters join it (as bench/org-seed.ts does). RDS Proxy and its
 * targets (CreateDBProxy, RegisterDBProxyTargets) are moto's own; moto lists
 * a cluster target as TRACKED_CLUSTER with the cluster id in RdsResourceId
 * and no TrackedClusterId, which the API reference allows: both are read.
 */
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBProxyCommand, CreateGlobalClusterCommand, RDSClient, RegisterDBProxyTargetsCommand } from '@aws-sdk/client-rds';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { assumeInto, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'ap-northeast-1';
const R3 = 'ap-northeast-3';
const TAGS = (tier: string) => [{ Key: 'tier', Value: tier }];

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let findings: Finding[];
let account: string;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  account = org.byName('technova-sales-prod-db').id;
  const credentials = await assumeInto(moto.endpoint, account);
  const rds = (region: string) => new RDSClient({ endpoint: moto.endpoint, region, credentials, maxAttempts: 2 });
  const tokyo = rds(R1);
  const osaka = rds(R3);
  const member = (client: RDSClient, cluster: string, i: number, az: string) =>
    client.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `${cluster}-${i}`, DBClusterIdentifier: cluster, Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', AvailabilityZone: az }));

  // orders: critical, 3 instances, deletion protection, Global Database secondary in Osaka.
  await tokyo.send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: 'orders-global', Engine: 'aurora-postgresql', DeletionProtection: true }));
  await tokyo.send(
    new CreateDBClusterCommand({ DBClusterIdentifier: 'orders', Engine: 'aurora-postgresql', MasterUsername: 'app', MasterUserPassword: 'not-a-secret-123', BackupRetentionPeriod: 7, DeletionProtection: true, GlobalClusterIdentifier: 'orders-global', Tags: TAGS('critical') }),
  );
  for (const [i, az] of [`${R1}a`, `${R1}c`, `${R1}d`].entries()) await member(tokyo, 'orders', i, az);
  await osaka.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'orders-dr', Engine: 'aurora-postgresql', BackupRetentionPeriod: 7, DeletionProtection: true, GlobalClusterIdentifier: 'orders-global', Tags: TAGS('high') }));
  for (const [i, az] of [`${R3}a`, `${R3}b`].entries()) await member(osaka, 'orders-dr', i, az);
  const ec2 = new EC2Client({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const subnets: string[] = [];
  for (const [i, az] of [`${R1}a`, `${R1}c`].entries()) subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.30.${i}.0/24`, AvailabilityZone: az }))).Subnet!.SubnetId!);
  await tokyo.send(
    new CreateDBProxyCommand({
      DBProxyName: 'orders-proxy',
      EngineFamily: 'POSTGRESQL',
      RoleArn: `arn:aws:iam::${account}:role/orders-proxy`,
      VpcSubnetIds: subnets,
      Auth: [{ AuthScheme: 'SECRETS', IAMAuth: 'DISABLED', SecretArn: `arn:aws:secretsmanager:${R1}:${account}:secret:orders-db` }],
    }),
  );
  await tokyo.send(new RegisterDBProxyTargetsCommand({ DBProxyName: 'orders-proxy', TargetGroupName: 'default', DBClusterIdentifiers: ['orders'] }));

  // ledger: critical, one writer + Aurora Auto Scaling minimum 1 reader, no deletion protection, no global database.
  await tokyo.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'ledger', Engine: 'aurora-postgresql', MasterUsername: 'app', MasterUserPassword: 'not-a-secret-123', BackupRetentionPeriod: 7, Tags: TAGS('critical') }));
  await member(tokyo, 'ledger', 0, `${R1}a`);
  await new ApplicationAutoScalingClient({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 }).send(
    new RegisterScalableTargetCommand({ ServiceNamespace: 'rds', ResourceId: 'cluster:ledger', ScalableDimension: 'rds:cluster:ReadReplicaCount', MinCapacity: 1, MaxCapacity: 3 }),
  );

  // catalog: high, Serverless v2 0–64 ACU (auto-pause allowed below critical; 64 is above the high tier's 32).
  await tokyo.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'catalog',
      Engine: 'aurora-mysql',
      MasterUsername: 'app',
      MasterUserPassword: 'not-a-secret-123',
      BackupRetentionPeriod: 5,
      DeletionProtection: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 64 },
      Tags: TAGS('high'),
    }),
  );
  await tokyo.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: 'catalog-0', DBClusterIdentifier: 'catalog', Engine: 'aurora-mysql', DBInstanceClass: 'db.serverless', AvailabilityZone: `${R1}a` }));
  await tokyo.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: 'catalog-1', DBClusterIdentifier: 'catalog', Engine: 'aurora-mysql', DBInstanceClass: 'db.serverless', AvailabilityZone: `${R1}c` }));

  const out = await scanOrganizationDetailed({ regions: [R1, R3], accounts: [account], concurrency: 4, fetchAccountTags: false });
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  policy.drRegion = R3;
  for (const t of Object.values(policy.tiers)) t.region = { rtoMinutes: 240, rpoMinutes: 60, drRegion: R3 };
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

function verdict(rule: string, identifier: string, kind = 'db.cluster'): string | undefined {
  const r = graph.ofKind(kind as 'db.cluster').find((x) => x.props.identifier === identifier);
  if (!r) throw new Error(`no ${kind} ${identifier} in the live graph`);
  return findings.find((f) => f.ruleId === rule && f.resource.id === r.id)?.status;
}

describe('database rules on a live account (moto)', () => {
  it('db-read-replicas: declared readers, and the reader auto scaling minimum', () => {
    expect(verdict('db-read-replicas', 'orders')).toBe('pass');
    expect(verdict('db-read-replicas', 'orders-dr')).toBe('pass');
    // One writer + auto scaling minimum 1: one reader, the critical tier requires 2.
    expect(verdict('db-read-replicas', 'ledger')).toBe('fail');
    expect(verdict('db-read-replicas', 'catalog')).toBe('pass');
  });

  it('db-deletion-protection: clusters and the global cluster', () => {
    expect(verdict('db-deletion-protection', 'orders')).toBe('pass');
    expect(verdict('db-deletion-protection', 'ledger')).toBe('fail');
    expect(verdict('db-deletion-protection', 'catalog')).toBe('pass');
    const global = graph.ofKind('db.global-cluster').find((g) => g.props.identifier === 'orders-global');
    expect(global?.props.deletionProtection).toBe(true);
  });

  it('db-global-secondary: the Osaka member of the global cluster is the secondary', () => {
    expect(verdict('db-global-secondary', 'orders')).toBe('pass');
    expect(verdict('db-global-secondary', 'ledger')).toBe('fail');
    // High tier: not required.
    expect(verdict('db-global-secondary', 'catalog')).toBeUndefined();
  });

  it('db-serverless-capacity: the live ServerlessV2ScalingConfiguration', () => {
    expect(verdict('db-serverless-capacity', 'catalog')).toBe('fail');
    expect(findings.find((f) => f.ruleId === 'db-serverless-capacity')?.message).toContain('may scale to 64 ACU; tier high allows at most 32 ACU');
    expect(verdict('db-serverless-capacity', 'orders')).toBeUndefined();
  });

  it('db-proxy: the proxy target fronts orders; ledger has none; the high cluster is not judged', () => {
    expect(verdict('db-proxy', 'orders')).toBe('pass');
    expect(verdict('db-proxy', 'ledger')).toBe('fail');
    expect(verdict('db-proxy', 'catalog')).toBeUndefined();
  });

  it('never judges an Aurora member instance on its own', () => {
    const members = graph.ofKind('db.instance');
    expect(members.length).toBe(8);
    const judged = findings.filter((f) => f.resource.kind === 'db.instance' && f.ruleId.startsWith('db-'));
    expect(judged).toEqual([]);
  });
});
