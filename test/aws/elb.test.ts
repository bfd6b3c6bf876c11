/**
 * Load balancers on the live side, against moto_server (loopback, a port
 * the harness picks): the collector's elasticloadbalancing chain (load
 * balancers with attributes and tags, target groups, listeners and rules)
 * and the normalizer's nodes and edges: service → target group (the ECS
 * service's loadBalancers), load balancer → target group (listener default
 * actions and rules), load balancer → subnets (AvailabilityZones[].SubnetId).
 * Then the analysis: a one-AZ NLB in front of a two-AZ critical service is
 * its single point of failure.
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { CoverageGap } from '../../src/graph/types.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { CallStats, ClientFactory } from '../../src/sources/aws/clients.js';
import { collectUnit } from '../../src/sources/aws/collect.js';
import { normalizeUnits } from '../../src/sources/aws/normalize.js';
import { RateLimiters } from '../../src/sources/aws/rate-limit.js';
import { MOTO_ACCOUNT, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R = 'ap-northeast-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let gaps: CoverageGap[];
const seeded: Record<string, string> = {};
let sent: string[];

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R);
  const cfg = { region: R, endpoint: moto.endpoint, credentials: CREDENTIALS };
  const ec2 = new EC2Client(cfg);
  const elb = new ElasticLoadBalancingV2Client(cfg);
  const ecs = new ECSClient(cfg);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
  const pubA = await subnet('10.60.0.0/24', `${R}a`);
  const pubC = await subnet('10.60.1.0/24', `${R}c`);
  const privA = await subnet('10.60.10.0/24', `${R}a`);
  const privC = await subnet('10.60.11.0/24', `${R}c`);
  seeded.privA = privA;
  // moto's CreateService needs the task's security groups.
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app', VpcId: vpc }))).GroupId!;

  const alb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'web', Type: 'application', Subnets: [pubA, pubC], Tags: [{ Key: 'team', Value: 'shop' }] }))).LoadBalancers![0].LoadBalancerArn!;
  await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: alb, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }));
  const nlb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'partner', Type: 'network', Scheme: 'internal', Subnets: [privA] }))).LoadBalancers![0].LoadBalancerArn!;
  const tg = async (name: string, protocol: 'HTTP' | 'TCP', port: number) =>
    (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: port, VpcId: vpc, TargetType: 'ip', ...(protocol === 'HTTP' ? { HealthCheckPath: '/healthz', HealthCheckIntervalSeconds: 10 } : {}) }))).TargetGroups![0].TargetGroupArn!;
  const orders = await tg('orders', 'HTTP', 8080);
  const admin = await tg('admin', 'HTTP', 8080);
  const partner = await tg('partner', 'TCP', 8443);
  const https = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: alb, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: orders }] }))).Listeners![0].ListenerArn!;
  await elb.send(
    new CreateRuleCommand({
      ListenerArn: https,
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', Values: ['/admin/*'] }],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: admin, Weight: 100 }] } }],
    }),
  );
  await elb.send(new CreateListenerCommand({ LoadBalancerArn: nlb, Protocol: 'TCP', Port: 8443, DefaultActions: [{ Type: 'forward', TargetGroupArn: partner }] }));
  Object.assign(seeded, { alb, nlb, orders, admin, partner });

  const cluster = (await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))).cluster!.clusterArn!;
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'partner-api', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'partner-api', image: 'partner-api:7' }] }));
  const svc = await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: 'partner-api',
      taskDefinition: 'partner-api',
      desiredCount: 4,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [privA, privC], securityGroups: [sg] } },
      loadBalancers: [{ targetGroupArn: partner, containerName: 'partner-api', containerPort: 8443 }],
      tags: [{ key: 'tier', value: 'critical' }],
    }),
  );
  seeded.service = svc.service!.serviceArn!;

  sent = [];
  const factory = new ClientFactory({ limiters: new RateLimiters(), stats: new CallStats(), clientConfig: { endpoint: moto.endpoint }, onCommand: (a) => sent.push(a) });
  gaps = [];
  const unit = await collectUnit({ factory, account: { id: MOTO_ACCOUNT, name: 'shop-prod' }, region: R, credentials: async () => CREDENTIALS, gaps });
  const out = normalizeUnits([unit]);
  const b = new GraphBuilder();
  for (const r of out.resources) b.addResource(r);
  for (const e of out.edges) b.addEdge(e);
  graph = b.build();
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

describe('Elastic Load Balancing v2, live', () => {
  it('collects with read-only elasticloadbalancing calls and no coverage gap', () => {
    expect(gaps).toEqual([]);
    const elbCalls = [...new Set(sent.filter((a) => a.startsWith('elasticloadbalancing:')))].sort();
    expect(elbCalls).toEqual([
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTags',
      'elasticloadbalancing:DescribeTargetGroups',
    ]);
  });

  it('normalizes load balancers with their zones, attributes and tags, and target groups with their health checks', () => {
    const alb = graph.get(seeded.alb)!;
    expect(alb).toMatchObject({ kind: 'lb.load-balancer', name: 'web', tags: { team: 'shop' }, props: { type: 'application', scheme: 'internet-facing', crossZone: true, deletionProtection: true } });
    expect((alb.props as { availabilityZones?: string[] }).availabilityZones?.slice().sort()).toEqual([`${R}a`, `${R}c`]);
    expect(graph.get(seeded.nlb)).toMatchObject({ props: { type: 'network', scheme: 'internal', crossZone: false, availabilityZones: [`${R}a`] } });
    expect(graph.get(seeded.orders)).toMatchObject({ kind: 'lb.target-group', props: { protocol: 'HTTP', targetType: 'ip', healthCheck: { path: '/healthz', intervalSeconds: 10 } } });
  });

  it('links service → target group → load balancer → subnets', () => {
    const out = (from: string, kind: string) => graph.edges.filter((e) => e.from === from && e.kind === kind).map((e) => e.to).sort();
    expect(out(seeded.service, 'registers-with')).toEqual([seeded.partner]);
    expect(out(seeded.alb, 'forwards-to')).toEqual([seeded.admin, seeded.orders].sort());
    expect(out(seeded.nlb, 'forwards-to')).toEqual([seeded.partner]);
    expect(out(seeded.nlb, 'in-subnet').map((id) => id.split('/').pop())).toEqual([seeded.privA]);
    expect(out(seeded.alb, 'in-subnet')).toHaveLength(2);
    const rule = graph.edges.find((e) => e.from === seeded.alb && e.to === seeded.admin)!;
    expect(rule.data).toMatchObject({ port: 80, protocol: 'HTTP', weight: 100 });
    expect(rule.attribute).toMatch(/^Rules\[10\]\.Actions\[0\]\.ForwardConfig\.TargetGroups\[0\]\.TargetGroupArn$/);
  });

  it('a one-AZ NLB in front of a two-AZ critical service is its single point of failure, and carries its tier', () => {
    const policy = defaultPolicy();
    const dependencies = buildDependencies(graph, policy);
    const tiers = inheritTiers(graph, dependencies, assignTiers(graph, policy), policy);
    expect(tiers.get(seeded.nlb)).toMatchObject({ tier: 'critical', source: 'inherited' });
    const failures = simulateFailures({ graph, dependencies, tiers, policy });
    const spof = failures.singlePoints!.find((s) => s.resource === seeded.nlb)!;
    expect(spof.single.map((s) => s.path!.map((p) => p.id))).toEqual([[seeded.service, seeded.partner, seeded.nlb]]);
    const down = failures.impacts.find((i) => i.workload === seeded.service && i.state === 'down')!;
    expect(down.path!.map((p) => p.id).slice(0, 3)).toEqual([seeded.service, seeded.partner, seeded.nlb]);
  });
});
