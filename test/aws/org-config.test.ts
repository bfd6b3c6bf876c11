/**
 * `source: 'config'`: the AWS Config aggregator path.
 *
 * moto does not implement SelectAggregateResourceConfig (nor
 * DescribeConfigurationAggregatorSourcesStatus), so this test runs a small
 * loopback HTTP server that speaks the real wire protocol for the requests
 * the collector sends: AWS JSON 1.1 (`Content-Type:
 * application/x-amz-json-1.1`, `X-Amz-Target:
 * StarlingDoveService.<Operation>`, SigV4-signed), answering with
 * configuration items in the shapes AWS Config records (API-style camelCase
 * for EC2/RDS, the CloudFormation-style schema for ECS and Application Auto
 * Scaling), paginated with NextToken. Organizations and STS still come from
 * moto.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { CoverageGap, Resource } from '../../src/graph/types.js';
import { isUnknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { CONFIG_RESOURCE_TYPES, configQuery } from '../../src/sources/aws/config-source.js';
import { scanOrganizationDetailed, type OrgScanDetails } from '../../src/sources/aws/index.js';
import { seedOrganization, startMoto, useAwsEnv, type MotoServer, type SeededOrg } from './moto.js';

const R1 = 'ap-northeast-1';
const R3 = 'ap-northeast-3';
const AGGREGATOR = 'org-aggregator';

interface ConfigItem {
  accountId: string;
  awsRegion: string;
  arn: string;
  resourceId: string;
  resourceType: string;
  configuration: Record<string, unknown>;
  tags?: { key: string; value: string }[];
}

interface Recorded {
  target: string;
  contentType: string;
  signed: boolean;
  body: Record<string, unknown>;
}

class FakeConfigService {
  readonly requests: Recorded[] = [];
  items: ConfigItem[] = [];
  statuses: Record<string, unknown>[] = [];
  failTypes = new Map<string, { code: string; message: string }>();
  pageSize = 2;
  private server!: Server;
  endpoint = '';

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const raw = await read(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      this.requests.push({ target, contentType: String(req.headers['content-type']), signed: String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 '), body });
      const reply = (status: number, payload: unknown, errorType?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${this.requests.length}`, ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
        res.end(JSON.stringify(payload));
      };
      if (body.ConfigurationAggregatorName !== AGGREGATOR) return reply(400, { __type: 'NoSuchConfigurationAggregatorException', message: 'no such aggregator' }, 'NoSuchConfigurationAggregatorException');
      const start = body.NextToken ? Number(Buffer.from(String(body.NextToken), 'base64').toString()) : 0;
      const page = <T>(all: T[]) => {
        const slice = all.slice(start, start + this.pageSize);
        const next = start + this.pageSize < all.length ? Buffer.from(String(start + this.pageSize)).toString('base64') : undefined;
        return { slice, next };
      };
      if (target === 'StarlingDoveService.DescribeConfigurationAggregatorSourcesStatus') {
        const { slice, next } = page(this.statuses);
        return reply(200, { AggregatedSourceStatusList: slice, NextToken: next });
      }
      if (target === 'StarlingDoveService.SelectAggregateResourceConfig') {
        const type = /resourceType = '([^']+)'/.exec(String(body.Expression))?.[1] ?? '';
        const fail = this.failTypes.get(type);
        if (fail) return reply(400, { __type: fail.code, message: fail.message }, fail.code);
        const { slice, next } = page(this.items.filter((i) => i.resourceType === type));
        return reply(200, {
          Results: slice.map((i) => JSON.stringify(i)),
          QueryInfo: { SelectFields: ['accountId', 'awsRegion', 'arn', 'resourceId', 'resourceName', 'resourceType', 'configuration', 'tags'].map((Name) => ({ Name })) },
          NextToken: next,
        });
      }
      reply(400, { __type: 'UnknownOperationException', message: target }, 'UnknownOperationException');
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.endpoint = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
  });
}

let moto: MotoServer;
let restoreEnv: () => void;
let org: SeededOrg;
const fake = new FakeConfigService();
let scan: OrgScanDetails;
let graph: ResourceGraph;
let A: string, B: string, C: string;

function items(account: string, region: string): ConfigItem[] {
  const ec2 = (kind: string, id: string) => `arn:aws:ec2:${region}:${account}:${kind}/${id}`;
  const item = (resourceType: string, arn: string, resourceId: string, configuration: Record<string, unknown>, tags?: ConfigItem['tags']): ConfigItem => ({ accountId: account, awsRegion: region, arn, resourceId, resourceType, configuration, tags });
  const cluster = `arn:aws:ecs:${region}:${account}:cluster/sales`;
  const rds = (kind: string, id: string) => `arn:aws:rds:${region}:${account}:${kind}:${id}`;
  return [
    item('AWS::EC2::VPC', ec2('vpc', 'vpc-1'), 'vpc-1', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/16', ownerId: account }),
    item('AWS::EC2::Subnet', ec2('subnet', 'subnet-a'), 'subnet-a', { subnetId: 'subnet-a', vpcId: 'vpc-1', availabilityZone: `${region}a`, cidrBlock: '10.0.1.0/24', mapPublicIpOnLaunch: false }, [{ key: 'Name', value: 'private-a' }]),
    item('AWS::EC2::Subnet', ec2('subnet', 'subnet-c'), 'subnet-c', { subnetId: 'subnet-c', vpcId: 'vpc-1', availabilityZone: `${region}c`, cidrBlock: '10.0.2.0/24', mapPublicIpOnLaunch: false }),
    item('AWS::EC2::NatGateway', ec2('natgateway', 'nat-a'), 'nat-a', { natGatewayId: 'nat-a', subnetId: 'subnet-a', vpcId: 'vpc-1', state: 'available', connectivityType: 'public' }),
    item('AWS::EC2::RouteTable', ec2('route-table', 'rtb-private'), 'rtb-private', {
      routeTableId: 'rtb-private',
      vpcId: 'vpc-1',
      routes: [{ destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local' }, { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-a' }],
      associations: [{ main: false, subnetId: 'subnet-a', routeTableId: 'rtb-private' }],
    }),
    item('AWS::EC2::RouteTable', ec2('route-table', 'rtb-main'), 'rtb-main', {
      routeTableId: 'rtb-main',
      vpcId: 'vpc-1',
      routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-a' }],
      associations: [{ main: true, routeTableId: 'rtb-main' }],
    }),
    item('AWS::ECS::Cluster', cluster, 'sales', { ClusterName: 'sales', CapacityProviders: ['FARGATE', 'FARGATE_SPOT'] }),
    item('AWS::ECS::Service', `arn:aws:ecs:${region}:${account}:service/sales/order-api`, 'order-api', {
      ServiceArn: `arn:aws:ecs:${region}:${account}:service/sales/order-api`,
      ServiceName: 'order-api',
      Cluster: cluster,
      DesiredCount: 4,
      LaunchType: 'FARGATE',
      SchedulingStrategy: 'REPLICA',
      PlacementStrategies: [{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }],
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MaximumPercent: 200 },
      HealthCheckGracePeriodSeconds: 60,
      LoadBalancers: [{ TargetGroupArn: 'arn:aws:elasticloadbalancing:tg', ContainerName: 'app', ContainerPort: 8080 }],
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-c'], AssignPublicIp: 'DISABLED' } },
    }),
    item('AWS::ApplicationAutoScaling::ScalableTarget', `arn:aws:application-autoscaling:${region}:${account}:scalable-target/0123abcd`, 'service/sales/order-api|ecs:service:DesiredCount|ecs', {
      ResourceId: 'service/sales/order-api',
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
      MinCapacity: 2,
      MaxCapacity: 8,
    }),
    item('AWS::RDS::DBCluster', rds('cluster', 'orders'), 'cluster-XYZ', {
      dBClusterIdentifier: 'orders',
      dBClusterArn: rds('cluster', 'orders'),
      engine: 'aurora-mysql',
      engineMode: 'provisioned',
      availabilityZones: [`${region}a`, `${region}c`, `${region}d`],
      backupRetentionPeriod: 7,
      deletionProtection: true,
      dBClusterMembers: [
        { dBInstanceIdentifier: 'orders-1', isClusterWriter: true },
        { dBInstanceIdentifier: 'orders-2', isClusterWriter: false },
      ],
    }),
    item('AWS::RDS::DBInstance', rds('db', 'orders-1'), 'db-1', { dBInstanceIdentifier: 'orders-1', dBClusterIdentifier: 'orders', engine: 'aurora-mysql', dBInstanceClass: 'db.r6g.large', availabilityZone: `${region}a`, multiAZ: false }),
    item('AWS::RDS::DBInstance', rds('db', 'orders-2'), 'db-2', { dBInstanceIdentifier: 'orders-2', dBClusterIdentifier: 'orders', engine: 'aurora-mysql', dBInstanceClass: 'db.r6g.large', availabilityZone: `${region}c`, multiAZ: false }),
    item(
      'AWS::RDS::DBInstance',
      rds('db', 'reporting'),
      'db-3',
      { dBInstanceIdentifier: 'reporting', engine: 'postgres', dBInstanceClass: 'db.t3.medium', availabilityZone: `${region}a`, multiAZ: false, backupRetentionPeriod: 0, deletionProtection: false, masterUserPassword: 'leaked?' },
      [{ key: 'tier', value: 'critical' }],
    ),
  ];
}

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  org = await seedOrganization(moto.endpoint);
  A = org.byName('technova-sales-prod-app').id;
  B = org.byName('technova-sales-prod-db').id;
  C = org.byName('technova-mfg-prod-app').id;
  const D = org.byName('technova-logistics-prod-app').id; // not selected: its items must be ignored
  fake.items = [...items(A, R1), ...items(A, 'eu-west-1'), ...items(D, R1)];
  fake.statuses = [
    { SourceId: A, SourceType: 'ACCOUNT', AwsRegion: R1, LastUpdateStatus: 'SUCCEEDED' },
    { SourceId: A, SourceType: 'ACCOUNT', AwsRegion: R3, LastUpdateStatus: 'SUCCEEDED' },
    { SourceId: B, SourceType: 'ACCOUNT', AwsRegion: R1, LastUpdateStatus: 'FAILED', LastErrorCode: 'AccessDenied', LastErrorMessage: 'config:BatchGet denied by SCP' },
    { SourceId: B, SourceType: 'ACCOUNT', AwsRegion: R3, LastUpdateStatus: 'OUTDATED', LastUpdateTime: 1700000000 },
    { SourceId: D, SourceType: 'ACCOUNT', AwsRegion: R1, LastUpdateStatus: 'SUCCEEDED' },
  ];
  fake.failTypes.set('AWS::RDS::GlobalCluster', { code: 'InvalidExpressionException', message: 'resource type not recorded' });
  await fake.start();
  scan = await scanOrganizationDetailed({
    source: 'config',
    configAggregator: AGGREGATOR,
    configRegion: R1,
    regions: [R1, R3],
    accounts: ['technova-sales-prod-app', 'technova-sales-prod-db', 'technova-mfg-prod-app'],
    endpoints: { config: fake.endpoint },
  });
  const b = new GraphBuilder();
  for (const r of scan.output.resources) b.addResource(r);
  for (const e of scan.output.edges) b.addEdge(e);
  graph = b.build();
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await fake.stop();
  await moto?.stop();
});

const gapKey = (g: CoverageGap) => `${g.accountId ?? '*'} ${g.region ?? '*'} ${g.service ?? '*'} ${g.errorCode}`;

describe('AWS Config aggregator source', () => {
  it('speaks AWS JSON 1.1 to Config, one paginated query per resource type, from the caller only', () => {
    const selects = fake.requests.filter((r) => r.target === 'StarlingDoveService.SelectAggregateResourceConfig');
    expect(fake.requests.every((r) => r.contentType === 'application/x-amz-json-1.1' && r.signed)).toBe(true);
    expect([...new Set(selects.map((r) => r.body.Expression))]).toEqual(CONFIG_RESOURCE_TYPES.map(([t]) => configQuery(t)));
    // Subnets: 2 selected-account items + 2 eu-west-1 + 2 of account D = 6 → 3 pages of 2.
    expect(selects.filter((r) => r.body.Expression === configQuery('AWS::EC2::Subnet')).map((r) => r.body.NextToken ?? null)).toHaveLength(3);
    expect(selects.every((r) => r.body.ConfigurationAggregatorName === AGGREGATOR)).toBe(true);
    expect(scan.stats.byAction.get('sts:AssumeRole')).toBeUndefined();
    expect(scan.stats.byAction.get('ecs:ListClusters')).toBeUndefined();
  });

  it('lists exactly what the aggregator cannot vouch for', () => {
    expect(scan.output.coverage.map(gapKey).sort()).toEqual(
      [
        `${B} ${R1} config:DescribeConfigurationAggregatorSourcesStatus AccessDenied`,
        `${B} ${R3} config:DescribeConfigurationAggregatorSourcesStatus AggregationOutdated`,
        `${C} ${R1} config:DescribeConfigurationAggregatorSourcesStatus NotAggregated`,
        `${C} ${R3} config:DescribeConfigurationAggregatorSourcesStatus NotAggregated`,
        `* * config:SelectAggregateResourceConfig InvalidExpressionException`,
      ].sort(),
    );
  });

  it('keeps only selected accounts and Regions', () => {
    const accounts = new Set(scan.output.resources.filter((r) => r.kind !== 'account').map((r) => `${r.provenance.accountId}|${r.provenance.region}`));
    expect([...accounts]).toEqual([`${A}|${R1}`]);
  });

  it('maps configuration items to the same kinds and props as the API path', () => {
    const svc = graph.get(`arn:aws:ecs:${R1}:${A}:service/sales/order-api`) as Resource<'ecs.service'>;
    expect(svc.props).toMatchObject({
      name: 'order-api',
      desiredCount: 4,
      launchType: 'FARGATE',
      placementStrategies: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriodSeconds: 60,
      loadBalancerCount: 1,
    });
    expect(svc.propOrigins.desiredCount).toEqual({ attribute: 'configuration.DesiredCount' });
    expect(svc.provenance).toMatchObject({ source: 'aws', accountName: 'technova-sales-prod-app', accountTags: { env: 'prod', department: 'sales', role: 'app', 'availability-tier': 'critical' }, region: R1 });
    const subnets = graph.targets(svc, 'in-subnet', 'network.subnet') as Resource<'network.subnet'>[];
    expect(subnets.map((s) => s.props.availabilityZone).sort()).toEqual([`${R1}a`, `${R1}c`]);
    expect((graph.targets(svc, 'in-cluster', 'ecs.cluster') as Resource<'ecs.cluster'>[]).map((c) => c.name)).toEqual(['sales']);
    expect(graph.sources(svc, 'scales', 'autoscaling.target')[0].props).toMatchObject({ minCapacity: 2, maxCapacity: 8 });
    // Config does not record running tasks: their AZ spread is unknown, not "none".
    // Nor load balancers (yet): the service's ingress path is unknown, not absent.
    expect(svc.unresolved).toEqual([
      { edge: 'registers-with', attribute: 'configuration.LoadBalancers[0].TargetGroupArn', reason: 'load balancers are not read from AWS Config yet (the API collector reads them)' },
      { edge: 'runs-in', attribute: 'tasks', reason: 'AWS Config does not record running ECS tasks' },
    ]);

    const cluster = graph.get(`arn:aws:rds:${R1}:${A}:cluster:orders`) as Resource<'db.cluster'>;
    expect(graph.sources(cluster, 'member-of', 'db.instance').map((m) => m.props.availabilityZone).sort()).toEqual([`${R1}a`, `${R1}c`]);
    expect(cluster.propOrigins.backupRetentionDays).toEqual({ attribute: 'configuration.backupRetentionPeriod' });
    expect(isUnknown(cluster.props.globalClusterIdentifier)).toBe(true); // the GlobalCluster query failed
    const reporting = graph.get(`arn:aws:rds:${R1}:${A}:db:reporting`) as Resource<'db.instance'>;
    expect(reporting.tags).toEqual({ tier: 'critical' });
    expect(reporting.attributes.masterUserPassword).toBe('********');

    const subnetC = graph.get(`arn:aws:ec2:${R1}:${A}:subnet/subnet-c`)!;
    expect(graph.outgoing(subnetC.id, 'uses-route-table')).toEqual([expect.objectContaining({ to: `arn:aws:ec2:${R1}:${A}:route-table/rtb-main`, data: expect.objectContaining({ implicit: true }) })]);
    const nat = graph.get(`arn:aws:ec2:${R1}:${A}:natgateway/nat-a`)!;
    expect(graph.incoming(nat.id, 'routes-via').map((e) => e.from).sort()).toEqual([`arn:aws:ec2:${R1}:${A}:route-table/rtb-main`, `arn:aws:ec2:${R1}:${A}:route-table/rtb-private`]);
  });

  it('the built-in rules run on it unchanged', () => {
    const policy = { ...defaultPolicy(), accountTiers: [{ accountName: '*-prod-*', tier: 'high' }] };
    const tiers = assignTiers(graph, policy);
    const { findings } = evaluateRules({ graph, policy, rules: builtinRules, tiers });
    const status = (rule: string, id: string) => findings.find((f) => f.ruleId === rule && f.resource.id === id)?.status;
    expect(tiers.get(`arn:aws:rds:${R1}:${A}:db:reporting`)).toMatchObject({ tier: 'critical', source: 'tag' });
    expect(status('db-multi-az', `arn:aws:rds:${R1}:${A}:db:reporting`)).toBe('fail');
    expect(status('db-backup-retention', `arn:aws:rds:${R1}:${A}:db:reporting`)).toBe('fail');
    expect(status('db-multi-az', `arn:aws:rds:${R1}:${A}:cluster:orders`)).toBe('pass');
    expect(status('nat-gateway-per-az', `arn:aws:ec2:${R1}:${A}:natgateway/nat-a`)).toBe('fail'); // subnet-c (AZ c) routes via the NAT gateway in AZ a
  });
});
