/**
 * Seeds moto with the example organisation (docs/requirements.md ORG) and
 * workloads with known availability defects, through the SDK (these are
 * write calls: they never go through the collector's client factory).
 *
 * moto gaps and the workarounds used here:
 * - CreateService ignores placementStrategy, deploymentConfiguration's
 *   circuit breaker, capacityProviderStrategy and
 *   healthCheckGracePeriodSeconds: a follow-up UpdateService stores them.
 * - Services start no tasks: tasks are started with RunTask, group
 *   `service:<name>` and startedBy = the service's deployment id (what ECS
 *   sets for service tasks), one subnet per task to place it in an AZ.
 * - RunTask answers HTTP 500 in a VPC without DNS hostnames, or without
 *   security groups in the awsvpc configuration: both are set.
 * - Task status advances on every DescribeTasks unless the state manager is
 *   set to manual progression (`/moto-api/state-manager/set-transition`).
 * - Tasks have no availabilityZone: the collector derives it from the ENI's
 *   subnet (the same fallback is right for real collectors).
 * - CreateGlobalCluster with SourceDBClusterIdentifier does not find the
 *   source by ARN: the global cluster is created first (Engine) and both
 *   Regional clusters join it with GlobalClusterIdentifier.
 * - After AssumeRole into an organisation account, moto keys every backend
 *   by the account the temporary access key maps to.
 */
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateGlobalClusterCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import pLimit from 'p-limit';
import { MOTO_ACCOUNT } from './moto-server.js';

export const DEPARTMENTS = ['common', 'sales', 'mfg', 'logistics', 'finance'] as const;
export const ENVS = ['prod', 'staging', 'dev', 'test'] as const;
export const ROLES = ['app', 'db', 'api', 'batch', 'analytics', 'auth'] as const;

export interface SeededAccount {
  id: string;
  name: string;
  ouId: string;
  tags: Record<string, string>;
  status: 'ACTIVE' | 'SUSPENDED';
}

export interface SeededOrg {
  orgId: string;
  rootId: string;
  managementId: string;
  accounts: SeededAccount[];
  /** OU ids: `technova-<dept>`, `technova-<dept>/prod`, `technova-<dept>/nonprod`, `infrastructure`. */
  ous: Record<string, string>;
  byName(name: string): SeededAccount;
}

const TEST_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'testing', secretAccessKey: 'testing' };

function base(endpoint: string, region: string, credentials: AwsCredentialIdentity = TEST_CREDENTIALS) {
  return { endpoint, region, credentials, maxAttempts: 2 };
}

/**
 * 120 `technova-<dept>-<env>-<role>` accounts (5 departments × 4 environments
 * × 6 roles) plus security, shared-services and network-hub, in OUs per
 * department (prod / nonprod below each); the management account is moto's
 * default account. `suspend` closes the named accounts (SUSPENDED).
 */
export async function seedOrganization(endpoint: string, options: { suspend?: string[]; concurrency?: number } = {}): Promise<SeededOrg> {
  const org = new OrganizationsClient(base(endpoint, 'us-east-1'));
  const created = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
  const ous: Record<string, string> = {};
  const ou = async (name: string, parent: string, key: string) => {
    ous[key] = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit!.Id!;
  };
  await ou('infrastructure', rootId, 'infrastructure');
  for (const d of DEPARTMENTS) {
    await ou(`technova-${d}`, rootId, `technova-${d}`);
    await ou('prod', ous[`technova-${d}`], `technova-${d}/prod`);
    await ou('nonprod', ous[`technova-${d}`], `technova-${d}/nonprod`);
  }
  const specs: { name: string; ou: string; tags: Record<string, string> }[] = [
    { name: 'technova-security', ou: 'infrastructure', tags: { env: 'prod', department: 'infrastructure' } },
    { name: 'technova-shared-services', ou: 'infrastructure', tags: { env: 'prod', department: 'infrastructure' } },
    { name: 'technova-network-hub', ou: 'infrastructure', tags: { env: 'prod', department: 'infrastructure' } },
  ];
  for (const d of DEPARTMENTS)
    for (const e of ENVS)
      for (const r of ROLES) {
        const tags: Record<string, string> = { env: e, department: d, role: r };
        if (e === 'prod' && r === 'app') tags['availability-tier'] = 'critical';
        specs.push({ name: `technova-${d}-${e}-${r}`, ou: `technova-${d}/${e === 'prod' ? 'prod' : 'nonprod'}`, tags });
      }
  const limit = pLimit(options.concurrency ?? 8);
  const accounts = await Promise.all(
    specs.map((s) =>
      limit(async (): Promise<SeededAccount> => {
        const status = (
          await org.send(
            new CreateAccountCommand({
              AccountName: s.name,
              Email: `${s.name}@example.com`,
              Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
            }),
          )
        ).CreateAccountStatus!;
        const id = status.AccountId!;
        await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ous[s.ou] }));
        return { id, name: s.name, ouId: ous[s.ou], tags: s.tags, status: 'ACTIVE' };
      }),
    ),
  );
  for (const name of options.suspend ?? []) {
    const a = accounts.find((x) => x.name === name);
    if (!a) throw new Error(`no account ${name}`);
    await org.send(new CloseAccountCommand({ AccountId: a.id }));
    a.status = 'SUSPENDED';
  }
  const all: SeededAccount[] = [{ id: MOTO_ACCOUNT, name: 'master', ouId: rootId, tags: {}, status: 'ACTIVE' }, ...accounts];
  return {
    orgId: created.Id!,
    rootId,
    managementId: created.MasterAccountId ?? MOTO_ACCOUNT,
    accounts: all,
    ous,
    byName(name) {
      const a = all.find((x) => x.name === name);
      if (!a) throw new Error(`no account ${name}`);
      return a;
    },
  };
}

export async function assumeInto(endpoint: string, accountId: string): Promise<AwsCredentialIdentity> {
  if (accountId === MOTO_ACCOUNT) return TEST_CREDENTIALS;
  const sts = new STSClient(base(endpoint, 'us-east-1'));
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }))).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
}

/** moto: keep ECS tasks RUNNING however often they are described. */
export async function freezeTaskStates(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/state-manager/set-transition`, {
    method: 'POST',
    body: JSON.stringify({ model_name: 'ecs::task', transition: { progression: 'manual', times: 1_000_000 } }),
  });
  await res.arrayBuffer();
  if (res.status >= 300) throw new Error(`set-transition: HTTP ${res.status}`);
}

export interface ServiceSpec {
  name: string;
  desired: number;
  /** Private-subnet (AZ) indexes the service's awsvpc configuration lists. Default: all. */
  subnetAzs?: number[];
  /** One running task per entry, in the private subnet of that AZ index. */
  taskAzs: number[];
  spread?: boolean;
  circuitBreaker?: boolean;
  scaling?: { min: number; max: number };
  capacityProviders?: { capacityProvider: string; weight: number; base?: number }[];
  /** Many more running tasks in one RunTask call (moto does not cap `count` at 10): for DescribeTasks batching. */
  bulkTasks?: { count: number; az: number };
  /** Tags of the service (e.g. `{ tier: 'critical' }`). */
  tags?: Record<string, string>;
  /**
   * A DB instance (id of `databases`) whose endpoint the service's own task
   * definition (family = the service name) holds in `DB_HOST`; the databases
   * are then created before the services.
   */
  connectsTo?: string;
}

export type DbSpec =
  | { kind: 'instance'; id: string; multiAz: boolean; az: string; backup: number; deletionProtection: boolean }
  | {
      kind: 'cluster';
      id: string;
      instanceAzs: string[];
      backup: number;
      deletionProtection: boolean;
      global?: { id: string; create?: boolean };
      /** The cluster's AvailabilityZones; default: the instances' AZs. */
      clusterAzs?: string[];
      /** Aurora reader auto scaling (an Application Auto Scaling target on rds:cluster:ReadReplicaCount). */
      readerScaling?: { min: number; max: number };
    };

export interface WorkloadSpec {
  /** AZs of the private subnets (and NAT gateways), in order. */
  azs: string[];
  /** 'per-az': a NAT gateway and route table per AZ; 'single': one NAT gateway in azs[0] for every AZ. */
  nat: 'per-az' | 'single' | 'none';
  /** One more private subnet in the last AZ, with no explicit association: it uses the main route table, which routes via the NAT gateway in azs[0]. */
  implicitMainSubnet?: boolean;
  clusterName?: string;
  services?: ServiceSpec[];
  databases?: DbSpec[];
}

export interface SeededWorkload {
  accountId: string;
  region: string;
  vpcId: string;
  privateSubnets: { id: string; az: string }[];
  implicitSubnet?: { id: string; az: string };
  natGateways: { id: string; az: string }[];
  mainRouteTableId: string;
  clusterArn?: string;
  services: Record<string, { arn: string; tasks: string[] }>;
}

/** Creates a workload in one account × Region (credentials from AssumeRole into the account). */
export async function seedWorkload(endpoint: string, accountId: string, region: string, spec: WorkloadSpec): Promise<SeededWorkload> {
  const credentials = await assumeInto(endpoint, accountId);
  const cfg = base(endpoint, region, credentials);
  const ec2 = new EC2Client(cfg);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app', VpcId: vpcId }))).GroupId!;
  const mainRouteTableId = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0].RouteTableId!;
  const subnet = async (cidr: string, az: string, name: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az, TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: name }] }] }))).Subnet!.SubnetId!;
  const privateSubnets: { id: string; az: string }[] = [];
  for (const [i, az] of spec.azs.entries()) privateSubnets.push({ id: await subnet(`10.20.${i}.0/24`, az, `private-${az}`), az });

  const natGateways: { id: string; az: string }[] = [];
  if (spec.nat !== 'none') {
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const publicRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    const natAzs = spec.nat === 'per-az' ? spec.azs : [spec.azs[0]];
    for (const [i, az] of natAzs.entries()) {
      const pub = await subnet(`10.20.${100 + i}.0/24`, az, `public-${az}`);
      await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRt, SubnetId: pub }));
      const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
      natGateways.push({ id: (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pub, AllocationId: eip }))).NatGateway!.NatGatewayId!, az });
    }
    if (spec.nat === 'per-az') {
      for (const [i, s] of privateSubnets.entries()) {
        const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
        await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateways[i].id }));
        await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: s.id }));
      }
    } else {
      const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
      await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateways[0].id }));
      for (const s of privateSubnets) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: s.id }));
    }
  }
  let implicitSubnet: { id: string; az: string } | undefined;
  if (spec.implicitMainSubnet) {
    const az = spec.azs[spec.azs.length - 1];
    implicitSubnet = { id: await subnet('10.20.50.0/24', az, `implicit-${az}`), az };
    if (natGateways[0]) await ec2.send(new CreateRouteCommand({ RouteTableId: mainRouteTableId, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateways[0].id }));
  }

  const services: SeededWorkload['services'] = {};
  let clusterArn: string | undefined;
  // A service that names a database's endpoint needs the database first (its endpoint is known once it exists).
  const databasesFirst = spec.services?.some((s) => s.connectsTo !== undefined) ?? false;
  if (databasesFirst) await seedDatabases(cfg, spec.databases ?? []);
  if (spec.services?.length) {
    const ecs = new ECSClient(cfg);
    clusterArn = (await ecs.send(new CreateClusterCommand({ clusterName: spec.clusterName ?? 'main' }))).cluster!.clusterArn!;
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'app',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:latest', memory: 512, essential: true }],
      }),
    );
    const aas = new ApplicationAutoScalingClient(cfg);
    for (const s of spec.services) {
      const subnets = (s.subnetAzs ?? privateSubnets.map((_, i) => i)).map((i) => privateSubnets[i].id);
      let taskDefinition = 'app';
      if (s.connectsTo) {
        const db = (await new RDSClient(cfg).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: s.connectsTo }))).DBInstances?.[0];
        await ecs.send(
          new RegisterTaskDefinitionCommand({
            family: s.name,
            networkMode: 'awsvpc',
            requiresCompatibilities: ['FARGATE'],
            cpu: '256',
            memory: '512',
            containerDefinitions: [
              {
                name: 'app',
                image: 'public.ecr.aws/nginx/nginx:latest',
                memory: 512,
                essential: true,
                environment: [
                  { name: 'DB_HOST', value: db?.Endpoint?.Address ?? '' },
                  { name: 'DB_PORT', value: String(db?.Endpoint?.Port ?? 5432) },
                ],
              },
            ],
          }),
        );
        taskDefinition = s.name;
      }
      const created = (
        await ecs.send(
          new CreateServiceCommand({
            cluster: clusterArn,
            serviceName: s.name,
            taskDefinition,
            ...(s.tags ? { tags: Object.entries(s.tags).map(([key, value]) => ({ key, value })) } : {}),
            desiredCount: s.desired,
            launchType: s.capacityProviders ? undefined : 'FARGATE',
            networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: [sg] } },
          }),
        )
      ).service!;
      // moto: CreateService drops these; UpdateService stores them.
      await ecs.send(
        new UpdateServiceCommand({
          cluster: clusterArn,
          service: s.name,
          placementStrategy: s.spread ? [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] : undefined,
          deploymentConfiguration: s.circuitBreaker ? { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 } : undefined,
          capacityProviderStrategy: s.capacityProviders,
          healthCheckGracePeriodSeconds: 30,
        }),
      );
      const deploymentId = created.deployments?.[0]?.id;
      const tasks: string[] = [];
      for (const i of s.taskAzs) {
        const out = await ecs.send(
          new RunTaskCommand({
            cluster: clusterArn,
            taskDefinition,
            count: 1,
            launchType: 'FARGATE',
            group: `service:${s.name}`,
            startedBy: deploymentId,
            networkConfiguration: { awsvpcConfiguration: { subnets: [privateSubnets[i].id], securityGroups: [sg] } },
          }),
        );
        tasks.push(...(out.tasks ?? []).map((t) => t.taskArn!));
      }
      if (s.bulkTasks) {
        const out = await ecs.send(
          new RunTaskCommand({
            cluster: clusterArn,
            taskDefinition,
            count: s.bulkTasks.count,
            launchType: 'FARGATE',
            group: `service:${s.name}`,
            startedBy: deploymentId,
            networkConfiguration: { awsvpcConfiguration: { subnets: [privateSubnets[s.bulkTasks.az].id], securityGroups: [sg] } },
          }),
        );
        tasks.push(...(out.tasks ?? []).map((t) => t.taskArn!));
      }
      if (s.scaling) {
        await aas.send(
          new RegisterScalableTargetCommand({
            ServiceNamespace: 'ecs',
            ResourceId: `service/${spec.clusterName ?? 'main'}/${s.name}`,
            ScalableDimension: 'ecs:service:DesiredCount',
            MinCapacity: s.scaling.min,
            MaxCapacity: s.scaling.max,
          }),
        );
      }
      services[s.name] = { arn: created.serviceArn!, tasks };
    }
  }

  if (!databasesFirst) await seedDatabases(cfg, spec.databases ?? []);
  return { accountId, region, vpcId, privateSubnets, implicitSubnet, natGateways, mainRouteTableId, clusterArn, services };
}

async function seedDatabases(cfg: ReturnType<typeof base>, databases: DbSpec[]): Promise<void> {
  if (databases.length) {
    const rds = new RDSClient(cfg);
    for (const d of databases) {
      if (d.kind === 'instance') {
        await rds.send(
          new CreateDBInstanceCommand({
            DBInstanceIdentifier: d.id,
            Engine: 'postgres',
            DBInstanceClass: 'db.t3.medium',
            AllocatedStorage: 20,
            MasterUsername: 'app',
            MasterUserPassword: 'not-a-secret-123',
            MultiAZ: d.multiAz,
            AvailabilityZone: d.multiAz ? undefined : d.az,
            BackupRetentionPeriod: d.backup,
            DeletionProtection: d.deletionProtection,
          }),
        );
      } else {
        if (d.global?.create) await rds.send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: d.global.id, Engine: 'aurora-postgresql' }));
        await rds.send(
          new CreateDBClusterCommand({
            DBClusterIdentifier: d.id,
            Engine: 'aurora-postgresql',
            MasterUsername: d.global && !d.global.create ? undefined : 'app',
            MasterUserPassword: d.global && !d.global.create ? undefined : 'not-a-secret-123',
            BackupRetentionPeriod: d.backup,
            DeletionProtection: d.deletionProtection,
            AvailabilityZones: d.clusterAzs ?? [...new Set(d.instanceAzs)],
            GlobalClusterIdentifier: d.global?.id,
          }),
        );
        for (const [i, az] of d.instanceAzs.entries()) {
          await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `${d.id}-${i + 1}`, DBClusterIdentifier: d.id, Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', AvailabilityZone: az }));
        }
        if (d.readerScaling) {
          await new ApplicationAutoScalingClient(cfg).send(
            new RegisterScalableTargetCommand({
              ServiceNamespace: 'rds',
              ResourceId: `cluster:${d.id}`,
              ScalableDimension: 'rds:cluster:ReadReplicaCount',
              MinCapacity: d.readerScaling.min,
              MaxCapacity: d.readerScaling.max,
            }),
          );
        }
      }
    }
  }
}

/** A small healthy-ish workload with the usual defects, for the benchmark: every account × Region gets one. */
export function benchWorkload(region: string): WorkloadSpec {
  const azs = region === 'ap-northeast-3' ? ['ap-northeast-3a', 'ap-northeast-3b'] : ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];
  return {
    azs,
    nat: 'single',
    services: [{ name: 'api', desired: 2, taskAzs: [0, 1], spread: true, circuitBreaker: true, scaling: { min: 2, max: 6 } }],
    databases: [{ kind: 'cluster', id: 'main', instanceAzs: azs.slice(0, 2), backup: 7, deletionProtection: true }],
  };
}
