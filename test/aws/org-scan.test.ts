/**
 * The organisation scan against moto_server: real SDK, real HTTP, the
 * example organisation of docs/requirements.md ORG (124 accounts, OUs per
 * department, account tags), workloads with known defects in a handful of
 * accounts, and the built-in rules run on the result unchanged.
 *
 * moto workarounds (see test/support/aws/org-seed.ts): UpdateService after
 * CreateService for placement / circuit breaker / capacity providers; tasks
 * started with RunTask (group `service:<name>`) in a VPC with DNS hostnames
 * and security groups; task state frozen with the state manager's manual
 * progression; task AZs derived from the ENI subnet (moto omits
 * availabilityZone); global cluster created first, Regional clusters join it.
 */
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { AnyResource, Resource } from '../../src/graph/types.js';
import { isUnknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { isAllowedOperation, isReadOnlyOperation } from '../../src/sources/aws/actions.js';
import { CredentialCache } from '../../src/sources/aws/credentials.js';
import { scanOrganizationDetailed, type OrgScanDetails } from '../../src/sources/aws/index.js';
import type { OrgProgress } from '../../src/sources/aws/progress.js';
import { freezeTaskStates, MOTO_ACCOUNT, seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type SeededOrg, type SeededWorkload } from './moto.js';

const R1 = 'ap-northeast-1';
const R3 = 'ap-northeast-3';
const AZ1 = ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];

let moto: MotoServer;
let restoreEnv: () => void;
let org: SeededOrg;
const seeded: Record<string, SeededWorkload> = {};
let full: OrgScanDetails;
let graph: ResourceGraph;
const progress: OrgProgress[] = [];

function byId(id: string): AnyResource {
  const r = graph.get(id);
  if (!r) throw new Error(`no resource ${id}`);
  return r;
}

function ofKindIn<K extends AnyResource['kind']>(kind: K, accountId: string, region?: string): Resource<K>[] {
  return graph.ofKind(kind).filter((r) => r.provenance.accountId === accountId && (!region || r.provenance.region === region));
}

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  await freezeTaskStates(moto.endpoint);
  org = await seedOrganization(moto.endpoint, { suspend: ['technova-finance-test-analytics'] });
  const salesApp = org.byName('technova-sales-prod-app').id;
  const salesDb = org.byName('technova-sales-prod-db').id;
  const mfgApp = org.byName('technova-mfg-prod-app').id;
  seeded.salesApp = await seedWorkload(moto.endpoint, salesApp, R1, {
    azs: AZ1,
    nat: 'single', // defect: one NAT gateway for three AZs
    implicitMainSubnet: true,
    clusterName: 'sales',
    services: [
      { name: 'order-api', desired: 6, taskAzs: [0, 1, 2, 0, 1, 2], spread: true, circuitBreaker: true, scaling: { min: 3, max: 20 } },
      { name: 'cart', desired: 1, taskAzs: [0] }, // defect: one task
      { name: 'reco', desired: 2, subnetAzs: [0], taskAzs: [0, 0] }, // defect: one AZ
    ],
  });
  seeded.salesDb1 = await seedWorkload(moto.endpoint, salesDb, R1, {
    azs: AZ1.slice(0, 2),
    nat: 'none',
    databases: [
      { kind: 'cluster', id: 'orders', instanceAzs: ['ap-northeast-1a', 'ap-northeast-1c'], backup: 7, deletionProtection: true, global: { id: 'orders-global', create: true } },
      { kind: 'instance', id: 'legacy', multiAz: false, az: 'ap-northeast-1a', backup: 0, deletionProtection: false }, // defects: single AZ, no backups
      // One writer; Aurora Auto Scaling keeps a reader, in an AZ that is not known before it exists.
      { kind: 'cluster', id: 'catalog', instanceAzs: ['ap-northeast-1a'], clusterAzs: ['ap-northeast-1a', 'ap-northeast-1c'], backup: 7, deletionProtection: true, readerScaling: { min: 1, max: 3 } },
    ],
  });
  seeded.salesDb3 = await seedWorkload(moto.endpoint, salesDb, R3, {
    azs: ['ap-northeast-3a', 'ap-northeast-3b'],
    nat: 'none',
    databases: [{ kind: 'cluster', id: 'orders-dr', instanceAzs: ['ap-northeast-3a'], backup: 7, deletionProtection: true, global: { id: 'orders-global' } }],
  });
  seeded.mfgApp = await seedWorkload(moto.endpoint, mfgApp, R1, {
    azs: AZ1.slice(0, 2),
    nat: 'per-az',
    clusterName: 'mfg',
    services: [{ name: 'inventory', desired: 2, taskAzs: [0, 1], capacityProviders: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], scaling: { min: 2, max: 10 } }],
  });
  // The management account (the caller) is scanned with its own credentials; 11 services and 101 tasks exercise DescribeServices (≤ 10) and DescribeTasks (≤ 100) batching.
  seeded.mgmt = await seedWorkload(moto.endpoint, MOTO_ACCOUNT, R1, {
    azs: AZ1.slice(0, 1),
    nat: 'none',
    clusterName: 'batch',
    services: Array.from({ length: 11 }, (_, i) => ({ name: `svc-${String(i).padStart(2, '0')}`, desired: 1, taskAzs: [], ...(i === 0 ? { bulkTasks: { count: 101, az: 0 } } : {}) })),
    databases: [{ kind: 'instance', id: 'mgmt-db', multiAz: true, az: 'ap-northeast-1a', backup: 7, deletionProtection: true }],
  });

  full = await scanOrganizationDetailed({ regions: [R1, R3], concurrency: 8, onProgress: (p) => progress.push(p) });
  const b = new GraphBuilder();
  for (const r of full.output.resources) b.addResource(r);
  for (const e of full.output.edges) b.addEdge(e);
  graph = b.build();
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

describe('whole organisation, both Regions', () => {
  it('lists every account, and exactly the suspended one as not assessed', () => {
    expect(graph.ofKind('account')).toHaveLength(org.accounts.length);
    expect(org.accounts.length).toBe(124);
    const suspended = org.byName('technova-finance-test-analytics');
    expect(full.output.coverage).toEqual([
      expect.objectContaining({ accountId: suspended.id, accountName: 'technova-finance-test-analytics', errorCode: 'AccountSuspended' }),
    ]);
    expect(full.units).toBe((org.accounts.length - 1) * 2);
    // No resource of the suspended account: not assessed is not "compliant with nothing in it".
    expect(full.output.resources.filter((r) => r.provenance.accountId === suspended.id && r.kind !== 'account')).toEqual([]);
  });

  it('assumes the role in every active member account once, and uses its own credentials for the caller', () => {
    expect(full.callerAccountId).toBe(MOTO_ACCOUNT);
    expect(full.assumeRoleCalls.has(MOTO_ACCOUNT)).toBe(false);
    expect([...full.assumeRoleCalls.values()].every((n) => n === 1)).toBe(true);
    expect(full.stats.byAction.get('sts:AssumeRole')?.calls).toBe(org.accounts.length - 2); // minus caller, minus suspended
    expect(ofKindIn('db.instance', MOTO_ACCOUNT, R1).map((d) => d.props.identifier)).toEqual(['mgmt-db']);
  });

  it('paginates and batches: ListAccounts in pages of 20, DescribeServices ≤ 10, DescribeTasks ≤ 100', () => {
    const calls = (a: string) => full.stats.byAction.get(a)?.calls ?? 0;
    expect(calls('organizations:ListAccounts')).toBe(Math.ceil(124 / 20));
    expect(ofKindIn('ecs.service', MOTO_ACCOUNT)).toHaveLength(11);
    expect(ofKindIn('ecs.task', MOTO_ACCOUNT)).toHaveLength(101);
    // 11 services → 2 DescribeServices in the caller's cluster, + 1 per other cluster (sales: 3 services, mfg: 1).
    expect(calls('ecs:DescribeServices')).toBe(2 + 1 + 1);
    // 101 tasks → 2 DescribeTasks in the caller's cluster, + 1 each in sales and mfg.
    expect(calls('ecs:DescribeTasks')).toBe(2 + 1 + 1);
    // One DescribeTaskDefinition per task definition ARN the services run (services of an account share one).
    const taskDefinitions = full.output.resources.filter((r) => r.kind === 'ecs.task-definition');
    expect(taskDefinitions.length).toBeGreaterThan(0);
    expect(calls('ecs:DescribeTaskDefinition')).toBe(taskDefinitions.length);
  });

  it('sends only read-only operations from the list', () => {
    const sent = [...full.stats.byAction.keys()];
    expect(sent.length).toBeGreaterThan(15);
    for (const action of sent) {
      const [family, op] = action.split(':');
      expect(isAllowedOperation(family, op), action).toBe(true);
      expect(isReadOnlyOperation(family, op), action).toBe(true);
    }
  });

  it('reports progress per account up to the total', () => {
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ done: 124, total: 124, errors: 1 });
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
  });

  it('puts account name, account tags, OU path and Region in the provenance', () => {
    const a = org.byName('technova-sales-prod-app');
    const svc = byId(seeded.salesApp.services['order-api'].arn);
    expect(svc.provenance).toEqual({
      source: 'aws',
      arn: svc.id,
      accountId: a.id,
      accountName: 'technova-sales-prod-app',
      accountTags: { env: 'prod', department: 'sales', role: 'app', 'availability-tier': 'critical' },
      ouPath: [org.ous['technova-sales'], org.ous['technova-sales/prod']],
      ouNames: ['technova-sales', 'prod'],
      region: R1,
    });
    const acct = graph.ofKind('account').find((r) => r.provenance.accountId === a.id)!;
    expect(acct.props).toMatchObject({ accountId: a.id, name: 'technova-sales-prod-app', status: 'ACTIVE', ou: org.ous['technova-sales/prod'] });
  });
});

describe('normalized like the IaC sources', () => {
  it('ECS services: desired count, launch type, placement, circuit breaker, subnets, cluster, scaling target', () => {
    const w = seeded.salesApp;
    const svc = byId(w.services['order-api'].arn) as Resource<'ecs.service'>;
    expect(svc.type).toBe('AWS::ECS::Service');
    expect(svc.address).toBe(svc.id);
    expect(svc.props).toMatchObject({
      name: 'order-api',
      desiredCount: 6,
      launchType: 'FARGATE',
      schedulingStrategy: 'REPLICA',
      placementStrategies: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriodSeconds: 30,
      loadBalancerCount: 0,
    });
    expect(svc.propOrigins.circuitBreaker).toEqual({ attribute: 'deploymentConfiguration.deploymentCircuitBreaker' });
    expect(svc.propOrigins.placementStrategies).toEqual({ attribute: 'placementStrategy' });
    const subnets = graph.targets(svc, 'in-subnet', 'network.subnet');
    expect(isUnknown(subnets)).toBe(false);
    expect((subnets as Resource<'network.subnet'>[]).map((s) => s.props.availabilityZone).sort()).toEqual(AZ1);
    expect(graph.outgoing(svc.id, 'in-subnet')[0].attribute).toBe('networkConfiguration.awsvpcConfiguration.subnets');
    expect(graph.targets(svc, 'in-cluster', 'ecs.cluster')).toEqual([byId(w.clusterArn!)]);
    const [target] = graph.sources(svc, 'scales', 'autoscaling.target');
    expect(target.props).toMatchObject({ serviceNamespace: 'ecs', resourceId: 'service/sales/order-api', minCapacity: 3, maxCapacity: 20 });
    const spot = byId(seeded.mfgApp.services.inventory.arn) as Resource<'ecs.service'>;
    expect(spot.props.capacityProviderStrategy).toEqual([{ provider: 'FARGATE_SPOT', weight: 1, base: undefined }]);
  });

  it('ECS tasks: AZ derived from the ENI subnet (moto omits availabilityZone), runs-in their service', () => {
    const svc = byId(seeded.salesApp.services['order-api'].arn);
    const tasks = graph.sources(svc, 'runs-in', 'ecs.task');
    expect(tasks.map((t) => t.id).sort()).toEqual([...seeded.salesApp.services['order-api'].tasks].sort());
    expect(tasks.map((t) => t.props.availabilityZone).sort()).toEqual([...AZ1, ...AZ1].sort());
    expect(tasks[0].propOrigins.availabilityZone?.attribute).toBe('attachments.details.subnetId');
    expect(tasks.every((t) => t.props.lastStatus === 'RUNNING')).toBe(true);
    expect(svc.unresolved).toEqual([]);
  });

  it('network: one NAT gateway, route tables with routes-via, explicit and main-table associations', () => {
    const w = seeded.salesApp;
    const A = w.accountId;
    const nats = ofKindIn('network.nat-gateway', A, R1);
    expect(nats.map((n) => n.id)).toEqual([`arn:aws:ec2:${R1}:${A}:natgateway/${w.natGateways[0].id}`]);
    const natSubnet = graph.targets(nats[0], 'in-subnet', 'network.subnet') as Resource<'network.subnet'>[];
    expect(natSubnet[0].props.availabilityZone).toBe('ap-northeast-1a');
    const via = graph.incoming(nats[0].id, 'routes-via');
    expect(via).toHaveLength(2); // the private route table and the main route table
    expect(via.every((e) => e.data?.destination === '0.0.0.0/0')).toBe(true);
    for (const s of w.privateSubnets) {
      const subnet = byId(`arn:aws:ec2:${R1}:${A}:subnet/${s.id}`);
      const [rt] = graph.targets(subnet, 'uses-route-table', 'network.route-table') as Resource<'network.route-table'>[];
      expect(rt.props.routes).toContainEqual({ destination: '0.0.0.0/0', via: 'nat-gateway', target: nats[0].id });
      expect(graph.outgoing(subnet.id, 'uses-route-table')[0].data?.implicit).toBeUndefined();
    }
    const implicit = byId(`arn:aws:ec2:${R1}:${A}:subnet/${w.implicitSubnet!.id}`);
    const [edge] = graph.outgoing(implicit.id, 'uses-route-table');
    expect(edge.to).toBe(`arn:aws:ec2:${R1}:${A}:route-table/${w.mainRouteTableId}`);
    expect(edge.data?.implicit).toBe(true);
    expect((byId(edge.to) as Resource<'network.route-table'>).props.main).toBe(true);
    expect(graph.targets(byId(edge.to), 'in-vpc', 'network.vpc')).toEqual([byId(`arn:aws:ec2:${R1}:${A}:vpc/${w.vpcId}`)]);
  });

  it('RDS: instances, Aurora members, global cluster across both Regions', () => {
    const A = seeded.salesDb1.accountId;
    const orders = byId(`arn:aws:rds:${R1}:${A}:cluster:orders`) as Resource<'db.cluster'>;
    expect(orders.props).toMatchObject({ identifier: 'orders', engine: 'aurora-postgresql', backupRetentionDays: 7, deletionProtection: true, memberCount: 2 });
    const members = graph.sources(orders, 'member-of', 'db.instance');
    expect(members.map((m) => m.props.availabilityZone).sort()).toEqual(['ap-northeast-1a', 'ap-northeast-1c']);
    expect(members[0].props).toMatchObject({ clusterIdentifier: orders.id, multiAz: undefined, backupRetentionDays: undefined });
    const legacy = byId(`arn:aws:rds:${R1}:${A}:db:legacy`) as Resource<'db.instance'>;
    expect(legacy.props).toMatchObject({ multiAz: false, availabilityZone: 'ap-northeast-1a', backupRetentionDays: 0, deletionProtection: false, clusterIdentifier: undefined });
    expect(legacy.propOrigins.multiAz).toEqual({ attribute: 'MultiAZ' });
    expect(JSON.stringify(legacy.attributes)).not.toContain('not-a-secret');
    const global = graph.ofKind('db.global-cluster').find((g) => g.props.identifier === 'orders-global')!;
    expect(global.id).toBe(`arn:aws:rds::${A}:global-cluster:orders-global`);
    expect(global.provenance.region).toBe(R1); // the writer's Region
    const regional = graph.sources(global, 'member-of', 'db.cluster');
    expect(regional.map((c) => c.provenance.region).sort()).toEqual([R1, R3]);
    expect(regional.every((c) => c.props.globalClusterIdentifier === global.id)).toBe(true);
  });

  it('Aurora reader auto scaling: DescribeScalableTargets(rds) becomes a scales edge to the cluster', () => {
    const A = seeded.salesDb1.accountId;
    const catalog = byId(`arn:aws:rds:${R1}:${A}:cluster:catalog`) as Resource<'db.cluster'>;
    const targets = graph.sources(catalog, 'scales', 'autoscaling.target');
    expect(targets).toHaveLength(1);
    expect(targets[0].props).toMatchObject({ serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount', resourceId: 'cluster:catalog', minCapacity: 1, maxCapacity: 3 });
    expect(targets[0].provenance).toMatchObject({ source: 'aws', accountId: A, region: R1 });
    expect(catalog.unresolved).toEqual([]);
  });

  it('the built-in rules run unchanged and find the seeded defects', () => {
    const policy = { ...defaultPolicy(), accountTiers: [{ tag: 'availability-tier=critical', tier: 'critical' }, { accountName: '*-prod-*', tier: 'high' }] };
    const tiers = assignTiers(graph, policy);
    expect(tiers.get(seeded.salesApp.services['order-api'].arn)).toMatchObject({ tier: 'critical', source: 'account' });
    const { findings } = evaluateRules({ graph, policy, rules: builtinRules, tiers });
    const status = (rule: string, id: string) => findings.find((f) => f.ruleId === rule && f.resource.id === id)?.status;
    const S = seeded.salesApp.services;
    expect(status('ecs-min-tasks-per-az', S['order-api'].arn)).toBe('pass');
    expect(status('ecs-min-tasks-per-az', S.cart.arn)).toBe('fail');
    expect(status('ecs-min-tasks-per-az', S.reco.arn)).toBe('fail');
    const A = seeded.salesDb1.accountId;
    expect(status('db-multi-az', `arn:aws:rds:${R1}:${A}:db:legacy`)).toBe('fail');
    expect(status('db-backup-retention', `arn:aws:rds:${R1}:${A}:db:legacy`)).toBe('fail');
    expect(status('db-multi-az', `arn:aws:rds:${R1}:${A}:cluster:orders`)).toBe('pass');
    // A writer plus a reader kept by auto scaling: two instances, the reader's AZ unknown (not "a single instance").
    expect(status('db-multi-az', `arn:aws:rds:${R1}:${A}:cluster:catalog`)).toBe('unknown');
    expect(status('db-multi-az', `arn:aws:rds:${R3}:${A}:cluster:orders-dr`)).toBe('fail');
    const nat = `arn:aws:ec2:${R1}:${seeded.salesApp.accountId}:natgateway/${seeded.salesApp.natGateways[0].id}`;
    expect(status('nat-gateway-per-az', nat)).toBe('fail');
    for (const n of seeded.mfgApp.natGateways) expect(status('nat-gateway-per-az', `arn:aws:ec2:${R1}:${seeded.mfgApp.accountId}:natgateway/${n.id}`)).toBe('pass');
    const f = findings.find((x) => x.ruleId === 'db-multi-az' && x.resource.id.endsWith(':db:legacy'))!;
    expect(f.resource).toMatchObject({ accountName: 'technova-sales-prod-db', region: R1, source: 'aws' });
  });
});

describe('selection', () => {
  it('--ou by name selects every account below it (nested OUs)', async () => {
    const d = await scanOrganizationDetailed({ regions: [R3], ou: ['technova-mfg'], fetchAccountTags: false, concurrency: 8 });
    const accounts = d.output.resources.filter((r) => r.kind === 'account');
    expect(accounts).toHaveLength(24);
    expect(accounts.every((a) => a.name.startsWith('technova-mfg-'))).toBe(true);
    expect(accounts.every((a) => a.provenance.ouPath?.[0] === org.ous['technova-mfg'])).toBe(true);
    expect(d.output.coverage).toEqual([]);
    expect(d.stats.byAction.get('organizations:ListTagsForResource')).toBeUndefined();
  });

  it('--account-tag and --exclude-accounts', async () => {
    const d = await scanOrganizationDetailed({
      regions: [R3],
      accounts: ['technova-*-prod-*', 'technova-*-dev-app'], // names first (tags cost one call per account)
      accountTags: ['env=prod', 'department=sales', 'department=mfg'], // same key: any of; different keys: all of
      excludeAccounts: ['technova-*-prod-db'],
      concurrency: 8,
    });
    expect(d.stats.byAction.get('organizations:ListTagsForResource')?.calls).toBe(30); // 30 prod + 5 dev-app − 5 prod-db excluded before tags are read
    const names = d.output.resources.filter((r) => r.kind === 'account').map((r) => r.name).sort();
    expect(names).toEqual(['technova-mfg-prod-analytics', 'technova-mfg-prod-api', 'technova-mfg-prod-app', 'technova-mfg-prod-auth', 'technova-mfg-prod-batch', 'technova-sales-prod-analytics', 'technova-sales-prod-api', 'technova-sales-prod-app', 'technova-sales-prod-auth', 'technova-sales-prod-batch']);
  });

  it('--accounts with an id that is not in the organisation: a gap, not silence', async () => {
    // Caller credentials given explicitly: they sign Organizations/STS only; the account's resources come through its role.
    const d = await scanOrganizationDetailed({ regions: [R1], accounts: ['technova-sales-prod-app', '999999999999'], clientConfig: { credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } } });
    expect(d.output.resources.filter((r) => r.kind === 'account').map((r) => r.name)).toEqual(['technova-sales-prod-app']);
    expect(d.output.coverage).toEqual([expect.objectContaining({ accountId: '999999999999', errorCode: 'NotInOrganization' })]);
    expect(d.output.resources.filter((r) => r.kind === 'ecs.service')).toHaveLength(3);
    expect(d.output.resources.filter((r) => r.kind === 'ecs.service').every((r) => r.provenance.accountId === seeded.salesApp.accountId)).toBe(true);
  });
});

describe('credentials', () => {
  it('are assumed again shortly before they expire (real STS on moto, injected clock)', async () => {
    const target = org.byName('technova-common-prod-auth').id;
    const sts = new STSClient({ region: R1 });
    let now = Date.now();
    let calls = 0;
    const cache = new CredentialCache(
      async (accountId) => {
        calls++;
        const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'resilint', DurationSeconds: 900 }))).Credentials!;
        return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration };
      },
      { now: () => now },
    );
    const first = await cache.get(target);
    expect(first.expiration!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    now += 9 * 60_000; // 6 minutes left: still valid
    expect(await cache.get(target)).toBe(first);
    now += 2 * 60_000; // 4 minutes left: inside the 5-minute margin
    const second = await cache.get(target);
    expect(calls).toBe(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    const who = await new STSClient({ region: R1, credentials: cache.provider(target) }).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(target);
  });
});
